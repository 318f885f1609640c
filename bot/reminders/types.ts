/** Follow-up after the roundtable: reminders, people we can reach, and the agency's cadence. */

export const REMINDER_KINDS = [
  /** "You own these steps" right after the roundtable. */
  'assigned',
  /** The whole plan, for the supervisor. */
  'plan',
  'pre-due',
  'due',
  'overdue',
  /** To the supervisor: a step is overdue with no update. */
  'escalation',
  /** Periodic follow-up review of all steps, to caseworker and supervisor. */
  'review',
  /** Programme jobs (bot/reminders/programme-jobs.ts): the monthly barrier digest, fanned out per leader. */
  'barrier-digest',
  'barrier-digest-leader',
  /** Daily retention pass: roundtables whose plan closed long enough ago, and expired download links. */
  'retention',
  /** Nightly: the programme view's monthly aggregates per tenant (bot/roundtable/programme-view.ts). */
  'programme-aggregate',
  /** The work after `end` (bot/reminders/after-end.ts): supersede, register, reminders, hand-over. */
  'after-end',
  /** A follow-up roundtable of the case comes due (bot/reminders/roundtable-due.ts), with "Schedule in Teams". */
  'follow-up-due',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export type ReminderStatus = 'pending' | 'sent' | 'failed' | 'undeliverable' | 'cancelled';

/** One reminder document (container `reminders`, partition key `/ownerId` = the recipient). */
export interface Reminder {
  id: string;
  /** The recipient's person id (partition key). */
  ownerId: string;
  roundtableId: string;
  caseAlias: string;
  kind: ReminderKind;
  /** The step it is about (none for plan and review reminders). */
  stepId?: string;
  /** When to send (already moved into the recipient's working hours). */
  dueAt: string;
  status: ReminderStatus;
  attempts: number;
  /** Lease of the instance sending it; expired leases are claimed again. */
  claimedBy?: string;
  claimUntil?: string;
  sentAt?: string;
  /** Failure kind for the admin view: never message text. */
  lastError?: string;
  createdAt: string;
}
