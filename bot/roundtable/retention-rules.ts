/**
 * Retention: how long each kind of document is kept, in ONE table (docs/security.md is generated from it by
 * scripts/security-table.ts), and the daily pass that deletes what is past its time — never what a legal hold
 * keeps.
 */

/** The kinds of document the daily pass deletes by their own setting. */
export const RETENTION_KINDS = [
  'draft',
  'invitation',
  'person',
  'reminder',
  'aggregate',
  'deletion-record',
  'extract',
] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];
export type RetentionDays = Record<RetentionKind, number>;

/** Where a row's setting comes from: an environment variable the daily pass reads, or a rule kept elsewhere. */
export type RetentionSetting =
  | { kind: 'env'; name: string; default: number; max: number }
  | { kind: 'other'; text: string };

/** One row of the retention table: a kind of document, where it is, whose it is, how long, who reads it. */
export interface RetentionRow {
  kind: RetentionKind | 'roundtable' | 'practice' | 'download' | 'chat-pointer' | 'register' | 'audit';
  what: string;
  container: string;
  whose: string;
  kept: string;
  setting: RetentionSetting;
  readBy: string;
}

/** Every kind of document the bot stores, with its retention. */
export const RETENTION_TABLE: readonly RetentionRow[] = [
  {
    kind: 'roundtable',
    what: 'A roundtable: its roster, contributions, case summary, plan and steps, debrief, attached preparation, invitations, barrier answers and audit trail',
    container: '`roundtables` (its own partition)',
    whose: 'the child’s case (case alias only)',
    kept: 'until its own plan is closed, then the setting’s days; a facilitator may delete it within the deletion window, a records officer at any time (not under legal hold)',
    setting: { kind: 'other', text: '`RETENTION_DAYS` (default 0: kept until deleted)' },
    readBy: 'members of its chat; plan owners and facilitators in 1:1 cards; the case file export',
  },
  {
    kind: 'practice',
    what: 'A practice roundtable (fictional case, marked PRACTICE) and everything in it',
    container: '`roundtables`',
    whose: 'nobody’s case',
    kept: 'the setting’s days after `start practice`',
    setting: { kind: 'other', text: 'agency setting `practiceRetentionDays` (default 7, at most 90)' },
    readBy: 'members of its chat',
  },
  {
    kind: 'draft',
    what: 'A preparation draft not attached to a roundtable: the youth’s and family’s words, case facts',
    container: '`roundtables` (`prep-…` partition)',
    whose: 'its preparer (and the case)',
    kept: 'the setting’s days after it was last saved; deleted by its preparer (an empty save), and with every roundtable of its alias its preparer was on',
    setting: { kind: 'env', name: 'DRAFT_RETENTION_DAYS', default: 90, max: 3650 },
    readBy: 'its preparer only',
  },
  {
    kind: 'invitation',
    what: 'An invitation: who was invited, when, with which role, the answer',
    container: '`roundtables` (the roundtable’s partition)',
    whose: 'the invitee',
    kept: 'the setting’s days after it was sent (and at most as long as its roundtable)',
    setting: { kind: 'env', name: 'INVITATION_RETENTION_DAYS', default: 180, max: 3650 },
    readBy: 'the invitee; facilitators (counts on the Welcome card)',
  },
  {
    kind: 'person',
    what: 'A person record: Teams id, name, Entra id, time zone, the address of their 1:1 chat',
    container: '`people`',
    whose: 'the person',
    kept: 'the setting’s days after the bot last saw them (refreshed at most monthly), unless a reminder to them is pending',
    setting: { kind: 'env', name: 'PERSON_RETENTION_DAYS', default: 400, max: 3650 },
    readBy: 'the bot (to send reminders)',
  },
  {
    kind: 'reminder',
    what: 'A reminder: recipient, step id, due time, status (no text)',
    container: '`reminders`',
    whose: 'the recipient',
    kept: 'pending ones until sent or their step closes; sent, cancelled or failed ones the setting’s days after they were created',
    setting: { kind: 'env', name: 'REMINDER_RETENTION_DAYS', default: 90, max: 3650 },
    readBy: 'the scheduler; facilitators (counts in `status`)',
  },
  {
    kind: 'aggregate',
    what: 'The programme view’s monthly figures per tenant (counts, fidelity, learning text without names)',
    container: '`programme`',
    whose: 'the agency',
    kept: 'months older than the setting’s days are deleted; recomputed nightly without deleted roundtables',
    setting: { kind: 'env', name: 'AGGREGATE_RETENTION_DAYS', default: 1825, max: 3650 },
    readBy: 'agency leaders (LEADER_IDS), own tenant',
  },
  {
    kind: 'extract',
    what: 'A coordinator’s extract of children in care (case number, alias, dates, goal, office) for the "Roundtables due" queue',
    container: '`programme` (one document per tenant)',
    whose: 'the children in care of the agency (case numbers: protected)',
    kept: 'replaced at each upload; deleted the setting’s days after the upload',
    setting: { kind: 'env', name: 'EXTRACT_RETENTION_DAYS', default: 30, max: 365 },
    readBy: 'the agency’s coordinators (COORDINATOR_IDS) only, in the personal app; never posted in a chat',
  },
  {
    kind: 'download',
    what: 'A download link (case file, barrier CSV): the SHA-256 of its token, who asked, expiry',
    container: '`programme`',
    whose: 'the person who asked',
    kept: 'valid for the setting’s minutes and once; deleted at the next daily pass after it expires',
    setting: { kind: 'other', text: '`EXPORT_LINK_MINUTES` (default 15, at most 1440)' },
    readBy: 'the person who asked (the link)',
  },
  {
    kind: 'chat-pointer',
    what: 'A chat pointer: which roundtables a chat held (ids only)',
    container: '`chats`',
    whose: 'the chat',
    kept: 'forgets each deleted roundtable’s id; the pointer (a chat id and roundtable ids) stays',
    setting: { kind: 'other', text: '— (follows its roundtables)' },
    readBy: 'the bot',
  },
  {
    kind: 'register',
    what: 'A systemic barrier register entry: category, text, status, notes',
    container: '`programme`',
    whose: 'the agency',
    kept: 'as long as the roundtable that raised it',
    setting: { kind: 'other', text: '— (follows its roundtable)' },
    readBy: 'agency leaders, own tenant, 1:1 only',
  },
  {
    kind: 'deletion-record',
    what: 'A deletion record: roundtable id, who, when, why, counts (never the alias or text); legal holds are in the audit trail',
    container: '`programme`',
    whose: 'the agency',
    kept: 'the setting’s days after the deletion',
    setting: { kind: 'env', name: 'DELETION_RECORD_RETENTION_DAYS', default: 2555, max: 36500 },
    readBy: 'the admin (database)',
  },
  {
    kind: 'audit',
    what: 'The audit trail of a roundtable: who changed what, when (event names and ids, never text)',
    container: '`roundtables` (the roundtable’s partition)',
    whose: 'the case',
    kept: 'as long as its roundtable',
    setting: { kind: 'other', text: '— (follows its roundtable)' },
    readBy: 'the admin (database)',
  },
];

/** What the daily pass needs from storage: deletions by age, each skipping roundtables under legal hold. */
export interface RetentionStore {
  /** Ids of roundtables under legal hold. */
  heldRoundtables(): Promise<Set<string>>;
  /** Unattached preparation drafts last saved before `iso`. */
  deleteDraftsBefore(iso: string): Promise<number>;
  /** Invitations sent before `iso`, outside the `held` roundtables. */
  deleteInvitationsBefore(iso: string, held: Set<string>): Promise<number>;
  /** Person records last updated before `iso`. */
  deletePeopleBefore(iso: string): Promise<number>;
  /** Reminders no longer pending, created before `iso`, outside the `held` roundtables. */
  deleteFinishedRemindersBefore(iso: string, held: Set<string>): Promise<number>;
  /** Monthly aggregates of months that ended before `iso`. */
  deleteAggregatesBefore(iso: string): Promise<number>;
  /** Deletion records made before `iso`. */
  deleteDeletionRecordsBefore(iso: string): Promise<number>;
  /** Coordinators' extracts of children in care uploaded before `iso`. */
  deleteExtractsBefore(iso: string): Promise<number>;
}

const DAY = 86_400_000;

/**
 * The daily retention pass over every kind with its own setting (0 days: that kind is kept):
 * deletes what is past its time; returns how many of each kind.
 */
export async function sweepByRetentionRules(
  store: RetentionStore,
  days: RetentionDays,
  now: Date,
): Promise<Partial<Record<RetentionKind, number>>> {
  const cutoff = (kind: RetentionKind) =>
    days[kind] > 0 ? new Date(now.getTime() - days[kind] * DAY).toISOString() : undefined;
  const held = await store.heldRoundtables();
  const out: Partial<Record<RetentionKind, number>> = {};
  const run = async (kind: RetentionKind, del: (iso: string) => Promise<number>) => {
    const iso = cutoff(kind);
    if (iso) out[kind] = await del(iso);
  };
  await run('draft', (iso) => store.deleteDraftsBefore(iso));
  await run('invitation', (iso) => store.deleteInvitationsBefore(iso, held));
  await run('person', (iso) => store.deletePeopleBefore(iso));
  await run('reminder', (iso) => store.deleteFinishedRemindersBefore(iso, held));
  await run('aggregate', (iso) => store.deleteAggregatesBefore(iso));
  await run('deletion-record', (iso) => store.deleteDeletionRecordsBefore(iso));
  await run('extract', (iso) => store.deleteExtractsBefore(iso));
  return out;
}
