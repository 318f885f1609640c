/** The Permanency Action Plan summary posted when the roundtable ends. */
import { currentPhase } from '../bot/roundtable/phases.js';
import { BARRIER_CATEGORIES, type BrainstormIdea } from '../bot/roundtable/types.js';
import { answerLine } from './barrier-section.js';
import {
  type Base,
  baseData,
  type CardView,
  cardTemplate,
  isoDate,
  live,
  tooLargeCard,
} from './card-view.js';
import { nextReviewDue } from './follow-up-cards.js';
import { type AdaptiveCard, cap, cardNonce, expand, fitToSize, type Limits, trim } from './kit.js';
import { BARRIER_LABELS } from './labels.js';
import { fidelityRows } from './phases/debrief.js';
import { familyReviewLine, goalLabel, ratingRows, stepRows } from './phases/plan.js';
import { youthGoalsFirst } from './youth-card.js';

function barrierCounts(ideas: BrainstormIdea[]): string {
  const counts = BARRIER_CATEGORIES.map(
    (c) => [c, ideas.filter((i) => i.barrier === c).length] as const,
  ).filter(([, n]) => n > 0);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return 'Systemic barriers: none raised';
  return `Systemic barriers: ${total} (${counts.map(([c, n]) => `${BARRIER_LABELS[c].toLowerCase()} ${n}`).join(', ')})`;
}

/** The Permanency Action Plan summary posted at `end`; read-only. */
export function summaryCard(view: CardView): AdaptiveCard {
  const rt = view.roundtable;
  const base: Base = {
    phase: currentPhase(rt).key,
    interactive: false,
    title: 'Plan summary',
  };
  const nonce = cardNonce();
  const ideas = live(view.contributions, 'idea');
  const next = nextReviewDue(rt, view.plan, view.settings.followUp.reviewEveryDays, view.now);
  const build = (limits: Limits) => {
    const ratings = ratingRows(view, limits);
    // After the meeting the plan reads by due date (the meeting's own card keeps the order steps were added in).
    const steps = stepRows(view, limits, nonce, limits.items * 2, { byDue: true });
    const card = expand(cardTemplate('summary'), {
      ...baseData(view, base, nonce, limits),
      draft: view.plan.draft,
      alias: cap(rt.caseAlias, Math.min(limits.text, 80)),
      endedLine: rt.endedAt
        ? `Roundtable ended ${isoDate(rt.endedAt)}${next ? ` · next follow-up review due ${next}` : ''}`
        : `As of ${isoDate(view.now.toISOString())}`,
      primaryGoalLabel: goalLabel(view.plan.primaryGoal),
      concurrentGoalLabel: goalLabel(view.plan.concurrentGoal),
      ratings: ratings.shown,
      ratingsMore: ratings.more,
      stepCount: live(view.contributions, 'step').length,
      steps: steps.shown,
      stepsMore: steps.more,
      familyReview: familyReviewLine(view.plan, limits),
      barrierAnswers: trim(
        (view.barriers ?? []).filter((b) => ideas.some((i) => i.id === b.ideaId)),
        limits.items,
      ).shown.map((b) => ({
        text: cap(b.text, limits.text),
        answer: answerLine(b, limits, rt.practice === true),
      })),
      ideasLine: `Ideas: ${ideas.length} across ${new Set(ideas.map((i) => i.questionKey)).size} of ${view.settings.questions.length} questions`,
      barriersLine: barrierCounts(ideas),
      ...fidelityRows(view, limits),
    });
    return youthGoalsFirst(card, rt);
  };
  return fitToSize(build, () => tooLargeCard(view, base, nonce));
}
