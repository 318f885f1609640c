import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_SETTINGS } from './roundtable/settings.js';
import { type AgencySettings, PHASE_KEYS } from './roundtable/types.js';

const list = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** Every environment variable the bot reads (README lists them with the same names). */
const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    /** Interface to listen on; defaults to 127.0.0.1 in local mode and 0.0.0.0 with an app id. */
    HOST: z.string().min(1).optional(),
    MicrosoftAppId: z.string().trim().optional(),
    MicrosoftAppPassword: z.string().optional(),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: z.string().optional(),
    COSMOS_ENDPOINT: z.url().optional(),
    COSMOS_KEY: z.string().min(1).optional(),
    COSMOS_DATABASE: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,255}$/, 'letters, digits, _ and - only')
      .default('roundtable'),
    ALLOWED_TENANTS: list,
    AGENCY_SETTINGS_FILE: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    NODE_ENV: z.string().default('development'),
    /** Host name the meeting tab is served from; the SSO audience is api://<TAB_DOMAIN>/<MicrosoftAppId>. */
    TAB_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a host name such as roundtable.agency.example')
      .optional(),
    /** Keys that sign Teams SSO tokens (tests point this at a local JWKS). */
    TAB_SSO_JWKS_URL: z.url().default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
    /** Accepted SSO token issuers, comma-separated; {tenantid} stands for the token's tid. */
    TAB_SSO_ISSUERS: z
      .string()
      .default('https://login.microsoftonline.com/{tenantid}/v2.0,https://sts.windows.net/{tenantid}/'),
  })
  .superRefine((env, ctx) => {
    if (env.MicrosoftAppId && env.MicrosoftAppType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: `required for ${env.MicrosoftAppType}`,
      });
    }
    if (env.MicrosoftAppType === 'SingleTenant' && env.MicrosoftAppId && !env.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'required for SingleTenant' });
    }
    if (env.NODE_ENV === 'production' && !env.COSMOS_ENDPOINT) {
      ctx.addIssue({
        code: 'custom',
        path: ['COSMOS_ENDPOINT'],
        message: 'required in production (the embedded database keeps data in memory only)',
      });
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
    ratingScale: z
      .array(z.object({ key: z.string().regex(/^[a-z0-9-]{1,30}$/), label: z.string().min(1).max(60) }))
      .min(2)
      .max(10),
    maxTextLength: z.number().int().min(100).max(4000),
  })
  .partial();

export type Env = z.infer<typeof EnvSchema>;

/** The bot's validated configuration. */
export interface Config {
  port: number;
  host: string;
  /** No app id: local mode (no token checks, loopback only). */
  localMode: boolean;
  appId?: string;
  appPassword?: string;
  appType: Env['MicrosoftAppType'];
  appTenantId?: string;
  cosmos: { endpoint?: string; key?: string; database: string };
  allowedTenants: string[];
  settings: AgencySettings;
  logLevel: Env['LOG_LEVEL'];
  production: boolean;
  /** The meeting tab's SSO checks (domain unset: the tab API accepts no SSO token). */
  tab: { domain?: string; jwksUrl: string; issuers: string[] };
}

/** Thrown with every problem in the environment, worded for the person starting the bot. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function format(issues: z.core.$ZodIssue[]): string {
  return issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

/** Reads agency settings from a JSON file, merged over the practice's defaults. */
export function loadSettings(path: string | undefined): AgencySettings {
  if (!path) return DEFAULT_SETTINGS;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`AGENCY_SETTINGS_FILE ${path} cannot be read as JSON: ${(err as Error).message}`);
  }
  const parsed = SettingsSchema.safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(`AGENCY_SETTINGS_FILE ${path} is invalid:\n${format(parsed.error.issues)}`);
  const s = parsed.data;
  return {
    phaseMinutes: { ...DEFAULT_SETTINGS.phaseMinutes, ...s.phaseMinutes },
    questions: s.questions ?? DEFAULT_SETTINGS.questions,
    ratingScale: s.ratingScale ?? DEFAULT_SETTINGS.ratingScale,
    maxTextLength: s.maxTextLength ?? DEFAULT_SETTINGS.maxTextLength,
  };
}

/** Validates the environment; throws ConfigError listing every bad or missing value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n${format(parsed.error.issues)}`);
  const e = parsed.data;
  const localMode = !e.MicrosoftAppId;
  return {
    port: e.PORT,
    host: localMode ? '127.0.0.1' : (e.HOST ?? '0.0.0.0'),
    localMode,
    appId: e.MicrosoftAppId || undefined,
    maxIdeasPerMinute: z.number().int().min(1).max(1000),
    appPassword: e.MicrosoftAppPassword,
    appType: e.MicrosoftAppType,
    appTenantId: e.MicrosoftAppTenantId,
    cosmos: { endpoint: e.COSMOS_ENDPOINT, key: e.COSMOS_KEY, database: e.COSMOS_DATABASE },
    allowedTenants: e.ALLOWED_TENANTS,
    settings: loadSettings(e.AGENCY_SETTINGS_FILE),
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    tab: {
      domain: e.TAB_DOMAIN,
      jwksUrl: e.TAB_SSO_JWKS_URL,
      issuers: e.TAB_SSO_ISSUERS.split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    },
  };
}
    maxIdeasPerMinute: s.maxIdeasPerMinute ?? DEFAULT_SETTINGS.maxIdeasPerMinute,
