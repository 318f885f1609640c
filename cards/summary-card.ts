/** The Permanency Action Plan summary posted when the roundtable ends. */
import { type Lang, REFERENCE_LANGUAGE, t } from '../bot/i18n/text.js';
import { derivedOutcome } from '../bot/roundtable/child-derived.js';
import type { PlanWithChildren } from '../bot/roundtable/child-record.js';
import { currentPhase } from '../bot/roundtable/phases.js';
import { BARRIER_CATEGORIES, type BrainstormIdea, type PermanencyGoal } from '../bot/roundtable/types.js';
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
import {
  type AdaptiveCard,
  cap,
  cardNonce,
  type Data,
  expand,
  fitToSize,
  type Limits,
  type Trimmed,
  trim,
} from './kit.js';
import { labelsIn } from './labels-in.js';
import { outcomeText } from './outcome-text.js';
import { fidelityRows } from './phases/debrief.js';
import { familyReviewLine, ratingRows, stepRows } from './phases/plan.js';
import { youthGoalsFirst } from './youth-card.js';

function barrierCounts(ideas: BrainstormIdea[], lang: Lang): string {
  const counts = BARRIER_CATEGORIES.map(
    (c) => [c, ideas.filter((i) => i.barrier === c).length] as const,
  ).filter(([, n]) => n > 0);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return t(lang, 'meeting:summary.barriersNone');
  const barriers = labelsIn(lang).barriers;
  const list = counts.map(([c, n]) => `${barriers[c].toLocaleLowerCase(lang)} ${n}`).join(', ');
  return t(lang, 'meeting:summary.barriers', { total, list });
}

/**
 * Each child's rating with the date it was given, and the child's outcome once one is recorded (#25): from the
 * plan alone (its history, its per-child outcomes, or an old plan's `closed`), so the card needs no other read.
 */
function datedRatings(view: CardView, rows: Trimmed<Data>, lang: Lang): Trimmed<Data> {
  const plan: PlanWithChildren = view.plan;
  const derived = plan.childOutcomes ? undefined : derivedOutcome(plan);
  const shown = rows.shown.map((row) => {
    const alias = String(row.alias);
    const child = Object.keys(plan.ratings).find((c) => cap(c, 80) === alias) ?? alias;
    const rated = plan.ratings[child]
      ? ([...(plan.ratingHistory ?? [])].reverse().find((h) => h.ratings[child])?.at ??
        view.roundtable.endedAt)
      : undefined;
    const outcome = plan.childOutcomes?.[child] ?? derived;
    return {
      ...row,
      ratingLabel: `${row.ratingLabel}${rated ? ` ${t(lang, 'meeting:summary.rated', { date: isoDate(rated) })}` : ''}${outcome ? ` · ${outcomeText(outcome, lang)}` : ''}`,
    };
  });
  return { ...rows, shown };
}

/** The Permanency Action Plan summary posted at `end`; read-only. */
export function summaryCard(view: CardView): AdaptiveCard {
  const rt = view.roundtable;
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const base: Base = {
    phase: currentPhase(rt).key,
    interactive: false,
    title: t(lang, 'meeting:summary.title'),
  };
  const nonce = cardNonce();
  const ideas = live(view.contributions, 'idea');
  const goalIn = (goal: PermanencyGoal | undefined) =>
    goal ? labelsIn(lang).goals[goal] : t(lang, 'meeting:summary.goalNotSet');
  const next = nextReviewDue(rt, view.plan, view.settings.followUp.reviewEveryDays, view.now);
  const build = (limits: Limits) => {
    const ratings = datedRatings(view, ratingRows(view, limits), lang);
    // After the meeting the plan reads by due date (the meeting's own card keeps the order steps were added in).
    const steps = stepRows(view, limits, nonce, limits.items * 2, { byDue: true });
    const card = expand(cardTemplate('summary'), {
      ...baseData(view, base, nonce, limits),
      draft: view.plan.draft,
      alias: cap(rt.caseAlias, Math.min(limits.text, 80)),
      endedLine: rt.endedAt
        ? next
          ? t(lang, 'meeting:summary.endedNext', { date: isoDate(rt.endedAt), next })
          : t(lang, 'meeting:summary.ended', { date: isoDate(rt.endedAt) })
        : t(lang, 'meeting:summary.asOf', { date: isoDate(view.now.toISOString()) }),
      primaryGoalLabel: goalIn(view.plan.primaryGoal),
      concurrentGoalLabel: goalIn(view.plan.concurrentGoal),
      ratings: ratings.shown,
      ratingsMore: ratings.more,
      stepCount: live(view.contributions, 'step').length,
      steps: steps.shown,
      stepsMore: steps.more,
      familyReview: familyReviewLine(view.plan, limits, lang),
      barrierAnswers: trim(
        (view.barriers ?? []).filter((b) => ideas.some((i) => i.id === b.ideaId)),
        limits.items,
        lang,
      ).shown.map((b) => ({
        text: cap(b.text, limits.text),
        answer: answerLine(b, limits, rt.practice === true, lang),
      })),
      ideasLine: t(lang, 'meeting:summary.ideas', {
        n: ideas.length,
        asked: new Set(ideas.map((i) => i.questionKey)).size,
        questions: view.settings.questions.length,
      }),
      barriersLine: barrierCounts(ideas, lang),
      ...fidelityRows(view, limits),
    });
    return youthGoalsFirst(card, rt, lang);
  };
  return fitToSize(build, () => tooLargeCard(view, base, nonce));
}
