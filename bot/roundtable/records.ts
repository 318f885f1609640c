import type { BarrierCategory, CaseSummary, Person, Role } from './types.js';

/**
 * The documents the domain's features store beside the roundtable (preparation drafts,
 * invitations, barrier answers, the barrier register, download links, deletion records): plain
 * data, so the ports and the features both depend on this module and never on each other.
 */

/** How a barrier buster answers a barrier raised in the room. */
export const BARRIER_ANSWERS = ['solved-now', 'needs-decision', 'not-a-barrier'] as const;
export type BarrierAnswerKind = (typeof BARRIER_ANSWERS)[number];

/** A barrier buster's answer to a barrier-flagged idea. */
export interface BarrierAnswer {
  kind: BarrierAnswerKind;
  /** "Can be solved now": the decision taken in the room (e.g. a waiver granted). */
  decision?: string;
  /** "Needs a policy/legal decision": the leader who takes it up, and by when. */
  owner?: Person;
  dueDate?: string;
  by: Person;
  at: string;
}

export type RegisterStatus = 'open' | 'decided' | 'withdrawn';

/**
 * A systemic barrier raised in a roundtable and answered by a barrier buster: one document per
 * barrier (id `barrier-<ideaId>`, in the roundtable's partition), so the barrier register can list,
 * filter and follow them across roundtables. Only `needs-decision` answers are in the register.
 */
export interface SystemicBarrier {
  id: string;
  roundtableId: string;
  ideaId: string;
  caseAlias: string;
  category: BarrierCategory;
  /** The idea's text when it was answered (the register shows it without reading every roundtable). */
  text: string;
  raisedBy: Person;
  answer: BarrierAnswer;
  /** In the barrier register (needs a policy/legal decision). */
  inRegister: boolean;
  /** Where the register stands on it; leaders move it on. */
  registerStatus: RegisterStatus;
  /** From a practice roundtable: never in the register or any report. */
  practice: boolean;
  createdAt: string;
  updatedAt: string;
}

export const BARRIER_STATUSES = ['open', 'escalated', 'in-progress', 'resolved'] as const;
export type BarrierStatus = (typeof BARRIER_STATUSES)[number];

/** One dated change to a register entry: who, what status, an optional note (the only free text). */
export interface BarrierNote {
  at: string;
  by: Person;
  status?: BarrierStatus;
  owner?: Person;
  note?: string;
}

/** A systemic barrier in the agency's register (container `programme`, one document per barrier). */
export interface BarrierRegisterEntry {
  id: string;
  roundtableId: string;
  caseAlias: string;
  /** The brainstorm idea that raised it, when it came from one. */
  ideaId?: string;
  category: BarrierCategory;
  /** The idea's text: confidential, shown only to leaders in 1:1 chats and the CSV export. */
  text: string;
  raisedAt: string;
  raisedBy: string;
  status: BarrierStatus;
  /** The leader who owns removing it. */
  owner?: Person;
  dueDate?: string;
  notes: BarrierNote[];
  /** Where it came from: a flagged brainstorm idea, or a barrier buster's answer in the room. */
  source: 'brainstorm' | 'barrier-buster';
  tenantId?: string;
  updatedAt: string;
}

export type InvitationStatus = 'invited' | 'confirmed' | 'declined' | 'unreachable';

/** One person invited to a roundtable before the meeting (a document in the roundtable's partition). */
export interface Invitation {
  id: string;
  roundtableId: string;
  caseAlias: string;
  person: Person;
  role?: Role;
  invitedBy: Person;
  invitedAt: string;
  /** The meeting's date and time as the facilitator gave it. */
  meetingAt: string;
  /** The IANA time zone `meetingAt` was given in (the agency's): the "Schedule in Teams" link's time. */
  timeZone?: string;
  status: InvitationStatus;
  respondedAt?: string;
}

/**
 * What remains after a roundtable is deleted (container `programme`, outside the deleted
 * partition): who, when, why and how much — ids and counts only, never the alias or any text.
 */
export interface DeletionRecord {
  id: string;
  roundtableId: string;
  at: string;
  /** Person id of the facilitator or records officer, or `system:retention`. */
  actorId: string;
  trigger: 'facilitator' | 'records-officer' | 'retention';
  documents: number;
  reminders: number;
  barriers: number;
}

/** A short-lived, single-use download link; only the SHA-256 of its token is stored (the document id). */
export interface DownloadLink {
  /** `dl-` + sha256(token): a stolen database row does not give the link. */
  id: string;
  kind: 'case-file' | 'barriers-csv' | 'plan-json' | 'plans-ndjson' | 'plans-csv' | 'handout-pdf';
  /** The family handout's language (`handout-pdf`): a folder of locales/. */
  lang?: string;
  /** The bulk plan export's period (ISO dates, inclusive): roundtables started in it. */
  period?: { from: string; to: string };
  roundtableId?: string;
  /** The asker's tenant (the barrier CSV is that tenant's register). */
  tenantId?: string;
  /** Who asked; the link was sent to them alone, in their 1:1 chat. */
  personId: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

/** The structured case summary as prepared before the roundtable (the Present phase's fields). */
export type CaseSummaryDraft = Omit<CaseSummary, 'updatedBy' | 'updatedAt'>;

/**
 * What staff heard before the roundtable (PRT.md "Preparation"): the youth's own words about where
 * and with whom they want to live and who matters to them, the family's and other stakeholders'
 * views, and the case facts for the presentation. A draft until `start <alias>` takes it over.
 */
export interface Preparation {
  caseAlias: string;
  preparedBy: Person;
  youthLiving: string;
  youthMatters: string;
  family: string;
  stakeholders: string;
  summary?: CaseSummaryDraft;
  /** The built-in fictional case of a practice roundtable. */
  practice?: boolean;
  /** Set on the copy a roundtable took over. */
  roundtableId?: string;
  createdAt: string;
  updatedAt: string;
}
