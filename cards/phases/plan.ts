/** The Plan card: goals, a rating per child, steps (with proposals and edits), barriers; rows the summary reuses. */

import { type Lang, REFERENCE_LANGUAGE, t } from '../../bot/i18n/text.js';
import { supporterName } from '../../bot/roundtable/supporter.js';
import {
  type ActionPlan,
  PERMANENCY_GOALS,
  type PermanencyGoal,
  type PlanStep,
  type Roundtable,
} from '../../bot/roundtable/types.js';
import { barrierSection } from '../barrier-section.js';
import { type CardView, choices, isoDate, live, type PhaseData } from '../card-view.js';
import { INPUTS } from '../contract.js';
import { byDue } from '../follow-up-cards.js';
import { actionData, cap, type Data, type Limits, type Trimmed, trim } from '../kit.js';
import { labelsIn } from '../labels-in.js';
import { ratingMeaningsData } from '../rating-meanings.js';
import { peoplePicker } from './welcome.js';

/** One row per child: its permanency rating so far and its input. */
export function ratingRows(view: CardView, limits: Limits): Trimmed<Data> {
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const children = view.caseSummary?.children.length
    ? view.caseSummary.children.map((c) => c.alias)
    : [view.roundtable.caseAlias];
  const scale = view.settings.ratingScale;
  const rows = children.map((alias, i) => {
    const value = view.plan.ratings[alias] ?? '';
    return {
      alias: cap(alias, Math.min(limits.text, 80)),
      value,
      ratingLabel: scale.find((r) => r.key === value)?.label ?? t(lang, 'plan:plan.notRated'),
      inputId: `${INPUTS.ratingPrefix}${i}`,
    };
  });
  return trim(rows, limits.items, lang);
}

/** The plan's steps with owner, due date, status, and edit/remove data. */
export function stepRows(
  view: CardView,
  limits: Limits,
  nonce: string,
  max: number,
  opts: { byDue?: boolean } = {},
): Trimmed<Data> {
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const status = labelsIn(lang).stepStatus;
  const added = live(view.contributions, 'step');
  const steps = opts.byDue ? byDue(added) : added;
  const rows = steps.map((s, i) => ({
    number: i + 1,
    id: s.id,
    text: cap(s.text, limits.text),
    owner: cap(s.owner.name, 80),
    due: s.dueDate || t(lang, 'plan:steps.noDue'),
    statusLabel: status[s.status],
    hasSupporter: Boolean(supporterName(s)),
    supporter: cap(supporterName(s), 120),
    removeData: actionData(view.roundtable, 'plan', nonce, s.id),
    ...stepOwnership(s, lang),
    stepData: actionData(view.roundtable, 'plan', nonce, s.id),
    removeId: `stepRemove_${i}`,
    removeQuestion: t(lang, s.suggested ? 'plan:steps.removeMeeting' : 'plan:steps.removeQuestion', {
      n: i + 1,
    }),
  }));
  return trim(rows, max, lang);
}

/** What the plan card and summary say about a step's ownership. */
export function stepOwnership(step: PlanStep, lang: Lang = REFERENCE_LANGUAGE): Data {
  return {
    proposed: step.proposed === true,
    proposalLine: step.proposed ? t(lang, 'plan:steps.proposal', { name: cap(step.author.name, 80) }) : '',
    suggested: step.suggested !== undefined,
  };
}

/** A goal's label, or "not set yet", in `lang`. */
export function goalLabel(goal: PermanencyGoal | undefined, lang: Lang = REFERENCE_LANGUAGE): string {
  return goal ? labelsIn(lang).goals[goal] : t(lang, 'plan:plan.notSet');
}

/** The Plan card's data. */
export const planData: PhaseData = (view, limits, nonce) => {
  const { plan, roundtable: rt } = view;
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const labels = labelsIn(lang);
  const ratings = ratingRows(view, limits);
  const steps = stepRows(view, limits, nonce, limits.items);
  const allIdeas = live(view.contributions, 'idea');
  const ideas = trim(allIdeas, limits.items, lang);
  const fromIdeas = new Set(live(view.contributions, 'step').map((s) => s.ideaId));
  const owners = [...new Map(rt.roster.map((r) => [r.id, r])).values()];
  return {
    lang,
    draft: plan.draft,
    primaryGoal: plan.primaryGoal ?? '',
    concurrentGoal: plan.concurrentGoal ?? '',
    primaryGoalLabel: goalLabel(plan.primaryGoal, lang),
    concurrentGoalLabel: goalLabel(plan.concurrentGoal, lang),
    goalChoices: choices(PERMANENCY_GOALS, labels.goals),
    ratingChoices: view.settings.ratingScale.map((r) => ({ title: r.label, value: r.key })),
    // A plan card that must shrink (a large roundtable) keeps the sentence and drops the meanings first.
    ...ratingMeaningsData(view.settings, 'planRatingMeanings', limits.items >= 4 ? limits.text : 0, lang),
    ratings: ratings.shown,
    ratingsMore: ratings.more,
    stepCount: live(view.contributions, 'step').length,
    hasSteps: steps.shown.length > 0,
    /** One "Change a step" form (a form per step would repeat the roster per step: too large for a card). */
    stepPickChoices: steps.shown.map((s) => ({
      title: `${s.number}. ${cap(String(s.text), 40)}`,
      value: s.id,
    })),
    steps: steps.shown,
    stepsMore: steps.more,
    // "Supported by": Teams' people picker (the chat's members), or its static list where there is no Data.Query.
    ...supporterPicker(rt, limits),
    ownerChoices: owners.map((r) => ({
      title: `${cap(r.name, 60)} · ${labels.rolesShort[r.role]}`,
      value: r.id,
    })),
    hasIdeaChoices: ideas.shown.length > 0,
    ideaChoices: ideas.shown.map((i, n) => ({
      title: `${t(lang, 'plan:plan.ideaRef', { n: n + 1 })} ${cap(i.text, Math.min(28, limits.text))}`,
      value: i.id,
    })),
    // The list is a convenience: at tight size levels (a crowded card) the chooser alone remains.
    ideaList: (limits.items >= 6 ? ideas.shown : []).map((i, n) => ({
      label: t(lang, 'plan:plan.ideaRef', { n: n + 1 }),
      text: cap(i.text, Math.min(90, limits.text)),
      isStep: fromIdeas.has(i.id),
    })),
    ideasToggleTitle: t(lang, 'plan:plan.ideasToggle', { n: allIdeas.length }),
    goalsToggleTitle: t(
      lang,
      plan.primaryGoal || Object.keys(plan.ratings).length > 0
        ? 'plan:plan.changeGoals'
        : 'plan:plan.setGoals',
    ),
    ideaChoicesMore: {
      show: ideas.more.show,
      text: t(lang, 'plan:plan.ideasNotListed', { n: allIdeas.length - ideas.shown.length }),
    },
    today: isoDate(view.now.toISOString()),
    ...barrierSection(view, 'plan', live(view.contributions, 'idea'), limits, nonce),
    familyReview: familyReviewLine(plan, limits, lang),
  };
};

/** What the family team meeting record says about the youth (none when it was not asked). */
function youthLines(r: NonNullable<ActionPlan['familyReview']>, lang: Lang): string[] {
  const lines: string[] = [];
  if (r.youthTookPart !== undefined)
    lines.push(t(lang, r.youthTookPart ? 'plan:plan.youthTookPart' : 'plan:plan.youthNotPart'));
  if (r.youthSaid) lines.push(t(lang, 'plan:plan.youthSaid', { said: cap(r.youthSaid, 300) }));
  return lines;
}

/** Whether the plan was reviewed with the youth and family (the end of its draft status), in `lang`. */
export function familyReviewLine(
  plan: ActionPlan,
  limits: Limits,
  lang: Lang = REFERENCE_LANGUAGE,
): { show: boolean; text: string } {
  const r = plan.familyReview;
  if (!r) return { show: false, text: '' };
  const reviewed = t(lang, 'plan:plan.reviewed', {
    date: r.date,
    participants: cap(r.participants, 200),
    changes: cap(r.changes, limits.text),
  });
  return { show: true, text: [reviewed, ...youthLines(r, lang)].join(' ') };
}

/** The "Supported by" picker: the people picker of the Welcome card (same query, same static fallback). */
function supporterPicker(rt: Roundtable, limits: Limits) {
  const { memberChoices, memberQuery } = peoplePicker(rt, limits);
  return { supporterChoices: memberChoices, supporterQuery: memberQuery };
}
