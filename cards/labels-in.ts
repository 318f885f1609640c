/** The labels of labels.ts in a reader's language (locales/<lang>/common.json), each language's set made once. */
import { type Lang, REFERENCE_LANGUAGE, t } from '../bot/i18n/text.js';
import type {
  BarrierCategory,
  PermanencyGoal,
  RatingOccasion,
  Role,
  StepStatus,
} from '../bot/roundtable/types.js';
import {
  BARRIER_LABELS,
  CASE_SUMMARY_KEYS,
  GOAL_LABELS,
  RATING_OCCASION_LABELS,
  ROLE_LABELS,
  ROLE_SHORT_LABELS,
  STEP_STATUS_LABELS,
} from './labels.js';

/** Every label set in one language. */
export interface Labels {
  roles: Record<Role, string>;
  rolesShort: Record<Role, string>;
  goals: Record<PermanencyGoal, string>;
  barriers: Record<BarrierCategory, string>;
  stepStatus: Record<StepStatus, string>;
  ratingOccasion: Record<RatingOccasion, string>;
  caseSummary: ReadonlyArray<readonly [(typeof CASE_SUMMARY_KEYS)[number], string]>;
  /** The PRACTICE banner, with the day the practice roundtable is deleted when known. */
  practiceBanner(deleteAfter?: string): string;
}

const made = new Map<Lang, Labels>();

/** The labels in `lang` (a key the language lacks reads in English). */
export function labelsIn(lang: Lang = REFERENCE_LANGUAGE): Labels {
  let labels = made.get(lang);
  if (!labels) {
    const set = <K extends string>(group: string, english: Record<K, string>) =>
      Object.fromEntries(Object.keys(english).map((k) => [k, t(lang, `common:${group}.${k}`)])) as Record<
        K,
        string
      >;
    labels = {
      roles: set('roles', ROLE_LABELS),
      rolesShort: set('rolesShort', ROLE_SHORT_LABELS),
      goals: set('goals', GOAL_LABELS),
      barriers: set('barriers', BARRIER_LABELS),
      stepStatus: set('stepStatus', STEP_STATUS_LABELS),
      ratingOccasion: set('ratingOccasion', RATING_OCCASION_LABELS),
      caseSummary: CASE_SUMMARY_KEYS.map((k) => [k, t(lang, `common:caseSummary.${k}`)] as const),
      practiceBanner: (deleteAfter) =>
        deleteAfter
          ? t(lang, 'common:practiceBannerOn', { date: deleteAfter.slice(0, 10) })
          : t(lang, 'common:practiceBanner'),
    };
    made.set(lang, labels);
  }
  return labels;
}
