import type { Reminder, ReminderKind } from './types.js';

/** The hand-over right after a roundtable: each owner's steps (`assigned`) and the whole plan to supervisors (`plan`). */
export const HAND_OVER_KINDS: readonly ReminderKind[] = ['assigned', 'plan'];

/** Sends hand-over reminders in the background, through the scheduler's claim (wired by bot/app.ts). */
export type HandOverPort = (reminders: Reminder[]) => void;

/** The hand-over among reminders just created that may go now (one outside working hours waits for the scheduler). */
export function dueHandOver(created: Reminder[], now: Date): Reminder[] {
  return created.filter(
    (r) => HAND_OVER_KINDS.includes(r.kind) && r.status === 'pending' && Date.parse(r.dueAt) <= now.getTime(),
  );
}
