/**
 * The one-registration bot (infra/main.bicep default): a SingleTenant app registration that signs Bot Connector
 * calls with the federated credential of the user-assigned managed identity (no secret). Nothing here reaches
 * Entra ID: the adapter is built, the credentials factory is inspected, no token is asked for.
 */
import assert from 'node:assert/strict';
import { FederatedServiceClientCredentialsFactory } from 'botframework-connector';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/log.js';
import { createAdapter } from '../../bot/teams/edge/adapter.js';
import { appCredentialsFactory } from '../../bot/teams/edge/app-credentials.js';

const APP_ID = '5d0a1b2c-3e4f-4a5b-8c6d-7e8f90a1b2c3';
const IDENTITY = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** What infra/modules/app-service.bicep sets for the one-registration bot. */
const FEDERATED = {
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppId: APP_ID,
  MicrosoftAppTenantId: TENANT,
  AZURE_CLIENT_ID: IDENTITY,
  COSMOS_ENDPOINT: 'https://roundtable-cosmos.documents.azure.com:443/',
  ALLOWED_TENANTS: TENANT,
  TAB_SSO_APP_ID: APP_ID,
  TAB_DOMAIN: 'roundtable.azurewebsites.net',
};

describe('the one-registration bot identity (federated credential, no secret)', () => {
  it('builds the Teams edge with a federated credentials factory for the app id and the managed identity', async () => {
    const config = loadConfig(FEDERATED);
    const factory = appCredentialsFactory(config);
    assert.ok(factory instanceof FederatedServiceClientCredentialsFactory);
    assert.equal(await factory.isValidAppId(APP_ID), true);
    assert.ok(!(await factory.isAuthenticationDisabled()), 'tokens are checked');
    // botbuilder's configuration factory alone refuses a SingleTenant bot without a secret.
    assert.doesNotThrow(() => createAdapter(config, createLogger('silent')));
  });

  it('a bot with a client secret (the local toolkit run) keeps botbuilder’s own factory', () => {
    const config = loadConfig({
      ...FEDERATED,
      MicrosoftAppPassword: 'not-a-real-secret',
      AZURE_CLIENT_ID: '',
      COSMOS_ENDPOINT: '',
      EMBEDDED_DATABASE_ALLOWED: 'true',
    });
    assert.equal(config.appCredential, 'password');
    assert.equal(appCredentialsFactory(config), undefined);
  });
});
