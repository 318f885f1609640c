/**
 * Static checks of infra/*.bicep (the Bicep CLI cannot run here): the resources and properties the
 * deployment depends on, module wiring, Node version equal to package.json engines, app settings
 * for every variable the bot reads, no secrets in params/outputs, and the parameters file.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ENV_VARIABLES } from '../../bot/config.js';
import { CONTAINERS } from '../../bot/store/cosmos-documents.js';
import { type BicepResource, block, parseBicep, passedParams, prop } from './bicep-parse.js';

const root = resolve(__dirname, '..', '..');
const infra = join(root, 'infra');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};

const main = parseBicep(join(infra, 'main.bicep'));
const moduleFiles = readdirSync(join(infra, 'modules'))
  .filter((f) => f.endsWith('.bicep'))
  .map((f) => parseBicep(join(infra, 'modules', f)));
const all = [main, ...moduleFiles];
const allResources = all.flatMap((f) => f.resources.filter((r) => !r.existing));

function resource(type: string): BicepResource {
  const found = allResources.filter((r) => r.type === type);
  assert.equal(found.length, 1, `exactly one ${type} in infra/`);
  return found[0]!;
}

/** The lowest Node major the code runs on (engines `>=N`): this machine's. */
const engineMajor = Number(/^>=\s*(\d+)/.exec(pkg.engines.node)?.[1]);
/** The Node major App Service runs, which the code is compiled against (@types/node). */
const runtimeMajor = Number(/\d+/.exec(pkg.devDependencies['@types/node'] ?? '')?.[0]);

describe('infra/ Bicep (static checks)', () => {
  it('main.bicep wires modules that exist, passing only declared params and every required one', () => {
    assert.ok(main.modules.length >= 5, 'identity, monitoring, cosmos, app service and bot modules');
    for (const m of main.modules) {
      const file = join(dirname(main.path), m.path);
      assert.ok(existsSync(file), `module file ${m.path} exists`);
      const mod = moduleFiles.find((f) => f.path === file)!;
      const passed = passedParams(m.body);
      for (const p of passed) assert.ok(mod.params.has(p), `${m.path} declares param ${p}`);
      for (const p of mod.params.values()) {
        if (p.default === undefined)
          assert.ok(passed.includes(p.name), `${m.symbol} passes required ${p.name}`);
      }
      for (const [, ref] of m.body.matchAll(/(\w+)\.outputs\.(\w+)/g)) {
        assert.ok(
          main.modules.some((x) => x.symbol === ref),
          `${ref} is a module`,
        );
      }
    }
    // Every module output main.bicep reads is declared by that module.
    for (const [, sym, out] of main.text.matchAll(/(\w+)\.outputs\.(\w+)/g)) {
      const m = main.modules.find((x) => x.symbol === sym)!;
      const mod = moduleFiles.find((f) => f.path === join(infra, m.path))!;
      assert.ok(mod.outputs.has(out!), `${m.path} outputs ${out}`);
    }
  });

  it('a user-assigned managed identity', () => {
    resource('Microsoft.ManagedIdentity/userAssignedIdentities');
  });

  it('an Azure Bot of type SingleTenant (the app registration) with the Teams channel and the /api/messages endpoint', () => {
    const bot = resource('Microsoft.BotService/botServices');
    assert.equal(prop(bot.body, 'msaAppType'), "'SingleTenant'");
    assert.equal(prop(bot.body, 'msaAppId'), 'botAppId');
    assert.equal(prop(bot.body, 'msaAppMSIResourceId'), undefined, 'the bot is not the managed identity');
    assert.ok(prop(bot.body, 'msaAppTenantId'), 'msaAppTenantId set');
    assert.equal(prop(bot.body, 'endpoint'), 'messagingEndpoint');
    assert.match(main.text, /messagingEndpoint: 'https:\/\/\$\{app\.outputs\.hostName\}\/api\/messages'/);
    const channel = resource('Microsoft.BotService/botServices/channels');
    assert.equal(prop(channel.body, 'channelName'), "'MsTeamsChannel'");
    assert.equal(prop(channel.body, 'isEnabled'), 'true');
  });

  it('a Linux plan and Web App: HTTPS only, TLS 1.2, always on, health check, the identity, start:prod', () => {
    const plan = resource('Microsoft.Web/serverfarms');
    assert.equal(prop(plan.body, 'reserved'), 'true', 'Linux plan');
    const site = resource('Microsoft.Web/sites');
    assert.equal(prop(site.body, 'kind'), "'app,linux'");
    assert.equal(prop(site.body, 'httpsOnly'), 'true');
    assert.equal(prop(site.body, 'minTlsVersion'), "'1.2'");
    assert.equal(prop(site.body, 'scmMinTlsVersion'), "'1.2'");
    assert.equal(prop(site.body, 'alwaysOn'), 'true');
    assert.equal(prop(site.body, 'healthCheckPath'), "'/api/health'");
    assert.equal(prop(site.body, 'ftpsState'), "'Disabled'");
    assert.equal(prop(site.body, 'type'), "'UserAssigned'");
    const start = prop(site.body, 'appCommandLine');
    assert.equal(start, `'${pkg.scripts['start:prod']}'`, 'the Web App runs npm run start:prod');
    assert.match(pkg.scripts['start:prod'] ?? '', /^node (--max-old-space-size=\d+ )?dist\/bot\/main\.js$/);
  });

  it(`runs Node ${runtimeMajor} LTS on App Service: the @types/node major, admitted by engines (${pkg.engines.node})`, () => {
    assert.ok(Number.isInteger(engineMajor), 'engines.node is a lower bound (>=N)');
    assert.ok(
      runtimeMajor >= 22,
      'Node 20 reached end of life on 2026-04-30: App Service runs 22 LTS or later',
    );
    assert.ok(engineMajor <= runtimeMajor, 'engines admits the App Service runtime');
    assert.ok(
      Number(process.versions.node.split('.')[0]) >= engineMajor,
      'engines admits the Node running these tests',
    );
    const site = resource('Microsoft.Web/sites');
    assert.equal(prop(site.body, 'linuxFxVersion'), "'NODE|${nodeVersion}'");
    for (const file of [main, ...moduleFiles.filter((f) => f.params.has('nodeVersion'))]) {
      const p = file.params.get('nodeVersion')!;
      assert.equal(p.default, `'${runtimeMajor}-lts'`, `${file.path} nodeVersion default`);
      assert.deepEqual(p.allowed, [`${runtimeMajor}-lts`], `${file.path} allows only Node ${runtimeMajor}`);
    }
    const params = JSON.parse(readFileSync(join(infra, 'main.parameters.json'), 'utf8'));
    assert.equal(params.parameters.nodeVersion.value, `${runtimeMajor}-lts`);
  });

  it('Cosmos DB for NoSQL: serverless by default, provisioned as an option, local auth disabled', () => {
    const account = resource('Microsoft.DocumentDB/databaseAccounts');
    assert.equal(prop(account.body, 'kind'), "'GlobalDocumentDB'");
    assert.equal(prop(account.body, 'disableLocalAuth'), 'true');
    assert.equal(prop(account.body, 'disableKeyBasedMetadataWriteAccess'), 'true');
    assert.equal(prop(account.body, 'minimalTlsVersion'), "'Tls12'");
    assert.match(account.body, /capacityMode == 'Serverless' \? \[ \{ name: 'EnableServerless' \} \]/);
    assert.equal(main.params.get('cosmosCapacityMode')?.default, "'Serverless'");
    assert.deepEqual(main.params.get('cosmosCapacityMode')?.allowed, ['Serverless', 'Provisioned']);
    const db = resource('Microsoft.DocumentDB/databaseAccounts/sqlDatabases');
    assert.match(db.body, /capacityMode == 'Provisioned' \? \{ autoscaleSettings/);
    assert.equal(main.params.get('cosmosDatabaseName')?.default, "'roundtable'");
  });

  it('the containers and partition keys are exactly CONTAINERS in bot/store/cosmos-store.ts', () => {
    const cosmos = moduleFiles.find((f) => f.path.endsWith('cosmos.bicep'))!;
    const list = block(cosmos.text, cosmos.text.indexOf('[', cosmos.text.indexOf('var containers')));
    const declared = Object.fromEntries(
      [...list.matchAll(/name: '([^']+)', partitionKey: '([^']+)'/g)].map((m) => [m[1], m[2]]),
    );
    assert.deepEqual(declared, { ...CONTAINERS });
    const containers = allResources.filter(
      (r) => r.type === 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers',
    );
    const container = containers.find((r) => /for c in containers/.test(r.body))!;
    assert.ok(container, 'the containers loop');
    assert.match(container.body, /c\.partitionKey/);
    assert.equal(prop(container.body, 'indexingMode'), "'consistent'");
    assert.match(container.body, /excludedPaths: freeTextPaths/);
    // The access log (bot/store/cosmos-access-log.ts): its own container, TTL on, partitioned by tenant and month.
    const accessLog = containers.find((r) => /name: 'access-log'/.test(r.body));
    assert.ok(accessLog, 'the access-log container');
    assert.match(accessLog.body, /'\/tenantMonth'/);
    assert.equal(prop(accessLog.body, 'defaultTtl'), '-1');
    assert.equal(containers.length, 2);
  });

  it('the identity gets the built-in Cosmos DB Data Contributor role on the account', () => {
    const ra = resource('Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments');
    assert.match(ra.body, /sqlRoleDefinitions\/\$\{dataContributorRoleId\}/);
    assert.match(
      moduleFiles.find((f) => f.path.endsWith('cosmos.bicep'))!.text,
      /var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'/,
    );
    assert.equal(prop(ra.body, 'principalId'), 'principalId');
    assert.match(main.text, /principalId: identity\.outputs\.principalId/);
  });

  it('Log Analytics and workspace-based Application Insights, and App Service logs sent there', () => {
    resource('Microsoft.OperationalInsights/workspaces');
    const ai = resource('Microsoft.Insights/components');
    assert.equal(prop(ai.body, 'WorkspaceResourceId'), 'workspace.id');
    const diag = resource('Microsoft.Insights/diagnosticSettings');
    assert.match(diag.body, /AppServiceConsoleLogs/);
  });

  it('an app setting for every variable the bot reads (except platform-set and secret ones)', () => {
    const site = resource('Microsoft.Web/sites');
    const settings = [...site.body.matchAll(/\{ name: '([^']+)', value: /g)].map((m) => m[1]!);
    // PORT is set by App Service; HOST, the SSO key/issuer and reminder tick defaults are the production values;
    // secrets are never used with a managed identity; AGENCY_SETTINGS_JSON stands in for a file;
    // TEAMS_SERVICE_URLS defaults to Teams' public hosts.
    const notSet = new Set([
      'PORT',
      'HOST',
      'MicrosoftAppPassword',
      'COSMOS_KEY',
      'COSMOS_KEY_ALLOWED',
      'AGENCY_SETTINGS_FILE',
      'TAB_SSO_JWKS_URL',
      'TAB_SSO_ISSUERS',
      // The embedded database is for the local toolkit run only.
      'EMBEDDED_DATABASE_ALLOWED',
      'REMINDER_TICK_SECONDS',
      'TEAMS_SENDS_PER_SECOND',
      'TEAMS_SERVICE_URLS',
      'CARD_UPDATE_DELAY_MS',
    ]);
    const platform = new Set([
      'ApplicationInsightsAgent_EXTENSION_VERSION',
      'SCM_DO_BUILD_DURING_DEPLOYMENT',
      'WEBSITE_RUN_FROM_PACKAGE',
    ]);
    for (const name of ENV_VARIABLES) {
      if (notSet.has(name)) assert.ok(!settings.includes(name), `${name} is not an app setting`);
      else
        assert.ok(
          settings.includes(name),
          `${name} (read by bot/config.ts) needs an app setting in infra/modules/app-service.bicep`,
        );
    }
    for (const s of settings) {
      assert.ok(ENV_VARIABLES.includes(s as never) || platform.has(s), `${s} is a variable the bot reads`);
    }
    assert.match(site.body, /name: 'MicrosoftAppType', value: 'SingleTenant'/);
    assert.match(site.body, /name: 'NODE_ENV', value: 'production'/);
  });

  it("INSTANCE_COUNT is the plan's instance count, so each instance takes its share of Teams' per-app budget", () => {
    const site = resource('Microsoft.Web/sites');
    assert.match(site.body, /\{ name: 'INSTANCE_COUNT', value: string\(instanceCount\) \}/);
    const plan = resource('Microsoft.Web/serverfarms');
    assert.equal(prop(plan.body, 'capacity'), 'instanceCount');
    assert.match(main.text, /instanceCount: instanceCount/);
  });

  it('no secrets or keys: no secret params, no key listing, no secret-looking outputs', () => {
    const secretName = /password|secret|key|connectionstring|token|sas/i;
    for (const f of all) {
      for (const p of f.params.values()) {
        assert.ok(!secretName.test(p.name), `${f.path}: param ${p.name} looks like a secret`);
        assert.ok(!p.secure, `${f.path}: no @secure() param is needed`);
      }
      for (const [name, o] of f.outputs) {
        assert.ok(!secretName.test(name), `${f.path}: output ${name} looks like a secret`);
        assert.ok(
          !/listKeys|listConnectionStrings|ConnectionString|Key\b/i.test(o.value),
          `${f.path}: ${name}`,
        );
      }
      assert.doesNotMatch(f.text, /listKeys\(|listConnectionStrings\(|primaryMasterKey|listCredentials\(/);
      assert.doesNotMatch(f.text, /MicrosoftAppPassword|msaAppPassword|clientSecret/i);
    }
    // The connection string is read in the app module only, straight into an app setting.
    const uses = all.filter((f) => /properties\.ConnectionString/.test(f.text));
    assert.deepEqual(
      uses.map((f) => f.path),
      [join(infra, 'modules', 'app-service.bicep')],
    );
  });

  it('main.parameters.json matches the template: known params, right types, allowed values', () => {
    const file = JSON.parse(readFileSync(join(infra, 'main.parameters.json'), 'utf8'));
    assert.match(file.$schema, /deploymentParameters\.json/);
    const given = file.parameters as Record<string, { value: unknown }>;
    const typeOf = (v: unknown) =>
      Array.isArray(v) ? 'array' : typeof v === 'number' ? 'int' : typeof v === 'boolean' ? 'bool' : typeof v;
    for (const [name, { value }] of Object.entries(given)) {
      const p = main.params.get(name);
      assert.ok(p, `main.bicep declares ${name}`);
      assert.equal(typeOf(value), p.type, `${name} is a ${p.type}`);
      if (p.allowed) assert.ok(p.allowed.includes(String(value)), `${name}=${value} is allowed`);
      assert.ok(!/password|secret|key/i.test(name), `${name} is not a secret`);
    }
    // The bot's app registration is made first (infra/scripts/bot-app.sh) and passed on the command line
    // (docs/deploy.md) or, with the toolkit, from env/.env.<name> (main.parameters.toolkit.json).
    const onTheCommandLine = new Set(['botAppId']);
    for (const p of main.params.values()) {
      if (p.default === undefined && !onTheCommandLine.has(p.name))
        assert.ok(p.name in given, `required ${p.name} is in the parameters file`);
    }
    const toolkit = JSON.parse(readFileSync(join(infra, 'main.parameters.toolkit.json'), 'utf8'));
    const toolkitGiven = toolkit.parameters as Record<string, { value: unknown }>;
    for (const name of Object.keys(toolkitGiven))
      assert.ok(main.params.has(name), `main.bicep declares ${name}`);
    for (const p of main.params.values()) {
      if (p.default === undefined) assert.ok(p.name in toolkitGiven, `the toolkit passes required ${p.name}`);
    }
    assert.equal(toolkitGiven.botAppId?.value, '${{BOT_ID}}');
    assert.equal(toolkitGiven.teamsAppId?.value, '${{TEAMS_APP_ID}}');
    // The org-catalog id `teamsApp/publishAppPackage` writes: deep links name it once the app is published.
    assert.equal(toolkitGiven.teamsAppCatalogId?.value, '${{TEAMS_APP_PUBLISHED_APP_ID}}');
  });

  it('outputs the endpoint, the manifest id and the identity the app registration trusts', () => {
    for (const name of [
      'BOT_DOMAIN',
      'BOT_ENDPOINT',
      'MESSAGING_ENDPOINT',
      'MANIFEST_TEAMS_APP_ID',
      'IDENTITY_PRINCIPAL_ID',
    ]) {
      assert.ok(main.outputs.has(name), `output ${name}`);
    }
    // Inputs, written by other toolkit actions: an output of the same name would overwrite them.
    for (const name of ['BOT_ID', 'TEAMS_APP_ID']) assert.ok(!main.outputs.has(name), `no output ${name}`);
  });
});
