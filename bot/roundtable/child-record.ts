/**
 * The child at the centre (#25): writes on each child's permanency record. Ratings are appended, never edited,
 * and keyed by roundtable + occasion + date so that a replayed write adds nothing; every write runs under the
 * record's etag with the one retry loop. The read side (with what older roundtables give) is child-view.ts.
 */
import { type CaseRoundtable, type ChildView, deriveChildViews, sameRating } from './child-derived.js';
import type { ChildOutcome, ChildRecord, ChildRecordStore, DatedRating } from './child-types.js';
import { caseKeyOf, childIdOf } from './child-types.js';
import { retryOnConflict } from './etag-retry.js';
import type { ProgrammeStore, RoundtableStore } from './ports.js';
import type { ActionPlan, CaseSummary, Roundtable } from './types.js';

export type { ChildView, ViewedRating } from './child-derived.js';

/** What a write on child records needs: the store and the clock (a DomainContext or a FollowUpContext). */
export interface ChildDeps {
  children: ChildRecordStore;
  now: () => Date;
}

/** A plan as stored since #25: each child's outcome beside the plan-wide `closed` kept for old readers. */
export type PlanWithChildren = ActionPlan & { childOutcomes?: Record<string, ChildOutcome> };

/** The children of a roundtable: its case summary's, or the case alias for a single child. */
export function childrenOf(rt: Roundtable, summary: CaseSummary | undefined): string[] {
  return summary?.children.length ? summary.children.map((c) => c.alias) : [rt.caseAlias];
}

/** The case key of a roundtable's children. */
export function caseKeyOfRoundtable(rt: Roundtable): string {
  return caseKeyOf(rt.chat.tenantId, rt.caseAlias);
}

/** A new, empty record for a child of this roundtable's case. */
function freshRecord(rt: Roundtable, childAlias: string, now: string): ChildRecord {
  return {
    id: childIdOf(childAlias),
    caseKey: caseKeyOfRoundtable(rt),
    ...(rt.chat.tenantId ? { tenantId: rt.chat.tenantId } : {}),
    caseAlias: rt.caseAlias,
    childAlias: childAlias.trim(),
    ratings: [],
    living: [],
    connections: [],
    roundtableIds: [rt.id],
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Changes one child's record under its etag (creating it for this roundtable when missing): `change` returns the
 * new record, or undefined when there is nothing to write (already done). Throws when every attempt lost the race.
 */
export async function changeChild(
  deps: ChildDeps,
  rt: Roundtable,
  childAlias: string,
  change: (record: ChildRecord) => ChildRecord | undefined,
): Promise<ChildRecord | undefined> {
  const caseKey = caseKeyOfRoundtable(rt);
  return retryOnConflict(
    async () => {
      const current = await deps.children.getChild(caseKey, childAlias);
      const now = deps.now().toISOString();
      const base = current?.value ?? freshRecord(rt, childAlias, now);
      const withRoundtable = base.roundtableIds.includes(rt.id)
        ? base
        : { ...base, roundtableIds: [...base.roundtableIds, rt.id] };
      const changed = change(withRoundtable);
      if (!changed) {
        if (current && withRoundtable === base) return current.value;
        const keep = { ...withRoundtable, updatedAt: now };
        await deps.children.putChild(keep, current?.etag);
        return keep;
      }
      const next = { ...changed, updatedAt: now };
      await deps.children.putChild(next, current?.etag);
      return next;
    },
    {
      attempts: 8,
      exhausted: () => {
        throw new Error('a child record lost every etag race');
      },
    },
  );
}

/** Each child of the roundtable has a record that lists the roundtable (idempotent). */
export async function ensureChildRecords(deps: ChildDeps, rt: Roundtable, children: string[]): Promise<void> {
  for (const child of children) await changeChild(deps, rt, child, () => undefined);
}

/**
 * Appends each child's dated rating (`ratings`: child alias → key) to the child's record; a rating already there
 * (same roundtable, occasion and date) is not added again.
 */
export async function appendChildRatings(
  deps: ChildDeps,
  rt: Roundtable,
  ratings: Record<string, string>,
  when: Omit<DatedRating, 'key' | 'roundtableId'>,
): Promise<void> {
  for (const [child, key] of Object.entries(ratings)) {
    const rating: DatedRating = {
      key,
      at: when.at,
      by: when.by,
      occasion: when.occasion,
      roundtableId: rt.id,
    };
    await changeChild(deps, rt, child, (record) =>
      record.ratings.some((r) => sameRating(r, rating))
        ? undefined
        : { ...record, ratings: [...record.ratings, rating].sort((a, b) => a.at.localeCompare(b.at)) },
    );
  }
}

/** Records each child's outcome (replacing an earlier one; the same outcome again writes nothing). */
export async function recordChildOutcomes(
  deps: ChildDeps,
  rt: Roundtable,
  outcomes: Record<string, ChildOutcome>,
): Promise<void> {
  for (const [child, outcome] of Object.entries(outcomes)) {
    await changeChild(deps, rt, child, (record) =>
      record.outcome && sameOutcome(record.outcome, outcome) ? undefined : { ...record, outcome },
    );
  }
}

/** Two outcomes say the same thing (the time they were recorded aside). */
export function sameOutcome(a: ChildOutcome, b: ChildOutcome): boolean {
  const { recordedAt: _a, recordedBy: _ab, ...x } = a;
  const { recordedAt: _b, recordedBy: _bb, ...y } = b;
  return JSON.stringify(x, Object.keys(x).sort()) === JSON.stringify(y, Object.keys(y).sort());
}

/** One child's record, if it has one. */
export async function readChild(
  deps: Pick<ChildDeps, 'children'>,
  tenantId: string | undefined,
  caseAlias: string,
  childAlias: string,
): Promise<ChildRecord | undefined> {
  return (await deps.children.getChild(caseKeyOf(tenantId, caseAlias), childAlias))?.value;
}

/** Every stored child record of a case. */
export function childrenOfCase(
  deps: Pick<ChildDeps, 'children'>,
  tenantId: string | undefined,
  caseAlias: string,
): Promise<ChildRecord[]> {
  return deps.children.childrenOfCase(caseKeyOf(tenantId, caseAlias));
}

/** What childView reads: the child records, the case's roundtables and their plans and summaries. */
export interface ChildViewDeps {
  children: ChildRecordStore;
  store: RoundtableStore;
  programme: ProgrammeStore;
}

/**
 * A case's children (tenant + case alias) with every rating, the outcome, living situation and connections:
 * the stored child records, completed by what the case's roundtables hold (roundtables stored before #25 keep
 * working: their ratings and a closed plan's outcome are derived; what cannot be derived stays unset).
 * Practice roundtables count only for a practice case. No access check: callers check it first.
 */
export async function childView(
  ctx: ChildViewDeps,
  tenantId: string | undefined,
  caseAlias: string,
): Promise<ChildView[]> {
  const records = await ctx.children.childrenOfCase(caseKeyOf(tenantId, caseAlias));
  const found = await ctx.programme.roundtablesByAlias(caseAlias, tenantId);
  const real = found.filter((rt) => rt.practice !== true);
  const roundtables = real.length > 0 ? real : found;
  const entries: CaseRoundtable[] = await Promise.all(
    roundtables.map(async (roundtable) => {
      const plan = (await ctx.store.getPlan(roundtable.id))?.value;
      const summary = (await ctx.store.getCaseSummary(roundtable.id))?.value;
      return { roundtable, ...(plan ? { plan } : {}), ...(summary ? { summary } : {}) };
    }),
  );
  return deriveChildViews(records, entries);
}

/**
 * The children of a roundtable's case as its chain of roundtables (this one and those it follows up) and the
 * stored records give them: what the 1:1 review card shows (no programme query, so it serves the reminders too).
 */
export async function chainChildView(
  deps: { children?: ChildRecordStore; store: RoundtableStore },
  rt: Roundtable,
): Promise<ChildView[]> {
  const chain = [rt];
  for (let at = rt; at.followUpOf && chain.length < 25; ) {
    const prev = (await deps.store.getRoundtable(at.followUpOf))?.value;
    if (!prev) break;
    chain.unshift(prev);
    at = prev;
  }
  const entries: CaseRoundtable[] = await Promise.all(
    chain.map(async (roundtable) => {
      const plan = (await deps.store.getPlan(roundtable.id))?.value;
      const summary = (await deps.store.getCaseSummary(roundtable.id))?.value;
      return { roundtable, ...(plan ? { plan } : {}), ...(summary ? { summary } : {}) };
    }),
  );
  const records =
    deps.children && rt.practice !== true ? await deps.children.childrenOfCase(caseKeyOfRoundtable(rt)) : [];
  const named = new Set(childrenOf(rt, entries.at(-1)?.summary).map((c) => c.trim().toLowerCase()));
  return deriveChildViews(records, entries).filter((v) => named.has(v.childAlias.toLowerCase()));
}

/**
 * A roundtable is deleted (facilitator, records officer, retention): its ratings leave the children's records and
 * the records no longer list it; when no child of the case is left with a roundtable, the case's records go.
 */
export async function forgetRoundtableInChildren(deps: ChildDeps, rt: Roundtable): Promise<void> {
  const caseKey = caseKeyOfRoundtable(rt);
  const records = await deps.children.childrenOfCase(caseKey);
  if (!records.some((r) => r.roundtableIds.includes(rt.id))) return;
  const left = records.filter((r) => r.roundtableIds.some((id) => id !== rt.id));
  if (left.length === 0) {
    await deps.children.deleteCase(caseKey);
    return;
  }
  for (const r of records)
    if (r.roundtableIds.includes(rt.id))
      await changeChild(deps, rt, r.childAlias, (record) => ({
        ...record,
        ratings: record.ratings.filter((x) => x.roundtableId !== rt.id),
        roundtableIds: record.roundtableIds.filter((id) => id !== rt.id),
      }));
}
