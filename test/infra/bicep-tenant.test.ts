/**
 * infra/*.bicep read by a test, for a real tenant: the app settings the Web App gets (evaluated with sample
 * parameter values and loaded by bot/config.ts), the one app registration as bot and tab sign-in app, the
 * Teams app id in "Open My roundtables" links, and the Azure options (customer-managed key, private
 * networking, log retention): off by default, wired when on.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../bot/config.js';
import { stepsCard } from '../../cards/follow-up-cards.js';
import { type BicepFile, parseBicep, passedParams, prop } from './bicep-parse.js';

const infra = join(resolve(__dirname, '..', '..'), 'infra');
const main = parseBicep(join(infra, 'main.bicep'));
const mod = (name: string): BicepFile => parseBicep(join(infra, 'modules', `${name}.bicep`));
const appService = mod('app-service');
const cosmos = mod('cosmos');
const network = mod('network');

/** The body of `module <symbol>` in main.bicep. */
function moduleCall(symbol: string): string {
  const m = main.modules.find((x) => x.symbol === symbol);
  assert.ok(m, `module ${symbol}`);
  return m.body;
}

/** What main.bicep passes to a module parameter (`name: expression`). */
function passed(symbol: string, param: string): string | undefined {
  const body = moduleCall(symbol);
  assert.ok(passedParams(body).includes(param), `${symbol} is passed ${param}`);
  return new RegExp(`\\n\\s{4}${param}:\\s*([^\\n]+)`).exec(body)?.[1]?.trim();
}

const SAMPLE = {
  botAppId: '5d0a1b2c-3e4f-4a5b-8c6d-7e8f90a1b2c3',
  teamsAppId: '0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b',
  identityClientId: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  cosmosEndpoint: 'https://roundtable-cosmos-abc.documents.azure.com:443/',
  webAppName: 'roundtable-abc',
  allowedTenants: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  agencyTimeZone: 'America/Chicago',
  logLevel: 'info',
  cosmosDatabaseName: 'roundtable',
};

/**
 * The Web App's app settings with each value evaluated: string literals, `${webAppName}` interpolation,
 * the module's parameters (from SAMPLE, or its default); settings whose value is another expression are left out.
 */
function appSettings(values: Record<string, string>): Record<string, string> {
  const site = appService.resources.find((r) => r.type === 'Microsoft.Web/sites')!;
  const out: Record<string, string> = {};
  for (const m of site.body.matchAll(/\{ name: '([^']+)', value: ('[^']*'|[^}]+?) \}/g)) {
    const expr = m[2]!.trim();
    const literal = /^'([^']*)'$/.exec(expr)?.[1];
    if (literal !== undefined)
      out[m[1]!] = literal.replace(/\$\{(\w+)\}/g, (_, v: string) => values[v] ?? '');
    else if (/^\w+$/.test(expr)) {
      const param = appService.params.get(expr);
      if (!param) continue;
      out[m[1]!] = values[expr] ?? /^'([^']*)'$/.exec(param.default ?? '')?.[1] ?? '';
    }
  }
  return out;
}

describe('infra/ Bicep for a real tenant', () => {
  it('gives the Web App the Teams app id, and the 1:1 card’s "Open My roundtables" link names it', () => {
    assert.match(
      main.text,
      /var manifestTeamsAppId = empty\(teamsAppId\) \? guid\(resourceGroup\(\)\.id, baseName, 'teams-app'\) : teamsAppId/,
    );
    assert.equal(passed('app', 'teamsAppId'), 'manifestTeamsAppId');
    assert.equal(passed('app', 'teamsAppCatalogId'), 'teamsAppCatalogId');
    const env = appSettings(SAMPLE);
    assert.equal(env.TEAMS_APP_ID, SAMPLE.teamsAppId);
    const config = loadConfig(env);
    const card = JSON.stringify(
      stepsCard({
        heading: 'Your steps',
        lines: [],
        list: 'mine',
        actionable: false,
        myRoundtablesUrl: config.personalApp.myRoundtablesUrl,
      }),
    );
    assert.ok(
      card.includes(`https://teams.microsoft.com/l/entity/${SAMPLE.teamsAppId}/my-roundtables`),
      card,
    );
    assert.ok(!card.includes(SAMPLE.identityClientId), 'not the managed identity');
    assert.ok(!card.includes(SAMPLE.botAppId), 'not the bot');
    // An org-catalog id, when given, is the one links use.
    const catalog = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    const published = loadConfig(appSettings({ ...SAMPLE, teamsAppCatalogId: catalog }));
    assert.equal(
      published.personalApp.myRoundtablesUrl,
      `https://teams.microsoft.com/l/entity/${catalog}/my-roundtables`,
    );
  });

  it('one app registration is the bot and the tab sign-in app, signing with the identity (no secret)', () => {
    assert.equal(passed('bot', 'botAppId'), 'botAppId');
    assert.equal(passed('app', 'botAppId'), 'botAppId');
    const env = appSettings(SAMPLE);
    assert.equal(env.MicrosoftAppType, 'SingleTenant');
    assert.equal(env.MicrosoftAppId, SAMPLE.botAppId);
    assert.equal(env.TAB_SSO_APP_ID, SAMPLE.botAppId, 'webApplicationInfo.id = the bot id');
    assert.equal(env.AZURE_CLIENT_ID, SAMPLE.identityClientId);
    assert.equal(env.TAB_DOMAIN, `${SAMPLE.webAppName}.azurewebsites.net`);
    assert.equal(env.MicrosoftAppPassword, undefined);
    const config = loadConfig(env);
    assert.equal(config.appCredential, 'federated');
    assert.equal(config.tab.ssoAppId, config.appId);
    assert.equal(main.outputs.get('IDENTITY_PRINCIPAL_ID')?.value, 'identity.outputs.principalId');
  });

  it('Log Analytics retention is a parameter (30–730 days, default 30) on the workspace and Application Insights', () => {
    const p = main.params.get('logRetentionInDays');
    assert.equal(p?.default, '30');
    assert.equal(passed('monitoring', 'retentionInDays'), 'logRetentionInDays');
    const monitoring = mod('monitoring');
    const workspace = monitoring.resources.find(
      (r) => r.type === 'Microsoft.OperationalInsights/workspaces',
    )!;
    assert.equal(prop(workspace.body, 'retentionInDays'), 'retentionInDays');
    const ai = monitoring.resources.find((r) => r.type === 'Microsoft.Insights/components')!;
    assert.equal(prop(ai.body, 'RetentionInDays'), 'retentionInDays');
    assert.match(monitoring.text, /@minValue\(30\)\n@maxValue\(730\)\nparam retentionInDays int/);
  });

  describe('option: Cosmos DB with a customer-managed key', () => {
    it('is off by default (Microsoft-managed keys, no identity on the account)', () => {
      assert.equal(main.params.get('cosmosCmkUri')?.default, "''");
      assert.equal(cosmos.params.get('cmkUri')?.default, "''");
      assert.equal(passed('cosmos', 'cmkUri'), 'cosmosCmkUri');
      const account = cosmos.resources.find((r) => r.type === 'Microsoft.DocumentDB/databaseAccounts')!;
      assert.equal(prop(account.body, 'keyVaultKeyUri'), 'empty(cmkUri) ? null : cmkUri');
      assert.match(account.body, /identity: empty\(cmkUri\) \? null : \{/);
    });
    it('when on, encrypts with the key, read as the user-assigned identity', () => {
      const account = cosmos.resources.find((r) => r.type === 'Microsoft.DocumentDB/databaseAccounts')!;
      assert.equal(
        prop(account.body, 'defaultIdentity'),
        "empty(cmkUri) ? 'FirstPartyIdentity' : 'UserAssignedIdentity=${identityId}'",
      );
      assert.match(account.body, /userAssignedIdentities: \{\n\s*'\$\{identityId\}': \{\}/);
      assert.equal(passed('cosmos', 'identityId'), 'identity.outputs.id');
    });
  });

  describe('option: private networking', () => {
    it('is off by default: no network, public Cosmos access, no VNet integration', () => {
      assert.equal(main.params.get('privateNetworking')?.default, 'false');
      assert.match(main.text, /^module network 'modules\/network\.bicep' = if \(privateNetworking\) \{/m);
      assert.equal(passed('cosmos', 'publicNetworkAccess'), "privateNetworking ? 'Disabled' : 'Enabled'");
      assert.equal(passed('app', 'subnetId'), "privateNetworking ? network.outputs.appSubnetId : ''");
      assert.equal(appService.params.get('subnetId')?.default, "''");
      const site = appService.resources.find((r) => r.type === 'Microsoft.Web/sites')!;
      assert.equal(prop(site.body, 'virtualNetworkSubnetId'), 'empty(subnetId) ? null : subnetId');
      assert.equal(prop(site.body, 'vnetRouteAllEnabled'), '!empty(subnetId)');
      const account = cosmos.resources.find((r) => r.type === 'Microsoft.DocumentDB/databaseAccounts')!;
      assert.equal(prop(account.body, 'publicNetworkAccess'), 'publicNetworkAccess');
      assert.equal(cosmos.params.get('publicNetworkAccess')?.default, "'Enabled'");
    });
    it('when on: a delegated subnet for the Web App, a Cosmos private endpoint (Sql) and its private DNS zone', () => {
      assert.equal(passed('network', 'cosmosAccountId'), 'cosmos.outputs.id');
      const vnet = network.resources.find((r) => r.type === 'Microsoft.Network/virtualNetworks')!;
      assert.match(vnet.body, /serviceName: 'Microsoft\.Web\/serverFarms'/);
      const pe = network.resources.find((r) => r.type === 'Microsoft.Network/privateEndpoints')!;
      assert.equal(prop(pe.body, 'privateLinkServiceId'), 'cosmosAccountId');
      assert.match(pe.body, /groupIds: \[\n\s*'Sql'\n\s*\]/);
      assert.match(pe.body, /subnets\/endpoints/);
      const zone = network.resources.find((r) => r.type === 'Microsoft.Network/privateDnsZones')!;
      assert.equal(prop(zone.body, 'name'), "'privatelink.documents.azure.com'");
      const link = network.resources.find(
        (r) => r.type === 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
      )!;
      assert.equal(prop(link.body, 'id'), 'vnet.id');
      const group = network.resources.find(
        (r) => r.type === 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
      )!;
      assert.equal(prop(group.body, 'privateDnsZoneId'), 'dnsZone.id');
      assert.equal(network.outputs.get('appSubnetId')?.value, "'${vnet.id}/subnets/app'");
    });
  });
});

// The parameters file keeps every option off.
describe('infra/main.parameters.json keeps the Azure options off', () => {
  it('no customer-managed key, no private networking', () => {
    const file = JSON.parse(readFileSync(join(infra, 'main.parameters.json'), 'utf8'));
    assert.equal(file.parameters.cosmosCmkUri?.value ?? '', '');
    assert.equal(file.parameters.privateNetworking?.value ?? false, false);
  });
});
