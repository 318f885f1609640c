import { VERBS } from '../../cards/contract.js';
import { actionData } from '../../cards/kit.js';
import { confirmCard } from '../../cards/notice-card.js';
import type { FollowUpService } from '../reminders/follow-up.js';
import type { InRoomAnswer } from '../roundtable/barrier-register.js';
import type { Actor } from '../roundtable/permissions.js';
import { currentPhase, parsePhase, phaseLabel } from '../roundtable/phases.js';
import type { RoundtableService } from '../roundtable/service.js';
import { endEffects, messageAnswer, moveEffects, statusWithFollowUp, textFailure } from './answers.js';
import type { CardAction } from './card-action.js';
import { addAction } from './card-tools.js';
import type { ChatCommandCall } from './route-types.js';
import type { HandlerResult, ProgrammeDeps } from './turn.js';

/**
 * After `end`: the ratings join the history, a follow-up takes over the previous plan (its open
 * steps carried over, its reminders stopped), barriers join the register, then reminders are planned
 * and the hand-over (each owner's steps, the plan to supervisors) starts in the background: the answer
 * never waits for it.
 */
export async function afterRoundtableEnd(
  deps: { service: RoundtableService; programme?: ProgrammeDeps; followUp?: { followUp: FollowUpService } },
  roundtableId: string,
  actor: Actor,
): Promise<void> {
  const p = deps.programme;
  if (p) {
    await p.followUps.afterEnd(roundtableId, actor);
    const rt = (await deps.service.view(roundtableId))?.roundtable;
    if (rt?.followUpOf) {
      await deps.followUp?.followUp.cancel(rt.followUpOf, () => true);
      // The previous roundtable's chat learns that its plan was taken over (and its reminders stopped).
      const previous = await deps.service.get(rt.followUpOf);
      if (previous && p.tellChat) {
        await p.tellChat(
          previous,
          `The follow-up roundtable for ${rt.caseAlias} has ended: its plan now takes over this roundtable's plan, ` +
            'and this plan’s reminders have stopped (its open steps carry on in the follow-up).',
        );
      }
    }
    const answers = ((await deps.service.view(roundtableId))?.barriers ?? []) as unknown as InRoomAnswer[];
    await p.barriers.registerRoundtable(roundtableId, answers);
  }
  const followUp = deps.followUp?.followUp;
  if (followUp) followUp.handOver(await followUp.roundtableEnded(roundtableId));
}

// ---------------------------------------------------------------------------------------------
// Commands

/** `next`, `back`. */
export const moveCommand =
  (to: 'next' | 'back') =>
  async ({ deps, turn, grant: { rt } }: ChatCommandCall<unknown>): Promise<HandlerResult> => {
    const event = `command.${to}`;
    const moved = await deps.service.navigate(turn.actor, rt.id, to);
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
      message: `Name a phase: \`go 1\`–\`go ${rt.phases.length}\`, or \`go ${rt.phases.map((p) => p.key).join('|')}\`.`,
    });
  }
  const moved = await deps.service.navigate(turn.actor, rt.id, target);
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
    return textFailure(event, { code: 'invalid', message: 'Say `anonymous on` or `anonymous off`.' });
  }
  const set = await deps.service.setAnonymous(turn.actor, rt.id, cmd.on);
  if (!set.ok) return textFailure(event, set.failure);
  return {
    event,
    effects: [
      {
        kind: 'text',
        text: `Anonymous mode is ${cmd.on ? 'on: idea authors are hidden' : 'off: idea authors are shown'}.`,
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
  const ended = await deps.service.end(turn.actor, rt.id, cmd.confirm);
  if (!ended.ok && ended.failure.code === 'needs-confirmation') {
    // What is missing, with a real "Confirm end" button (the same verb as the debrief card's).
    const data = actionData(rt, currentPhase(rt).key, crypto.randomUUID());
    return {
      event: `${event}.needs-confirmation`,
      effects: [
        {
          kind: 'card',
          card: confirmCard(
            ended.failure.message,
            'Confirm end',
            VERBS.endConfirm,
            data,
            rt.practice === true,
          ),
        },
      ],
    };
  }
  if (!ended.ok) return textFailure(event, ended.failure);
  await afterRoundtableEnd(deps, rt.id, turn.actor);
  return { event, effects: endEffects(rt) };
}

// ---------------------------------------------------------------------------------------------
// Card actions

/** Re-renders the clicked card. */
export async function refreshCard(a: CardAction): Promise<HandlerResult> {
  return { event: a.event, effects: [], invoke: await a.answer(a.cardPhase) };
}

/** The status card, with a way back to the card it came from. */
export async function statusCardAction(a: CardAction): Promise<HandlerResult> {
  const view = await a.renderer.view(a.rt.id);
  if (!view)
    return { event: a.event, effects: [], invoke: messageAnswer('That roundtable no longer exists.') };
  const card = addAction(await statusWithFollowUp(a.deps, view), 'Back to the card', VERBS.refresh, {
    ...a.data,
    nonce: crypto.randomUUID(),
  });
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
      if (target === undefined) return a.failed({ code: 'invalid', message: 'Unknown phase.' });
      to = target;
    }
    const moved = await deps.service.navigate(a.turn.actor, rt.id, to, a.data.rev);
    if (!moved.ok) return a.failed(moved.failure);
    const next = currentPhase(moved.value);
    return {
      event: a.event,
      effects: moveEffects(rt, moved),
      invoke: await a.answer(a.cardPhase, {
        kind: 'info',
        text: moved.notice ?? `Moved to ${phaseLabel(moved.value, next.key)}. Its card is below.`,
      }),
    };
  };

/** Anonymous mode from the brainstorm card: the card sends the state wanted (so a double click is harmless); a bare toggle flips it. */
export async function anonymousCard(a: CardAction): Promise<HandlerResult> {
  const on = a.data.target === 'on' ? true : a.data.target === 'off' ? false : !a.rt.anonymous;
  const set = await a.deps.service.setAnonymous(a.turn.actor, a.rt.id, on);
  if (!set.ok) return a.failed(set.failure);
  return a.saved(set.notice ?? 'Saved.');
}

/** Ends the roundtable from the debrief card (`confirm`: "Confirm end"). */
export const endCard =
  (confirm: boolean) =>
  async (a: CardAction): Promise<HandlerResult> => {
    const { deps, rt } = a;
    const ended = await deps.service.end(a.turn.actor, rt.id, confirm, a.data.rev);
    if (!ended.ok) return a.failed(ended.failure);
    await afterRoundtableEnd(deps, rt.id, a.turn.actor);
    return {
      event: a.event,
      effects: endEffects(rt),
      invoke: await a.answer(a.current, {
        kind: 'info',
        text: 'The roundtable has ended. The plan summary is below.',
      }),
    };
  };
