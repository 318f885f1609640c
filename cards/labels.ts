/** Labels shared by the cards (and the Word case file): how roles, goals, barriers and statuses read. */
import type {
  BarrierCategory,
  PermanencyGoal,
  RatingOccasion,
  Role,
  StepStatus,
} from '../bot/roundtable/types.js';

/** How roster roles read on cards. */
export const ROLE_LABELS: Record<Role, string> = {
  facilitator: 'Facilitator',
  caseworker: 'Caseworker',
  supervisor: 'Supervisor',
  'master-practitioner': 'Master practitioner (internal: an experienced practitioner of the agency)',
  'external-consultant': 'Permanency consultant (external: fresh eyes from outside the agency)',
  'barrier-buster': 'Barrier buster (regional / central office, legal, leadership)',
  scribe: 'Scribe',
  other: 'Participant',
  youth: 'Youth (the young person this roundtable is about)',
  'support-person': 'Support person (chosen by the youth)',
};

/** Roles in a few words, beside a name in a chooser (the long labels above explain the role where it is chosen). */
export const ROLE_SHORT_LABELS: Record<Role, string> = {
  ...ROLE_LABELS,
  'master-practitioner': 'Master practitioner',
  'external-consultant': 'External consultant',
  'barrier-buster': 'Barrier buster',
  youth: 'Youth',
  'support-person': 'Support person',
};

/** How permanency goals read on cards. */
export const GOAL_LABELS: Record<PermanencyGoal, string> = {
  reunification: 'Reunification',
  adoption: 'Adoption',
  guardianship: 'Guardianship (incl. permanent managing conservatorship with a relative)',
  'relative-placement': 'Permanent placement with a relative',
  appla: 'Another planned permanent living arrangement (APPLA)',
};

/** How systemic barrier categories read on cards. */
export const BARRIER_LABELS: Record<BarrierCategory, string> = {
  policy: 'Policy',
  legal: 'Legal',
  funding: 'Funding',
  practice: 'Practice',
  resources: 'Resources',
  other: 'Other',
};

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

/** The line every card of a practice roundtable carries under its header. */
export const PRACTICE_BANNER =
  'PRACTICE roundtable on a fictional case, for training. Not a real child; kept out of reports and deleted after 7 days.';

/** The PRACTICE banner with the day the practice roundtable is deleted, when it is known. */
export function practiceBanner(deleteAfter?: string): string {
  return deleteAfter
    ? `PRACTICE roundtable on a fictional case, for training. Not a real child; kept out of reports and deleted on ${deleteAfter.slice(0, 10)}.`
    : PRACTICE_BANNER;
}

/** The case summary's text fields and how the Present card and the case file label them, in order. */
export const CASE_SUMMARY_LABELS = [
  ['timeInCare', 'Time in care'],
  ['placement', 'Placement'],
  ['legalStatus', 'Legal status'],
  ['currentGoal', 'Current permanency goal'],
  ['connections', 'Important connections'],
  ['strengths', 'Strengths'],
  ['needs', 'Needs'],
  ['tried', 'What has been tried'],
] as const;
