/**
 * `npm run smoke` (scripts/smoke.ts) against a local fake: the real bot on 127.0.0.1 for health and readiness,
 * and a fake `az` first on PATH that answers canned JSON for a deployment of infra/main.bicep (and logs what
 * it was asked, to show the smoke check only reads). A deployment in order passes; a broken one is told
 * in plain words, one problem per line, exit code 1.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildPackage } from '../../manifest/package.js';
import { Harness } from '../support/harness.js';

const root = resolve(__dirname, '..', '..');
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP_ID = '5d0a1b2c-3e4f-4a5b-8c6d-7e8f90a1b2c3';
const TEAMS_APP_ID = '0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
const IDENTITY = {
  client: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  principal: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
};
const DOMAIN = 'roundtable-abc.azurewebsites.net';
const SCOPE_ID = '11111111-2222-4333-8444-555555555555';
const DESKTOP = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';
const WEB = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346';

/** What `az … -o json` answers for a deployment in order, by the command's words joined with `_`. */
function deploymentInOrder(): Record<string, unknown> {
  const settings: Record<string, string> = {
    NODE_ENV: 'production',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppId: APP_ID,
    MicrosoftAppTenantId: TENANT,
    AZURE_CLIENT_ID: IDENTITY.client,
    TAB_DOMAIN: DOMAIN,
    TAB_SSO_APP_ID: APP_ID,
    TEAMS_APP_ID,
    TEAMS_APP_CATALOG_ID: '',
    COSMOS_ENDPOINT: 'https://roundtable-cosmos-abc.documents.azure.com:443/',
    COSMOS_DATABASE: 'roundtable',
    ALLOWED_TENANTS: TENANT,
    AGENCY_TIME_ZONE: 'America/Chicago',
    LOG_LEVEL: 'info',
    WEBSITE_RUN_FROM_PACKAGE: '1',
  };
  return {
    deployment_group_show: Object.fromEntries(
      Object.entries({
        BOT_DOMAIN: DOMAIN,
        WEB_APP_NAME: 'roundtable-abc',
        BOT_RESOURCE_NAME: 'roundtable-bot-abc',
        IDENTITY_PRINCIPAL_ID: IDENTITY.principal,
        IDENTITY_CLIENT_ID: IDENTITY.client,
        MANIFEST_TEAMS_APP_ID: TEAMS_APP_ID,
      }).map(([k, value]) => [k, { type: 'String', value }]),
    ),
    webapp_config_appsettings_list: Object.entries(settings).map(([name, value]) => ({
      name,
      value,
      slotSetting: false,
    })),
    account_show: { tenantId: TENANT, name: 'Agency subscription' },
    ad_app_show: {
      appId: APP_ID,
      signInAudience: 'AzureADMyOrg',
      identifierUris: [`api://${DOMAIN}/${APP_ID}`],
      api: {
        requestedAccessTokenVersion: 2,
        oauth2PermissionScopes: [{ id: SCOPE_ID, value: 'access_as_user', isEnabled: true, type: 'User' }],
        preAuthorizedApplications: [
          { appId: DESKTOP, delegatedPermissionIds: [SCOPE_ID] },
          { appId: WEB, delegatedPermissionIds: [SCOPE_ID] },
        ],
      },
    },
    'ad_app_federated-credential_list': [
      {
        name: 'roundtable-web-app',
        issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
        subject: IDENTITY.principal,
        audiences: ['api://AzureADTokenExchange'],
      },
    ],
    bot_show: {
      name: 'roundtable-bot-abc',
      properties: {
        msaAppId: APP_ID,
        msaAppType: 'SingleTenant',
        endpoint: `https://${DOMAIN}/api/messages`,
      },
    },
    bot_msteams_show: { properties: { channelName: 'MsTeamsChannel', properties: { isEnabled: true } } },
  };
}

/** A fake `az` (node) answering from `answers.json` in its folder, logging every call to `calls.log`. */
function fakeAz(dir: string, answers: Record<string, unknown>): void {
  writeFileSync(join(dir, 'answers.json'), JSON.stringify(answers));
  writeFileSync(
    join(dir, 'az'),
    `#!/usr/bin/env node
const fs = require('node:fs'), path = require('node:path');
const args = process.argv.slice(2);
fs.appendFileSync(path.join(__dirname, 'calls.log'), args.join(' ') + '\\n');
const words = []; for (const a of args) { if (a.startsWith('-')) break; words.push(a); }
const answers = JSON.parse(fs.readFileSync(path.join(__dirname, 'answers.json'), 'utf8'));
const key = words.join('_');
if (!(key in answers)) { process.stderr.write('ERROR: (ResourceNotFound) ' + key + ' was not found.\\n'); process.exit(3); }
process.stdout.write(JSON.stringify(answers[key]));
`,
  );
  chmodSync(join(dir, 'az'), 0o755);
}

/** Runs `npm run smoke`'s script with the fake az first on PATH. */
function runSmoke(dir: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts', 'smoke.ts'), ...args],
      { cwd: root, env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } },
      (err, stdout, stderr) =>
        done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe('npm run smoke against a local fake (bot on 127.0.0.1, fake az on PATH)', function () {
  this.timeout(60_000);
  let h: Harness;
  let dir: string;
  let pkg: string;

  before(async () => {
    h = await Harness.start();
    dir = mkdtempSync(join(tmpdir(), 'smoke-'));
    pkg = await buildPackage({ BOT_ID: APP_ID, TAB_DOMAIN: DOMAIN, TEAMS_APP_ID }, join(dir, 'good'));
  });
  after(async () => {
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a deployment in order: every check ok, exit 0, and it only reads', async () => {
    fakeAz(dir, deploymentInOrder());
    const { code, out } = await runSmoke(dir, [
      '-g',
      'rg-roundtable',
      '--app-package',
      pkg,
      '--base-url',
      h.app.url,
    ]);
    assert.equal(code, 0, out);
    assert.doesNotMatch(out, /PROBLEM/);
    for (const line of [
      /api\/health answers 200/,
      /api\/ready answers 200/,
      /Microsoft Teams channel is on/,
      /federated credential trusts/,
    ])
      assert.match(out, line);
    const calls = readFileSync(join(dir, 'calls.log'), 'utf8');
    assert.doesNotMatch(calls, /\b(create|update|set|delete|remove|add|assign)\b/, calls);
  });

  it('a broken deployment: each problem in plain words, exit 1', async () => {
    const answers = deploymentInOrder();
    const settings = answers.webapp_config_appsettings_list as { name: string; value: string }[];
    answers.webapp_config_appsettings_list = settings.filter((s) => s.name !== 'TEAMS_APP_ID');
    const app = answers.ad_app_show as { api: { preAuthorizedApplications: { appId: string }[] } };
    app.api.preAuthorizedApplications = app.api.preAuthorizedApplications.filter((p) => p.appId !== WEB);
    answers['ad_app_federated-credential_list'] = [];
    delete answers.bot_msteams_show;
    fakeAz(dir, answers);
    const other = await buildPackage(
      { BOT_ID: APP_ID, TAB_DOMAIN: DOMAIN, TEAMS_APP_ID: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' },
      join(dir, 'other'),
    );
    // Nothing listens on port 9 of this machine: the bot "is not deployed".
    const { code, out } = await runSmoke(dir, [
      '-g',
      'rg-roundtable',
      '--app-package',
      other,
      '--base-url',
      'http://127.0.0.1:9',
    ]);
    assert.equal(code, 1, out);
    for (const problem of [
      /PROBLEM {2}The bot does not answer at http:\/\/127\.0\.0\.1:9\/api\/health/,
      /PROBLEM {2}TEAMS_APP_ID \(unset\) is not the Teams app id of the deployment/,
      /PROBLEM {2}Teams web \(5e3ce6c0-2b1f-4285-8d4b-75ee78787346\) is not pre-authorised/,
      /PROBLEM {2}No federated credential on the app registration trusts the managed identity/,
      /PROBLEM {2}The Microsoft Teams channel is not enabled on the Azure Bot/,
      /PROBLEM {2}The manifest id \(9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\) is not the Web App's TEAMS_APP_ID/,
    ])
      assert.match(out, problem);
    assert.match(out, /problem\(s\): see above/);
  });

  it('a resource group az cannot read: one clear sentence, exit 1', async () => {
    fakeAz(dir, {});
    const { code, out } = await runSmoke(dir, ['-g', 'rg-missing']);
    assert.equal(code, 1, out);
    assert.match(out, /The deployment "main" in resource group rg-missing cannot be read/);
  });
});
