import { INPUTS } from '../../../cards/contract.js';
import { t } from '../../i18n/text.js';
import { saveGoals as storeGoals } from '../../roundtable/case-summary.js';
import { removeStep as removePlanStep } from '../../roundtable/contributions.js';
import { saveReviewRatings as storeReviewRatings } from '../../roundtable/follow-up-roundtable.js';
import { reviewPlanStep } from '../../roundtable/plan-ownership.js';
import type { RoundtableView } from '../../roundtable/roundtables.js';
import type { Roundtable } from '../../roundtable/types.js';
import type { CardAction } from '../routing/card-action.js';
import type { HandlerResult } from '../routing/turn.js';
import { clickerLang } from './reply-lang.js';

/** The children a card rates: the case summary's, else the case alias. */
function childrenOf(view: RoundtableView | undefined, rt: Roundtable): string[] {
  return view?.caseSummary?.children.length ? view.caseSummary.children.map((c) => c.alias) : [rt.caseAlias];
}

/** Each child's rating from the card's `rating_<index>` inputs. */
async function ratingsOf(a: CardAction): Promise<Record<string, unknown>> {
  const ratings: Record<string, unknown> = {};
  childrenOf(await a.renderer.view(a.rt.id), a.rt).forEach((alias, i) => {
    ratings[alias] = a.text(`${INPUTS.ratingPrefix}${i}`);
  });
  return ratings;
}

/** A plan step (a proposal unless a plan owner adds it). */
export function addStep(a: CardAction): Promise<HandlerResult> {
  return a.contribute({
    kind: 'step',
    text: a.text(INPUTS.stepText) ?? '',
    ownerId: a.text(INPUTS.stepOwner) ?? '',
    dueDate: a.text(INPUTS.stepDue) ?? '',
    supporter: a.text(INPUTS.stepSupporter),
    ideaId: a.text(INPUTS.stepIdea),
  });
}

/** Removes a step (target: step id). */
export async function removeStep(a: CardAction): Promise<HandlerResult> {
  const removed = await removePlanStep(a.deps.domain, a.turn.actor, a.rt.id, a.data.target ?? '');
  if (!removed.ok) return a.failed(removed.failure);
  return a.saved(t(clickerLang(a.deps, a.turn), 'chat:plan.stepRemoved'));
}

/**
 * Accepts a proposed step (`accept`; target: step id), or changes a step's owner or due date: from the plan
 * card's "Change a step" form (the step picked in it), or per step (target: step id, older cards).
 */
export const reviewStep =
  (accept: boolean) =>
  async (a: CardAction): Promise<HandlerResult> => {
    const id = a.data.target ?? a.text(INPUTS.stepPick) ?? '';
    const reviewed = await reviewPlanStep(a.deps.domain, a.turn.actor, a.rt.id, id, {
      accept,
      ownerId: a.text(`${INPUTS.stepEditOwnerPrefix}${id}`) ?? (a.text(INPUTS.stepNewOwner) || undefined),
      dueDate: a.text(`${INPUTS.stepEditDuePrefix}${id}`) ?? (a.text(INPUTS.stepNewDue) || undefined),
    });
    if (!reviewed.ok) return a.failed(reviewed.failure);
    return a.saved(reviewed.notice ?? t(clickerLang(a.deps, a.turn), 'chat:saved'));
  };

/** The primary and concurrent goal and each child's permanency rating. */
export async function saveGoals(a: CardAction): Promise<HandlerResult> {
  const ratings = await ratingsOf(a);
  const stored = await storeGoals(a.deps.domain, a.turn.actor, a.rt.id, {
    primaryGoal: a.text(INPUTS.primaryGoal),
    concurrentGoal: a.text(INPUTS.concurrentGoal),
    ratings,
  });
  if (!stored.ok) return a.failed(stored.failure);
  return a.saved(stored.notice ?? t(clickerLang(a.deps, a.turn), 'chat:saved'));
}

/** Follow-up roundtable, review phase: each child's permanency status re-rated. */
export async function saveReviewRatings(a: CardAction): Promise<HandlerResult> {
  const programme = a.deps.programme;
  if (!programme)
    return a.failed({ code: 'invalid', message: t(clickerLang(a.deps, a.turn), 'chat:plan.followUpOff') });
  const ratings = await ratingsOf(a);
  const rated = await storeReviewRatings(programme.domain, a.turn.actor, a.rt.id, ratings);
  if (!rated.ok) return a.failed(rated.failure);
  return a.saved(rated.notice ?? t(clickerLang(a.deps, a.turn), 'chat:saved'));
}
