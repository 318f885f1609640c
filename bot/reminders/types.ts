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

/** Someone the bot can reach in a 1:1 chat (container `people`, partition key `/id`). */
export interface PersonRecord {
  /** The Teams user id (29:…), the same id rosters and steps use. */
  id: string;
  name: string;
  aadObjectId?: string;
  tenantId?: string;
  serviceUrl?: string;
  /** Conversation reference of the 1:1 chat with the bot, once there is one. */
  personalReference?: Record<string, unknown>;
  /** IANA time zone from the person's last activity. */
  timeZone?: string;
  /** Set when Teams refused a 1:1 message (app not installed, bot blocked). */
  undeliverableSince?: string;
  /** Roundtables whose chat was told that this person cannot be reached (told once each). */
  undeliverableReported?: string[];
  updatedAt: string;
}

/** The agency's follow-up cadence (defaults from the practice; AGENCY_SETTINGS_FILE may override). */
export interface FollowUpSettings {
  preDueDays: number;
  overdueEveryDays: number;
  escalateAfterDays: number;
  reviewEveryDays: number;
  /** Local hours [start, end) and ISO weekdays (1 = Monday) when reminders may be sent. */
  workingHours: { start: number; end: number; days: number[] } | null;
  defaultTimeZone: string;
  /** Lease an instance holds on a reminder while sending it. */
  leaseSeconds: number;
  /** Attempts before a reminder is marked failed. */
  maxAttempts: number;
}

export const DEFAULT_FOLLOW_UP: FollowUpSettings = {
  preDueDays: 3,
  overdueEveryDays: 7,
  escalateAfterDays: 7,
  reviewEveryDays: 30,
  workingHours: { start: 9, end: 17, days: [1, 2, 3, 4, 5] },
  defaultTimeZone: 'UTC',
  leaseSeconds: 120,
  maxAttempts: 5,
};
