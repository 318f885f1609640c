/**
 * `npm run smoke -- --resource-group <rg> [--deployment main] [--app-package dist/appPackage.zip] [--base-url <url>]`
 *
 * A read-only check an administrator runs after deploying (docs/deploy.md, step 9): health and readiness,
 * the app settings the bot needs, the manifest's ids against the deployment's, the app registration's
 * Application ID URI, scope, pre-authorised Teams clients and federated credential, and the Azure Bot with
 * its Teams channel. Needs `az login` to the tenant and subscription of the deployment. Prints one line per
 * check and each problem in plain words; exits 1 when there is a problem, 2 when it cannot start.
 */
import { parseArgs } from 'node:util';
import {
  az,
  checkBot,
  checkEndpoints,
  checkManifest,
  checkRegistration,
  checkSettings,
  outputsFrom,
  Report,
  type SmokeOptions,
} from './smoke-checks.js';

type Json = Record<string, unknown>;

/** Runs every check; returns the report. */
export async function smoke(opts: SmokeOptions): Promise<Report> {
  const r = new Report();
  const rg = ['--resource-group', opts.resourceGroup];
  const deployment = await az([
    'deployment',
    'group',
    'show',
    ...rg,
    '--name',
    opts.deployment,
    '--query',
    'properties.outputs',
  ]);
  if (deployment.error || !deployment.value) {
    r.problem(
      `The deployment "${opts.deployment}" in resource group ${opts.resourceGroup} cannot be read (${deployment.error ?? 'no outputs'}): check the names, and that az is signed in to the right subscription`,
    );
    return r;
  }
  const outputs = outputsFrom(deployment.value);
  const base = opts.baseUrl ?? `https://${outputs.BOT_DOMAIN}`;
  await checkEndpoints(base, r);

  const list = await az([
    'webapp',
    'config',
    'appsettings',
    'list',
    ...rg,
    '--name',
    outputs.WEB_APP_NAME ?? '',
  ]);
  if (list.error) {
    r.problem(`The Web App's app settings cannot be read (${list.error})`);
    return r;
  }
  const settings = Object.fromEntries(
    ((list.value as { name: string; value: string | null }[]) ?? []).map((s) => [s.name, s.value ?? '']),
  );
  checkSettings(settings, outputs, r);

  const account = await az(['account', 'show']);
  const signedIn = String((account.value as Json | undefined)?.tenantId ?? '').toLowerCase();
  r.check(
    signedIn === (settings.MicrosoftAppTenantId ?? '').toLowerCase(),
    'az is signed in to the bot’s tenant',
    `az is signed in to tenant ${signedIn || '(none)'}, but the bot's tenant is ${settings.MicrosoftAppTenantId ?? 'unset'}: run az login --tenant ${settings.MicrosoftAppTenantId ?? '<tenant id>'}`,
  );

  if (opts.appPackage) await checkManifest(opts.appPackage, settings, r);
  else r.check(true, 'No --app-package given: the manifest was not compared', '');

  const appId = settings.MicrosoftAppId ?? '';
  const app = await az(['ad', 'app', 'show', '--id', appId]);
  const fics = await az(['ad', 'app', 'federated-credential', 'list', '--id', appId]);
  if (app.error)
    r.problem(`The app registration ${appId} cannot be read (${app.error}): is az signed in to its tenant?`);
  else checkRegistration(app.value as Json, (fics.value as Json[] | undefined) ?? [], settings, outputs, r);

  const name = ['--name', outputs.BOT_RESOURCE_NAME ?? ''];
  const bot = await az(['bot', 'show', ...rg, ...name]);
  const teams = await az(['bot', 'msteams', 'show', ...rg, ...name]);
  if (bot.error) r.problem(`The Azure Bot ${outputs.BOT_RESOURCE_NAME ?? ''} cannot be read (${bot.error})`);
  else checkBot(bot.value as Json, teams.value as Json | undefined, settings, outputs, r);
  return r;
}

async function main(): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        'resource-group': { type: 'string', short: 'g' },
        deployment: { type: 'string', short: 'n', default: 'main' },
        'app-package': { type: 'string' },
        'base-url': { type: 'string' },
      },
    }) as { values: Record<string, string | undefined> });
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const resourceGroup = values['resource-group'] ?? process.env.AZURE_RESOURCE_GROUP_NAME;
  if (!resourceGroup) {
    console.error(
      'usage: npm run smoke -- --resource-group <rg> [--deployment main] [--app-package dist/appPackage.zip]',
    );
    return 2;
  }
  const report = await smoke({
    resourceGroup,
    deployment: values.deployment ?? 'main',
    appPackage: values['app-package'],
    baseUrl: values['base-url'],
  });
  for (const f of report.findings) console.log(`${f.ok ? 'ok     ' : 'PROBLEM'}  ${f.text}`);
  const problems = report.problems.length;
  console.log(
    problems
      ? `\n${problems} problem(s): see above.`
      : '\nEverything checked is in order. Now go through docs/tenant-checklist.md.',
  );
  return problems ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(2);
    },
  );
}
