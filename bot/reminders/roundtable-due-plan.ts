/**
 * When the next follow-up roundtable of a case is due (#25), who is reminded, and whom the meeting link invites:
 * pure functions of the roundtable (planned at `end` by reminder-trail.ts, run by roundtable-due.ts).
 */
import { inReports } from '../roundtable/practice.js';
import type { Person, Roundtable } from '../roundtable/types.js';
import type { PlannedReminder } from './schedule.js';

const DAY = 86_400_000;

/** The first reminder goes this many days before the due date (time to find a two-hour slot for everyone). */
export const ROUNDTABLE_DUE_LEAD_DAYS = 14;

/** The reminder kind of a follow-up roundtable coming due. */
export const ROUNDTABLE_DUE_KIND = 'follow-up-due' as const;

/** The calendar day ("2027-02-21", UTC) the next follow-up roundtable of this ended roundtable is due. */
export function roundtableDueDay(rt: Roundtable, cadenceDays: number): string {
  const held = Date.parse(rt.endedAt ?? rt.openedAt ?? rt.createdAt);
  return new Date(held + cadenceDays * DAY).toISOString().slice(0, 10);
}

/** Who is reminded: the facilitators and the roster's caseworker and supervisor (nobody removed from the chat). */
export function roundtableDueRecipients(rt: Roundtable): Person[] {
  const removed = new Set(rt.removedIds ?? []);
  const out = new Map<string, Person>();
  for (const id of rt.facilitatorIds) {
    if (removed.has(id)) continue;
    const named = rt.roster.find((r) => r.id === id) ?? (rt.startedBy.id === id ? rt.startedBy : undefined);
    out.set(id, { id, name: named?.name ?? 'Facilitator' });
  }
  for (const r of rt.roster) {
    if (removed.has(r.id) || (r.role !== 'caseworker' && r.role !== 'supervisor')) continue;
    out.set(r.id, { id: r.id, name: r.name });
  }
  return [...out.values()];
}

/** Once the due day has passed and the follow-up is not held, the reminder comes again this often. */
export const STILL_DUE_EVERY_DAYS = 30;

/**
 * The reminders still to come at `now`: two weeks ahead and on the due day, per recipient; once the due day has
 * passed, the next "still due" one (every STILL_DUE_EVERY_DAYS from the due day, so the same whichever review plans
 * it). Planned at `end`, and again with each follow-up review (a plan that ended before these reminders existed gets
 * them; idempotent by id). Only future ones: a sent reminder that retention deleted is never planned, so never sent,
 * again. Whether the case still waits is asked when one runs (roundtable-due.ts): a held follow-up or a closed plan
 * ends them.
 */
export function roundtableDueReminders(rt: Roundtable, now: Date, cadenceDays: number): PlannedReminder[] {
  if (!inReports(rt)) return [];
  const due = new Date(`${roundtableDueDay(rt, cadenceDays)}T00:00:00Z`);
  const ahead = new Date(due.getTime() - ROUNDTABLE_DUE_LEAD_DAYS * DAY);
  const every = STILL_DUE_EVERY_DAYS * DAY;
  const still = new Date(due.getTime() + (Math.floor((now.getTime() - due.getTime()) / every) + 1) * every);
  const times = due > now ? [ahead, due].filter((t) => t > now) : [still];
  return roundtableDueRecipients(rt).flatMap((p) =>
    times.map((notBefore) => ({ kind: ROUNDTABLE_DUE_KIND, recipientId: p.id, notBefore })),
  );
}
