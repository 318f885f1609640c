import type {
  BarrierRegisterEntry,
  DeletionRecord,
  DownloadLink,
  Invitation,
  Preparation,
  SystemicBarrier,
} from './records.js';
import type {
  ActionPlan,
  AuditEntry,
  CaseSummary,
  ChatPointer,
  Contribution,
  PersonRecord,
  RosterEntry,
  Roundtable,
} from './types.js';

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
    /** The library's error (a dropped connection has no status: its code, e.g. ECONNRESET, says why). */
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreUnavailable';
  }
}

/**
 * Scopes of reads: within one, each roundtable's documents are read from storage once and the
 * scope's own writes are seen; a fresh scope reads storage again (a shared card's update pass).
 */
export interface ReadScopes {
  /** Runs `work` with reads of its own: it sees storage as it is now, not what the caller read. */
  fresh<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `work` in the caller's scope (a turn's), or in a new one when there is none. */
  within<T>(work: () => Promise<T>): Promise<T>;
}

/** Everything the roundtable domain needs from storage. Implemented on Cosmos DB. */
export interface RoundtableStore {
  /**
   * The roundtable with its roster (its member documents in place). `{ roster: false }`: the roundtable document
   * alone (one point read outside a turn, not a query over its partition); its `roster` is then the copy as of the
   * document's last write, exact for roles with rights, maybe without people who joined since (roster.ts). For
   * callers that need no roster: a reminder's card, whether it is still relevant.
   */
  getRoundtable(id: string, opts?: { roster?: boolean }): Promise<Versioned<Roundtable> | undefined>;
  /** Creates the roundtable document; false when one with that id exists. */
  createRoundtable(rt: Roundtable): Promise<boolean>;
  /** Replaces under etag; throws EtagConflict when it changed. */
  replaceRoundtable(rt: Roundtable, etag: string): Promise<Versioned<Roundtable>>;
  deleteRoundtable(id: string): Promise<void>;
  /**
   * One person's roster entry: their member document in the roundtable's partition (`null`: taken off the
   * roster); undefined when they have none. `getRoundtable` returns the roster with these in place (roster.ts).
   */
  getMember(roundtableId: string, personId: string): Promise<Versioned<RosterEntry | null> | undefined>;
  /** Creates (no etag) or replaces (etag) a person's member document; EtagConflict when it lost a race. */
  putMember(roundtableId: string, personId: string, entry: RosterEntry | null, etag?: string): Promise<void>;
  /**
   * Makes sure the scheduler will run the after-end job of this roundtable (idempotent). Called inside the
   * guarded write that ends it, before the write: an end that is stored always finds its job.
   */
  armAfterEnd(rt: Roundtable, at: Date): Promise<void>;
  /**
   * Ids of active roundtables whose running time box ended by `now` and was not said in the chat yet (one query
   * across roundtables, run by the scheduler's pass: only the current phase has a time box).
   */
  timeBoxesRunOut(now: Date): Promise<string[]>;

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

/**
 * What the programme features need from storage, across roundtables: the barrier register,
 * download links, deletion records (container `programme`), and a few cross-roundtable queries.
 */
export interface ProgrammeStore {
  /** Roundtables with this case alias (case-insensitive) in a tenant (`undefined`: chats without one). */
  roundtablesByAlias(alias: string, tenantId: string | undefined): Promise<Roundtable[]>;
  /** Roundtables whose roster names someone in this role. */
  roundtablesWithRole(role: string): Promise<Roundtable[]>;
  /** People the bot has seen, by Entra object id. */
  peopleByAadIds(aadIds: string[]): Promise<PersonRecord[]>;

  /** Creates a register entry once: false when it exists (the same idea registered twice). */
  createBarrier(b: BarrierRegisterEntry): Promise<boolean>;
  getBarrier(id: string): Promise<Versioned<BarrierRegisterEntry> | undefined>;
  /** Replaces under etag; throws EtagConflict when someone else changed it. */
  replaceBarrier(b: BarrierRegisterEntry, etag: string): Promise<void>;
  /** A tenant's register (`undefined`: entries of chats without a tenant). */
  listBarriers(tenantId: string | undefined): Promise<BarrierRegisterEntry[]>;
  /** Deletes the register entries raised in a roundtable; returns how many. */
  deleteBarriersOf(roundtableId: string): Promise<number>;

  createDownload(link: DownloadLink): Promise<void>;
  getDownload(id: string): Promise<Versioned<DownloadLink> | undefined>;
  /** Replaces under etag (marks it used); throws EtagConflict when another request used it first. */
  replaceDownload(link: DownloadLink, etag: string): Promise<void>;
  /** Deletes links that expired before `iso`; returns how many. */
  deleteExpiredDownloads(iso: string): Promise<number>;

  addDeletion(record: DeletionRecord): Promise<void>;
  listDeletions(): Promise<DeletionRecord[]>;

  /** Ids of roundtables whose plan was closed before `iso`. */
  closedPlansBefore(iso: string): Promise<string[]>;
  /** Deletes every document of a roundtable's partition; returns how many. */
  deleteRoundtableDocuments(roundtableId: string): Promise<number>;
  /** Deletes every reminder of a roundtable (pending or not); returns how many were pending. */
  deleteRemindersOf(roundtableId: string): Promise<{ deleted: number; pending: number }>;
}
