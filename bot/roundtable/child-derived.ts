/**
 * A case's children as the views show them (#25, item 7): the stored child records, completed by what the case's
 * plans hold — plans stored before child records existed, and plan writes whose child-record write has not
 * landed yet. Pure: no I/O. What cannot be derived stays unset and is shown as "not recorded".
 */
import type {
  ChildOutcome,
  ChildRecord,
  DatedLivingSituation,
  DatedRating,
  LegalPermanencyKind,
  LifelongConnection,
} from './child-types.js';
import type { ActionPlan, CaseSummary, PlanOutcome, Roundtable } from './types.js';

/** A rating as a view shows it: `derived` when it comes from a plan, not from the child's record. */
export type ViewedRating = DatedRating & { derived?: boolean };

/** One child of a case, for the plan, the reviews, the personal app and the case file. */
export interface ChildView {
  childAlias: string;
  caseAlias: string;
  /** Every rating, oldest first. */
  ratings: ViewedRating[];
  /** The newest rating (unset: never rated — "not recorded"). */
  latest?: ViewedRating;
  /** The child's outcome (unset: not recorded). A `derived` one comes from a plan closed before #25. */
  outcome?: ChildOutcome;
  living: DatedLivingSituation[];
  connections: LifelongConnection[];
  /** The case's roundtables that concern the child, oldest first. */
  roundtableIds: string[];
  /** The child has a stored record (false: everything shown is derived from older plans). */
  recorded: boolean;
}

/** One roundtable of the case with what it stored. */
export interface CaseRoundtable {
  roundtable: Roundtable;
  plan?: ActionPlan & { childOutcomes?: Record<string, ChildOutcome> };
  summary?: CaseSummary;
}

/** The same rating written twice (a replayed job or click) is one rating. */
export function sameRating(a: DatedRating, b: DatedRating): boolean {
  return a.roundtableId === b.roundtableId && a.occasion === b.occasion && a.at === b.at;
}

const LEGAL: Record<PlanOutcome, LegalPermanencyKind | undefined> = {
  reunification: 'reunification',
  adoption: 'adoption',
  guardianship: 'guardianship',
  'relative-placement': 'relative-placement',
  appla: undefined,
  other: undefined,
};

/** The ratings a plan holds, each with its child, dated as the plan's history dates them. */
function plannedRatings(entry: CaseRoundtable): { child: string; rating: DatedRating }[] {
  const { roundtable: rt, plan } = entry;
  if (!plan) return [];
  const out: { child: string; rating: DatedRating }[] = [];
  const history = plan.ratingHistory ?? [];
  for (const h of history)
    for (const [child, key] of Object.entries(h.ratings))
      out.push({
        child,
        rating: { key, at: h.at, by: h.by, occasion: h.occasion ?? 'review', roundtableId: rt.id },
      });
  // Plans that ended before ratings were recorded at the end: their ratings once, dated by the end.
  if (history.length === 0 && rt.status === 'ended') {
    const by = rt.afterEnd?.by ?? rt.startedBy;
    for (const [child, key] of Object.entries(plan.ratings))
      out.push({
        child,
        rating: {
          key,
          at: rt.endedAt ?? rt.createdAt,
          by,
          occasion: rt.followUpOf ? 'followup-roundtable' : 'roundtable',
          roundtableId: rt.id,
        },
      });
  }
  return out;
}

/** What an old plan's `closed` says about each child: a `derived` outcome without a court date, if it can. */
export function derivedOutcome(plan: ActionPlan): ChildOutcome | undefined {
  const closed = plan.closed;
  if (!closed) return undefined;
  const legal = LEGAL[closed.outcome];
  if (legal)
    return { kind: 'permanency', type: legal, recordedAt: closed.at, recordedBy: closed.by, derived: true };
  if (closed.outcome === 'other')
    return {
      kind: 'exit',
      type: 'other',
      ...(closed.reason ? { reason: closed.reason } : {}),
      recordedAt: closed.at,
      recordedBy: closed.by,
      derived: true,
    };
  // APPLA: a planned living arrangement in care, not legal permanency: the child is still in care.
  return { kind: 'in-care', recordedAt: closed.at, recordedBy: closed.by };
}

const key = (alias: string) => alias.trim().toLowerCase();

/**
 * The case's children: the stored records, completed from the case's roundtables (oldest first). A child named
 * only by older plans gets a view with `recorded: false`.
 */
export function deriveChildViews(records: ChildRecord[], caseRoundtables: CaseRoundtable[]): ChildView[] {
  const ordered = [...caseRoundtables].sort((a, b) =>
    a.roundtable.createdAt.localeCompare(b.roundtable.createdAt),
  );
  const views = new Map<string, ChildView>();
  const viewOf = (alias: string, caseAlias: string): ChildView => {
    let v = views.get(key(alias));
    if (!v) {
      v = {
        childAlias: alias.trim(),
        caseAlias,
        ratings: [],
        living: [],
        connections: [],
        roundtableIds: [],
        recorded: false,
      };
      views.set(key(alias), v);
    }
    return v;
  };
  for (const r of records) {
    const v = viewOf(r.childAlias, r.caseAlias);
    Object.assign(v, {
      ratings: [...r.ratings],
      living: [...r.living],
      connections: [...r.connections],
      roundtableIds: [...r.roundtableIds],
      recorded: true,
      ...(r.outcome ? { outcome: r.outcome } : {}),
    });
  }
  for (const entry of ordered) {
    const rt = entry.roundtable;
    const named = new Set<string>([
      ...(entry.summary?.children.map((c) => c.alias) ?? []),
      ...Object.keys(entry.plan?.ratings ?? {}),
    ]);
    // A roundtable that names no child (a follow-up without its own summary) concerns the children known so far;
    // a case that never named one stands for one child, named as the case.
    if (named.size === 0) for (const v of views.size ? views.values() : []) named.add(v.childAlias);
    if (named.size === 0) named.add(rt.caseAlias);
    for (const child of named) {
      const v = viewOf(child, rt.caseAlias);
      if (!v.roundtableIds.includes(rt.id)) v.roundtableIds.push(rt.id);
    }
    for (const { child, rating } of plannedRatings(entry)) {
      const v = viewOf(child, rt.caseAlias);
      if (!v.ratings.some((r) => sameRating(r, rating))) v.ratings.push({ ...rating, derived: true });
    }
    const plan = entry.plan;
    if (!plan) continue;
    for (const [child, outcome] of Object.entries(plan.childOutcomes ?? {})) {
      const v = viewOf(child, rt.caseAlias);
      if (!v.outcome || (!v.recorded && v.outcome.recordedAt <= outcome.recordedAt)) v.outcome = outcome;
    }
    const derived = plan.childOutcomes ? undefined : derivedOutcome(plan);
    if (derived)
      for (const child of named) {
        const v = viewOf(child, rt.caseAlias);
        if (!v.outcome) v.outcome = derived;
      }
  }
  const out = [...views.values()];
  for (const v of out) {
    v.ratings.sort((a, b) => a.at.localeCompare(b.at));
    const latest = v.ratings.at(-1);
    if (latest) v.latest = latest;
  }
  return out.sort((a, b) => a.childAlias.localeCompare(b.childAlias));
}
