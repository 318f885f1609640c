import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { loadConfig } from '../../bot/config.js';
import { fillManifest } from '../../manifest/package.js';

/**
 * Static checks of the Microsoft 365 Agents Toolkit project files (m365agents.yml, m365agents.local.yml,
 * env/): the toolkit itself needs a Microsoft 365 sign-in, so it cannot run here.
 */

const root = resolve(__dirname, '..', '..');

interface Step {
  uses: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  writeToEnvironmentFile?: Record<string, string>;
}
type Project = { version: string; environmentFolderPath: string } & Record<string, Step[]>;

/** Actions this project uses, as the toolkit's v1.8 schema names them. */
const KNOWN_ACTIONS = new Set([
  'teamsApp/create',
  'teamsApp/validateAppPackage',
  'teamsApp/update',
  'teamsApp/publishAppPackage',
  'arm/deploy',
  'script',
  'cli/runNpmCommand',
  'azureAppService/zipDeploy',
  'botAadApp/create',
  'botFramework/create',
  'file/createOrUpdateEnvironmentFile',
]);

/**
 * The names toolkit actions write into the environment file besides arm/deploy: each action's outputs under
 * the names its schema and templates use (writeToEnvironmentFile may rename them; those names count too).
 * Sources: the toolkit's v1.x yaml schema and templates (OfficeDev/teams-toolkit templates, *.yml.tpl).
 */
const ACTION_OUTPUTS: Record<string, string[]> = {
  'teamsApp/create': ['TEAMS_APP_ID', 'TEAMS_APP_TENANT_ID'],
  'teamsApp/publishAppPackage': ['TEAMS_APP_PUBLISHED_APP_ID'],
  'teamsApp/extendToM365': ['M365_TITLE_ID', 'M365_APP_ID'],
  'botAadApp/create': ['BOT_ID', 'SECRET_BOT_PASSWORD'],
  'aadApp/create': [
    'AAD_APP_CLIENT_ID',
    'SECRET_AAD_APP_CLIENT_SECRET',
    'AAD_APP_OBJECT_ID',
    'AAD_APP_TENANT_ID',
    'AAD_APP_OAUTH_AUTHORITY',
    'AAD_APP_OAUTH_AUTHORITY_HOST',
  ],
  'botFramework/create': [],
};

/** Names a script step writes with `::set-teamsfx-env NAME=` (read from the scripts it runs). */
function scriptOutputs(run: string): string[] {
  return [...run.matchAll(/\b(infra\/scripts\/[\w.-]+)/g)].flatMap((m) =>
    [...readFileSync(join(root, m[1] as string), 'utf8').matchAll(/::set-teamsfx-env (\w+)=/g)].map(
      (x) => x[1] as string,
    ),
  );
}

/** Outputs of infra/main.bicep, which arm/deploy writes into the environment file. */
const bicepOutputs = [
  ...readFileSync(join(root, 'infra', 'main.bicep'), 'utf8').matchAll(/^output (\w+) /gm),
].map((m) => m[1] as string);

function envKeys(file: string): Set<string> {
  return new Set(
    readFileSync(join(root, 'env', file), 'utf8')
      .split('\n')
      .map((l) => /^([A-Z_][A-Z0-9_]*)=/.exec(l)?.[1])
      .filter((k): k is string => !!k),
  );
}

for (const [file, env] of [
  ['m365agents.yml', '.env.dev'],
  ['m365agents.local.yml', '.env.local'],
] as const) {
  describe(`Agents Toolkit project ${file} (static)`, () => {
    const project = load(readFileSync(join(root, file), 'utf8')) as Project;
    const stages = (['provision', 'deploy', 'publish'] as const).filter((s) => project[s]);

    it('is a v1.8 project whose actions are known and whose files exist', () => {
      assert.equal(project.version, 'v1.8');
      assert.ok(existsSync(join(root, project.environmentFolderPath, env)));
      for (const stage of stages)
        for (const step of project[stage] ?? []) {
          assert.ok(KNOWN_ACTIONS.has(step.uses), `${stage}: unknown action ${step.uses}`);
          for (const t of (step.with?.templates as { path: string; parameters: string }[] | undefined) ??
            []) {
            assert.ok(existsSync(join(root, t.path)), t.path);
            assert.ok(existsSync(join(root, t.parameters)), t.parameters);
          }
          const run = String(step.with?.run ?? '');
          for (const script of run.matchAll(/\b(infra\/scripts\/[\w.-]+)/g))
            assert.ok(existsSync(join(root, script[1] as string)), script[1]);
        }
    });

    it('defines every ${{VAR}} before it is used: the env file, an earlier step or a Bicep output', () => {
      const known = new Set([...envKeys(env), 'TEAMSFX_ENV']);
      for (const stage of stages)
        for (const step of project[stage] ?? []) {
          const parameters = ((step.with?.templates as { parameters: string }[] | undefined) ?? []).map((t) =>
            readFileSync(join(root, t.parameters), 'utf8'),
          );
          for (const m of [JSON.stringify(step), ...parameters].join('\n').matchAll(/\$\{\{(\w+)\}\}/g))
            assert.ok(known.has(m[1] as string), `${stage} ${step.uses}: \${{${m[1]}}} is never set`);
          for (const v of Object.values(step.writeToEnvironmentFile ?? {})) known.add(v);
          if (step.uses === 'arm/deploy') for (const o of bicepOutputs) known.add(o);
          for (const name of scriptOutputs(String(step.with?.run ?? ''))) known.add(name);
        }
    });

    it('no Bicep output has a name another action writes (arm/deploy would overwrite it)', () => {
      const written = new Set<string>(Object.values(ACTION_OUTPUTS).flat());
      for (const stage of stages)
        for (const step of project[stage] ?? []) {
          if (step.uses === 'arm/deploy') continue;
          for (const v of Object.values(step.writeToEnvironmentFile ?? {})) written.add(v);
          for (const name of scriptOutputs(String(step.with?.run ?? ''))) written.add(name);
        }
      const collisions = bicepOutputs.filter((o) => written.has(o.toUpperCase()));
      assert.deepEqual(collisions, [], `Bicep outputs that overwrite another action's value: ${collisions}`);
    });

    it('packages the app with the variables manifest/package.ts reads, then validates the zip', () => {
      const steps = stages.flatMap((s) => project[s] ?? []);
      const pack = steps.find((s) => s.uses === 'cli/runNpmCommand' && s.with?.args === 'run package');
      assert.ok(pack?.env, 'an `npm run package` step with its environment');
      const sample = Object.fromEntries(
        Object.keys(pack.env).map((k) => [
          k,
          /DOMAIN/.test(k) ? 'roundtable.agency.example' : '8c0e6a55-1b2a-4f0e-9d8e-0b07c0ffee01',
        ]),
      );
      assert.doesNotThrow(() => fillManifest(sample), 'the step passes every variable the manifest needs');
      const zip = steps.filter((s) => s.uses === 'teamsApp/validateAppPackage');
      assert.ok(zip.length > 0 && zip.every((s) => s.with?.appPackagePath === './dist/appPackage.zip'));
    });
  });
}

describe('the local toolkit run (m365agents.local.yml → .localConfigs → npm run start:toolkit)', () => {
  const project = load(readFileSync(join(root, 'm365agents.local.yml'), 'utf8')) as Project;
  const write = (project.deploy ?? []).find((s) => s.uses === 'file/createOrUpdateEnvironmentFile');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };

  it('npm run start:toolkit loads the file the deploy step writes', () => {
    assert.ok(write, 'a file/createOrUpdateEnvironmentFile step');
    const target = String(write.with?.target).replace(/^\.\//, '');
    assert.match(
      pkg.scripts['start:toolkit'] ?? '',
      new RegExp(`--env-file=${target.replace('.', '\\.')}\\b`),
    );
  });

  it('what it writes starts the bot: a client secret on the embedded database, on loopback', () => {
    const envs = (write?.with?.envs ?? {}) as Record<string, string>;
    const sample = (v: string) =>
      String(v).replace(/\$\{\{(\w+)\}\}/g, (_, name: string) =>
        name === 'BOT_DOMAIN'
          ? 'roundtable-dev.devtunnels.ms'
          : name.startsWith('SECRET_')
            ? 'a-local-client-secret'
            : '8c0e6a55-1b2a-4f0e-9d8e-0b07c0ffee01',
      );
    const config = loadConfig(Object.fromEntries(Object.entries(envs).map(([k, v]) => [k, sample(v)])));
    assert.equal(config.production, true, 'Teams tokens are checked');
    assert.equal(config.cosmos.endpoint, undefined, 'the embedded database');
    assert.equal(config.appCredential, 'password');
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.tab.ssoAppId, config.appId, 'one registration: the tab signs in with the bot’s id');
    assert.equal(config.personalApp.teamsAppId, '8c0e6a55-1b2a-4f0e-9d8e-0b07c0ffee01');
  });

  it('docs/deploy.md says the script steps need `az login` to the same tenant', () => {
    const doc = readFileSync(join(root, 'docs', 'deploy.md'), 'utf8');
    assert.match(doc, /script steps[\s\S]{0,200}`az login[^`]*`[\s\S]{0,200}same tenant/i);
  });
});
