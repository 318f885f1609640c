/**
 * The credential the bot signs its Bot Connector calls with, when the configuration alone cannot give it to
 * botbuilder: the federated credential of the one-registration setup (docs/tab-and-manifest.md, "Identity").
 * The app registration (MicrosoftAppId, SingleTenant) trusts the user-assigned managed identity AZURE_CLIENT_ID;
 * the bot asks the managed identity for an assertion (audience api://AzureADTokenExchange) and exchanges it for
 * the app's token. No secret exists. botbuilder's ConfigurationServiceClientCredentialFactory knows secrets,
 * certificates and UserAssignedMSI only, so this factory is passed to ConfigurationBotFrameworkAuthentication.
 */
import {
  FederatedServiceClientCredentialsFactory,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { Config } from '../../config.js';

/** The federated credentials factory for the one-registration bot, else undefined (botbuilder's own). */
export function appCredentialsFactory(config: Config): ServiceClientCredentialsFactory | undefined {
  if (config.appCredential !== 'federated' || !config.appId || !config.cosmos.clientId) return undefined;
  return new FederatedServiceClientCredentialsFactory(
    config.appId,
    config.cosmos.clientId,
    config.appTenantId,
  );
}
