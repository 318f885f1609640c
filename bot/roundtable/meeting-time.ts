/**
 * The one way a meeting's time of day is shown on cards and pages: the date as everywhere else (YYYY-MM-DD),
 * the time, and the time zone it is in, e.g. "2026-06-01 14:00 (America/Chicago)". A time typed with `invite`
 * is wall-clock time in the agency's zone; shown to someone whose own zone is known, it is converted to theirs.
 */

/** The wall-clock parts of the instant `ms` in `zone` (24-hour clock). */
function wallClock(ms: number, zone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', number> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** Milliseconds `zone` is ahead of UTC at the instant `ms`. */
function offsetAt(ms: number, zone: string): number {
  const w = wallClock(ms, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(ms / 60_000) * 60_000;
}

/** The instant a wall-clock time in `zone` names (the later reading across a clock change). */
function instantOf(y: number, mo: number, d: number, h: number, mi: number, zone: string): number {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const first = asUtc - offsetAt(asUtc, zone);
  return asUtc - offsetAt(first, zone);
}

const two = (n: number) => String(n).padStart(2, '0');

/** Whether `zone` is an IANA time zone this runtime knows. */
function knownZone(zone: string | undefined): zone is string {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * `when` ("2026-06-01 14:00", or a date alone) as shown: with its time zone when it has a time of day, in
 * `viewerZone` when that is a known zone, else in `meetingZone` (the agency default; UTC when unknown).
 */
export function meetingTimeText(when: string, meetingZone: string, viewerZone?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(when.trim());
  if (!m) return when;
  if (m[4] === undefined) return `${m[1]}-${m[2]}-${m[3]}`;
  const zone = knownZone(meetingZone) ? meetingZone : 'UTC';
  const at = instantOf(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), zone);
  const shownIn = knownZone(viewerZone) ? viewerZone : zone;
  const w = wallClock(at, shownIn);
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)} (${shownIn})`;
}
