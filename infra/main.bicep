// Roundtable bot: everything an agency needs in one resource group.
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json
// No secret is created, passed or output: the bot and Cosmos DB use a user-assigned managed identity.
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

@description('Client id of the tab sign-in app registration (infra/scripts/tab-sso-app.sh); empty until it exists.')
param tabSsoAppId string = ''

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
    tabSsoAppId: tabSsoAppId
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    tenantId: tenantId
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    allowedTenants: allowedTenants
    agencyTimeZone: agencyTimeZone
    agencySettingsJson: agencySettingsJson
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
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    tenantId: tenantId
    sku: botSku
    tags: tags
  }
}

// Named as the Microsoft 365 Agents Toolkit expects, so `arm/deploy` writes them to env/.env.<name>.
@description('The bot id for the Teams manifest (bots[].botId): the managed identity client id.')
output BOT_ID string = bot.outputs.botId

@description('The Web App host name for the manifest validDomains.')
output BOT_DOMAIN string = app.outputs.hostName

@description('The bot base URL.')
output BOT_ENDPOINT string = 'https://${app.outputs.hostName}'

@description('The messaging endpoint configured on the Azure Bot.')
output MESSAGING_ENDPOINT string = 'https://${app.outputs.hostName}/api/messages'

@description('A stable Teams app id for the manifest (id), derived from this resource group.')
output TEAMS_APP_ID string = guid(resourceGroup().id, baseName, 'teams-app')

@description('The Web App resource id (zip deploy target).')
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = app.outputs.id

@description('The Web App name (az webapp deploy --name).')
output WEB_APP_NAME string = app.outputs.name

@description('The Azure Bot resource name.')
output BOT_RESOURCE_NAME string = bot.outputs.name

@description('The Cosmos DB endpoint (no key: Entra ID only).')
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
