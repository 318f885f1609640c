import type { ChildRecordStore } from '../roundtable/child-types.js';
import { retryOnConflict } from '../roundtable/etag-retry.js';
import { fail, type Outcome } from '../roundtable/outcome.js';
import type { RoundtableStore } from '../roundtable/ports.js';
import type { AgencySettings, FollowUpSettings } from '../roundtable/types.js';
import type { FollowUpStore } from './ports.js';

/** What every follow-up operation reads and writes, and the clock it reads. */
export interface FollowUpContext {
  roundtables: RoundtableStore;
  followUps: FollowUpStore;
  settings: FollowUpSettings;
  agency: AgencySettings;
  now: () => Date;
  /** Each child's permanency record (#25): reviews append their dated ratings and outcomes to it. */
  children?: ChildRecordStore;
}

/** Etag retries of a step update or a review: 6 attempts without waiting, then `busy`. */
export function retryFollowUp<T>(attempt: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  return retryOnConflict(attempt, {
    attempts: 6,
    backoff: false,
    exhausted: () => fail('busy', 'Many changes arrived at once; please try again.'),
  });
}
