// Azure Cosmos DB for NoSQL: serverless by default, key auth disabled (Entra ID only),
// the database and containers the bot uses (partition keys as CONTAINERS in
// bot/store/cosmos-store.ts), and the built-in Data Contributor role for the bot's identity.

@description('Azure region.')
param location string

@description('Cosmos DB account name (lower case, globally unique).')
param accountName string

@description('Database name (COSMOS_DATABASE).')
param databaseName string = 'roundtable'

@description('Serverless (pay per request, the default) or Provisioned (autoscale throughput shared by the containers).')
@allowed([
  'Serverless'
  'Provisioned'
])
param capacityMode string = 'Serverless'

@description('Autoscale maximum RU/s for the database when capacityMode is Provisioned.')
@minValue(1000)
param autoscaleMaxThroughput int = 1000

@description('Principal id of the managed identity that gets the Data Contributor role.')
param principalId string

@description('Resource id of the user-assigned managed identity (Cosmos DB reads the customer-managed key as it).')
param identityId string

@description('Option: versionless URI of the Key Vault key for customer-managed encryption; empty: Microsoft-managed keys. Set it when the account is created.')
param cmkUri string = ''

@description('Enabled (default) or Disabled: with private networking only the private endpoint reaches the account.')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Enabled'

@description('Tags for every resource.')
param tags object = {}

// Free text people type (case facts, ideas, notes) is never queried: keep it out of the index.
var freeTextPaths = [
  { path: '/text/?' }
  { path: '/note/?' }
  { path: '/history/[]/note/?' }
  { path: '/"_etag"/?' }
]

var containers = [
  { name: 'roundtables', partitionKey: '/roundtableId' }
  { name: 'chats', partitionKey: '/id' }
  { name: 'people', partitionKey: '/id' }
  { name: 'reminders', partitionKey: '/ownerId' }
  { name: 'programme', partitionKey: '/id' }
]

// Built-in role "Cosmos DB Built-in Data Contributor".
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  // The identity is the account's only when a customer-managed key is used (it reads the key from Key Vault).
  identity: empty(cmkUri) ? null : {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: capacityMode == 'Serverless' ? [ { name: 'EnableServerless' } ] : []
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: publicNetworkAccess
    // Option: customer-managed key (encryption at rest with the agency's Key Vault key).
    keyVaultKeyUri: empty(cmkUri) ? null : cmkUri
    defaultIdentity: empty(cmkUri) ? 'FirstPartyIdentity' : 'UserAssignedIdentity=${identityId}'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: capacityMode == 'Provisioned' ? { autoscaleSettings: { maxThroughput: autoscaleMaxThroughput } } : {}
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [
  for c in containers: {
    parent: database
    name: c.name
    properties: {
      resource: {
        id: c.name
        partitionKey: {
          paths: [
            c.partitionKey
          ]
          kind: 'Hash'
          version: 2
        }
        indexingPolicy: {
          indexingMode: 'consistent'
          automatic: true
          includedPaths: [
            { path: '/*' }
          ]
          excludedPaths: freeTextPaths
        }
      }
    }
  }
]

// The access log (bot/store/cosmos-access-log.ts): apart from case data, TTL on (each entry sets its own ttl:
// AUDIT_RETENTION_DAYS), and an index of only the fields the officer filters and sorts on.
resource accessLog 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'access-log'
  properties: {
    resource: {
      id: 'access-log'
      partitionKey: {
        paths: [
          '/tenantMonth'
        ]
        kind: 'Hash'
        version: 2
      }
      defaultTtl: -1
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/tenantMonth/?' }
          { path: '/at/?' }
          { path: '/aliasKey/?' }
          { path: '/actorKey/?' }
          { path: '/outcome/?' }
        ]
        excludedPaths: [
          { path: '/*' }
        ]
        compositeIndexes: [
          [
            { path: '/at', order: 'descending' }
            { path: '/id', order: 'descending' }
          ]
        ]
      }
    }
  }
}

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: account
  name: guid(account.id, principalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: principalId
    scope: account.id
  }
}

output id string = account.id
output endpoint string = account.properties.documentEndpoint
output accountName string = account.name
output databaseName string = database.name
