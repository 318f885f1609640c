/** A loggable name for an error: never its message, which may quote a request body. */
export function errorName(err: unknown): string {
  const e = err as { name?: unknown; statusCode?: unknown; code?: unknown; cause?: unknown };
  const own = [e?.name, e?.statusCode ?? e?.code].filter((x) => x !== undefined).join(':') || 'error';
  // A wrapped library error without a status (a dropped connection) is named by its own code or name.
  const cause = e?.cause as { name?: unknown; code?: unknown } | undefined;
  const why = e?.statusCode === undefined ? (cause?.code ?? cause?.name) : undefined;
  return typeof why === 'string' || typeof why === 'number' ? `${own} (${why})` : own;
}
