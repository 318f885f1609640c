/** One place that talks to Teams' connector: backs off on throttling and transient faults. */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Longest wait honoured from a Retry-After header, in ms. */
  maxWaitMs: number;
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1) for jitter (Math.random unless a test pins it). */
  random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  maxWaitMs: 15_000,
  baseDelayMs: 500,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Teams said the recipient cannot be reached (app not installed, bot blocked): never retried. */
export class RecipientUnavailable extends Error {
  constructor(readonly statusCode: number) {
    super(`Teams refused the message (HTTP ${statusCode})`);
    this.name = 'RecipientUnavailable';
  }
}

/** The HTTP status of a connector error, whatever shape botbuilder gave it. */
export function connectorStatus(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  for (const v of [e?.statusCode, e?.status, e?.response?.status]) {
    if (typeof v === 'number') return v;
  }
  return undefined;
}

/** Seconds from a Retry-After header on a connector error, if any. */
export function retryAfterMs(err: unknown): number | undefined {
  const headers = (err as { response?: { headers?: unknown } } | undefined)?.response?.headers as
    | { get?: (name: string) => string | undefined | null }
    | Record<string, string>
    | undefined;
  if (!headers) return undefined;
  const raw =
    typeof (headers as { get?: unknown }).get === 'function'
      ? (headers as { get: (n: string) => string | undefined | null }).get('retry-after')
      : (headers as Record<string, string>)['retry-after'];
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** The answers Teams documents as worth retrying: 412, 429, 502, 503, 504 (and a 500 from a flaky hop). */
export const TRANSIENT = new Set([412, 429, 500, 502, 503, 504]);

/** A single attempt: for lookups inside a turn, which must never wait out a Retry-After. */
export const ONE_ATTEMPT: RetryPolicy = { ...DEFAULT_RETRY, attempts: 1 };

/** The wait before retry `attempt` (1-based): Retry-After when Teams gave one, else exponential backoff; plus jitter. */
export function retryDelayMs(err: unknown, attempt: number, policy: RetryPolicy): number {
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
  const base = retryAfterMs(err) ?? backoff;
  const jitter = (policy.random ?? Math.random)() * Math.min(backoff, 1_000) * 0.5;
  return Math.min(policy.maxWaitMs, base + jitter);
}

/**
 * Runs a connector call, retrying 412, 429, 5xx with backoff and jitter (honouring Retry-After);
 * 403/404 become RecipientUnavailable. `before` runs before every attempt (it takes a rate-limit slot).
 */
export async function sendWithRetry<T>(
  op: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  before?: () => Promise<void>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (before) await before();
      return await op();
    } catch (err) {
      const status = connectorStatus(err);
      if (status === 403 || status === 404) throw new RecipientUnavailable(status);
      const transient = status !== undefined && TRANSIENT.has(status);
      if (!transient || attempt >= policy.attempts) throw err;
      await policy.sleep(retryDelayMs(err, attempt, policy));
    }
  }
}
