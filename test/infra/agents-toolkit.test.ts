import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
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
          for (const m of JSON.stringify(step).matchAll(/\$\{\{(\w+)\}\}/g))
            assert.ok(known.has(m[1] as string), `${stage} ${step.uses}: \${{${m[1]}}} is never set`);
          for (const v of Object.values(step.writeToEnvironmentFile ?? {})) known.add(v);
          if (step.uses === 'arm/deploy') for (const o of bicepOutputs) known.add(o);
          if (String(step.with?.run ?? '').includes('tab-sso-app.sh')) known.add('TAB_SSO_APP_ID');
        }
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
