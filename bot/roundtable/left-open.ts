/**
 * A roundtable left open: started and never ended. A roundtable is a two-hour meeting; one still open days after
 * its meeting was not closed with `end` (the facilitator left, the meeting moved, it never took place). A follow-up
 * that was started used to count as held whether it ended or not: the case's follow-up-due reminders stopped and the
 * coordinator's queue left the child out, for good. A roundtable left open counts as not held: the reminders and
 * the queue say so, and name the day it was started.
 */
import type { Roundtable } from './types.js';

const DAY = 86_400_000;

/** Days after its meeting began (or was set for) that a roundtable not ended counts as left open. */
export const LEFT_OPEN_DAYS = 2;
/** Days after it was prepared that a roundtable with no meeting date and never opened counts as left open. */
export const UNSCHEDULED_DAYS = 30;

/** When a meeting set with `invite` ("2026-06-01 14:00", agency time) begins, near enough for a count of days. */
function scheduledAt(rt: Roundtable): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}))?$/.exec(rt.scheduledFor ?? '');
  if (!m) return undefined;
  const at = Date.parse(`${m[1]}T${m[2] ?? '00:00'}:00Z`);
  return Number.isNaN(at) ? undefined : at;
}

/**
 * The ISO time a roundtable left open was started (opened, else set for, else prepared), or undefined when it ended
 * or may still be under way: opened less than LEFT_OPEN_DAYS ago, its meeting day not LEFT_OPEN_DAYS past, or
 * prepared without a date less than UNSCHEDULED_DAYS ago.
 */
export function leftOpenSince(rt: Roundtable, now: Date): string | undefined {
  if (rt.status === 'ended') return undefined;
  if (rt.openedAt)
    return now.getTime() - Date.parse(rt.openedAt) > LEFT_OPEN_DAYS * DAY ? rt.openedAt : undefined;
  const set = scheduledAt(rt);
  if (set !== undefined)
    return now.getTime() - set > LEFT_OPEN_DAYS * DAY ? new Date(set).toISOString() : undefined;
  return now.getTime() - Date.parse(rt.createdAt) > UNSCHEDULED_DAYS * DAY ? rt.createdAt : undefined;
}
