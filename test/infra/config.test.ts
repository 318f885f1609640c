/**
 * bot/config.ts: every environment variable, unset (its default or a clear error) and malformed
 * (a clear error naming it), plus the production rules and that no secret reaches a message.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Config,
  ConfigError,
  DEFAULT_TEAMS_SERVICE_URLS,
  describeConfig,
  ENV_VARIABLES,
  loadConfig,
} from '../../bot/config.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';

const CLIENT_ID = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SECRET = 'S3cr3t~value-that-must-never-be-printed';

/** What App Service sets (infra/modules/app-service.bicep). */
const PRODUCTION: Record<string, string> = {
  NODE_ENV: 'production',
  MicrosoftAppType: 'UserAssignedMSI',
  MicrosoftAppId: CLIENT_ID,
  MicrosoftAppTenantId: TENANT,
  AZURE_CLIENT_ID: CLIENT_ID,
  COSMOS_ENDPOINT: 'https://roundtable-cosmos-abc.documents.azure.com:443/',
  COSMOS_DATABASE: 'roundtable',
  ALLOWED_TENANTS: TENANT,
  LOG_LEVEL: 'info',
  AGENCY_TIME_ZONE: 'America/Chicago',
  APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${CLIENT_ID};IngestionEndpoint=https://x.in.applicationinsights.azure.com/`,
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

function load(env: Record<string, string | undefined>): Config {
  return loadConfig(env as NodeJS.ProcessEnv);
}

/** The ConfigError message for an environment that must be refused. */
function refused(env: Record<string, string | undefined>): string {
  try {
    load(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `a ConfigError, got ${(err as Error)?.name}`);
    return err.message;
  }
  assert.fail(`expected ${JSON.stringify(env)} to be refused`);
}

function without(env: Record<string, string>, name: string): Record<string, string> {
  const copy = { ...env };
  delete copy[name];
  return copy;
}

interface VariableCase {
  /** Unset (on top of `base`): the value it defaults to, or the message it is refused with. */
  unset: { check: (c: Config) => unknown; equals: unknown } | { refused: RegExp };
  /** Malformed values, each refused with a message naming the variable. */
  malformed: string[];
  base?: Record<string, string>;
}

const settingsFile = join(mkdtempSync(join(tmpdir(), 'config-test-')), 'agency.json');
writeFileSync(settingsFile, JSON.stringify({ maxTextLength: 1500 }));

/** One case per variable in bot/config.ts; a new variable without a case fails the first test. */
const CASES: Record<string, VariableCase> = {
  PORT: { unset: { check: (c) => c.port, equals: 3978 }, malformed: ['http', '-1', '70000', '3.5'] },
  HOST: { unset: { check: (c) => c.host, equals: '0.0.0.0' }, malformed: [], base: PRODUCTION },
  MicrosoftAppId: {
    unset: { refused: /MicrosoftAppId: required for UserAssignedMSI/ },
    malformed: ['my-bot', '1234'],
    base: PRODUCTION,
  },
  MicrosoftAppPassword: {
    unset: { refused: /MicrosoftAppPassword: required for SingleTenant/ },
    malformed: [],
    base: { MicrosoftAppType: 'SingleTenant', MicrosoftAppId: CLIENT_ID, MicrosoftAppTenantId: TENANT },
  },
  MicrosoftAppType: {
    unset: { check: (c) => c.appType, equals: 'MultiTenant' },
    malformed: ['Managed', 'usermsi'],
  },
  MicrosoftAppTenantId: {
    unset: { refused: /MicrosoftAppTenantId: required for UserAssignedMSI/ },
    malformed: ['contoso.onmicrosoft.com'],
    base: PRODUCTION,
  },
  COSMOS_ENDPOINT: {
    unset: { refused: /COSMOS_ENDPOINT: required with MicrosoftAppId/ },
    malformed: ['not a url', 'roundtable.documents.azure.com'],
    base: PRODUCTION,
  },
  COSMOS_KEY: { unset: { check: (c) => c.cosmos.key, equals: undefined }, malformed: [], base: PRODUCTION },
  COSMOS_DATABASE: {
    unset: { check: (c) => c.cosmos.database, equals: 'roundtable' },
    malformed: ['round table', 'a/b'],
  },
  AZURE_CLIENT_ID: {
    // With UserAssignedMSI the bot's own identity is the one Cosmos DB trusts.
    unset: { check: (c) => c.cosmos.clientId, equals: CLIENT_ID },
    malformed: ['identity'],
    base: PRODUCTION,
  },
  ALLOWED_TENANTS: {
    unset: { refused: /ALLOWED_TENANTS: required with MicrosoftAppId/ },
    malformed: ['contoso', `${TENANT},fabrikam`],
    base: PRODUCTION,
  },
  AGENCY_SETTINGS_FILE: {
    unset: { check: (c) => c.settings, equals: DEFAULT_SETTINGS },
    malformed: ['/nonexistent/agency.json'],
  },
  AGENCY_SETTINGS_JSON: {
    unset: { check: (c) => c.settings, equals: DEFAULT_SETTINGS },
    malformed: ['{not json', '{"maxTextLength": 5}'],
  },
  AGENCY_TIME_ZONE: {
    unset: { check: (c) => c.timeZone, equals: 'UTC' },
    malformed: ['Mars/Olympus_Mons', 'CST6CDT7'],
  },
  REMINDER_TICK_SECONDS: {
    unset: { check: (c) => (c as Config & { reminderTickSeconds: number }).reminderTickSeconds, equals: 60 },
    malformed: ['soon', '-5', '7200'],
  },
  TEAMS_SENDS_PER_SECOND: {
    // A total under 30/s for all instances (Teams' per-app limit: 50/s in the newest docs, 30/s in older ones).
    unset: { check: (c) => c.teamsSendsPerSecond, equals: 25 },
    malformed: ['fast', '0', '51'],
  },
  INSTANCE_COUNT: {
    unset: { check: (c) => c.teamsLimits.instanceCount, equals: 1 },
    malformed: ['many', '0', '31'],
  },
  CARD_UPDATE_DELAY_MS: {
    unset: { check: (c) => c.teamsLimits.cardUpdateDelayMs, equals: 2500 },
    malformed: ['soon', '-1', '20000'],
  },
  LOG_LEVEL: { unset: { check: (c) => c.logLevel, equals: 'info' }, malformed: ['verbose', 'INFO'] },
  APPLICATIONINSIGHTS_CONNECTION_STRING: {
    unset: { check: (c) => c.appInsightsConnectionString, equals: undefined },
    malformed: ['https://x.in.applicationinsights.azure.com/'],
  },
  // Production follows the app id, not NODE_ENV.
  NODE_ENV: { unset: { check: (c) => c.production, equals: true }, malformed: [], base: PRODUCTION },
  TEAMS_SERVICE_URLS: {
    unset: { check: (c) => c.teamsServiceUrls, equals: DEFAULT_TEAMS_SERVICE_URLS },
    malformed: ['smba.trafficmanager.net', 'http://smba.trafficmanager.net/', ' , ', 'ftp://x/'],
    base: PRODUCTION,
  },
  COSMOS_KEY_ALLOWED: {
    unset: { refused: /COSMOS_KEY: refused with MicrosoftAppId/ },
    malformed: ['yes', 'TRUE'],
    base: { ...PRODUCTION, COSMOS_KEY: SECRET },
  },
  TAB_DOMAIN: { unset: { check: (c) => c.tab.domain, equals: undefined }, malformed: ['https://x/y'] },
  TEAMS_APP_ID: {
    unset: { check: (c) => c.personalApp.teamsAppId, equals: undefined },
    malformed: ['not-a-guid'],
  },
  TEAMS_APP_CATALOG_ID: {
    unset: { check: (c) => c.personalApp.linkAppId, equals: CLIENT_ID },
    malformed: ['catalog-app'],
    base: PRODUCTION,
  },
  EMBEDDED_DATABASE_ALLOWED: {
    unset: { refused: /COSMOS_ENDPOINT: required with MicrosoftAppId/ },
    malformed: ['yes', '1'],
    base: LOCAL_TOOLKIT,
  },
  TAB_SSO_APP_ID: { unset: { check: (c) => c.tab.ssoAppId, equals: undefined }, malformed: ['not-a-guid'] },
  TAB_SSO_JWKS_URL: {
    unset: {
      check: (c) => c.tab.jwksUrl,
      equals: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
    },
    malformed: ['keys'],
  },
  TAB_SSO_ISSUERS: {
    unset: { check: (c) => c.tab.issuers.length, equals: 2 },
    malformed: [],
  },
  LEADER_IDS: {
    unset: { check: (c) => c.programme.leaderIds, equals: [] },
    malformed: ['lee@agency.example'],
  },
  RETENTION_DAYS: {
    unset: { check: (c) => c.programme.retentionDays, equals: 0 },
    malformed: ['-1', 'soon', '99999'],
  },
  EXPORT_LINK_MINUTES: {
    unset: { check: (c) => c.programme.exportLinkMinutes, equals: 15 },
    malformed: ['0', '2000', 'x'],
  },
  AUDIT_RETENTION_DAYS: {
    unset: { check: (c) => c.audit.retentionDays, equals: 2555 },
    malformed: ['0', '29', 'x', '99999'],
  },
  SECURITY_OFFICER_IDS: {
    unset: { check: (c) => c.audit.securityOfficerIds, equals: [] },
    malformed: ['sam@agency.example'],
  },
  FAMILY_HANDOUT_CONTACT: {
    unset: { check: (c) => c.handout.contactLine, equals: undefined },
    malformed: ['x'.repeat(201), 'two\nlines'],
  },
};

describe('configuration (bot/config.ts)', () => {
  it('has a case below, and a row in docs/configuration.md, for every variable it reads', () => {
    for (const name of ENV_VARIABLES) assert.ok(CASES[name], `a test case for ${name}`);
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');
    for (const name of ENV_VARIABLES) assert.match(doc, new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, 'm'), name);
  });

  it('accepts what App Service sets in production, signing in to Cosmos with the managed identity', () => {
    const c = load(PRODUCTION);
    assert.equal(c.production, true);
    assert.equal(c.localMode, false);
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.appType, 'UserAssignedMSI');
    assert.equal(c.appPassword, undefined);
    assert.deepEqual(c.cosmos, {
      endpoint: PRODUCTION.COSMOS_ENDPOINT,
      key: undefined,
      database: 'roundtable',
      clientId: CLIENT_ID,
    });
    assert.deepEqual(c.allowedTenants, [TENANT]);
    assert.equal(c.timeZone, 'America/Chicago');
    assert.equal(describeConfig(c).cosmosAuth, 'managed-identity');
  });

  it('runs locally with nothing set (embedded database, loopback, no token checks)', () => {
    const c = load({});
    assert.equal(c.localMode, true);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.cosmos.endpoint, undefined);
    assert.equal(describeConfig(c).cosmosAuth, 'embedded');
  });

  // Only the variables bot/config.ts reads now (a case may land before its variable does).
  for (const [name, kase] of Object.entries(CASES).filter(([n]) => ENV_VARIABLES.includes(n as never))) {
    describe(name, () => {
      const base = kase.base ?? {};
      it('unset', () => {
        const env = without(base, name);
        if ('refused' in kase.unset) assert.match(refused(env), kase.unset.refused);
        else assert.deepEqual(kase.unset.check(load(env)), kase.unset.equals);
      });
      for (const bad of kase.malformed) {
        it(`malformed: ${JSON.stringify(bad)}`, () => {
          assert.match(refused({ ...base, [name]: bad }), new RegExp(name));
        });
      }
    });
  }

  it('treats empty values (as App Service and .env files pass them) as unset', () => {
    const c = load({ ...PRODUCTION, COSMOS_KEY: '', AGENCY_SETTINGS_JSON: '', HOST: '  ' });
    assert.equal(c.cosmos.key, undefined);
    assert.equal(c.settings, DEFAULT_SETTINGS);
    assert.equal(c.host, '0.0.0.0');
  });

  describe('production', () => {
    it('refuses the embedded database', () => {
      assert.match(
        refused(without(PRODUCTION, 'COSMOS_ENDPOINT')),
        /COSMOS_ENDPOINT: required with MicrosoftAppId/,
      );
    });
    it('refuses plain-HTTP Cosmos', () => {
      assert.match(refused({ ...PRODUCTION, COSMOS_ENDPOINT: 'http://127.0.0.1:8081' }), /must be https/);
    });
    it('is an app id, whatever NODE_ENV says', () => {
      assert.equal(load({ ...PRODUCTION, NODE_ENV: 'development' }).production, true);
      assert.match(
        refused({ ...without(PRODUCTION, 'ALLOWED_TENANTS'), NODE_ENV: 'test' }),
        /ALLOWED_TENANTS: required with MicrosoftAppId/,
      );
      // Without an app id NODE_ENV=production is local mode: loopback only, no production rules.
      const local = load({ NODE_ENV: 'production' });
      assert.equal(local.production, false);
      assert.equal(local.host, '127.0.0.1');
    });
    it('refuses a Cosmos key unless COSMOS_KEY_ALLOWED=true', () => {
      assert.match(refused({ ...PRODUCTION, COSMOS_KEY: SECRET }), /COSMOS_KEY: refused with MicrosoftAppId/);
      assert.equal(
        load({ ...PRODUCTION, COSMOS_KEY: SECRET, COSMOS_KEY_ALLOWED: 'true' }).cosmos.key,
        SECRET,
      );
    });
    it('refuses a plain-http JWKS for the tab (loopback, which never leaves the machine, is allowed)', () => {
      assert.match(
        refused({ ...PRODUCTION, TAB_SSO_JWKS_URL: 'http://keys.example/keys' }),
        /TAB_SSO_JWKS_URL: must be https/,
      );
      assert.equal(
        load({ ...PRODUCTION, TAB_SSO_JWKS_URL: 'http://127.0.0.1:4000/keys' }).tab.jwksUrl,
        'http://127.0.0.1:4000/keys',
      );
    });
    it('needs the tab sign-in app with TAB_DOMAIN (the managed identity cannot be the SSO app)', () => {
      assert.match(
        refused({ ...PRODUCTION, TAB_DOMAIN: 'roundtable.agency.example' }),
        /TAB_SSO_APP_ID: required with TAB_DOMAIN/,
      );
      const sso = '5d0a1b2c-3e4f-4a5b-8c6d-7e8f90a1b2c3';
      assert.equal(
        load({ ...PRODUCTION, TAB_DOMAIN: 'roundtable.agency.example', TAB_SSO_APP_ID: sso }).tab.ssoAppId,
        sso,
      );
    });
    it('reads TEAMS_SERVICE_URLS as a list of prefixes', () => {
      const c = load({
        ...PRODUCTION,
        TEAMS_SERVICE_URLS: ' https://smba.infra.gov.teams.microsoft.us/ , http://127.0.0.1:5000/',
      });
      assert.deepEqual(c.teamsServiceUrls, [
        'https://smba.infra.gov.teams.microsoft.us/',
        'http://127.0.0.1:5000/',
      ]);
    });
    it('refuses to start without an identity for Cosmos DB', () => {
      const env = {
        ...without(PRODUCTION, 'AZURE_CLIENT_ID'),
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppPassword: SECRET,
      };
      assert.match(refused(env), /AZURE_CLIENT_ID: required with MicrosoftAppId/);
    });
    it('accepts a Cosmos key as the explicit fallback', () => {
      const env = {
        ...without(PRODUCTION, 'AZURE_CLIENT_ID'),
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppPassword: SECRET,
        COSMOS_KEY: SECRET,
        COSMOS_KEY_ALLOWED: 'true',
      };
      const c = load(env);
      assert.equal(c.cosmos.clientId, undefined);
      assert.equal(describeConfig(c).cosmosAuth, 'key');
    });
    it('uses DefaultAzureCredential on a developer machine (local mode) when no client id is known', () => {
      const c = load({ COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/' });
      assert.equal(describeConfig(c).cosmosAuth, 'default-credential');
    });
    it('lists every missing production value at once', () => {
      const msg = refused({ MicrosoftAppId: CLIENT_ID, MicrosoftAppPassword: SECRET });
      for (const name of ['COSMOS_ENDPOINT', 'ALLOWED_TENANTS']) assert.match(msg, new RegExp(name));
      const withCosmos = refused({
        MicrosoftAppId: CLIENT_ID,
        MicrosoftAppPassword: SECRET,
        COSMOS_ENDPOINT: PRODUCTION.COSMOS_ENDPOINT,
      });
      for (const name of ['AZURE_CLIENT_ID', 'ALLOWED_TENANTS']) assert.match(withCosmos, new RegExp(name));
    });
  });

  it('UserAssignedMSI has no password: one set is refused, and never echoed', () => {
    const msg = refused({ ...PRODUCTION, MicrosoftAppPassword: SECRET });
    assert.match(msg, /MicrosoftAppPassword: must not be set with UserAssignedMSI/);
    assert.ok(!msg.includes(SECRET));
  });

  it('never puts a secret or connection string in its messages or in describeConfig', () => {
    const bad = { ...PRODUCTION, COSMOS_KEY: SECRET, MicrosoftAppPassword: SECRET, LOG_LEVEL: SECRET };
    assert.ok(!refused(bad).includes(SECRET));
    const c = load({ ...PRODUCTION, COSMOS_KEY: SECRET, COSMOS_KEY_ALLOWED: 'true' });
    const described = JSON.stringify(describeConfig(c));
    assert.ok(!described.includes(SECRET));
    assert.ok(!described.includes('InstrumentationKey'));
  });

  it('normalises GUIDs and reads agency settings from a file or inline JSON', () => {
    const c = load({ ...PRODUCTION, ALLOWED_TENANTS: ` ${TENANT.toUpperCase()} , ${CLIENT_ID} ` });
    assert.deepEqual(c.allowedTenants, [TENANT, CLIENT_ID]);
    assert.equal(load({ AGENCY_SETTINGS_FILE: settingsFile }).settings.maxTextLength, 1500);
    assert.equal(load({ AGENCY_SETTINGS_JSON: '{"maxTextLength":1200}' }).settings.maxTextLength, 1200);
    assert.match(refused({ AGENCY_SETTINGS_FILE: settingsFile, AGENCY_SETTINGS_JSON: '{}' }), /not both/);
  });
});
