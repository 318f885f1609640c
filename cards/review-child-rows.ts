/** Each child on the 1:1 review card (#25): the latest rating with its date, the outcome, and the inputs. */
import { type Lang, REFERENCE_LANGUAGE, t } from '../bot/i18n/text.js';
import type { ChildView } from '../bot/roundtable/child-record.js';
import type { ActionPlan, AgencySettings } from '../bot/roundtable/types.js';
import { cap } from './kit.js';
import { labelsIn } from './labels-in.js';
import { outcomeText } from './outcome-text.js';

/** Input ids of one child's outcome on the review card (by the child's position, as the rating inputs). */
export const reviewOutcomeInputs = {
  outcome: (index: number) => `outcome_${index}`,
  date: (index: number) => `outcomeDate_${index}`,
  reason: (index: number) => `outcomeReason_${index}`,
};

/** "Fair (rated 2026-11-23, 1:1 review)" or "permanency status not recorded". */
export function latestRatingText(
  view: ChildView | undefined,
  settings: Pick<AgencySettings, 'ratingScale'>,
  lang: Lang = REFERENCE_LANGUAGE,
): string {
  const latest = view?.latest;
  if (!latest) return t(lang, 'plan:ratings.notRecorded');
  const label = settings.ratingScale.find((r) => r.key === latest.key)?.label ?? latest.key;
  return t(lang, 'plan:ratings.rated', {
    label,
    date: latest.at.slice(0, 10),
    occasion: labelsIn(lang).ratingOccasion[latest.occasion].toLocaleLowerCase(lang),
  });
}

/** One child's line and inputs on the review card. */
export function reviewChildRow(
  child: string,
  index: number,
  plan: ActionPlan,
  settings: AgencySettings,
  views: ChildView[] | undefined,
  lang: Lang = REFERENCE_LANGUAGE,
) {
  const view = views?.find((v) => v.childAlias.toLowerCase() === child.trim().toLowerCase());
  const outcome = view?.outcome;
  return {
    line: cap(`${child}: ${latestRatingText(view, settings, lang)} · ${outcomeText(outcome, lang)}`, 400),
    ratingLabel: t(lang, 'plan:ratings.statusToday', { child: cap(child, 80) }),
    value: plan.ratings[child] ?? '',
    outcomeId: reviewOutcomeInputs.outcome(index),
    outcomeLabel: t(lang, 'plan:ratings.outcomeFor', { child: cap(child, 80) }),
    outcomeValue: outcome && !('derived' in outcome && outcome.derived) ? choiceOf(outcome) : '',
    dateId: reviewOutcomeInputs.date(index),
    reasonId: reviewOutcomeInputs.reason(index),
  };
}

function choiceOf(o: NonNullable<ChildView['outcome']>): string {
  return o.kind === 'in-care' ? 'in-care' : `${o.kind}:${o.type}`;
}
