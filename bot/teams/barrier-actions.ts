import { INPUTS, VERBS } from '../../cards/contract.js';
import type { CardAction } from './card-action.js';
import type { HandlerResult } from './turn.js';

/** A barrier buster answers a barrier-flagged idea in the room (target: idea id). */
export async function answerBarrier(a: CardAction): Promise<HandlerResult> {
  const id = a.data.target ?? '';
  const kind =
    a.verb === VERBS.barrierSolved
      ? 'solved-now'
      : a.verb === VERBS.barrierDecision
        ? 'needs-decision'
        : 'not-a-barrier';
  const answered = await a.deps.service.barriers.answer(a.turn.actor, a.rt.id, id, {
    kind,
    decision: a.text(`${INPUTS.barrierDecisionPrefix}${id}`),
    ownerId: a.text(`${INPUTS.barrierOwnerPrefix}${id}`),
    dueDate: a.text(`${INPUTS.barrierDuePrefix}${id}`),
    keepNames: a.data.keepNames === true,
    replace: a.text(`${INPUTS.barrierReplacePrefix}${id}_${kind}`) === 'true',
  });
  if (!answered.ok) return a.failed(answered.failure);
  return a.saved(answered.notice ?? 'Saved.');
}
