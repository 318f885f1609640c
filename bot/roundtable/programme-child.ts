import { deriveChildViews } from './child-derived.js';
import {
  type ChildOutcome,
  type ChildRecord,
  caseKeyOf,
  childIdOf,
  type ExitKind,
  type LegalPermanencyKind,
} from './child-types.js';
import type { ActionPlan, AgencySettings, CaseSummary, PermanencyGoal, Roundtable } from './types.js';

/**
 * The programme view's per-child facts (issue #25): one fact per CHILD of a case, computed by the scheduler
 * from the child records (and, for cases stored before child records existed, from their plans), keyed to
 * the case's first roundtable. A fact holds dates, scale keys and kinds only: no alias, no name.
 */

/** A move on an agency scale between the first and the latest record. */
export type RatingTransition = 'improved' | 'same' | 'worse' | 'not-recorded';
export type LivingMove = 'less-restrictive' | 'same' | 'more-restrictive' | 'not-recorded';

/** Where the child stands: legal permanency (dated by the court), an exit, still in care, or nothing recorded. */
export type ChildOutcomeFact =
  | { kind: 'permanency'; type: LegalPermanencyKind; finalisedOn?: string }
  | { kind: 'exit'; type: ExitKind; exitedOn?: string }
  | { kind: 'in-care' }
  | { kind: 'not-recorded' };

/** One child of a case, as the programme view counts it. */
export interface ChildFact {
  office?: string;
  /** The case's first roundtable's start (the child's windows run from it). */
  firstAt: string;
  primaryGoal?: PermanencyGoal;
  /** Rating keys at the first roundtable and the latest rating. */
  atRoundtable?: string;
  latest?: string;
  rating: RatingTransition;
  living: LivingMove;
  /** At least one committed lifelong connection that is not removed. */
  connection: boolean;
  outcome: ChildOutcomeFact;
  /** Derived from a plan stored before per-child records (its outcome has no court date). */
  derived?: boolean;
}

/** What the child facts read of one roundtable (a case's chain is oldest first, its first roundtable first). */
export interface ChainSource {
  rt: Roundtable;
  plan?: ActionPlan;
  summary?: CaseSummary;
}

/** A move on a scale ordered best (or least restrictive) first: toward the front is an improvement. */
function moveOn(scale: string[], from: string | undefined, to: string | undefined) {
  const a = from === undefined ? -1 : scale.indexOf(from);
  const b = to === undefined ? -1 : scale.indexOf(to);
  if (a < 0 || b < 0) return 'not-recorded' as const;
  return b < a ? ('better' as const) : b > a ? ('worse' as const) : ('same' as const);
}

function outcomeFact(outcome: ChildOutcome | undefined): ChildOutcomeFact {
  if (!outcome) return { kind: 'not-recorded' };
  if (outcome.kind === 'permanency')
    return {
      kind: 'permanency',
      type: outcome.type,
      ...(outcome.finalisedOn ? { finalisedOn: outcome.finalisedOn } : {}),
    };
  if (outcome.kind === 'exit')
    return { kind: 'exit', type: outcome.type, ...(outcome.exitedOn ? { exitedOn: outcome.exitedOn } : {}) };
  return { kind: 'in-care' };
}

/** One child's fact from its record and its case's first roundtable (and that roundtable's plan). */
export function childFactOf(record: ChildRecord, first: ChainSource, settings: AgencySettings): ChildFact {
  const ratings = [...record.ratings].sort((a, b) => a.at.localeCompare(b.at));
  const atRoundtable = ratings.find(
    (r) => r.roundtableId === first.rt.id && r.occasion === 'roundtable',
  )?.key;
  const latest = ratings.at(-1)?.key;
  const rating = moveOn(
    settings.ratingScale.map((r) => r.key),
    atRoundtable,
    latest,
  );
  const living = [...record.living].sort((a, b) => a.at.localeCompare(b.at));
  const moved = moveOn(
    settings.livingScale.map((l) => l.key),
    living[0]?.key,
    living.at(-1)?.key,
  );
  const office = typeof first.rt.office === 'string' && first.rt.office ? first.rt.office : undefined;
  const derived = record.outcome && record.outcome.kind !== 'in-care' && record.outcome.derived;
  return {
    ...(office ? { office } : {}),
    firstAt: first.rt.createdAt,
    ...(first.plan?.primaryGoal ? { primaryGoal: first.plan.primaryGoal } : {}),
    ...(atRoundtable ? { atRoundtable } : {}),
    ...(latest ? { latest } : {}),
    rating: rating === 'better' ? 'improved' : rating,
    living: moved === 'better' ? 'less-restrictive' : moved === 'worse' ? 'more-restrictive' : moved,
    connection: record.connections.some((c) => c.committed && !c.removedAt),
    outcome: outcomeFact(record.outcome),
    ...(derived ? { derived: true } : {}),
  };
}

/**
 * THE FALLBACK FOR OLD DATA: the child records a case's plans imply when the case has none (roundtables stored
 * before #25), as the child's own views derive them (child-derived.ts: the same children, ratings and derived
 * outcome the personal app and the case file show). No living situation and no connections: those count as
 * "not recorded".
 */
export function derivedChildRecords(chain: ChainSource[]): ChildRecord[] {
  const first = chain[0];
  if (!first) return [];
  const tenantId = first.rt.chat.tenantId;
  const views = deriveChildViews(
    [],
    chain.map((s) => ({
      roundtable: s.rt,
      ...(s.plan ? { plan: s.plan } : {}),
      ...(s.summary ? { summary: s.summary } : {}),
    })),
  );
  return views.map((v) => ({
    id: childIdOf(v.childAlias),
    caseKey: caseKeyOf(tenantId, first.rt.caseAlias),
    ...(tenantId ? { tenantId } : {}),
    caseAlias: first.rt.caseAlias,
    childAlias: v.childAlias,
    ratings: v.ratings,
    living: [],
    connections: [],
    ...(v.outcome ? { outcome: v.outcome } : {}),
    roundtableIds: v.roundtableIds,
    createdAt: first.rt.createdAt,
    updatedAt: chain.at(-1)?.rt.endedAt ?? first.rt.createdAt,
  }));
}

/**
 * Every counted child of a tenant: each child record goes to its case's first counted roundtable (the earliest
 * of its roundtables that counts, else the earliest first roundtable of its case); a child of a case's summary
 * without a record falls back to derivedChildRecords. Records of practice roundtables (or of no counted
 * roundtable) never count.
 */
export function childFacts(
  chains: ChainSource[][],
  records: ChildRecord[],
  settings: AgencySettings,
): ChildFact[] {
  const firstOf = new Map<string, ChainSource>();
  const firstOfCase = new Map<string, ChainSource>();
  for (const chain of chains) {
    const first = chain[0];
    if (!first) continue;
    for (const s of chain) firstOf.set(s.rt.id, first);
    const key = caseKeyOf(first.rt.chat.tenantId, first.rt.caseAlias);
    const known = firstOfCase.get(key);
    if (!known || first.rt.createdAt < known.rt.createdAt) firstOfCase.set(key, first);
  }
  const facts: ChildFact[] = [];
  // The children each case has a record for (case key → child aliases, lower case).
  const recorded = new Map<string, Set<string>>();
  for (const record of records) {
    const aliases = recorded.get(record.caseKey) ?? new Set<string>();
    aliases.add(record.childAlias.trim().toLowerCase());
    recorded.set(record.caseKey, aliases);
    const firsts = record.roundtableIds
      .map((id) => firstOf.get(id))
      .filter((f): f is ChainSource => !!f)
      .sort((a, b) => a.rt.createdAt.localeCompare(b.rt.createdAt));
    const first = record.roundtableIds.length > 0 ? firsts[0] : firstOfCase.get(record.caseKey);
    if (first) facts.push(childFactOf(record, first, settings));
  }
  // The children of a case that have no record yet (all of them, for cases stored before #25): from its plans.
  for (const chain of chains) {
    const first = chain[0];
    if (!first) continue;
    const known = recorded.get(caseKeyOf(first.rt.chat.tenantId, first.rt.caseAlias));
    // Without children in its summary a case stands for one child: the case's records already are its children.
    if (known && !first.summary?.children.some((c) => c.alias)) continue;
    for (const record of derivedChildRecords(chain)) {
      if (known?.has(record.childAlias.trim().toLowerCase())) continue;
      facts.push({ ...childFactOf(record, first, settings), derived: true });
    }
  }
  return facts;
}
