import type { PersonRecord, Reminder } from '../reminders/types.js';
import type { SystemicBarrier } from '../roundtable/barrier-busting.js';
import type { Invitation } from '../roundtable/invitations.js';
import type { Preparation } from '../roundtable/preparation.js';
import type {
  ActionPlan,
  AuditEntry,
  CaseSummary,
  ChatPointer,
  Contribution,
  PlanStep,
  Roundtable,
} from '../roundtable/types.js';

/** A value read from storage with the etag to write it back under. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

/** Thrown when a write's etag no longer matches (HTTP 412): read again and retry. */
export class EtagConflict extends Error {
  constructor(what: string) {
    super(`${what} was changed by someone else`);
    this.name = 'EtagConflict';
  }
}

/** Thrown when storage keeps failing after its own retries (throttling, outage). */
export class StoreUnavailable extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'StoreUnavailable';
  }
}

/** Everything the roundtable domain needs from storage. Implemented on Cosmos DB. */
export interface RoundtableStore {
  getRoundtable(id: string): Promise<Versioned<Roundtable> | undefined>;
  /** Creates the roundtable document; false when one with that id exists. */
  createRoundtable(rt: Roundtable): Promise<boolean>;
  /** Replaces under etag; throws EtagConflict when it changed. */
  replaceRoundtable(rt: Roundtable, etag: string): Promise<Versioned<Roundtable>>;
  deleteRoundtable(id: string): Promise<void>;

  getChat(conversationId: string): Promise<Versioned<ChatPointer> | undefined>;
  /** Creates (no etag) or replaces (etag) the chat pointer; throws EtagConflict on a race. */
  putChat(pointer: ChatPointer, etag?: string): Promise<void>;

  /** Stores a contribution once: false when a contribution with that id already exists (a replay). */
  addContribution(c: Contribution): Promise<boolean>;
  getContribution(roundtableId: string, id: string): Promise<Versioned<Contribution> | undefined>;
  replaceContribution(c: Contribution, etag: string): Promise<void>;
  listContributions(roundtableId: string): Promise<Contribution[]>;
  /** Ids of the ideas this person added to the roundtable after `sinceIso` (the flood limit counts them). */
  recentIdeasBy(roundtableId: string, authorId: string, sinceIso: string): Promise<string[]>;

  getCaseSummary(roundtableId: string): Promise<Versioned<CaseSummary> | undefined>;
  putCaseSummary(roundtableId: string, s: CaseSummary, etag?: string): Promise<void>;
  getPlan(roundtableId: string): Promise<Versioned<ActionPlan> | undefined>;
  putPlan(roundtableId: string, plan: ActionPlan, etag?: string): Promise<void>;

  addAudit(entry: AuditEntry): Promise<void>;
  listAudit(roundtableId: string): Promise<AuditEntry[]>;
}

/** What follow-up needs from storage: people we can reach and reminder documents. */
export interface FollowUpStore {
  getPerson(id: string): Promise<PersonRecord | undefined>;
  putPerson(person: PersonRecord): Promise<void>;
  /** Creates a reminder once: false when one with that id exists already (idempotent scheduling). */
  createReminder(reminder: Reminder): Promise<boolean>;
  getReminder(ownerId: string, id: string): Promise<Versioned<Reminder> | undefined>;
  /** Replaces under etag; throws EtagConflict when someone else changed it (another instance claimed it). */
  replaceReminder(reminder: Reminder, etag: string): Promise<Versioned<Reminder>>;
  /** Pending reminders due at `now` whose lease (if any) has expired, oldest first, at most `max`. */
  dueReminders(now: Date, max: number): Promise<Versioned<Reminder>[]>;
  /** Reminders of a roundtable (for status and cancellation). */
  remindersOf(roundtableId: string): Promise<Versioned<Reminder>[]>;
  /** Open and closed plan steps owned by any of these people, across roundtables. */
  stepsOwnedBy(personIds: string[]): Promise<PlanStep[]>;
  /** Ids of the roundtables whose roster names this person in this role. */
  roundtablesWhere(personId: string, role: string): Promise<string[]>;
  /** Deletes every reminder of a roundtable (retention of practice roundtables). */
  deleteRemindersOf(roundtableId: string): Promise<number>;
}

/**
 * Preparation drafts, invitations and barrier answers, and the practice retention query: documents in
 * the `roundtables` container (a preparation draft lives in its own `prep-…` partition until a
 * roundtable takes it over; everything else in the roundtable's partition).
 */
export interface PreparationStore {
  /** The preparation document of a partition (a `prep-…` draft partition or a roundtable id). */
  getPreparation(partition: string): Promise<Versioned<Preparation> | undefined>;
  /** Creates (no etag) or replaces (etag) it; EtagConflict on a race. */
  putPreparation(partition: string, p: Preparation, etag?: string): Promise<void>;
  deletePreparation(partition: string): Promise<void>;

  getInvitation(roundtableId: string, id: string): Promise<Versioned<Invitation> | undefined>;
  putInvitation(inv: Invitation, etag?: string): Promise<void>;
  listInvitations(roundtableId: string): Promise<Invitation[]>;

  getBarrier(roundtableId: string, id: string): Promise<Versioned<SystemicBarrier> | undefined>;
  putBarrier(b: SystemicBarrier, etag?: string): Promise<void>;
  listBarriers(roundtableId: string): Promise<SystemicBarrier[]>;
  /** The barrier register across roundtables: answers that need a policy/legal decision, practice excluded. */
  barrierRegister(): Promise<SystemicBarrier[]>;

  /** Ids of practice roundtables whose `deleteAfter` has passed. */
  expiredPractice(now: Date): Promise<string[]>;
}
