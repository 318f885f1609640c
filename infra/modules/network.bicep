// Option (privateNetworking): a virtual network with a subnet for the Web App's VNet integration and one for
// private endpoints, a private endpoint for Cosmos DB (group Sql) and the private DNS zone that resolves the
// account's name to it inside the network. Cosmos DB then has public network access disabled (cosmos.bicep).

@description('Azure region.')
param location string

@description('Virtual network name.')
param name string

@description('Address space (a /24 or larger); its first two /26 ranges become the subnets.')
param addressPrefix string = '10.40.0.0/16'

@description('Resource id of the Cosmos DB account that gets the private endpoint.')
param cosmosAccountId string

@description('Tags for every resource.')
param tags object = {}

var subnets = {
  app: cidrSubnet(addressPrefix, 26, 0)
  endpoints: cidrSubnet(addressPrefix, 26, 1)
}

resource vnet 'Microsoft.Network/virtualNetworks@2023-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: subnets.app
          // App Service VNet integration needs a subnet delegated to it.
          delegations: [
            {
              name: 'web'
              properties: {
                serviceName: 'Microsoft.Web/serverFarms'
              }
            }
          ]
        }
      }
      {
        name: 'endpoints'
        properties: {
          addressPrefix: subnets.endpoints
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource dnsZone 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: 'privatelink.documents.azure.com'
  location: 'global'
  tags: tags
}

resource dnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  parent: dnsZone
  name: '${name}-link'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnet.id
    }
  }
}

resource cosmosEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = {
  name: '${name}-cosmos'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: '${vnet.id}/subnets/endpoints'
    }
    privateLinkServiceConnections: [
      {
        name: 'cosmos'
        properties: {
          privateLinkServiceId: cosmosAccountId
          groupIds: [
            'Sql'
          ]
        }
      }
    ]
  }
}

resource dnsGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-11-01' = {
  parent: cosmosEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'documents'
        properties: {
          privateDnsZoneId: dnsZone.id
        }
      }
    ]
  }
}

output appSubnetId string = '${vnet.id}/subnets/app'
output endpointSubnetId string = '${vnet.id}/subnets/endpoints'
