import { EtagConflict } from '../store/ports.js';
import { fail, type Outcome } from './outcome.js';

const MAX_RETRIES = 8;

/**
 * Runs a read-change-write `attempt` again while it loses an etag race (a short random wait that
 * grows each time, so racing writers spread out); `busy` when it keeps losing.
 */
export async function withEtagRetry<T>(attempt: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  for (let i = 0; i < MAX_RETRIES; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof EtagConflict)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(i, 5)));
    }
  }
  return fail('busy', 'Many changes arrived at once; please try again.');
}

/** YYYY-MM-DD that is a real calendar date. */
export function isIsoDate(s: unknown): s is string {
  return (
    typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))
  );
}

/** `days` after `now`, as YYYY-MM-DD. */
export function dateInDays(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
