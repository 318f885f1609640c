/**
 * Configuration of records kept as the law asks: who may delete after the mistake window, who holds and
 * releases legal holds, how long each kind of document is kept, and the case file's re-disclosure notice.
 */
import { RETENTION_TABLE, type RetentionDays, type RetentionKind } from './roundtable/retention-rules.js';

/** Records rules: deletion window, records officers, retention per kind of document, the case file notice. */
export interface RecordsConfig {
  /** Entra object ids (lower case) of the agency's records officers (RECORDS_OFFICER_IDS). */
  officerIds: string[];
  /** Days after `start` in which a facilitator may still delete a (non-practice) roundtable (DELETE_WINDOW_DAYS). */
  deleteWindowDays: number;
  /** Days each kind of document is kept (0: no automatic deletion); see RETENTION_TABLE. */
  retention: RetentionDays;
  /** The agency's re-disclosure notice printed at the top of every case file (CASE_FILE_NOTICE); none when unset. */
  caseFileNotice?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function days(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  max: number,
  fail: new (message: string) => Error,
): number {
  const raw = (env[name] ?? '').trim();
  if (raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new fail(`Invalid configuration:\n  - ${name}: a whole number of days from 0 to ${max}`);
  return n;
}

/** The records block of the configuration; a bad value throws `fail` worded for the admin. */
export function recordsConfig(
  env: Record<string, string | undefined>,
  fail: new (message: string) => Error,
): RecordsConfig {
  const officerIds = (env.RECORDS_OFFICER_IDS ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (officerIds.some((id) => !GUID.test(id)))
    throw new fail(
      'Invalid configuration:\n  - RECORDS_OFFICER_IDS: Entra object ids (GUIDs), comma-separated',
    );
  const retention = Object.fromEntries(
    RETENTION_TABLE.flatMap((r) =>
      r.setting.kind === 'env'
        ? [[r.kind, days(env, r.setting.name, r.setting.default, r.setting.max, fail)]]
        : [],
    ),
  ) as Record<RetentionKind, number>;
  const notice = (env.CASE_FILE_NOTICE ?? '').trim();
  if (notice.length > 2000)
    throw new fail('Invalid configuration:\n  - CASE_FILE_NOTICE: at most 2,000 characters');
  return {
    officerIds,
    deleteWindowDays: days(env, 'DELETE_WINDOW_DAYS', 7, 90, fail),
    retention,
    ...(notice ? { caseFileNotice: notice } : {}),
  };
}
