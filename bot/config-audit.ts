/** Configuration of the access log: how long entries are kept, and who may read them. */
import { z } from 'zod';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Environment variables of the access log (spread into config.ts's EnvSchema). */
export const AUDIT_ENV = {
  /** Days an access log entry is kept, also after its roundtable is deleted (default 2,555: seven years). */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(36_500).default(2555),
  /** Entra object ids of the security officers who may read their own tenant's access log, comma-separated. */
  SECURITY_OFFICER_IDS: z
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
};

/** The access log's part of the configuration. */
export interface AuditConfig {
  /** Days entries are kept (Cosmos TTL on each entry, and the nightly purge). */
  retentionDays: number;
  /** Who may query the access log (own tenant only); a leader is not an officer unless listed here too. */
  securityOfficerIds: string[];
}

/** The audit block of the configuration, from the parsed environment. */
export function auditConfig(e: {
  AUDIT_RETENTION_DAYS: number;
  SECURITY_OFFICER_IDS: string[];
}): AuditConfig {
  return { retentionDays: e.AUDIT_RETENTION_DAYS, securityOfficerIds: e.SECURITY_OFFICER_IDS };
}

/**
 * Parses only the access log's variables (tests, and tools that need no full configuration); a bad value
 * throws `fail` (config.ts passes its ConfigError) worded for the admin.
 */
export function loadAuditConfig(
  env: Record<string, string | undefined>,
  fail: new (message: string) => Error = Error,
): AuditConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = z.object(AUDIT_ENV).safeParse(present);
  if (!parsed.success)
    throw new fail(
      `Invalid configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  return auditConfig(parsed.data);
}
