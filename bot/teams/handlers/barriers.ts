import { INPUTS } from '../../../cards/contract.js';
import { t } from '../../i18n/text.js';
import { recordBarrierAnswer } from '../../roundtable/barrier-answers.js';
import type { InRoomAnswer } from '../../roundtable/barrier-register.js';
import type { CardAction } from '../routing/card-action.js';
import type { HandlerResult } from '../routing/turn.js';
import { clickerLang } from './reply-lang.js';

/** How a barrier is answered in the room. */
type BarrierAnswerKind = InRoomAnswer['answer']['kind'];

/** A barrier buster answers a barrier-flagged idea in the room (target: idea id). */
export const answerBarrier =
  (kind: BarrierAnswerKind) =>
  async (a: CardAction): Promise<HandlerResult> => {
    const id = a.data.target ?? '';
    const answered = await recordBarrierAnswer(a.deps.domain, a.turn.actor, a.rt.id, id, {
      kind,
      decision: a.text(`${INPUTS.barrierDecisionPrefix}${id}`),
      ownerId: a.text(`${INPUTS.barrierOwnerPrefix}${id}`),
      dueDate: a.text(`${INPUTS.barrierDuePrefix}${id}`),
      keepNames: a.data.keepNames === true,
      replace: a.text(`${INPUTS.barrierReplacePrefix}${id}_${kind}`) === 'true',
    });
    if (!answered.ok) return a.failed(answered.failure);
    return a.saved(answered.notice ?? t(clickerLang(a.deps, a.turn), 'chat:saved'));
  };
