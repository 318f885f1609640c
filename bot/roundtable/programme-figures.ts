import type { BarrierFact, CaseFact, ProgrammeMonth, StepFact } from './programme-facts.js';
import { BARRIER_CATEGORIES, PERMANENCY_GOALS } from './types.js';

/**
 * The programme view's figures from the monthly aggregates: pure, with small-number suppression in
 * the answer itself (a count from 1 to `suppressBelow − 1` never leaves the server).
 */

/** A count, or "fewer than N" when it is small enough to identify a child. */
export type Shown = number | { fewerThan: number };
/** A percentage of a count; `percent` is null when suppressed (or nothing to divide). */
export interface Share {
  percent: number | null;
  of: Shown;
}
/** A median in days over `of` values; null when suppressed or none. */
export interface Median {
  days: number | null;
  of: Shown;
}

/** The period (inclusive ISO dates) and office a leader chose. */
export interface ProgrammeQuery {
  from: string;
  to: string;
  office?: string;
}

export const PERMANENCY_WINDOWS = [6, 12, 18] as const;
const DAY = 86_400_000;
const AGE_BUCKETS = [
  { label: 'Under 30 days', max: 30 },
  { label: '30–89 days', max: 90 },
  { label: '90–179 days', max: 180 },
  { label: '180 days or more', max: Number.POSITIVE_INFINITY },
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
    openByAge: { label: string; count: Shown }[];
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
  permanency: {
    children: Shown;
    ratings: { rating: string; atRoundtable: Shown; latest: Shown }[];
    windows: { months: number; elapsed: Shown; achieved: Shown; share: Share; stillWithin: Shown }[];
    medianDays: Median;
    byGoal: { goal: string; children: Shown; share12: Share }[];
  };
  fidelity: { roundtables: Shown; items: { label: string; passed: Shown; share: Share }[] };
  learning: string[];
}

/**
 * A count rounded to the nearest multiple of N (N = the suppression threshold), or "fewer than N" for 1 … N−1.
 * Rounding is what makes suppression hold across answers: the difference of two shown counts (all offices minus
 * one office, a longer period minus a shorter one) is a multiple of N, never a suppressed 1 … N−1.
 */
export function shown(n: number, below: number): Shown {
  return n > 0 && n < below ? { fewerThan: below } : rounded(n, below);
}

/** `n` to the nearest multiple of `below` (exact when `below` is 1). */
export function rounded(n: number, below: number): number {
  return below <= 1 ? n : Math.round(n / below) * below;
}

/**
 * A share in percent (one decimal) of the ROUNDED counts, so that it tells no more than the counts shown; hidden
 * when the part, the rest or the whole is small.
 */
export function share(part: number, whole: number, below: number): Share {
  const small = (n: number) => n > 0 && n < below;
  const hide = whole === 0 || whole < below || small(part) || small(whole - part);
  const w = rounded(whole, below);
  const percent = hide || w === 0 ? null : Math.round((rounded(part, below) / w) * 1000) / 10;
  return { percent, of: shown(whole, below) };
}

/** The median of day counts, hidden when it rests on fewer than N values. */
export function median(values: number[], below: number): Median {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const value = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { days: s.length === 0 || s.length < below ? null : Math.round(value), of: shown(s.length, below) };
}

/** The date `months` calendar months after an ISO time. */
export function addMonths(iso: string, months: number): Date {
  const d = new Date(iso);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
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

function permanencyFigures(cases: CaseFact[], now: Date, below: number) {
  const children = cases.flatMap((c) => c.children.map((child) => ({ ...child, c })));
  const ratings = [
    ...new Set(children.flatMap((ch) => [ch.atRoundtable ?? 'unrated', ch.latest ?? 'unrated'])),
  ];
  const within = (c: CaseFact, months: number) =>
    !!c.permanency && Date.parse(c.permanency.at) <= addMonths(c.firstAt, months).getTime();
  const elapsed = (c: CaseFact, months: number) => addMonths(c.firstAt, months).getTime() <= now.getTime();
  return {
    children: shown(children.length, below),
    ratings: ratings.map((rating) => ({
      rating,
      atRoundtable: shown(children.filter((ch) => (ch.atRoundtable ?? 'unrated') === rating).length, below),
      latest: shown(children.filter((ch) => (ch.latest ?? 'unrated') === rating).length, below),
    })),
    windows: PERMANENCY_WINDOWS.map((months) => {
      const done = children.filter((ch) => elapsed(ch.c, months));
      const achieved = done.filter((ch) => within(ch.c, months)).length;
      return {
        months,
        elapsed: shown(done.length, below),
        achieved: shown(achieved, below),
        share: share(achieved, done.length, below),
        stillWithin: shown(children.length - done.length, below),
      };
    }),
    medianDays: median(
      children
        .filter((ch) => ch.c.permanency)
        .map((ch) => days(ch.c.firstAt, new Date(ch.c.permanency?.at ?? 0))),
      below,
    ),
    byGoal: [...PERMANENCY_GOALS, 'none'].map((goal) => {
      const mine = children.filter((ch) => (ch.c.primaryGoal ?? 'none') === goal);
      const done = mine.filter((ch) => elapsed(ch.c, 12));
      return {
        goal,
        children: shown(mine.length, below),
        share12: share(done.filter((ch) => within(ch.c, 12)).length, done.length, below),
      };
    }),
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
  const cases = inOffice(months.flatMap((m) => m.cases)).filter((c) => between(c.firstAt));
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
    permanency: permanencyFigures(cases, now, below),
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
