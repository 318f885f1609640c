import type { RatingOccasion, StepStatus } from '../bot/roundtable/types.js';

/** How a step's status reads on cards and in the case file. */
export const STEP_STATUS_LABELS: Record<StepStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  done: 'Done',
  blocked: 'Blocked',
  dropped: 'Dropped',
};

/** Where a permanency rating was recorded, as the history tables name it. */
export const RATING_OCCASION_LABELS: Record<RatingOccasion, string> = {
  roundtable: 'Roundtable',
  'followup-roundtable': 'Follow-up roundtable',
  review: 'Follow-up review',
};
