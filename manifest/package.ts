/**
 * The Teams app package: fills manifest.template.json from the environment, checks it offline
 * (the JSON schemas shipped by @microsoft/app-manifest, and Teams' own rules), and zips it with
 * the icons and the localization files (es.json: Spanish) into dist/appPackage.zip.
 * `npm run package` runs this file.
 *
 *   BOT_ID           the bot's Entra app registration (client id)            required
 *                    (MicrosoftAppId is read when BOT_ID is not set)
 *   TAB_SSO_APP_ID   webApplicationInfo.id: the app the tab signs in with and RSC is granted to;
 *                    it must be the bot's id (one registration, docs/tab-and-manifest.md)  default: BOT_ID
 *   TAB_DOMAIN       host name serving /tab (and the SSO resource)           required
 *   BOT_DOMAIN       host name of the bot's /api/messages, when different     optional
 *   TEAMS_APP_ID     the Teams app id (default: BOT_ID)                      optional
 *   APP_VERSION      semver (default: package.json version)                   optional
 *   DEVELOPER_NAME, PRIVACY_URL, TERMS_URL                                    optional
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { menuCommands, parseCommand } from '../bot/teams/routing/commands.js';
import { ACCENT } from './icons.js';

export const MANIFEST_DIR = resolve(__dirname);
const ROOT = resolve(MANIFEST_DIR, '..');
export const SCHEMA_VERSION = '1.30';
export const SCHEMA_PATH = join(
  ROOT,
  'node_modules/@microsoft/app-manifest/build/json-schemas/teams',
  `v${SCHEMA_VERSION}`,
  'MicrosoftTeams.schema.json',
);
/** The schema of a Teams localization file (`localizationInfo.additionalLanguages[].file`), same version. */
export const LOCALIZATION_SCHEMA_PATH = join(SCHEMA_PATH, '..', 'MicrosoftTeams.Localization.schema.json');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export type Manifest = Record<string, unknown> & {
  id: string;
  bots: {
    botId: string;
    scopes: string[];
    commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[];
  }[];
  configurableTabs: { configurationUrl: string; context: string[] }[];
  staticTabs?: { entityId: string; name?: string; contentUrl?: string; scopes: string[] }[];
  webApplicationInfo: { id: string; resource: string };
  validDomains: string[];
  localizationInfo?: {
    defaultLanguageTag: string;
    additionalLanguages?: { languageTag: string; file: string }[];
  };
  icons: { color: string; outline: string };
};

/**
 * Command lists per scope, from the route rows (bot/teams/routing/routes.ts): each menu offers the commands ranked for it,
 * by rank (meetings, group chats and teams; the personal chat). Teams shows at most 12 per list.
 */
export function commandLists() {
  const line = (c: { title: string; description: string }) => ({
    title: c.title,
    description: c.description.slice(0, 128),
  });
  return [
    { scopes: ['groupChat', 'team'], commands: menuCommands('group').map(line).slice(0, MENU_MAX) },
    { scopes: ['personal'], commands: menuCommands('personal').map(line).slice(0, MENU_MAX) },
  ];
}

/** Most commands Teams shows in one command list. */
export const MENU_MAX = 12;

/** The filled manifest; throws naming every missing or malformed variable. */
export function fillManifest(env: NodeJS.ProcessEnv = process.env): Manifest {
  const problems: string[] = [];
  const appId = (env.BOT_ID || env.MicrosoftAppId || '').trim();
  // One app registration is the bot and the tab's sign-in app: RSC is granted to webApplicationInfo.id.
  const ssoAppId = (env.TAB_SSO_APP_ID || env.BOT_ID || env.MicrosoftAppId || '').trim();
  const tabDomain = (env.TAB_DOMAIN ?? '').trim().toLowerCase();
  const botDomain = (env.BOT_DOMAIN ?? '').trim().toLowerCase();
  if (!GUID.test(appId))
    problems.push("BOT_ID: the client id of the bot's Entra app registration (a GUID; or MicrosoftAppId)");
  if (!GUID.test(ssoAppId))
    problems.push(
      "TAB_SSO_APP_ID: the client id of the app the tab signs in with, the bot's own (a GUID; defaults to BOT_ID)",
    );
  if (!HOST.test(tabDomain))
    problems.push('TAB_DOMAIN: the host name that serves /tab, e.g. roundtable.agency.example');
  if (botDomain && !HOST.test(botDomain)) problems.push('BOT_DOMAIN: a host name');
  const teamsAppId = (env.TEAMS_APP_ID || appId).trim();
  if (!GUID.test(teamsAppId)) problems.push('TEAMS_APP_ID: a GUID');
  if (problems.length) throw new Error(`Cannot fill the manifest:\n  - ${problems.join('\n  - ')}`);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const values: Record<string, unknown> = {
    BOT_ID: appId,
    TAB_SSO_APP_ID: ssoAppId,
    TEAMS_APP_ID: teamsAppId,
    TAB_DOMAIN: tabDomain,
    APP_VERSION: env.APP_VERSION ?? pkg.version,
    DEVELOPER_NAME: env.DEVELOPER_NAME ?? 'Roundtable',
    PRIVACY_URL: env.PRIVACY_URL ?? `https://${tabDomain}/tab/config.html#privacy`,
    TERMS_URL: env.TERMS_URL ?? `https://${tabDomain}/tab/config.html#terms`,
    ACCENT,
    COMMAND_LISTS: commandLists(),
    VALID_DOMAINS: [...new Set([tabDomain, ...(botDomain ? [botDomain] : [])])],
  };
  const template = readFileSync(join(MANIFEST_DIR, 'manifest.template.json'), 'utf8');
  // A whole-string placeholder becomes the value (lists); inside a string it is replaced as text.
  const filled = JSON.parse(template, (_key, value: unknown) => {
    if (typeof value !== 'string') return value;
    const whole = /^\$\{\{(\w+)\}\}$/.exec(value);
    if (whole?.[1] && typeof values[whole[1]] !== 'string') return values[whole[1]];
    return value.replace(/\$\{\{(\w+)\}\}/g, (_m, name: string) => {
      const v = values[name];
      if (typeof v !== 'string') throw new Error(`manifest.template.json: unknown placeholder ${name}`);
      return v;
    });
  });
  return filled as Manifest;
}

const compiled = new Map<string, ValidateFunction>();

function schemaErrors(manifest: unknown, path = SCHEMA_PATH, label = 'schema'): string[] {
  let validate = compiled.get(path);
  if (!validate) {
    const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    delete schema.$schema; // draft-04 header; the keywords it uses are understood by Ajv's default draft
    // The localization schema's patterns are not valid with the u flag (`\b]`): Teams reads them without it.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: path === SCHEMA_PATH });
    addFormats(ajv);
    validate = ajv.compile(schema);
    compiled.set(path, validate);
  }
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(
    (e: ErrorObject) =>
      `${label}: ${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
  );
}

/**
 * The localization files (#29 item 4): each is in the package, passes Teams' localization schema, and matches
 * the manifest: a command's title stays the English word the bot answers (at the same place in the same list),
 * every command of the manifest has its translated description, a static tab named there has a name.
 */
export function localizationErrors(manifest: Manifest, files: Record<string, Buffer>): string[] {
  const errors: string[] = [];
  for (const { languageTag, file } of manifest.localizationInfo?.additionalLanguages ?? []) {
    const data = files[file];
    if (!data) {
      errors.push(`localization ${languageTag}: ${file} is not in the package`);
      continue;
    }
    const texts = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    errors.push(...schemaErrors(texts, LOCALIZATION_SCHEMA_PATH, `localization ${file}`));
    (manifest.bots[0]?.commandLists ?? []).forEach((list, l) => {
      list.commands.forEach((c, i) => {
        const at = `bots[0].commandLists[${l}].commands[${i}]`;
        const title = texts[`${at}.title`];
        if (title !== undefined && title !== c.title)
          errors.push(
            `localization ${file}: ${at}.title is "${String(title)}", the manifest's is "${c.title}"`,
          );
        if (!texts[`${at}.description`])
          errors.push(`localization ${file}: ${at}.description (${c.title}) is missing`);
      });
    });
    for (const key of Object.keys(texts)) {
      const tab = /^staticTabs\[(\d+)\]\.name$/.exec(key);
      if (tab && !manifest.staticTabs?.[Number(tab[1])]?.name)
        errors.push(`localization ${file}: ${key} names a static tab without a name`);
      const command = /^bots\[0\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]/.exec(key);
      if (command && !manifest.bots[0]?.commandLists[Number(command[1])]?.commands[Number(command[2])])
        errors.push(`localization ${file}: ${key} is not a command of the manifest`);
    }
  }
  return errors;
}

/** Teams' rules the schema does not express. `files` holds the package's files by name. */
export function teamsRuleErrors(manifest: Manifest, files: Record<string, Buffer>): string[] {
  const errors: string[] = [];
  const icon = (name: string) => {
    const data = files[name];
    if (!data) {
      errors.push(`icons: ${name} is not in the package`);
      return undefined;
    }
    return PNG.sync.read(data);
  };
  const color = icon(manifest.icons.color);
  if (color && (color.width !== 192 || color.height !== 192))
    errors.push(`icons: color is ${color.width}×${color.height}, must be 192×192`);
  const outline = icon(manifest.icons.outline);
  if (outline) {
    if (outline.width !== 32 || outline.height !== 32)
      errors.push(`icons: outline is ${outline.width}×${outline.height}, must be 32×32`);
    let transparent = 0;
    let notWhite = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const a = outline.data[i + 3] ?? 0;
      if (a === 0) transparent++;
      else if (outline.data[i] !== 255 || outline.data[i + 1] !== 255 || outline.data[i + 2] !== 255)
        notWhite++;
    }
    if (transparent === 0) errors.push('icons: outline must have a transparent background');
    if (notWhite > 0) errors.push(`icons: outline must be white only (${notWhite} coloured pixels)`);
  }
  const bot = manifest.bots[0];
  const ssoAppId = manifest.webApplicationInfo.id;
  if (!bot) errors.push('bots: the bot is missing');
  else {
    for (const list of bot.commandLists) {
      for (const c of list.commands) {
        const parsed = parseCommand(c.title);
        if (parsed.name === 'unknown') errors.push(`commands: "${c.title}" is not a command the bot answers`);
      }
      for (const s of list.scopes)
        if (!bot.scopes.includes(s))
          errors.push(`commands: list for scope ${s} but the bot is not in that scope`);
    }
  }
  for (const d of manifest.validDomains) {
    if (!HOST.test(d)) errors.push(`validDomains: "${d}" is not a host name (no scheme, path or port)`);
    if (/^\*\.(microsoft|office|azurewebsites|cloudapp)\.(com|net)$/i.test(d) || d.startsWith('*.*'))
      errors.push(`validDomains: "${d}" is too broad`);
  }
  if (bot && ssoAppId !== bot.botId)
    errors.push(
      'webApplicationInfo.id must be the bot\'s id (bots[0].botId): RSC permissions and meeting events are granted to the app named there (docs/tab-and-manifest.md, "Identity")',
    );
  const resource = manifest.webApplicationInfo.resource;
  const resourceHost = /^api:\/\/([^/]+)\/(.+)$/.exec(resource);
  if (!resourceHost || resourceHost[2] !== ssoAppId)
    errors.push('webApplicationInfo.resource must be api://<tab domain>/<webApplicationInfo.id>');
  else if (!manifest.validDomains.includes(resourceHost[1] ?? ''))
    errors.push('webApplicationInfo.resource: its domain must be in validDomains');
  for (const tab of manifest.staticTabs ?? []) {
    if (!tab.contentUrl) continue;
    const url = new URL(tab.contentUrl);
    if (url.protocol !== 'https:') errors.push(`staticTabs: ${tab.entityId} contentUrl must be https`);
    if (!manifest.validDomains.includes(url.hostname))
      errors.push(`staticTabs: ${url.hostname} is not in validDomains`);
  }
  for (const tab of manifest.configurableTabs) {
    const url = new URL(tab.configurationUrl);
    if (url.protocol !== 'https:') errors.push('configurableTabs: configurationUrl must be https');
    if (!manifest.validDomains.includes(url.hostname))
      errors.push(`configurableTabs: ${url.hostname} is not in validDomains`);
  }
  return errors;
}

/** The package's files: manifest.json, the two icons and the localization files (manifest/<file>). */
export function packageFiles(manifest: Manifest): Record<string, Buffer> {
  const files: Record<string, Buffer> = {
    'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
    [manifest.icons.color]: readFileSync(join(MANIFEST_DIR, 'color.png')),
    [manifest.icons.outline]: readFileSync(join(MANIFEST_DIR, 'outline.png')),
  };
  for (const { file } of manifest.localizationInfo?.additionalLanguages ?? [])
    files[file] = readFileSync(join(MANIFEST_DIR, file));
  return files;
}

/** Schema and Teams-rule problems of a filled manifest (empty when it is fine). */
export function validateManifest(manifest: Manifest, files = packageFiles(manifest)): string[] {
  return [
    ...schemaErrors(manifest),
    ...teamsRuleErrors(manifest, files),
    ...localizationErrors(manifest, files),
  ];
}

/** Fills, validates and zips; returns the zip's path. Throws listing every problem. */
export async function buildPackage(
  env: NodeJS.ProcessEnv = process.env,
  outDir = join(ROOT, 'dist'),
): Promise<string> {
  const manifest = fillManifest(env);
  const files = packageFiles(manifest);
  const problems = validateManifest(manifest, files);
  if (problems.length) throw new Error(`The manifest is not valid:\n  - ${problems.join('\n  - ')}`);
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files))
    zip.file(name, data, { date: new Date('2024-01-01T00:00:00Z') });
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, 'appPackage.zip');
  writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return out;
}

if (require.main === module) {
  buildPackage().then(
    (out) => console.log(`Teams app package written: ${out} (manifest ${SCHEMA_VERSION}, checked offline)`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
