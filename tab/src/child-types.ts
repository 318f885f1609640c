/**
 * What the child's record API answers (personal app, plan owners and facilitators only), as the page reads it.
 * The server builds its answers to these types (bot/roundtable/child-page.ts). PROTECTED: `name` and `details`
 * of a connection; they are shown on this page and in the case file, never in a chat.
 */

/** A choice on one of the agency's scales, or a fixed list. */
export interface Choice {
  key: string;
  label: string;
}

/** One permanency status rating, with the agency's meaning of it. */
export interface RatingLine {
  key: string;
  label: string;
  definition?: string;
  /** When it was rated (ISO date-time). */
  at: string;
  /** 'At the roundtable', 'At a follow-up roundtable', 'At a follow-up review'. */
  occasion: string;
}

/** One living situation, least restrictive = rank 1. */
export interface LivingLine {
  key: string;
  label: string;
  /** Rank on the agency's scale (1 = least restrictive). */
  rank: number;
  /** YYYY-MM-DD the child has lived there since. */
  since: string;
  by: string;
}

/** One lifelong connection, with its protected fields. */
export interface ConnectionLine {
  id: string;
  relationship: string;
  committed: boolean;
  contact: string;
  contactLabel: string;
  frequency: string;
  frequencyLabel: string;
  /** PROTECTED */
  name?: string;
  /** PROTECTED */
  details?: string;
  addedAt: string;
  updatedAt: string;
  removedAt?: string;
}

/** The child's record page. */
export interface ChildRecordPage {
  roundtableId: string;
  caseAlias: string;
  childAlias: string;
  /** The record exists (false: nothing recorded for the child yet). */
  recorded: boolean;
  /** Oldest first. */
  ratings: RatingLine[];
  /** Oldest first. */
  living: LivingLine[];
  /** Current connections first, then removed ones. */
  connections: ConnectionLine[];
  /** The latest outcome in words, or undefined: not recorded. */
  outcome?: { text: string; on?: string };
  /** The non-protected facts in one line ("2 lifelong connections, 1 committed; living: Foster family"). */
  facts: string;
  /** The case's other children (aliases), for switching. */
  siblings: string[];
  livingScale: Choice[];
  contactKinds: Choice[];
  frequencies: Choice[];
}

/** The children of a case, with their non-protected facts. */
export interface CaseChildrenPage {
  roundtableId: string;
  caseAlias: string;
  children: { alias: string; facts: string }[];
}
