/**
 * Configuration of the coordinator's queue ("Roundtables due") and of the plan export for the case system: who
 * coordinates (COORDINATOR_IDS), which children are due a first roundtable (QUEUE_*), whether exports carry names.
 */
import type { QueueRules } from './roundtable/roundtable-queue.js';
import { PERMANENCY_GOALS, type PermanencyGoal } from './roundtable/types.js';

/** The coordinator and exchange block of the configuration. */
export interface CoordinatorConfig {
  /** Entra object ids (lower case) of the agency's roundtable coordinators (COORDINATOR_IDS). */
  coordinatorIds: string[];
  /** The first-roundtable rules; the follow-up cadence is the agency settings' `followUp.reviewEveryDays`. */
  rules: Omit<QueueRules, 'followUpDays'>;
  /** Display names beside Entra object ids in plan exports (EXPORT_DISPLAY_NAMES=true; default ids only). */
  exportDisplayNames: boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function whole(
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
    throw new fail(`Invalid configuration:\n  - ${name}: a whole number from 0 to ${max}`);
  return n;
}

/** The coordinator block; a bad value throws `fail` worded for the admin. */
export function coordinatorConfig(
  env: Record<string, string | undefined>,
  fail: new (message: string) => Error,
): CoordinatorConfig {
  const list = (name: string) =>
    (env[name] ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
  const coordinatorIds = list('COORDINATOR_IDS');
  if (coordinatorIds.some((id) => !GUID.test(id)))
    throw new fail('Invalid configuration:\n  - COORDINATOR_IDS: Entra object ids (GUIDs), comma-separated');
  const goals = env.QUEUE_GOALS === undefined ? ['appla'] : list('QUEUE_GOALS');
  const known = goals.filter((g): g is PermanencyGoal => (PERMANENCY_GOALS as readonly string[]).includes(g));
  if (known.length !== goals.length)
    throw new fail(
      `Invalid configuration:\n  - QUEUE_GOALS: comma-separated, from ${PERMANENCY_GOALS.join(', ')}`,
    );
  const names = (env.EXPORT_DISPLAY_NAMES ?? '').trim().toLowerCase();
  if (names !== '' && names !== 'true' && names !== 'false')
    throw new fail('Invalid configuration:\n  - EXPORT_DISPLAY_NAMES: true or false');
  return {
    coordinatorIds,
    rules: {
      monthsInCare: whole(env, 'QUEUE_MONTHS_IN_CARE', 12, 240, fail),
      goals: known,
      minAge: whole(env, 'QUEUE_MIN_AGE', 12, 21, fail),
    },
    exportDisplayNames: names === 'true',
  };
}
