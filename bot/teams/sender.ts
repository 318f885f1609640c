/** One place that talks to Teams' connector: backs off on throttling and transient faults. */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Longest wait honoured from a Retry-After header, in ms. */
  maxWaitMs: number;
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
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

/** Runs a connector call, retrying 429 (after Retry-After) and 5xx with backoff; 403/404 become RecipientUnavailable. */
export async function sendWithRetry<T>(
  op: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      const status = connectorStatus(err);
      if (status === 403 || status === 404) throw new RecipientUnavailable(status);
      const transient = status === 429 || (status !== undefined && status >= 500);
      if (!transient || attempt >= policy.attempts) throw err;
      const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
      const wait = Math.min(policy.maxWaitMs, status === 429 ? (retryAfterMs(err) ?? backoff) : backoff);
      await policy.sleep(wait);
    }
  }
}
