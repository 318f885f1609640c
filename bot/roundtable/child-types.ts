/**
 * The child at the centre (issue #25): one permanency record per child of a case, across all of the case's
 * roundtables. Types and the storage port only; the operations are in child-record.ts.
 *
 * A case is the tenant and the case alias (case-insensitive); a child is a child alias within the case. The
 * record lives in the `roundtables` container in the case's own partition (`roundtableId` = caseKey), so a
 * case's children are one partition-scoped query and a child is one point read.
 */
import type { Versioned } from './ports.js';
import type { Person, RatingOccasion } from './types.js';

/** Legal permanency a child can reach (the court finalises it; its date is the court's, not a click's). */
export const LEGAL_PERMANENCY_KINDS = [
  'reunification',
  'adoption',
  'guardianship',
  'relative-placement',
] as const;
export type LegalPermanencyKind = (typeof LEGAL_PERMANENCY_KINDS)[number];

/** Ways a child leaves care without legal permanency (Casey's evaluation counts these). */
export const EXITS_WITHOUT_PERMANENCY = ['aged-out', 'ran-away', 'transferred', 'other'] as const;
export type ExitKind = (typeof EXITS_WITHOUT_PERMANENCY)[number];

/** Where a child stands at the close of a plan (or when the outcome is recorded). */
export type ChildOutcome =
  | {
      kind: 'permanency';
      type: LegalPermanencyKind;
      /** ISO date the court finalised it; unset only on outcomes derived from records made before #25. */
      finalisedOn?: string;
      recordedAt: string;
      recordedBy: Person;
      /** Derived from a plan closed before per-child outcomes existed (its date is not the court's). */
      derived?: boolean;
    }
  | {
      kind: 'exit';
      type: ExitKind;
      /** ISO date the child left care. */
      exitedOn?: string;
      /** Free text for `other` (name-checked like any free text). */
      reason?: string;
      recordedAt: string;
      recordedBy: Person;
      derived?: boolean;
    }
  | { kind: 'in-care'; recordedAt: string; recordedBy: Person };

/** One permanency status rating: a snapshot of the child's legal status and connections on a date. */
export interface DatedRating {
  /** Key on the agency's rating scale (AgencySettings.ratingScale). */
  key: string;
  /** When it was rated (ISO date-time). */
  at: string;
  by: Person;
  occasion: RatingOccasion;
  /** The roundtable whose plan it was rated for. */
  roundtableId: string;
}

/** The child's living situation on the agency's scale (least to most restrictive), as of a date. */
export interface DatedLivingSituation {
  /** Key on AgencySettings.livingScale. */
  key: string;
  at: string;
  by: Person;
  roundtableId?: string;
}

/**
 * A lifelong connection (the action plan forms' "permanent connections"). Only `protected` holds names
 * and contact details: it is never rendered on a chat card, it is shown only to plan owners and
 * facilitators in the personal app and the case file, and the name check does not warn on it.
 */
export interface LifelongConnection {
  id: string;
  /** Relationship to the child ("maternal aunt", "former foster parent"). */
  relationship: string;
  /** The adult has committed to a lifelong relationship with the child. */
  committed: boolean;
  /** Kind of contact (key on CONTACT_KINDS). */
  contact: ContactKind;
  /** How often (key on CONTACT_FREQUENCIES). */
  frequency: ContactFrequency;
  /** PROTECTED: the person's name and how to reach them. */
  protected: { name?: string; details?: string };
  addedAt: string;
  addedBy: Person;
  updatedAt: string;
  /** Removed connections are kept (dated) so that counts over time stay true. */
  removedAt?: string;
}

export const CONTACT_KINDS = ['in-person', 'phone-video', 'letters-messages', 'none-yet'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const CONTACT_FREQUENCIES = ['weekly', 'monthly', 'few-times-a-year', 'rarely'] as const;
export type ContactFrequency = (typeof CONTACT_FREQUENCIES)[number];

/** One child's permanency record across the case's roundtables. */
export interface ChildRecord {
  /** `child-<child alias, lower case>` within the case's partition. */
  id: string;
  /** The case's partition: see caseKeyOf. */
  caseKey: string;
  tenantId?: string;
  caseAlias: string;
  childAlias: string;
  /** Every rating, oldest first; never edited, only appended. */
  ratings: DatedRating[];
  /** Living situations, oldest first. */
  living: DatedLivingSituation[];
  connections: LifelongConnection[];
  /** The latest outcome recorded for the child (unset: never recorded). */
  outcome?: ChildOutcome;
  /** The case's roundtables that rated or discussed this child, oldest first. */
  roundtableIds: string[];
  createdAt: string;
  updatedAt: string;
}

/** The partition of a case's child records: tenant and case alias, case-insensitive. */
export function caseKeyOf(tenantId: string | undefined, caseAlias: string): string {
  return `case-${(tenantId ?? 'none').toLowerCase()}-${caseAlias.trim().toLowerCase()}`;
}

/** The id of a child's record within its case's partition. */
export function childIdOf(childAlias: string): string {
  return `child-${childAlias.trim().toLowerCase()}`;
}

/** What the child record needs from storage (bot/store/*-child-store.ts). */
export interface ChildRecordStore {
  /** A point read; undefined when the child has no record yet. */
  getChild(caseKey: string, childAlias: string): Promise<Versioned<ChildRecord> | undefined>;
  /** Creates (no etag: EtagConflict when it exists) or replaces under etag (EtagConflict on a race). */
  putChild(record: ChildRecord, etag?: string): Promise<void>;
  /** Every child of a case: one partition-scoped query. */
  childrenOfCase(caseKey: string): Promise<ChildRecord[]>;
  /** Every child record of a tenant (`undefined`: chats without one): the scheduler's aggregation only. */
  childrenOfTenant(tenantId: string | undefined): Promise<ChildRecord[]>;
  /** Deletes a case's child records (retention, records officer deletion); returns how many. */
  deleteCase(caseKey: string): Promise<number>;
}
