/** The programme API's answer as the page reads it (the server checks its answer against these types). */

/** A count, or "fewer than N" (small-number suppression, done by the server). */
export type Shown = number | { fewerThan: number };
export interface Share {
  percent: number | null;
  of: Shown;
}
export interface Median {
  days: number | null;
  of: Shown;
}
type StepState = 'done' | 'inProgress' | 'notStarted' | 'blocked' | 'overdue';

export interface TabProgramme {
  query: { from: string; to: string; office?: string };
  suppressBelow: number;
  offices: string[];
  refreshedAt?: string;
  /** Opens the barrier register (with its actions) in the leader's chat with the bot. */
  registerUrl?: string;
  barriers: {
    overTime: { period: string; counts: Record<string, Shown> }[];
    /** `key`: under-30, 30-89, 90-179, 180-plus (the page's words); `label`: the English. */
    openByAge: { key?: string; label: string; count: Shown }[];
    medianDaysToResolve: Median;
    oldestOpen: { id: string; category: string; days: number; owner?: string; status: string }[];
  };
  followThrough: {
    overTime: ({ period: string } & Record<StepState, Shown>)[];
    onTime: Share;
    escalations: Shown;
    draftsOver30Days: Shown;
  };
  /** Per child (not per plan): see docs/programme.md, "Permanency outcomes". */
  permanency: {
    children: Shown;
    fromOldPlans: Shown;
    ratings: { rating: string; atRoundtable: Shown; latest: Shown }[];
    transitions: { key: 'improved' | 'same' | 'worse' | 'not-recorded'; count: Shown }[];
    windows: {
      months: number;
      elapsed: Shown;
      achieved: Shown;
      share: Share;
      stillWithin: Shown;
      byKind: { key: string; achieved: Shown }[];
    }[];
    dateNotRecorded: Shown;
    medianDays: Median;
    outcomes: { key: string; count: Shown }[];
    connections: { children: Shown; share: Share };
    living: { key: 'less-restrictive' | 'same' | 'more-restrictive' | 'not-recorded'; count: Shown }[];
    byGoal: { goal: string; children: Shown; share12: Share }[];
  };
  fidelity: { roundtables: Shown; items: { label: string; passed: Shown; share: Share }[] };
  learning: string[];
}
