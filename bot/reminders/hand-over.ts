import type { Reminder, ReminderKind } from './types.js';

/** The hand-over right after a roundtable: each owner's steps (`assigned`) and the whole plan to supervisors (`plan`). */
export const HAND_OVER_KINDS: readonly ReminderKind[] = ['assigned', 'plan'];

/** The hand-over among reminders planned at `end` that may go now (one outside working hours waits for the scheduler). */
export function dueHandOver<T extends { reminder: Reminder }>(planned: T[], now: Date): T[] {
  return planned.filter(
    ({ reminder: r }) =>
      HAND_OVER_KINDS.includes(r.kind) && r.status === 'pending' && Date.parse(r.dueAt) <= now.getTime(),
  );
}
