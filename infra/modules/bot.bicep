// Azure Bot of type SingleTenant: the bot is the agency's Entra app registration (botAppId), which is also the
// tab's sign-in app, so RSC and meeting events reach it (docs/tab-and-manifest.md). It has no secret: the Web App
// signs as it through the managed identity's federated credential (infra/scripts/bot-app.sh configure).
// The Microsoft Teams channel, and the Web App's /api/messages as the messaging endpoint.

@description('Azure Bot resource name.')
param name string

@description('Name shown in the Azure portal.')
param displayName string

@description('HTTPS messaging endpoint, https://<host>/api/messages.')
param messagingEndpoint string

@description('Client id of the single-tenant app registration (the bot id, MicrosoftAppId).')
param botAppId string

@description('Entra tenant id of the app registration.')
param tenantId string

@description('F0 is free for the Teams channel (a standard channel); S1 for premium channels.')
@allowed([
  'F0'
  'S1'
])
param sku string = 'F0'

@description('Tags for every resource.')
param tags object = {}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: messagingEndpoint
    msaAppType: 'SingleTenant'
    msaAppId: botAppId
    msaAppTenantId: tenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
      acceptedTerms: true
    }
  }
}

output name string = bot.name
output botId string = bot.properties.msaAppId
