import { addAction } from '../../../cards/card-tools.js';
import { FORM_REFRESH, VERBS } from '../../../cards/contract.js';
import { actionData } from '../../../cards/kit.js';
import { confirmCard } from '../../../cards/notice-card.js';
import { type Lang, t } from '../../i18n/text.js';
import type { FollowUpService } from '../../reminders/follow-up.js';
import type { DomainContext } from '../../roundtable/context.js';
import { navigate, setAnonymous } from '../../roundtable/lifecycle.js';
import type { Failure, Outcome } from '../../roundtable/outcome.js';
import { currentPhase, parsePhase } from '../../roundtable/phases.js';
import { StoreUnavailable } from '../../roundtable/ports.js';
import { endRoundtable, getRoundtable } from '../../roundtable/roundtables.js';
import type { Roundtable } from '../../roundtable/types.js';
import {
  endEffects,
  messageAnswer,
  moveEffects,
  statusWithFollowUp,
  textFailure,
} from '../routing/answers.js';
import type { CardAction } from '../routing/card-action.js';
import type { ChatCommandCall } from '../routing/route-types.js';
import type { Effect, HandlerResult, InvokeAnswer } from '../routing/turn.js';
import { formAgain } from './contributions.js';
import { clickerLang, phaseLabelIn, replyLang } from './reply-lang.js';

/**
 * After `end`: the follow-on work (the ratings history, a follow-up's takeover of the previous plan, the barrier
 * register, reminders, the hand-over) was recorded as due in the write that ended the roundtable; its job
 * (bot/reminders/after-end.ts) is kicked now, after the answer, under the scheduler's lease. The answer never
 * waits for it, and a fault or a kill only delays it: the scheduler runs it on any instance.
 */
export function afterRoundtableEnd(
  deps: { followUp?: { followUp: FollowUpService } },
  roundtableId: string,
): void {
  deps.followUp?.followUp.afterEndNow(roundtableId);
}

/**
 * `end` found the roundtable ended already: a retry of an end whose write landed though its answer was lost
 * (the first try's instance may not have kicked the work). Kicked again: a job done already is not run twice.
 */
function stillDue(deps: { followUp?: { followUp: FollowUpService } }, failure: Failure, id: string): void {
  if (failure.code === 'closed') afterRoundtableEnd(deps, id);
}

/** What `end` did when the database failed under it: read again, it says whether the roundtable ended. */
type EndFault = 'ended' | 'not-ended' | 'unknown';

/** `end` that turns a storage outage into what is known: ended (the work follows), not ended, or not sure. */
async function endOrFault(
  deps: { domain: DomainContext },
  id: string,
  end: () => Promise<Outcome<Roundtable>>,
): Promise<Outcome<Roundtable> | EndFault> {
  try {
    return await end();
  } catch (err) {
    if (!(err instanceof StoreUnavailable)) throw err;
    try {
      return (await getRoundtable(deps.domain, id))?.status === 'ended' ? 'ended' : 'not-ended';
    } catch (again) {
      if (!(again instanceof StoreUnavailable)) throw again;
      return 'unknown';
    }
  }
}

const ENDED_AFTER_FAULT = (lang: Lang) => t(lang, 'chat:phases.endedAfterFault');
const NOT_ENDED = (lang: Lang, how: string) => t(lang, 'chat:phases.notEnded', { how });
const NOT_SURE = (lang: Lang, how: string) => t(lang, 'chat:phases.notSure', { how });

// ---------------------------------------------------------------------------------------------
// Commands

/** `next`, `back`. */
export const moveCommand =
  (to: 'next' | 'back') =>
  async ({ deps, turn, grant: { rt } }: ChatCommandCall<unknown>): Promise<HandlerResult> => {
    const event = `command.${to}`;
    const moved = await navigate(deps.domain, turn.actor, rt.id, to);
    if (!moved.ok) return textFailure(event, moved.failure);
    return { event, effects: moveEffects(rt, moved) };
  };

/** `go <phase>`. */
export async function goCommand({
  deps,
  input,
  turn,
  grant: { rt },
}: ChatCommandCall<{ target: string }>): Promise<HandlerResult> {
  const event = 'command.go';
  const target = parsePhase(
    input.target,
    rt.phases.map((p) => p.key),
  );
  if (target === undefined) {
    return textFailure(event, {
      code: 'invalid',
      message: t(replyLang(deps, turn), 'chat:phases.namePhase', {
        last: String(rt.phases.length),
        keys: rt.phases.map((p) => p.key).join('|'),
      }),
    });
  }
  const moved = await navigate(deps.domain, turn.actor, rt.id, target);
  if (!moved.ok) return textFailure(event, moved.failure);
  return { event, effects: moveEffects(rt, moved) };
}

/** `anonymous on|off`. */
export async function anonymousCommand({
  deps,
  input: cmd,
  turn,
  grant: { rt },
}: ChatCommandCall<{ on?: boolean }>): Promise<HandlerResult> {
  const event = 'command.anonymous';
  if (cmd.on === undefined) {
    return textFailure(event, {
      code: 'invalid',
      message: t(replyLang(deps, turn), 'chat:phases.sayAnonymous'),
    });
  }
  const set = await setAnonymous(deps.domain, turn.actor, rt.id, cmd.on);
  if (!set.ok) return textFailure(event, set.failure);
  return {
    event,
    effects: [
      {
        kind: 'text',
        text: t(replyLang(deps, turn), cmd.on ? 'chat:phases.anonymousOn' : 'chat:phases.anonymousOff'),
      },
      { kind: 'refresh-phase', roundtableId: rt.id, phase: 'brainstorm' },
    ],
  };
}

/** `end` / `end confirm`. */
export async function endCommand({
  deps,
  input: cmd,
  turn,
  grant: { rt },
}: ChatCommandCall<{ confirm: boolean }>): Promise<HandlerResult> {
  const event = 'command.end';
  const lang = replyLang(deps, turn);
  const ended = await endOrFault(deps, rt.id, () =>
    endRoundtable(deps.domain, turn.actor, rt.id, cmd.confirm),
  );
  if (ended === 'ended') {
    afterRoundtableEnd(deps, rt.id);
    return {
      event: `${event}.stored-after-fault`,
      effects: [textNotice(ENDED_AFTER_FAULT(lang)), ...endEffects(rt)],
    };
  }
  if (ended === 'not-ended' || ended === 'unknown') {
    const how = t(lang, 'chat:phases.howCommand');
    return {
      event: `${event}.${ended}`,
      effects: [textNotice(ended === 'unknown' ? NOT_SURE(lang, how) : NOT_ENDED(lang, how))],
    };
  }
  if (!ended.ok && ended.failure.code === 'needs-confirmation') {
    // What is missing, with a real "Confirm end" button (the same verb as the debrief card's).
    const data = actionData(rt, currentPhase(rt).key, crypto.randomUUID());
    // Posted to the chat: in the agency's language, which everyone there reads.
    const lang = deps.domain.settings.language ?? 'en';
    return {
      event: `${event}.needs-confirmation`,
      effects: [
        {
          kind: 'card',
          card: confirmCard(
            ended.failure.message,
            t(lang, 'meeting:card.confirmEnd'),
            VERBS.endConfirm,
            data,
            rt.practice === true,
            lang,
          ),
        },
      ],
    };
  }
  if (!ended.ok) {
    stillDue(deps, ended.failure, rt.id);
    return textFailure(event, ended.failure);
  }
  afterRoundtableEnd(deps, rt.id);
  return { event, effects: endEffects(rt) };
}

// ---------------------------------------------------------------------------------------------
// Card actions

/** Re-renders the clicked card. */
export async function refreshCard(a: CardAction): Promise<HandlerResult> {
  if (a.data.target === FORM_REFRESH) return formAgain(a);
  return { event: a.event, effects: [], invoke: await a.answer(a.cardPhase) };
}

/** The status card, with a way back to the card it came from. */
export async function statusCardAction(a: CardAction): Promise<HandlerResult> {
  const view = await a.renderer.view(a.rt.id);
  const lang = clickerLang(a.deps, a.turn);
  if (!view)
    return { event: a.event, effects: [], invoke: messageAnswer(t(lang, 'chat:phases.noLongerExists')) };
  const card = addAction(
    await statusWithFollowUp(a.deps, view, lang),
    t(lang, 'meeting:card.backToCard'),
    VERBS.refresh,
    {
      ...a.data,
      nonce: crypto.randomUUID(),
    },
  );
  return { event: a.event, effects: [], invoke: { statusCode: 200, card } };
}

/** Next, back, or a phase chosen on the card (target: the phase; only from a card of the current revision). */
export const moveCard =
  (direction: 'next' | 'back' | 'go') =>
  async (a: CardAction): Promise<HandlerResult> => {
    const { deps, rt } = a;
    let to: 'next' | 'back' | number = direction === 'go' ? -1 : direction;
    if (direction === 'go') {
      const target = parsePhase(
        a.data.target ?? '',
        rt.phases.map((p) => p.key),
      );
      if (target === undefined)
        return a.failed({
          code: 'invalid',
          message: t(clickerLang(deps, a.turn), 'chat:phases.unknownPhase'),
        });
      to = target;
    }
    const moved = await navigate(deps.domain, a.turn.actor, rt.id, to, a.data.rev);
    if (!moved.ok) return a.failed(moved.failure);
    const next = currentPhase(moved.value);
    return {
      event: a.event,
      effects: moveEffects(rt, moved),
      invoke: await a.answer(a.cardPhase, {
        kind: 'info',
        text:
          moved.notice ??
          t(clickerLang(deps, a.turn), 'chat:phases.movedTo', {
            phase: phaseLabelIn(clickerLang(deps, a.turn), moved.value, next.key),
          }),
      }),
    };
  };

/** Anonymous mode from the brainstorm card: the card sends the state wanted (so a double click is harmless); a bare toggle flips it. */
export async function anonymousCard(a: CardAction): Promise<HandlerResult> {
  const on = a.data.target === 'on' ? true : a.data.target === 'off' ? false : !a.rt.anonymous;
  const set = await setAnonymous(a.deps.domain, a.turn.actor, a.rt.id, on);
  if (!set.ok) return a.failed(set.failure);
  return a.saved(set.notice ?? t(clickerLang(a.deps, a.turn), 'chat:saved'));
}

/** Ends the roundtable from the debrief card (`confirm`: "Confirm end"). */
export const endCard =
  (confirm: boolean) =>
  async (a: CardAction): Promise<HandlerResult> => {
    const { deps, rt } = a;
    const lang = clickerLang(deps, a.turn);
    const ended = await endOrFault(deps, rt.id, () =>
      endRoundtable(deps.domain, a.turn.actor, rt.id, confirm, a.data.rev),
    );
    if (ended === 'not-ended' || ended === 'unknown') {
      const how = t(lang, 'chat:phases.howButton', { button: t(lang, 'meeting:card.confirmEnd') });
      const text = ended === 'unknown' ? NOT_SURE(lang, how) : NOT_ENDED(lang, how);
      return { event: `${a.event}.${ended}`, effects: [], invoke: await answerOrMessage(a, text) };
    }
    if (ended !== 'ended' && !ended.ok) {
      stillDue(deps, ended.failure, rt.id);
      return a.failed(ended.failure);
    }
    afterRoundtableEnd(deps, rt.id);
    return {
      event: ended === 'ended' ? `${a.event}.stored-after-fault` : a.event,
      effects: endEffects(rt),
      invoke: await answerOrMessage(
        a,
        ended === 'ended' ? ENDED_AFTER_FAULT(lang) : t(lang, 'chat:phases.ended'),
        'info',
      ),
    };
  };

/** The clicked card with the notice; when the card cannot be read either, the notice alone as a message. */
async function answerOrMessage(
  a: CardAction,
  text: string,
  kind: 'info' | 'error' = 'error',
): Promise<InvokeAnswer> {
  try {
    return await a.answer(a.current, { kind, text });
  } catch (err) {
    if (!(err instanceof StoreUnavailable)) throw err;
    return messageAnswer(text);
  }
}

function textNotice(text: string): Effect {
  return { kind: 'text', text };
}
