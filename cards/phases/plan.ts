/** The Plan card: goals, a rating per child, steps (with proposals and edits), barriers; rows the summary reuses. */

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
import { GOAL_LABELS, ROLE_SHORT_LABELS, STEP_STATUS_LABELS } from '../labels.js';
import { ratingMeaningsData } from '../rating-meanings.js';
import { peoplePicker } from './welcome.js';

/** One row per child: its permanency rating so far and its input. */
export function ratingRows(view: CardView, limits: Limits): Trimmed<Data> {
  const children = view.caseSummary?.children.length
    ? view.caseSummary.children.map((c) => c.alias)
    : [view.roundtable.caseAlias];
  const scale = view.settings.ratingScale;
  const rows = children.map((alias, i) => {
    const value = view.plan.ratings[alias] ?? '';
    return {
      alias: cap(alias, Math.min(limits.text, 80)),
      value,
      ratingLabel: scale.find((r) => r.key === value)?.label ?? 'not rated yet',
      inputId: `${INPUTS.ratingPrefix}${i}`,
    };
  });
  return trim(rows, limits.items);
}

/** The plan's steps with owner, due date, status, and edit/remove data. */
export function stepRows(
  view: CardView,
  limits: Limits,
  nonce: string,
  max: number,
  opts: { byDue?: boolean } = {},
): Trimmed<Data> {
  const added = live(view.contributions, 'step');
  const steps = opts.byDue ? byDue(added) : added;
  const rows = steps.map((s, i) => ({
    number: i + 1,
    id: s.id,
    text: cap(s.text, limits.text),
    owner: cap(s.owner.name, 80),
    due: s.dueDate || 'no due date',
    statusLabel: STEP_STATUS_LABELS[s.status],
    hasSupporter: Boolean(supporterName(s)),
    supporter: cap(supporterName(s), 120),
    removeData: actionData(view.roundtable, 'plan', nonce, s.id),
    ...stepOwnership(s),
    stepData: actionData(view.roundtable, 'plan', nonce, s.id),
    removeId: `stepRemove_${i}`,
    removeQuestion: s.suggested
      ? `Remove step ${i + 1}, the family team meeting? Most plans keep it: the plan stays a draft until it has been reviewed with the youth and family.`
      : `Remove step ${i + 1} from the plan?`,
  }));
  return trim(rows, max);
}

/** What the plan card and summary say about a step's ownership. */
export function stepOwnership(step: PlanStep): Data {
  return {
    proposed: step.proposed === true,
    proposalLine: step.proposed
      ? `PROPOSAL by ${cap(step.author.name, 80)}: not in the plan until the caseworker or supervisor accepts it`
      : '',
    suggested: step.suggested !== undefined,
  };
}

/** A goal's label, or "not set yet". */
export function goalLabel(goal: PermanencyGoal | undefined): string {
  return goal ? GOAL_LABELS[goal] : 'not set yet';
}

/** The Plan card's data. */
export const planData: PhaseData = (view, limits, nonce) => {
  const { plan, roundtable: rt } = view;
  const ratings = ratingRows(view, limits);
  const steps = stepRows(view, limits, nonce, limits.items);
  const allIdeas = live(view.contributions, 'idea');
  const ideas = trim(allIdeas, limits.items);
  const fromIdeas = new Set(live(view.contributions, 'step').map((s) => s.ideaId));
  const owners = [...new Map(rt.roster.map((r) => [r.id, r])).values()];
  return {
    draft: plan.draft,
    primaryGoal: plan.primaryGoal ?? '',
    concurrentGoal: plan.concurrentGoal ?? '',
    primaryGoalLabel: goalLabel(plan.primaryGoal),
    concurrentGoalLabel: goalLabel(plan.concurrentGoal),
    goalChoices: choices(PERMANENCY_GOALS, GOAL_LABELS),
    ratingChoices: view.settings.ratingScale.map((r) => ({ title: r.label, value: r.key })),
    // A plan card that must shrink (a large roundtable) keeps the sentence and drops the meanings first.
    ...ratingMeaningsData(view.settings, 'planRatingMeanings', limits.items >= 4 ? limits.text : 0),
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
      title: `${cap(r.name, 60)} · ${ROLE_SHORT_LABELS[r.role]}`,
      value: r.id,
    })),
    hasIdeaChoices: ideas.shown.length > 0,
    ideaChoices: ideas.shown.map((i, n) => ({
      title: `I${n + 1}. ${cap(i.text, Math.min(28, limits.text))}`,
      value: i.id,
    })),
    // The list is a convenience: at tight size levels (a crowded card) the chooser alone remains.
    ideaList: (limits.items >= 6 ? ideas.shown : []).map((i, n) => ({
      label: `I${n + 1}.`,
      text: cap(i.text, Math.min(90, limits.text)),
      isStep: fromIdeas.has(i.id),
    })),
    ideasToggleTitle: `Brainstorm ideas that can become steps (${allIdeas.length})`,
    goalsToggleTitle:
      plan.primaryGoal || Object.keys(plan.ratings).length > 0
        ? 'Change goals and ratings'
        : 'Set goals and ratings',
    ideaChoicesMore: { show: ideas.more.show, text: `${ideas.more.text} ideas not listed` },
    today: isoDate(view.now.toISOString()),
    ...barrierSection(view, 'plan', live(view.contributions, 'idea'), limits, nonce),
    familyReview: familyReviewLine(plan, limits),
  };
};

/** What the family team meeting record says about the youth ('' when it was not asked). */
function youthLine(r: NonNullable<ActionPlan['familyReview']>): string {
  const part =
    r.youthTookPart === undefined ? '' : ` The youth ${r.youthTookPart ? 'took part' : 'did not take part'}.`;
  return `${part}${r.youthSaid ? ` The youth said: ${cap(r.youthSaid, 300)}` : ''}`;
}

/** Whether the plan was reviewed with the youth and family (the end of its draft status). */
export function familyReviewLine(plan: ActionPlan, limits: Limits): { show: boolean; text: string } {
  const r = plan.familyReview;
  return r
    ? {
        show: true,
        text: `Reviewed with the youth and family on ${r.date} (${cap(r.participants, 200)}). Changes agreed: ${cap(r.changes, limits.text)}${youthLine(r)}`,
      }
    : { show: false, text: '' };
}

/** The "Supported by" picker: the people picker of the Welcome card (same query, same static fallback). */
function supporterPicker(rt: Roundtable, limits: Limits) {
  const { memberChoices, memberQuery } = peoplePicker(rt, limits);
  return { supporterChoices: memberChoices, supporterQuery: memberQuery };
}
