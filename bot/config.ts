import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AUDIT_ENV, type AuditConfig, auditConfig } from './config-audit.js';
import { CHILD_SETTINGS_SHAPE, childSettings } from './config-child.js';
import { type CoordinatorConfig, coordinatorConfig } from './config-coordinator.js';
import { HANDOUT_ENV, type HandoutConfig, handoutConfig } from './config-handout.js';
import {
  type AppCredential,
  appCredential,
  embeddedWithAppId,
  IDENTITY_ENV,
  identityProblems,
} from './config-identity.js';
import { LANGUAGE_SETTINGS_SHAPE, languageSettings } from './config-language.js';
import { PERSONAL_APP_ENV, type PersonalAppConfig, personalAppConfig } from './config-personal-app.js';
import { PRACTICE_SETTINGS_SHAPE, practiceSettings } from './config-practice.js';
import { type ProgrammeConfig, programmeConfig } from './config-programme.js';
import { type RecordsConfig, recordsConfig } from './config-records.js';
import { TEAMS_LIMITS_ENV, type TeamsConfig, teamsConfig } from './config-teams.js';
import { YOUTH_SETTINGS_SHAPE, youthSettingsOf } from './config-youth.js';
import { DEFAULT_SETTINGS } from './roundtable/settings.js';
import { type AgencySettings, PHASE_KEYS } from './roundtable/types.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An Entra ID (tenant, app or managed identity client) id. */
const guid = (what: string) =>
  z
    .string()
    .trim()
    .regex(GUID, `must be a GUID (${what})`)
    .transform((s) => s.toLowerCase());

/** Teams' Bot Connector hosts on the public Azure Bot Service (commercial and GCC); the government
 * clouds: docs/configuration.md, TEAMS_SERVICE_URLS. */
export const DEFAULT_TEAMS_SERVICE_URLS = [
  'https://smba.trafficmanager.net/',
  'https://smba.onyx.prod.teams.trafficmanager.net/',
  'https://smba.infra.gcc.teams.microsoft.com/',
];

/** https, or plain http to this machine only (traffic that never leaves it: offline tests, local key servers). */
function isSecureUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    if (u.username || u.password) return false;
    if (u.protocol === 'https:') return true;
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

const tenantList = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
  )
  .refine((ids) => ids.every((id) => GUID.test(id)), 'must be a comma-separated list of tenant GUIDs');

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Every environment variable the bot reads (docs/configuration.md lists them with the same names). */
const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    /** Interface to listen on; defaults to 127.0.0.1 in local mode and 0.0.0.0 with an app id. */
    HOST: z.string().min(1).optional(),
    /** The bot's Entra app id (the app registration; with UserAssignedMSI the managed identity's client id). Unset: local mode. */
    MicrosoftAppId: guid('the Entra app or managed identity client id').optional(),
    ...PERSONAL_APP_ENV,
    ...HANDOUT_ENV,
    MicrosoftAppPassword: z.string().optional(),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: guid('the Entra tenant id').optional(),
    COSMOS_ENDPOINT: z.url().optional(),
    /** Account key: a fallback only; without it the bot signs in to Cosmos with Entra ID. */
    COSMOS_KEY: z.string().min(1).optional(),
    COSMOS_DATABASE: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,255}$/, 'letters, digits, _ and - only')
      .default('roundtable'),
    /** Client id of the user-assigned managed identity used for Cosmos DB. */
    AZURE_CLIENT_ID: guid('the managed identity client id').optional(),
    ALLOWED_TENANTS: tenantList,
    AGENCY_SETTINGS_FILE: z.string().optional(),
    /** The same settings inline, as JSON (handy as an App Service setting). */
    AGENCY_SETTINGS_JSON: z.string().optional(),
    AGENCY_TIME_ZONE: z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/London or America/Chicago')
      .default('UTC'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** How often each instance looks for due reminders; 0 turns the reminder loop off. */
    REMINDER_TICK_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    ...TEAMS_LIMITS_ENV,
    ...AUDIT_ENV,
    APPLICATIONINSIGHTS_CONNECTION_STRING: z
      .string()
      .regex(/(^|;)\s*InstrumentationKey=[^;]+/i, 'must be an Application Insights connection string')
      .optional(),
    /** Only what it means to Node and libraries: the production rules follow MicrosoftAppId, not this. */
    NODE_ENV: z.string().default('development'),
    /** Bot Connector URL prefixes the bot accepts and sends to (comma-separated); loopback is added in local mode. */
    TEAMS_SERVICE_URLS: z
      .string()
      .optional()
      .transform((s) =>
        s === undefined
          ? DEFAULT_TEAMS_SERVICE_URLS
          : s
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean),
      )
      .refine(
        (urls) => urls.length > 0 && urls.every(isSecureUrl),
        'must be a comma-separated list of https:// URL prefixes such as https://smba.trafficmanager.net/',
      ),
    /** With an app id, a Cosmos DB account key is refused unless this says true (prefer the managed identity). */
    COSMOS_KEY_ALLOWED: z.enum(['true', 'false']).default('false'),
    ...IDENTITY_ENV,
    /** The tab's SSO app registration (client id): tokens' audience is api://<TAB_DOMAIN>/<TAB_SSO_APP_ID>. */
    TAB_SSO_APP_ID: z
      .string()
      .regex(GUID, 'the client id (a GUID) of the tab sign-in app registration')
      .optional(),
    /** Host name the meeting tab is served from; the SSO audience is api://<TAB_DOMAIN>/<TAB_SSO_APP_ID>. */
    TAB_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a host name such as roundtable.agency.example')
      .optional(),
    /** Entra object ids of agency leaders (barrier register, monthly digest), comma-separated. */
    LEADER_IDS: z
      .string()
      .optional()
      .transform((s) =>
        (s ?? '')
          .split(',')
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean),
      )
      .refine(
        (ids) => ids.every((id) => GUID.test(id)),
        'must be a comma-separated list of Entra object ids (GUIDs)',
      ),
    /** Days after a plan closes that its roundtables are deleted; 0 keeps them. */
    RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(0),
    /** Minutes a private download link (case file, CSV) stays valid. */
    EXPORT_LINK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    /** Keys that sign Teams SSO tokens (tests point this at a local JWKS). */
    TAB_SSO_JWKS_URL: z.url().default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
    /** Accepted SSO token issuers, comma-separated; {tenantid} stands for the token's tid. */
    TAB_SSO_ISSUERS: z
      .string()
      .default('https://login.microsoftonline.com/{tenantid}/v2.0,https://sts.windows.net/{tenantid}/'),
  })
  .superRefine((env, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    identityProblems(env, problem);
    if (env.AGENCY_SETTINGS_FILE && env.AGENCY_SETTINGS_JSON) {
      problem('AGENCY_SETTINGS_JSON', 'set AGENCY_SETTINGS_FILE or AGENCY_SETTINGS_JSON, not both');
    }
    // Production is an app id: Teams traffic with real tokens, whatever NODE_ENV says.
    if (!env.MicrosoftAppId) return;
    if (env.ALLOWED_TENANTS.length === 0) {
      problem(
        'ALLOWED_TENANTS',
        'required with MicrosoftAppId (production): the tenant id(s) whose users may use the bot',
      );
    }
    if (!isSecureUrl(env.TAB_SSO_JWKS_URL)) {
      problem('TAB_SSO_JWKS_URL', 'must be https:// with MicrosoftAppId (production)');
    }
    if (env.TAB_DOMAIN && !env.TAB_SSO_APP_ID) {
      problem(
        'TAB_SSO_APP_ID',
        "required with TAB_DOMAIN in production: the app registration the tab signs in with — the bot's own (MicrosoftAppId) in the one-registration setup (docs/tab-and-manifest.md)",
      );
    }
  });

const SettingsSchema = z
  .object({
    phaseMinutes: z
      .object(Object.fromEntries(PHASE_KEYS.map((k) => [k, z.number().int().min(1).max(240)])))
      .partial(),
    questions: z
      .array(
        z.object({
          key: z.string().regex(/^[a-z0-9-]{1,20}$/),
          text: z.string().min(1).max(300),
          youth: z.boolean().optional(),
        }),
      )
      .min(1)
      .max(10),
    maxTextLength: z.number().int().min(100).max(4000),
    ...PRACTICE_SETTINGS_SHAPE,
    ...CHILD_SETTINGS_SHAPE,
    ...YOUTH_SETTINGS_SHAPE,
    ...LANGUAGE_SETTINGS_SHAPE,
    followUp: z
      .object({
        preDueDays: z.number().int().min(0).max(60),
        overdueEveryDays: z.number().int().min(1).max(60),
        escalateAfterDays: z.number().int().min(0).max(120),
        reviewEveryDays: z.number().int().min(7).max(180),
        workingHours: z
          .object({
            start: z.number().int().min(0).max(23),
            end: z.number().int().min(1).max(24),
            days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
          })
          .refine((h) => h.start < h.end, 'start must be before end')
          .nullable(),
        maxAttempts: z.number().int().min(1).max(20),
      })
      .partial(),
  })
  .partial();

export type Env = z.infer<typeof EnvSchema>;
/** The names of every environment variable the bot reads. */
export const ENV_VARIABLES = Object.keys(EnvSchema.shape) as (keyof Env)[];

/** The bot's validated configuration. */
export interface Config extends TeamsConfig {
  /** The access log: retention and who may read it (config-audit.ts). */
  audit: AuditConfig;
  port: number;
  host: string;
  /** No app id: local mode (no token checks, loopback only). */
  localMode: boolean;
  appId?: string;
  appPassword?: string;
  appType: Env['MicrosoftAppType'];
  appTenantId?: string;
  /** How the bot signs its calls to the Bot Connector (bot/config-identity.ts). */
  appCredential: AppCredential;
  /** `key` unset: Entra ID sign-in, with the managed identity `clientId` when given. */
  cosmos: { endpoint?: string; key?: string; database: string; clientId?: string };
  allowedTenants: string[];
  settings: AgencySettings;
  /** The agency's default IANA time zone (for people whose own zone is unknown). */
  timeZone: string;
  /** Seconds between reminder passes on this instance (0 = off). */
  reminderTickSeconds: number;
  logLevel: Env['LOG_LEVEL'];
  /** Azure Monitor export is on when set. */
  appInsightsConnectionString?: string;
  /** An app id is set: the production rules apply (tenants, Cosmos over https with Entra ID, https keys). */
  production: boolean;
  /** Bot Connector URL prefixes accepted on intake and on every proactive send (loopback too in local mode). */
  teamsServiceUrls: string[];
  /** Programme features: leaders, retention, download links, the programme view (bot/config-programme.ts). */
  programme: ProgrammeConfig;
  records: RecordsConfig;
  coordinator: CoordinatorConfig;
  personalApp: PersonalAppConfig;
  /** The family handout: the agency's contact line (FAMILY_HANDOUT_CONTACT). */
  handout: HandoutConfig;
  /** The meeting tab: its host, the SSO app whose tokens it accepts, the keys and issuers of those tokens. */
  tab: { domain?: string; ssoAppId?: string; jwksUrl: string; issuers: string[] };
}

/** Thrown with every problem in the environment, worded for the person starting the bot. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function format(issues: z.core.$ZodIssue[]): string {
  return issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

/** Reads agency settings from a JSON file (or inline JSON), merged over the practice's defaults. */
export function loadSettings(path: string | undefined, inline?: string): AgencySettings {
  if (!path && !inline) return DEFAULT_SETTINGS;
  const source = path ? `AGENCY_SETTINGS_FILE ${path}` : 'AGENCY_SETTINGS_JSON';
  let raw: unknown;
  try {
    raw = JSON.parse(path ? readFileSync(path, 'utf8') : (inline ?? ''));
  } catch (err) {
    throw new ConfigError(`${source} cannot be read as JSON: ${(err as Error).message}`);
  }
  const parsed = SettingsSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${source} is invalid:\n${format(parsed.error.issues)}`);
  const s = parsed.data;
  return {
    phaseMinutes: { ...DEFAULT_SETTINGS.phaseMinutes, ...s.phaseMinutes },
    questions: s.questions ?? DEFAULT_SETTINGS.questions,
    maxTextLength: s.maxTextLength ?? DEFAULT_SETTINGS.maxTextLength,
    followUp: { ...DEFAULT_SETTINGS.followUp, ...s.followUp },
    ...practiceSettings(s),
    ...childSettings(s),
    ...youthSettingsOf(s),
    ...languageSettings(s),
  };
}

/** Validates the environment; throws ConfigError listing every bad or missing value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // App Service and .env files hand over unset values as empty strings: treat them as unset.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n${format(parsed.error.issues)}`);
  const e = parsed.data;
  const localMode = !e.MicrosoftAppId;
  return {
    port: e.PORT,
    // A local toolkit run (embedded database) listens on loopback too: the tunnel forwards to 127.0.0.1.
    host: localMode ? '127.0.0.1' : (e.HOST ?? (embeddedWithAppId(e) ? '127.0.0.1' : '0.0.0.0')),
    localMode,
    appId: e.MicrosoftAppId || undefined,
    appPassword: e.MicrosoftAppPassword,
    appType: e.MicrosoftAppType,
    appTenantId: e.MicrosoftAppTenantId,
    appCredential: appCredential(e),
    cosmos: {
      endpoint: e.COSMOS_ENDPOINT,
      key: e.COSMOS_KEY,
      database: e.COSMOS_DATABASE,
      // With UserAssignedMSI the bot's identity is also the one Cosmos DB trusts, unless told otherwise.
      clientId:
        e.AZURE_CLIENT_ID ?? (e.MicrosoftAppType === 'UserAssignedMSI' ? e.MicrosoftAppId : undefined),
    },
    allowedTenants: e.ALLOWED_TENANTS,
    settings: loadSettings(e.AGENCY_SETTINGS_FILE, e.AGENCY_SETTINGS_JSON),
    timeZone: e.AGENCY_TIME_ZONE,
    reminderTickSeconds: e.REMINDER_TICK_SECONDS,
    ...teamsConfig(e),
    logLevel: e.LOG_LEVEL,
    appInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
    production: !localMode,
    teamsServiceUrls: e.TEAMS_SERVICE_URLS,
    programme: programmeConfig(e, present, ConfigError),
    audit: auditConfig(e),
    records: recordsConfig(present, ConfigError),
    coordinator: coordinatorConfig(present, ConfigError),
    personalApp: personalAppConfig(e),
    handout: handoutConfig(e),
    tab: {
      domain: e.TAB_DOMAIN,
      ssoAppId: e.TAB_SSO_APP_ID,
      jwksUrl: e.TAB_SSO_JWKS_URL,
      issuers: e.TAB_SSO_ISSUERS.split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    },
  };
}

/** What may be logged about the configuration: no secret, no connection string, no settings text. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    localMode: config.localMode,
    appId: config.appId,
    appType: config.appType,
    appCredential: config.appCredential,
    appTenantId: config.appTenantId,
    cosmosEndpoint: config.cosmos.endpoint ?? 'embedded',
    cosmosDatabase: config.cosmos.database,
    cosmosAuth: !config.cosmos.endpoint
      ? 'embedded'
      : config.cosmos.key
        ? 'key'
        : config.cosmos.clientId
          ? 'managed-identity'
          : 'default-credential',
    allowedTenants: config.allowedTenants.length,
    timeZone: config.timeZone,
    telemetry: Boolean(config.appInsightsConnectionString),
    production: config.production,
    teamsServiceUrls: config.teamsServiceUrls,
  };
}
