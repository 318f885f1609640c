// Roundtable bot: everything an agency needs in one resource group.
//   infra/scripts/bot-app.sh register                     → BOT_ID (the bot's single-tenant app registration)
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json -p botAppId=<BOT_ID>
//   infra/scripts/bot-app.sh configure <BOT_ID> <BOT_DOMAIN> <IDENTITY_PRINCIPAL_ID>
// One Entra app registration is both the bot and the tab's sign-in app (RSC and meeting events are granted to
// the app in the manifest's webApplicationInfo.id, which must be the bot's id: docs/tab-and-manifest.md). It has
// no secret: a user-assigned managed identity is its federated credential, and signs in to Cosmos DB.
// No secret is created, passed or output.
targetScope = 'resourceGroup'

@description('Azure region for every resource except the Azure Bot (global).')
param location string = resourceGroup().location

@description('Short prefix for resource names (letters, digits and hyphens).')
@minLength(3)
@maxLength(18)
param baseName string = 'roundtable'

@description('Bot name shown in the Azure portal.')
param botDisplayName string = 'Roundtable'

@description('Entra tenant of the managed identity and of the bot.')
param tenantId string = tenant().tenantId

@description('Comma-separated Entra tenant ids whose users may use the bot; defaults to this tenant.')
param allowedTenants string = tenant().tenantId

@description('App Service plan SKU (Basic or above, for always-on).')
@allowed([
  'B1'
  'B2'
  'S1'
  'P0v3'
  'P1v3'
])
param appServiceSku string = 'B1'

@description('Web App instances.')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Client id of the bot\'s single-tenant Entra app registration (infra/scripts/bot-app.sh register): the bot id, the tab\'s sign-in app and webApplicationInfo.id in the manifest.')
@minLength(36)
@maxLength(36)
param botAppId string

@description('The Teams app id (the manifest id; the toolkit\'s teamsApp/create writes it); empty: one derived from this resource group (output MANIFEST_TEAMS_APP_ID).')
param teamsAppId string = ''

@description('The app\'s id in the organisation\'s app catalog when it differs from the manifest id (deep links use it; iOS may need it); empty until published.')
param teamsAppCatalogId string = ''

@description('Option: customer-managed key for Cosmos DB, the versionless URI of a Key Vault key (https://<vault>.vault.azure.net/keys/<name>); empty: Microsoft-managed keys. The managed identity needs "Key Vault Crypto Service Encryption User" on the key first (docs/deploy.md).')
param cosmosCmkUri string = ''

@description('Option: private networking. Cosmos DB public access disabled, a private endpoint in a new virtual network, the Web App integrated into it.')
param privateNetworking bool = false

@description('Address space of the virtual network when privateNetworking is on (a /16 or /24 split into two subnets).')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Node.js runtime on App Service (22 LTS; Node 20 reached end of life on 2026-04-30): the major of @types/node, admitted by "engines" in package.json.')
@allowed([
  '22-lts'
])
param nodeVersion string = '22-lts'

@description('Cosmos DB capacity: Serverless (default) or Provisioned autoscale throughput.')
@allowed([
  'Serverless'
  'Provisioned'
])
param cosmosCapacityMode string = 'Serverless'

@description('Autoscale maximum RU/s for the database when cosmosCapacityMode is Provisioned.')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Cosmos DB database name.')
param cosmosDatabaseName string = 'roundtable'

@description('Azure Bot SKU: F0 is free for the Teams channel.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Agency default IANA time zone, e.g. America/Chicago.')
param agencyTimeZone string = 'UTC'

@description('Agency settings as JSON (questions, rating scale, phase minutes); empty for the defaults.')
param agencySettingsJson string = ''

@description('The agency line printed under "who to call" on the family handout (FAMILY_HANDOUT_CONTACT); empty for none.')
param familyHandoutContact string = ''

@description('Bot log level.')
@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@description('Days to keep logs in Log Analytics and Application Insights.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Tags for every resource.')
param tags object = {}

var suffix = uniqueString(resourceGroup().id, baseName)
var names = {
  identity: '${baseName}-id-${suffix}'
  workspace: '${baseName}-log-${suffix}'
  appInsights: '${baseName}-ai-${suffix}'
  cosmos: toLower('${baseName}-cosmos-${suffix}')
  plan: '${baseName}-plan-${suffix}'
  webApp: '${baseName}-${suffix}'
  bot: '${baseName}-bot-${suffix}'
  vnet: '${baseName}-vnet-${suffix}'
}

// The Teams app id the Web App's deep links and the manifest use.
var manifestTeamsAppId = empty(teamsAppId) ? guid(resourceGroup().id, baseName, 'teams-app') : teamsAppId

module network 'modules/network.bicep' = if (privateNetworking) {
  name: 'network'
  params: {
    location: location
    name: names.vnet
    addressPrefix: vnetAddressPrefix
    cosmosAccountId: cosmos.outputs.id
    tags: tags
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    name: names.identity
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    retentionInDays: logRetentionInDays
    tags: tags
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    accountName: names.cosmos
    databaseName: cosmosDatabaseName
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    principalId: identity.outputs.principalId
    identityId: identity.outputs.id
    cmkUri: cosmosCmkUri
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    tags: tags
  }
}

module app 'modules/app-service.bicep' = {
  name: 'app-service'
  params: {
    location: location
    planName: names.plan
    webAppName: names.webApp
    sku: appServiceSku
    instanceCount: instanceCount
    nodeVersion: nodeVersion
    botAppId: botAppId
    teamsAppId: manifestTeamsAppId
    teamsAppCatalogId: teamsAppCatalogId
    subnetId: privateNetworking ? network.outputs.appSubnetId : ''
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    tenantId: tenantId
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    allowedTenants: allowedTenants
    agencyTimeZone: agencyTimeZone
    agencySettingsJson: agencySettingsJson
    familyHandoutContact: familyHandoutContact
    logLevel: logLevel
    appInsightsName: monitoring.outputs.appInsightsName
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: names.bot
    displayName: botDisplayName
    messagingEndpoint: 'https://${app.outputs.hostName}/api/messages'
    botAppId: botAppId
    tenantId: tenantId
    sku: botSku
    tags: tags
  }
}

// arm/deploy (Microsoft 365 Agents Toolkit) writes every output, upper-cased, into env/.env.<name>: no output may
// carry a name another action writes (TEAMS_APP_ID from teamsApp/create, BOT_ID from bot-app.sh, …), or it
// overwrites that value (test/infra/agents-toolkit.test.ts checks it).
@description('The Web App host name for the manifest validDomains, the tab and the SSO Application ID URI.')
output BOT_DOMAIN string = app.outputs.hostName

@description('The bot base URL.')
output BOT_ENDPOINT string = 'https://${app.outputs.hostName}'

@description('The messaging endpoint configured on the Azure Bot.')
output MESSAGING_ENDPOINT string = 'https://${app.outputs.hostName}/api/messages'

@description('The Teams app id the Web App uses (teamsAppId, or one derived from this resource group): the manifest id.')
output MANIFEST_TEAMS_APP_ID string = manifestTeamsAppId

@description('Object (principal) id of the managed identity: the subject of the app registration\'s federated credential.')
output IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId

@description('Client id of the managed identity (AZURE_CLIENT_ID on the Web App).')
output IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('The Web App resource id (zip deploy target).')
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = app.outputs.id

@description('The Web App name (az webapp deploy --name).')
output WEB_APP_NAME string = app.outputs.name

@description('The Azure Bot resource name.')
output BOT_RESOURCE_NAME string = bot.outputs.name

@description('The Cosmos DB endpoint (no key: Entra ID only).')
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
