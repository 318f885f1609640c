import { TZDate } from '@date-fns/tz';
import type { FollowUpSettings, PlanStep } from '../roundtable/types.js';
import type { ReminderKind } from './types.js';

const DAY = 86_400_000;

/** A reminder to create: what, for whom, and the earliest time it may go. */
export interface PlannedReminder {
  kind: ReminderKind;
  recipientId: string;
  stepId?: string;
  notBefore: Date;
}

function validZone(zone: string | undefined, fallback: string): string {
  if (!zone) return fallback;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return fallback;
  }
}

/** The first moment at or after `at` inside the recipient's working hours (local time zone). */
export function nextWorkingTime(at: Date, timeZone: string | undefined, settings: FollowUpSettings): Date {
  const hours = settings.workingHours;
  if (!hours) return at;
  const zone = validZone(timeZone, settings.defaultTimeZone);
  let t = new TZDate(at.getTime(), zone);
  for (let i = 0; i < 14; i++) {
    const weekday = t.getDay() === 0 ? 7 : t.getDay();
    if (hours.days.includes(weekday)) {
      if (t.getHours() < hours.start) {
        return new Date(
          new TZDate(t.getFullYear(), t.getMonth(), t.getDate(), hours.start, 0, 0, zone).getTime(),
        );
      }
      if (t.getHours() < hours.end) return new Date(t.getTime());
    }
    t = new TZDate(t.getFullYear(), t.getMonth(), t.getDate() + 1, 0, 0, 0, zone);
  }
  return at;
}

/** Local 09:00 (or the start of working hours) on a calendar date, in the recipient's zone. */
export function morningOf(date: string, timeZone: string | undefined, settings: FollowUpSettings): Date {
  const zone = validZone(timeZone, settings.defaultTimeZone);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, settings.workingHours?.start ?? 9, 0, 0, zone).getTime());
}

/** The reminders a newly assigned step gets: on assignment, before due, on the due date, first overdue. */
export function stepReminders(
  step: PlanStep,
  now: Date,
  settings: FollowUpSettings,
  zone?: string,
): PlannedReminder[] {
  const owner = step.owner.id;
  const due = morningOf(step.dueDate, zone, settings);
  const planned: PlannedReminder[] = [];
  const preDue = new Date(due.getTime() - settings.preDueDays * DAY);
  if (preDue > now) planned.push({ kind: 'pre-due', recipientId: owner, stepId: step.id, notBefore: preDue });
  planned.push({ kind: 'due', recipientId: owner, stepId: step.id, notBefore: due > now ? due : now });
  planned.push({
    kind: 'overdue',
    recipientId: owner,
    stepId: step.id,
    notBefore: new Date(due.getTime() + DAY),
  });
  return planned;
}

/** Open steps are followed until done or dropped; a proposal nobody accepted is not in the plan. */
export function isOpen(step: PlanStep): boolean {
  return !step.withdrawn && step.proposed !== true && step.status !== 'done' && step.status !== 'dropped';
}

/** Whole days a step is past its due date at `now` (0 when not overdue). */
export function daysOverdue(step: PlanStep, now: Date): number {
  const due = Date.parse(`${step.dueDate}T23:59:59Z`);
  return now.getTime() > due ? Math.floor((now.getTime() - due) / DAY) + 1 : 0;
}

/**
 * The step's supporter (a roster member other than the owner, named in "Supported by") is reminded too: the
 * coming-up and due-today reminders, planned with the owner's and stopped with them (same step). Overdue
 * nudges and escalations stay the owner's.
 */
export function supporterReminders(
  planned: PlannedReminder[],
  supporterId: string | undefined,
): PlannedReminder[] {
  if (!supporterId) return planned;
  const extra = planned
    .filter((p) => (p.kind === 'pre-due' || p.kind === 'due') && p.recipientId !== supporterId)
    .map((p) => ({ ...p, recipientId: supporterId }));
  return [...planned, ...extra];
}
