// The bot's one identity: it signs Bot Framework traffic (Azure Bot of type UserAssignedMSI)
// and signs in to Cosmos DB (Data Contributor). No client secret exists anywhere.

@description('Azure region.')
param location string

@description('Name of the user-assigned managed identity.')
param name string

@description('Tags for every resource.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
output tenantId string = identity.properties.tenantId
