// Linux App Service plan and the Web App that runs `npm run start:prod` (the compiled bot, heap capped)
// as the user-assigned managed identity, HTTPS only, TLS 1.2+, always on, health-checked.
// App settings: every environment variable the bot reads (docs/configuration.md), none secret.

@description('Azure region.')
param location string

@description('App Service plan name.')
param planName string

@description('Web App name (globally unique; becomes <name>.azurewebsites.net).')
param webAppName string

@description('App Service plan SKU. Always-on needs Basic or above.')
@allowed([
  'B1'
  'B2'
  'S1'
  'P0v3'
  'P1v3'
])
param sku string = 'B1'

@description('Number of instances (the bot is safe with more than one).')
@minValue(1)
param instanceCount int = 1

@description('Client id of the bot\'s single-tenant app registration: MicrosoftAppId and the tab\'s sign-in app (TAB_SSO_APP_ID).')
param botAppId string

@description('The Teams app id, the manifest id (TEAMS_APP_ID): "Open My roundtables" deep links name it.')
param teamsAppId string

@description('The app\'s org-catalog id when it differs from the manifest id (TEAMS_APP_CATALOG_ID); empty: unset.')
param teamsAppCatalogId string = ''

@description('Option: the subnet (delegated to Microsoft.Web/serverFarms) for VNet integration; empty: none.')
param subnetId string = ''

@description('Node.js runtime: the major of @types/node, admitted by "engines" in package.json.')
@allowed([
  '22-lts'
])
param nodeVersion string = '22-lts'

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity (AZURE_CLIENT_ID: Cosmos DB and the federated credential).')
param identityClientId string

@description('Entra tenant id of the identity (MicrosoftAppTenantId).')
param tenantId string

@description('Cosmos DB endpoint (COSMOS_ENDPOINT).')
param cosmosEndpoint string

@description('Cosmos DB database name (COSMOS_DATABASE).')
param cosmosDatabaseName string

@description('Comma-separated tenant ids allowed to use the bot (ALLOWED_TENANTS).')
param allowedTenants string

@description('Agency default IANA time zone (AGENCY_TIME_ZONE).')
param agencyTimeZone string

@description('The agency line under "who to call" on the family handout (FAMILY_HANDOUT_CONTACT).')
param familyHandoutContact string = ''

@description('Entra object ids of agency leaders, comma-separated (LEADER_IDS): barrier register and monthly digest.')
param leaderIds string = ''

@description('Days after a plan closes that its roundtable is deleted (RETENTION_DAYS); 0 keeps everything.')
@minValue(0)
param retentionDays int = 0

@description('Days an access log entry is kept (AUDIT_RETENTION_DAYS), also after its roundtable is deleted.')
@minValue(30)
@maxValue(36500)
param auditRetentionDays int = 2555

@description('Entra object ids of the security officers who may read the access log, comma-separated (SECURITY_OFFICER_IDS).')
param securityOfficerIds string = ''

@description('Minutes a private download link stays valid (EXPORT_LINK_MINUTES).')
@minValue(1)
param exportLinkMinutes int = 15

@description('Agency settings as JSON (AGENCY_SETTINGS_JSON); empty for the practice defaults.')
param agencySettingsJson string

@description('Log level (LOG_LEVEL).')
param logLevel string

@description('Application Insights resource name (its connection string becomes APPLICATIONINSIGHTS_CONNECTION_STRING).')
param appInsightsName string

@description('Log Analytics workspace id for the App Service console and HTTP logs.')
param workspaceId string

@description('Tags for every resource.')
param tags object = {}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: sku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    // Option: outbound traffic through the virtual network, where Cosmos DB has its private endpoint.
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    vnetRouteAllEnabled: !empty(subnetId)
    siteConfig: {
      linuxFxVersion: 'NODE|${nodeVersion}'
      appCommandLine: 'node --max-old-space-size=192 dist/bot/main.js'
      alwaysOn: true
      healthCheckPath: '/api/health'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        // The bot is the app registration; without a secret it signs with the identity's federated credential.
        { name: 'MicrosoftAppType', value: 'SingleTenant' }
        { name: 'MicrosoftAppId', value: botAppId }
        { name: 'MicrosoftAppTenantId', value: tenantId }
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        // The meeting tab is served by this app; SSO tokens' audience is api://<TAB_DOMAIN>/<TAB_SSO_APP_ID>.
        { name: 'TAB_DOMAIN', value: '${webAppName}.azurewebsites.net' }
        { name: 'TAB_SSO_APP_ID', value: botAppId }
        // The manifest id, for the "Open My roundtables" deep links (not the bot's or the identity's id).
        { name: 'TEAMS_APP_ID', value: teamsAppId }
        { name: 'TEAMS_APP_CATALOG_ID', value: teamsAppCatalogId }
        { name: 'COSMOS_ENDPOINT', value: cosmosEndpoint }
        { name: 'COSMOS_DATABASE', value: cosmosDatabaseName }
        { name: 'ALLOWED_TENANTS', value: allowedTenants }
        { name: 'AGENCY_TIME_ZONE', value: agencyTimeZone }
        { name: 'AGENCY_SETTINGS_JSON', value: agencySettingsJson }
        { name: 'FAMILY_HANDOUT_CONTACT', value: familyHandoutContact }
        { name: 'LEADER_IDS', value: leaderIds }
        { name: 'RETENTION_DAYS', value: string(retentionDays) }
        { name: 'AUDIT_RETENTION_DAYS', value: string(auditRetentionDays) }
        { name: 'SECURITY_OFFICER_IDS', value: securityOfficerIds }
        { name: 'EXPORT_LINK_MINUTES', value: string(exportLinkMinutes) }
        { name: 'LOG_LEVEL', value: logLevel }
        // Each instance takes 1/N of the per-app budget (TEAMS_SENDS_PER_SECOND, 25/s in total by default);
        // with N > 1 shared cards are edited under a lease.
        { name: 'INSTANCE_COUNT', value: string(instanceCount) }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        // The App Service Application Insights agent for Node.js (requests, dependencies, exceptions).
        { name: 'ApplicationInsightsAgent_EXTENSION_VERSION', value: '~3' }
        // The zip holds the built app with its production node_modules: no build on the server.
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
      ]
    }
  }
}

// No FTP publishing with a password.
resource ftpPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: webApp
  properties: {
    workspaceId: workspaceId
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

output id string = webApp.id
output name string = webApp.name
output hostName string = webApp.properties.defaultHostName
