import { type ChildFigures, childFigures } from './programme-child-figures.js';
import type { BarrierFact, ProgrammeMonth, StepFact } from './programme-facts.js';
import { type Median, median, type Share, type Shown, share, shown } from './programme-suppression.js';
import { BARRIER_CATEGORIES } from './types.js';

export { addMonths, PERMANENCY_WINDOWS } from './programme-child-figures.js';
export {
  type Median,
  median,
  rounded,
  type Share,
  type Shown,
  share,
  shown,
} from './programme-suppression.js';

/**
 * The programme view's figures from the monthly aggregates: pure, with small-number suppression in
 * the answer itself (a count from 1 to `suppressBelow − 1` never leaves the server).
 */

/** The period (inclusive ISO dates) and office a leader chose. */
export interface ProgrammeQuery {
  from: string;
  to: string;
  office?: string;
}

const DAY = 86_400_000;
const AGE_BUCKETS = [
  { key: 'under-30', label: 'Under 30 days', max: 30 },
  { key: '30-89', label: '30–89 days', max: 90 },
  { key: '90-179', label: '90–179 days', max: 180 },
  { key: '180-plus', label: '180 days or more', max: Number.POSITIVE_INFINITY },
];
const STEP_STATES = ['done', 'inProgress', 'notStarted', 'blocked', 'overdue'] as const;
type StepState = (typeof STEP_STATES)[number];

/** Everything the page shows; every count is already suppressed. */
export interface ProgrammeFigures {
  query: ProgrammeQuery;
  suppressBelow: number;
  barriers: {
    /** By month (periods up to 6 months) or by quarter ('2025-Q1'), so that fewer counts fall under the threshold. */
    overTime: { period: string; counts: Record<string, Shown> }[];
    /** `key` names the bucket for the page's own words (#29 item 4); `label` is its English. */
    openByAge: { key: string; label: string; count: Shown }[];
    medianDaysToResolve: Median;
    oldestOpen: { id: string; category: string; days: number; owner?: string; status: string }[];
  };
  followThrough: {
    /** By due month or quarter, as `barriers.overTime`. */
    overTime: ({ period: string } & Record<StepState, Shown>)[];
    onTime: Share;
    escalations: Shown;
    draftsOver30Days: Shown;
  };
  /** Per child (not per plan): see programme-child-figures.ts. */
  permanency: ChildFigures;
  fidelity: { roundtables: Shown; items: { label: string; passed: Shown; share: Share }[] };
  learning: string[];
}

const days = (from: string, to: Date) => Math.floor((to.getTime() - Date.parse(from)) / DAY);

function stepState(s: StepFact, today: string): StepState | undefined {
  if (s.status === 'dropped') return undefined;
  if (s.status === 'done') return 'done';
  if (s.status === 'blocked') return 'blocked';
  if (s.dueDate < today) return 'overdue';
  return s.status === 'in-progress' ? 'inProgress' : 'notStarted';
}

/** The months of a period, grouped by quarter when it is longer than six months. */
export function bucketsOf(q: ProgrammeQuery): { period: string; months: string[] }[] {
  const months: string[] = [];
  const [y0, m0] = q.from.slice(0, 7).split('-').map(Number) as [number, number];
  for (let i = 0; months.length < 240; i++) {
    const d = new Date(Date.UTC(y0, m0 - 1 + i, 1)).toISOString().slice(0, 7);
    if (d > q.to.slice(0, 7)) break;
    months.push(d);
  }
  if (months.length <= 6) return months.map((m) => ({ period: m, months: [m] }));
  const quarters = new Map<string, string[]>();
  for (const m of months) {
    const key = `${m.slice(0, 4)}-Q${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}`;
    quarters.set(key, [...(quarters.get(key) ?? []), m]);
  }
  return [...quarters].map(([period, ms]) => ({ period, months: ms }));
}

function barrierFigures(all: BarrierFact[], q: ProgrammeQuery, now: Date, below: number) {
  const inPeriod = all.filter((b) => b.raisedAt.slice(0, 10) >= q.from && b.raisedAt.slice(0, 10) <= q.to);
  const open = all.filter((b) => b.status !== 'resolved');
  const resolvedInPeriod = all.filter(
    (b) => b.resolvedAt && b.resolvedAt.slice(0, 10) >= q.from && b.resolvedAt.slice(0, 10) <= q.to,
  );
  return {
    overTime: bucketsOf(q).map(({ period, months }) => ({
      period,
      counts: Object.fromEntries(
        BARRIER_CATEGORIES.map((c) => [
          c,
          shown(
            inPeriod.filter((b) => months.includes(b.raisedAt.slice(0, 7)) && b.category === c).length,
            below,
          ),
        ]),
      ),
    })),
    openByAge: AGE_BUCKETS.map((bucket, i) => ({
      key: bucket.key,
      label: bucket.label,
      count: shown(
        open.filter((b) => {
          const d = days(b.raisedAt, now);
          return d < bucket.max && d >= (AGE_BUCKETS[i - 1]?.max ?? 0);
        }).length,
        below,
      ),
    })),
    medianDaysToResolve: median(
      resolvedInPeriod.map((b) => days(b.raisedAt, new Date(b.resolvedAt as string))),
      below,
    ),
    oldestOpen: [...open]
      .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt))
      .slice(0, 10)
      .map((b) => ({
        id: b.id,
        category: b.category,
        days: days(b.raisedAt, now),
        ...(b.owner ? { owner: b.owner } : {}),
        status: b.status,
      })),
  };
}

/** The figures for a period and office from a tenant's monthly aggregates. */
export function programmeFigures(
  months: ProgrammeMonth[],
  q: ProgrammeQuery,
  now: Date,
  below: number,
): ProgrammeFigures {
  const inOffice = <T extends { office?: string }>(xs: T[]) =>
    q.office === undefined ? xs : xs.filter((x) => x.office === q.office);
  const between = (iso: string) => iso.slice(0, 10) >= q.from && iso.slice(0, 10) <= q.to;
  const today = now.toISOString().slice(0, 10);
  const roundtables = inOffice(months.flatMap((m) => m.roundtables)).filter((r) => between(r.startedAt));
  const steps = inOffice(months.flatMap((m) => m.steps)).filter((s) => between(s.dueDate));
  // Aggregates written before per-child facts have no `children`: they count none until the next refresh.
  const children = inOffice(months.flatMap((m) => m.children ?? [])).filter((c) => between(c.firstAt));
  const barriers = inOffice(months.flatMap((m) => m.barriers));
  const passedDue = steps.filter((s) => s.status !== 'dropped' && s.dueDate < today);
  const labels = [...new Set(roundtables.flatMap((r) => r.fidelity.map((f) => f.label)))];
  return {
    query: q,
    suppressBelow: below,
    barriers: barrierFigures(barriers, q, now, below),
    followThrough: {
      overTime: bucketsOf(q).map(({ period, months }) => {
        const mine = steps.filter((s) => months.includes(s.dueDate.slice(0, 7)));
        const count = (state: StepState) =>
          shown(mine.filter((s) => stepState(s, today) === state).length, below);
        return {
          period,
          ...(Object.fromEntries(STEP_STATES.map((st) => [st, count(st)])) as Record<StepState, Shown>),
        };
      }),
      onTime: share(
        passedDue.filter((s) => s.doneAt && s.doneAt.slice(0, 10) <= s.dueDate).length,
        passedDue.length,
        below,
      ),
      escalations: shown(steps.filter((s) => s.escalated).length, below),
      draftsOver30Days: shown(
        roundtables.filter((r) => r.draftSince && days(r.draftSince, now) > 30).length,
        below,
      ),
    },
    permanency: childFigures(children, now, below),
    fidelity: {
      roundtables: shown(roundtables.length, below),
      items: labels.map((label) => {
        const having = roundtables.flatMap((r) => r.fidelity.filter((f) => f.label === label));
        const passed = having.filter((f) => f.ok).length;
        return { label, passed: shown(passed, below), share: share(passed, having.length, below) };
      }),
    },
    learning: [...roundtables]
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
      .flatMap((r) => r.learning),
  };
}
