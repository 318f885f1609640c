/**
 * Small-number suppression of the programme view, in the answer itself: a count from 1 to `below − 1` never
 * leaves the server, every other count is rounded to the nearest multiple of `below`.
 */

/** A count, or "fewer than N" when it is small enough to identify a child. */
export type Shown = number | { fewerThan: number };
/** A percentage of a count; `percent` is null when suppressed (or nothing to divide). */
export interface Share {
  percent: number | null;
  of: Shown;
}
/** A median in days over `of` values; null when suppressed or none. */
export interface Median {
  days: number | null;
  of: Shown;
}

/**
 * A count rounded to the nearest multiple of N (N = the suppression threshold), or "fewer than N" for 1 … N−1.
 * Rounding is what makes suppression hold across answers: the difference of two shown counts (all offices minus
 * one office, a longer period minus a shorter one) is a multiple of N, never a suppressed 1 … N−1.
 */
export function shown(n: number, below: number): Shown {
  return n > 0 && n < below ? { fewerThan: below } : rounded(n, below);
}

/** `n` to the nearest multiple of `below` (exact when `below` is 1). */
export function rounded(n: number, below: number): number {
  return below <= 1 ? n : Math.round(n / below) * below;
}

/**
 * A share in percent (one decimal) of the ROUNDED counts, so that it tells no more than the counts shown; hidden
 * when the part, the rest or the whole is small.
 */
export function share(part: number, whole: number, below: number): Share {
  const small = (n: number) => n > 0 && n < below;
  const hide = whole === 0 || whole < below || small(part) || small(whole - part);
  const w = rounded(whole, below);
  const percent = hide || w === 0 ? null : Math.round((rounded(part, below) / w) * 1000) / 10;
  return { percent, of: shown(whole, below) };
}

/** The median of day counts, hidden when it rests on fewer than N values. */
export function median(values: number[], below: number): Median {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const value = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { days: s.length === 0 || s.length < below ? null : Math.round(value), of: shown(s.length, below) };
}
