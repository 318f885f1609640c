/**
 * The checks of `npm run smoke` (scripts/smoke.ts): read-only questions to the deployed Web App and to `az`,
 * each answered with "ok" or a problem in plain words. Nothing here changes Azure or Entra ID.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { ConfigError, loadConfig } from '../bot/config.js';

/** Teams' own clients that must be pre-authorised for the tab's sign-in (desktop/mobile, web). */
export const TEAMS_CLIENTS = {
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264': 'Teams desktop and mobile',
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346': 'Teams web',
};

export interface SmokeOptions {
  resourceGroup: string;
  /** The deployment's name: `main` for `az deployment group create -f infra/main.bicep`, roundtable-<env> for the toolkit. */
  deployment: string;
  /** The app package (`npm run package`) whose manifest is compared with the deployment. */
  appPackage?: string;
  /** Where the bot answers (default https://<BOT_DOMAIN>). */
  baseUrl?: string;
}

/** One line of the report. */
export interface Finding {
  ok: boolean;
  text: string;
}

/** Runs `az <args> -o json` and parses its answer; undefined (with the reason) when az fails. */
export function az(args: string[]): Promise<{ value?: unknown; error?: string }> {
  return new Promise((resolve) => {
    execFile('az', [...args, '-o', 'json'], { maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const why = (stderr || err.message).trim().split('\n')[0] ?? '';
        resolve({
          error:
            (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the Azure CLI (az) is not installed' : why,
        });
        return;
      }
      try {
        resolve({ value: JSON.parse(stdout || 'null') });
      } catch {
        resolve({ error: 'az did not answer JSON' });
      }
    });
  });
}

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const lower = (v: unknown): string => str(v).toLowerCase();

/** Collects findings: `check(condition, ok text, problem text)`. */
export class Report {
  readonly findings: Finding[] = [];
  check(condition: boolean, ok: string, problem: string): boolean {
    this.findings.push({ ok: condition, text: condition ? ok : problem });
    return condition;
  }
  problem(text: string): void {
    this.findings.push({ ok: false, text });
  }
  get problems(): string[] {
    return this.findings.filter((f) => !f.ok).map((f) => f.text);
  }
}

/** GET <base><path>: its status, or why it could not be reached. */
async function get(url: string): Promise<{ status?: number; body?: string; error?: string }> {
  try {
    const res = await fetch(url, { redirect: 'manual' });
    return { status: res.status, body: await res.text() };
  } catch (err) {
    return {
      error: (err as Error).cause ? String((err as { cause: Error }).cause.message) : (err as Error).message,
    };
  }
}

/** Health and readiness of the running bot. */
export async function checkEndpoints(base: string, r: Report): Promise<void> {
  const health = await get(`${base}/api/health`);
  if (health.error)
    r.problem(
      `The bot does not answer at ${base}/api/health (${health.error}): is the app deployed and started?`,
    );
  else
    r.check(
      health.status === 200,
      `${base}/api/health answers 200`,
      `${base}/api/health answers ${health.status}, not 200: the app is not running; see the log stream (az webapp log tail)`,
    );
  const ready = await get(`${base}/api/ready`);
  if (ready.error) r.problem(`The bot does not answer at ${base}/api/ready (${ready.error}).`);
  else
    r.check(
      ready.status === 200,
      `${base}/api/ready answers 200: Cosmos DB answers the managed identity`,
      `${base}/api/ready answers ${ready.status}: the bot cannot read Cosmos DB (a 403 in the log means the Data Contributor role has not propagated yet, or private networking blocks it)`,
    );
}

/** What the deployment wrote (infra/main.bicep outputs). */
export type Outputs = Record<string, string>;

export function outputsFrom(value: unknown): Outputs {
  const out: Outputs = {};
  for (const [k, v] of Object.entries((value ?? {}) as Record<string, { value?: unknown }>))
    out[k] = str(v?.value);
  return out;
}

/** The Web App's app settings against what the bot needs and the deployment's ids. */
export function checkSettings(settings: Record<string, string>, outputs: Outputs, r: Report): void {
  try {
    loadConfig(settings);
    r.check(true, 'The app settings pass the bot’s configuration rules', '');
  } catch (err) {
    const text = err instanceof ConfigError ? err.message.replace(/\n\s*/g, ' ') : String(err);
    r.problem(`The app settings would stop the bot: ${text}`);
  }
  const appId = lower(settings.MicrosoftAppId);
  r.check(
    settings.MicrosoftAppType === 'SingleTenant',
    'MicrosoftAppType is SingleTenant (the app registration is the bot)',
    `MicrosoftAppType is "${settings.MicrosoftAppType ?? ''}", expected SingleTenant: deploy infra/main.bicep again`,
  );
  r.check(
    !!appId && lower(settings.TAB_SSO_APP_ID) === appId,
    'TAB_SSO_APP_ID is the bot’s id (one registration)',
    `TAB_SSO_APP_ID (${settings.TAB_SSO_APP_ID ?? 'unset'}) is not the bot's id (${appId || 'unset'}): RSC and the tab's sign-in must name the same app registration`,
  );
  r.check(
    !!outputs.IDENTITY_CLIENT_ID && lower(settings.AZURE_CLIENT_ID) === lower(outputs.IDENTITY_CLIENT_ID),
    'AZURE_CLIENT_ID is the deployment’s managed identity',
    `AZURE_CLIENT_ID (${settings.AZURE_CLIENT_ID ?? 'unset'}) is not the deployment's managed identity (${outputs.IDENTITY_CLIENT_ID || 'unknown'})`,
  );
  r.check(
    !!settings.TEAMS_APP_ID && lower(settings.TEAMS_APP_ID) === lower(outputs.MANIFEST_TEAMS_APP_ID),
    'TEAMS_APP_ID is set: "Open My roundtables" links name the Teams app',
    `TEAMS_APP_ID (${settings.TEAMS_APP_ID || 'unset'}) is not the Teams app id of the deployment (${outputs.MANIFEST_TEAMS_APP_ID || 'unknown'}): "Open My roundtables" links would open the wrong app`,
  );
  for (const secret of ['MicrosoftAppPassword', 'COSMOS_KEY'])
    r.check(
      !settings[secret],
      `No ${secret} in the app settings`,
      `${secret} is set on the Web App: the deployment needs no secret; remove it`,
    );
}

/** The app package's manifest ids against the deployment's. */
export async function checkManifest(
  zipPath: string,
  settings: Record<string, string>,
  r: Report,
): Promise<void> {
  let manifest: Json;
  try {
    const zip = await JSZip.loadAsync(readFileSync(zipPath));
    manifest = JSON.parse((await zip.file('manifest.json')?.async('string')) ?? 'null') as Json;
    if (!manifest) throw new Error('no manifest.json in it');
  } catch (err) {
    r.problem(`The app package ${zipPath} cannot be read: ${(err as Error).message}`);
    return;
  }
  const appId = lower(settings.MicrosoftAppId);
  const bot = lower(((manifest.bots as Json[] | undefined) ?? [])[0]?.botId);
  const web = (manifest.webApplicationInfo ?? {}) as Json;
  r.check(
    bot === appId,
    'The manifest’s bot id is the deployed bot',
    `The manifest's bots[0].botId (${bot || 'none'}) is not the deployed bot (${appId}): package again with BOT_ID=${appId}`,
  );
  r.check(
    lower(web.id) === appId,
    'The manifest’s webApplicationInfo.id is the bot (RSC reaches it)',
    `The manifest's webApplicationInfo.id (${str(web.id) || 'none'}) is not the bot (${appId}): RSC permissions and meeting events would go to another app`,
  );
  r.check(
    lower(web.resource) === `api://${lower(settings.TAB_DOMAIN)}/${appId}`,
    'The manifest’s webApplicationInfo.resource is the app’s Application ID URI',
    `The manifest's webApplicationInfo.resource (${str(web.resource) || 'none'}) is not api://${settings.TAB_DOMAIN}/${appId}: the tab's sign-in would fail`,
  );
  r.check(
    lower(manifest.id) === lower(settings.TEAMS_APP_ID),
    'The manifest id is the Web App’s TEAMS_APP_ID',
    `The manifest id (${str(manifest.id)}) is not the Web App's TEAMS_APP_ID (${settings.TEAMS_APP_ID || 'unset'}): deep links would name another app`,
  );
}

/** The app registration: Application ID URI, scope, pre-authorised Teams clients, federated credential. */
export function checkRegistration(
  app: Json,
  credentials: Json[],
  settings: Record<string, string>,
  outputs: Outputs,
  r: Report,
): void {
  const appId = lower(settings.MicrosoftAppId);
  const uri = `api://${lower(settings.TAB_DOMAIN)}/${appId}`;
  r.check(
    ((app.identifierUris as string[] | undefined) ?? []).map(lower).includes(uri),
    `The app registration exposes ${uri}`,
    `The app registration does not expose ${uri}: run infra/scripts/bot-app.sh configure`,
  );
  r.check(
    app.signInAudience === 'AzureADMyOrg',
    'The app registration is single-tenant',
    `The app registration's sign-in audience is ${str(app.signInAudience) || 'unknown'}, expected AzureADMyOrg (single tenant)`,
  );
  const api = (app.api ?? {}) as Json;
  const scope = ((api.oauth2PermissionScopes as Json[] | undefined) ?? []).find(
    (s) => s.value === 'access_as_user',
  );
  r.check(
    !!scope && scope.isEnabled !== false,
    'The scope access_as_user is exposed',
    'The app registration exposes no enabled scope access_as_user: the tab cannot sign in; run infra/scripts/bot-app.sh configure',
  );
  const pre = (api.preAuthorizedApplications as Json[] | undefined) ?? [];
  for (const [client, name] of Object.entries(TEAMS_CLIENTS)) {
    const entry = pre.find((p) => lower(p.appId) === client);
    r.check(
      !!entry &&
        !!scope &&
        ((entry.delegatedPermissionIds as string[] | undefined) ?? []).includes(str(scope.id)),
      `${name} (${client}) is pre-authorised for access_as_user`,
      `${name} (${client}) is not pre-authorised for access_as_user: users would see a consent prompt or an error in the tab`,
    );
  }
  const principal = lower(outputs.IDENTITY_PRINCIPAL_ID);
  const fic = credentials.find((c) => lower(c.subject) === principal);
  r.check(
    !!fic &&
      ((fic.audiences as string[] | undefined) ?? []).includes('api://AzureADTokenExchange') &&
      lower(fic.issuer) === `https://login.microsoftonline.com/${lower(settings.MicrosoftAppTenantId)}/v2.0`,
    'The federated credential trusts the Web App’s managed identity',
    `No federated credential on the app registration trusts the managed identity ${principal || '(unknown)'} (issuer https://login.microsoftonline.com/<tenant>/v2.0, audience api://AzureADTokenExchange): the bot cannot sign its replies; run infra/scripts/bot-app.sh configure`,
  );
}

/** The Azure Bot resource and its Teams channel. */
export function checkBot(
  bot: Json | undefined,
  teams: Json | undefined,
  settings: Record<string, string>,
  outputs: Outputs,
  r: Report,
): void {
  const props = (bot?.properties ?? {}) as Json;
  r.check(
    lower(props.msaAppId) === lower(settings.MicrosoftAppId) && props.msaAppType === 'SingleTenant',
    'The Azure Bot is the app registration (SingleTenant)',
    `The Azure Bot's app id is ${str(props.msaAppId) || 'unknown'} (${str(props.msaAppType) || 'unknown type'}), expected ${settings.MicrosoftAppId} (SingleTenant)`,
  );
  const endpoint = `https://${outputs.BOT_DOMAIN}/api/messages`;
  r.check(
    lower(props.endpoint) === lower(endpoint),
    `The Azure Bot's messaging endpoint is ${endpoint}`,
    `The Azure Bot's messaging endpoint is ${str(props.endpoint) || 'unset'}, expected ${endpoint}`,
  );
  const channel = ((teams?.properties ?? {}) as Json).properties as Json | undefined;
  r.check(
    !!teams && channel?.isEnabled !== false,
    'The Microsoft Teams channel is on the Azure Bot',
    'The Microsoft Teams channel is not enabled on the Azure Bot: Teams cannot reach the bot (Azure portal → the bot → Channels → Microsoft Teams)',
  );
}
