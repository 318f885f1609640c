/**
 * Labels shared by the cards (and the Word case file, which is in English): how roles, goals, barriers and statuses
 * read, from locales/en/common.json (browser-safe: the tab bundles it).
 */

import { SUMMARY_TEXT_FIELDS } from '../bot/roundtable/preparation.js';
import type {
  BarrierCategory,
  PermanencyGoal,
  RatingOccasion,
  Role,
  StepStatus,
} from '../bot/roundtable/types.js';
import common from '../locales/en/common.json';

/** How roster roles read on cards (the English texts; `labelsIn(lang)` in labels-in.ts gives another language's). */
export const ROLE_LABELS: Record<Role, string> = common.roles;

/** Roles in a few words, beside a name in a chooser (the long labels above explain the role where it is chosen). */
export const ROLE_SHORT_LABELS: Record<Role, string> = common.rolesShort;

/** How permanency goals read on cards. */
export const GOAL_LABELS: Record<PermanencyGoal, string> = common.goals;

/** How systemic barrier categories read on cards. */
export const BARRIER_LABELS: Record<BarrierCategory, string> = common.barriers;

/** How a step's status reads on cards and in the case file. */
export const STEP_STATUS_LABELS: Record<StepStatus, string> = common.stepStatus;

/** Where a permanency rating was recorded, as the history tables name it. */
export const RATING_OCCASION_LABELS: Record<RatingOccasion, string> = common.ratingOccasion;

/** The line every card of a practice roundtable carries under its header. */
export const PRACTICE_BANNER = common.practiceBanner;

/** The PRACTICE banner with the day the practice roundtable is deleted, when it is known. */
export function practiceBanner(deleteAfter?: string): string {
  return deleteAfter ? common.practiceBannerOn.replace('{date}', deleteAfter.slice(0, 10)) : PRACTICE_BANNER;
}

/** The case summary's text fields and how the Present card and the case file label them, in order. */
export const CASE_SUMMARY_KEYS = SUMMARY_TEXT_FIELDS;
export const CASE_SUMMARY_LABELS = CASE_SUMMARY_KEYS.map((k) => [k, common.caseSummary[k]] as const);
