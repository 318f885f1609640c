import { fail, type Outcome } from './outcome.js';
import { EtagConflict } from './ports.js';

const MAX_RETRIES = 8;

/** The answer when every attempt lost the race. */
export const BUSY = 'Many changes arrived at once; please try again.';

/** How a read-change-write loop retries when it loses an etag race. */
export interface ConflictRetry<R> {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The answer once every attempt lost the race. */
  exhausted: () => R | Promise<R>;
  /** Wait a short random time that grows each attempt (default true), so racing writers spread out. */
  backoff?: boolean;
}

/**
 * Runs a read-change-write `attempt` again while it throws `EtagConflict`; other errors pass through.
 * The one optimistic-concurrency loop of the code base: every loop keeps its own limit and give-up answer.
 */
export async function retryOnConflict<R>(attempt: () => Promise<R>, opts: ConflictRetry<R>): Promise<R> {
  for (let i = 0; i < opts.attempts; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof EtagConflict)) throw err;
      if (opts.backoff !== false && i + 1 < opts.attempts) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(i, 5)));
      }
    }
  }
  return opts.exhausted();
}

/** `retryOnConflict` for domain operations: 8 attempts, then `busy` ("please try again"). */
export function withEtagRetry<T>(attempt: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  return retryOnConflict(attempt, {
    attempts: MAX_RETRIES,
    exhausted: () => fail('busy', BUSY),
  });
}
