/** Expected failures are values: each becomes a clear message or a card notice for the user. */
export type FailureCode =
  | 'forbidden'
  | 'not-found'
  | 'invalid'
  | 'stale'
  | 'closed'
  | 'already-running'
  | 'needs-confirmation'
  /** Free text that looks like a person's full name: a warning with "Keep as written" (name-check.ts). */
  | 'looks-like-name'
  | 'busy'
  | 'too-many';

export interface Failure {
  code: FailureCode;
  message: string;
}

export type Outcome<T> = { ok: true; value: T; notice?: string } | { ok: false; failure: Failure };

/** A success, with an optional notice for the user. */
export function ok<T>(value: T, notice?: string): Outcome<T> {
  return { ok: true, value, notice };
}

/** An expected failure, as a value. */
export function fail<T = never>(code: FailureCode, message: string): Outcome<T> {
  return { ok: false, failure: { code, message } };
}

/** HTTP-like status for a failure (invoke responses carry it). */
export function failureStatus(code: FailureCode): number {
  switch (code) {
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'invalid':
      return 400;
    case 'stale':
    case 'closed':
    case 'already-running':
    case 'needs-confirmation':
    case 'looks-like-name':
      return 409;
    case 'busy':
      return 503;
    case 'too-many':
      return 429;
  }
}
