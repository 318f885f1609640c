/** The time a "Schedule in Teams" link proposes: two hours in working hours, in the agency's time zone. */
import { TZDate } from '@date-fns/tz';

/** A roundtable lasts two hours (the practice's minimum): the proposed slot's length. */
export const ROUNDTABLE_SLOT_MINUTES = 120;

/** Hour of the proposed slot's start, local time (a morning slot inside working hours). */
const SLOT_HOUR = 10;

/** ISO weekday (1 = Monday … 7 = Sunday) of a zoned date. */
function isoWeekday(d: TZDate): number {
  return d.getDay() === 0 ? 7 : d.getDay();
}

/**
 * A two-hour slot on a calendar day ("2026-02-21"), local time in `timeZone`: 10:00 at the latest start of working
 * hours that leaves two hours, moved to the next working day when the day is not one (`days`: ISO weekdays).
 */
export function proposedSlot(
  day: string,
  timeZone: string,
  hours: { start: number; end: number; days: number[] } | null,
): { start: Date; end: Date } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const startHour = hours ? Math.max(hours.start, Math.min(SLOT_HOUR, hours.end - 2)) : SLOT_HOUR;
  const zone = zoneOrUtc(timeZone);
  let date = new TZDate(y, m - 1, d, startHour, 0, 0, zone);
  for (let i = 0; i < 7 && hours && hours.days.length > 0 && !hours.days.includes(isoWeekday(date)); i++) {
    date = new TZDate(date.getFullYear(), date.getMonth(), date.getDate() + 1, startHour, 0, 0, zone);
  }
  const start = new Date(date.getTime());
  return { start, end: new Date(start.getTime() + ROUNDTABLE_SLOT_MINUTES * 60_000) };
}

/** A meeting time as typed with `invite` ("2026-06-01 14:00", local): the two hours from then; a date alone: proposedSlot. */
export function slotAt(
  meetingAt: string,
  timeZone: string,
  hours: { start: number; end: number; days: number[] } | null,
): { start: Date; end: Date } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/.exec(meetingAt);
  if (!m) return undefined;
  if (m[4] === undefined) return proposedSlot(meetingAt, timeZone, hours);
  const start = new Date(
    new TZDate(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
      0,
      zoneOrUtc(timeZone),
    ).getTime(),
  );
  return { start, end: new Date(start.getTime() + ROUNDTABLE_SLOT_MINUTES * 60_000) };
}

function zoneOrUtc(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}
