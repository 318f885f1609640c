/**
 * bot/config.ts for a real tenant: the local Agents Toolkit run (a client secret on the embedded database,
 * m365agents.local.yml's .localConfigs) and the one app registration as bot and tab sign-in app (a federated
 * credential from the managed identity, no secret: infra/main.bicep's default).
 */
import assert from 'node:assert/strict';
import { type Config, ConfigError, loadConfig } from '../../bot/config.js';

const CLIENT_ID = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SECRET = 'S3cr3t~value-that-must-never-be-printed';

/** What App Service sets (infra/modules/app-service.bicep), with a managed identity for Cosmos DB. */
const PRODUCTION: Record<string, string> = {
  NODE_ENV: 'production',
  MicrosoftAppType: 'UserAssignedMSI',
  MicrosoftAppId: CLIENT_ID,
  MicrosoftAppTenantId: TENANT,
  AZURE_CLIENT_ID: CLIENT_ID,
  COSMOS_ENDPOINT: 'https://roundtable-cosmos-abc.documents.azure.com:443/',
  ALLOWED_TENANTS: TENANT,
};

/** What m365agents.local.yml writes to .localConfigs: a bot with a client secret, no Cosmos (npm run start:toolkit). */
const LOCAL_TOOLKIT: Record<string, string> = {
  MicrosoftAppId: CLIENT_ID,
  MicrosoftAppPassword: SECRET,
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: TENANT,
  ALLOWED_TENANTS: TENANT,
  EMBEDDED_DATABASE_ALLOWED: 'true',
};

const load = (env: Record<string, string>): Config => loadConfig(env);

function refused(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `a ConfigError, got ${(err as Error)?.name}`);
    assert.ok(!err.message.includes(SECRET), 'no secret in the message');
    return err.message;
  }
  assert.fail(`expected ${JSON.stringify(Object.keys(env))} to be refused`);
}

function without(env: Record<string, string>, name: string): Record<string, string> {
  const copy = { ...env };
  delete copy[name];
  return copy;
}

describe('configuration for a real tenant (bot/config.ts, bot/config-identity.ts)', () => {
  describe('the local Agents Toolkit run (.localConfigs: a client secret, no Cosmos DB)', () => {
    it('runs on the embedded database, on loopback, without AZURE_CLIENT_ID', () => {
      const c = load(LOCAL_TOOLKIT);
      assert.equal(c.production, true, 'real Teams tokens are checked');
      assert.equal(c.cosmos.endpoint, undefined);
      assert.equal(c.cosmos.clientId, undefined);
      assert.equal(c.host, '127.0.0.1', 'the tunnel forwards to loopback');
      assert.equal(c.appCredential, 'password');
      // Only with the opt-in: an app id without COSMOS_ENDPOINT is refused otherwise.
      assert.match(
        refused(without(LOCAL_TOOLKIT, 'EMBEDDED_DATABASE_ALLOWED')),
        /COSMOS_ENDPOINT: required with MicrosoftAppId/,
      );
    });
    it('is for a bot with a client secret only (a managed identity or federated bot runs in Azure)', () => {
      assert.match(
        refused({ ...without(PRODUCTION, 'COSMOS_ENDPOINT'), EMBEDDED_DATABASE_ALLOWED: 'true' }),
        /EMBEDDED_DATABASE_ALLOWED: only for a bot with a client secret/,
      );
    });
  });

  describe('one app registration as bot and tab sign-in app (infra/main.bicep default)', () => {
    /** What infra/modules/app-service.bicep sets for the one-registration (federated credential) bot. */
    const APP_ID = '5d0a1b2c-3e4f-4a5b-8c6d-7e8f90a1b2c3';
    const FEDERATED = {
      ...PRODUCTION,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppId: APP_ID,
      TAB_SSO_APP_ID: APP_ID,
      TAB_DOMAIN: 'roundtable.azurewebsites.net',
    };
    it('a SingleTenant app id with AZURE_CLIENT_ID and no secret signs in with the federated credential', () => {
      const c = load(FEDERATED);
      assert.equal(c.appCredential, 'federated');
      assert.equal(c.appPassword, undefined);
      assert.equal(c.cosmos.clientId, CLIENT_ID, 'the managed identity also signs in to Cosmos DB');
      assert.equal(c.tab.ssoAppId, c.appId, 'the tab signs in with the bot’s own registration');
      // MultiTenant, or no AZURE_CLIENT_ID, still needs a secret.
      assert.match(
        refused({ ...FEDERATED, MicrosoftAppType: 'MultiTenant' }),
        /MicrosoftAppPassword: required for MultiTenant/,
      );
      assert.match(
        refused(without(FEDERATED, 'AZURE_CLIENT_ID')),
        /MicrosoftAppPassword: required for SingleTenant/,
      );
    });
  });
});
