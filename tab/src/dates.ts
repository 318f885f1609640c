/**
 * One date format across the cards, the pages and the case file: a calendar day as ISO (2026-12-17), a
 * moment as ISO day and time with its zone (2026-12-17 14:05 UTC).
 */

/** A calendar day: "2026-12-17". */
export function isoDay(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso;
}

/** A moment, in UTC and saying so: "2026-12-17 14:05 UTC". */
export function isoMoment(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
