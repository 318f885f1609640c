import { EXITS_WITHOUT_PERMANENCY, LEGAL_PERMANENCY_KINDS } from './child-types.js';
import type { ChildFact, LivingMove, RatingTransition } from './programme-child.js';
import { type Median, median, type Share, type Shown, share, shown } from './programme-suppression.js';
import { PERMANENCY_GOALS } from './types.js';

/**
 * The programme view's permanency figures, per CHILD (issue #25): legal permanency dated by the court within
 * 6/12/18 months of the child's first roundtable, exits without permanency, rating transitions, lifelong
 * connections and moves to a less restrictive setting. Pure; every count is suppressed (programme-suppression.ts).
 */

export const PERMANENCY_WINDOWS = [6, 12, 18] as const;
const DAY = 86_400_000;
const TRANSITIONS: RatingTransition[] = ['improved', 'same', 'worse', 'not-recorded'];
const LIVING_MOVES: LivingMove[] = ['less-restrictive', 'same', 'more-restrictive', 'not-recorded'];
/** Where a child stands, in the order the page lists it: each legal permanency, each exit, in care, unknown. */
const OUTCOME_KEYS = [
  ...LEGAL_PERMANENCY_KINDS.map((k) => `permanency-${k}`),
  ...EXITS_WITHOUT_PERMANENCY.map((k) => `exit-${k}`),
  'in-care',
  'not-recorded',
];

/** The permanency section of the answer; rows are named by `key` (or `months`, `goal`, `rating`). */
export interface ChildFigures {
  children: Shown;
  /** Children counted from plans stored before child records (their outcome has no court date). */
  fromOldPlans: Shown;
  ratings: { rating: string; atRoundtable: Shown; latest: Shown }[];
  /** First roundtable's rating to the latest, on the agency's scale (best first). */
  transitions: { key: RatingTransition; count: Shown }[];
  /** Children whose window has passed (court date known, or no legal permanency), and who reached it in time. */
  windows: {
    months: number;
    elapsed: Shown;
    achieved: Shown;
    share: Share;
    stillWithin: Shown;
    byKind: { key: string; achieved: Shown }[];
  }[];
  /** Children with legal permanency whose finalisation date is not recorded (derived from old plans). */
  dateNotRecorded: Shown;
  medianDays: Median;
  /** Every child by where they stand now: `permanency-<kind>`, `exit-<type>`, `in-care`, `not-recorded`. */
  outcomes: { key: string; count: Shown }[];
  /** Children with at least one committed lifelong connection, of the children with a child record. */
  connections: { children: Shown; share: Share };
  /** First to latest living situation on the agency's scale (least restrictive first). */
  living: { key: LivingMove; count: Shown }[];
  byGoal: { goal: string; children: Shown; share12: Share }[];
}

/** The date `months` calendar months after an ISO time. */
export function addMonths(iso: string, months: number): Date {
  const d = new Date(iso);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** Where a child stands, as an OUTCOME_KEYS key. */
export function outcomeKey(c: ChildFact): string {
  if (c.outcome.kind === 'permanency') return `permanency-${c.outcome.type}`;
  if (c.outcome.kind === 'exit') return `exit-${c.outcome.type}`;
  return c.outcome.kind;
}

/** The court's finalisation date of the child's legal permanency, when recorded. */
function finalisedOn(c: ChildFact): string | undefined {
  return c.outcome.kind === 'permanency' ? c.outcome.finalisedOn : undefined;
}

/** Legal permanency without a court date: the windows cannot tell whether it came in time. */
const undated = (c: ChildFact) => c.outcome.kind === 'permanency' && !c.outcome.finalisedOn;

/** The permanency figures of the children whose case's first roundtable is in the period. */
export function childFigures(children: ChildFact[], now: Date, below: number): ChildFigures {
  const count = (pred: (c: ChildFact) => boolean) => shown(children.filter(pred).length, below);
  const dated = children.filter((c) => !undated(c));
  const elapsed = (c: ChildFact, months: number) => addMonths(c.firstAt, months).getTime() <= now.getTime();
  const within = (c: ChildFact, months: number) => {
    const on = finalisedOn(c);
    return !!on && Date.parse(on) <= addMonths(c.firstAt, months).getTime();
  };
  const ratings = [...new Set(children.flatMap((c) => [c.atRoundtable ?? 'unrated', c.latest ?? 'unrated']))];
  const recorded = children.filter((c) => !c.derived);
  const withConnection = recorded.filter((c) => c.connection).length;
  return {
    children: shown(children.length, below),
    fromOldPlans: count((c) => !!c.derived),
    ratings: ratings.map((rating) => ({
      rating,
      atRoundtable: count((c) => (c.atRoundtable ?? 'unrated') === rating),
      latest: count((c) => (c.latest ?? 'unrated') === rating),
    })),
    transitions: TRANSITIONS.map((key) => ({ key, count: count((c) => c.rating === key) })),
    windows: PERMANENCY_WINDOWS.map((months) => {
      const done = dated.filter((c) => elapsed(c, months));
      const reached = done.filter((c) => within(c, months));
      return {
        months,
        elapsed: shown(done.length, below),
        achieved: shown(reached.length, below),
        share: share(reached.length, done.length, below),
        stillWithin: shown(dated.length - done.length, below),
        byKind: LEGAL_PERMANENCY_KINDS.map((kind) => ({
          key: kind,
          achieved: shown(
            reached.filter((c) => c.outcome.kind === 'permanency' && c.outcome.type === kind).length,
            below,
          ),
        })),
      };
    }),
    dateNotRecorded: count(undated),
    medianDays: median(
      dated.flatMap((c) => {
        const on = finalisedOn(c);
        return on ? [Math.floor((Date.parse(on) - Date.parse(c.firstAt)) / DAY)] : [];
      }),
      below,
    ),
    outcomes: OUTCOME_KEYS.map((key) => ({ key, count: count((c) => outcomeKey(c) === key) })),
    connections: {
      children: shown(withConnection, below),
      share: share(withConnection, recorded.length, below),
    },
    living: LIVING_MOVES.map((key) => ({ key, count: count((c) => c.living === key) })),
    byGoal: [...PERMANENCY_GOALS, 'none'].map((goal) => {
      const mine = children.filter((c) => (c.primaryGoal ?? 'none') === goal);
      const done = mine.filter((c) => !undated(c) && elapsed(c, 12));
      return {
        goal,
        children: shown(mine.length, below),
        share12: share(done.filter((c) => within(c, 12)).length, done.length, below),
      };
    }),
  };
}
