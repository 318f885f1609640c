import { noticeCard } from '../../cards/notice-card.js';
import type { Failure } from '../roundtable/outcome.js';
import { sameTenant } from '../roundtable/permissions.js';
import { phaseLabel } from '../roundtable/phases.js';
import type { Roundtable } from '../roundtable/types.js';
import { errorAnswer, NO_ROUNDTABLE, textFailure, textReply } from './answers.js';
import { cardAction, readActionData } from './card-action.js';
import { readFollowUpData } from './follow-up-handlers.js';
import { fitsWhere, runGuard } from './guards.js';
import { answerPreparation, checkPreparationData } from './preparation-handlers.js';
import { checkRegisterData } from './programme-handlers.js';
import type { CardRoute, CommandRoute, GuardName } from './route-types.js';
import { COMMANDS, cardRoute } from './routes.js';
import type { Command, CommandName, HandlerDeps, HandlerResult, TurnInput } from './turn.js';

/** A command route with its handler's input widened (the table ties each handler to its own command). */
type AnyCommandRoute = Omit<CommandRoute<CommandName>, 'handle' | 'roundtable' | 'guard'> & {
  roundtable?: 'active' | 'any';
  none?: string;
  guard: GuardName;
  handle: (c: {
    deps: HandlerDeps;
    cmd: Command;
    turn: TurnInput;
    rt?: Roundtable;
  }) => Promise<HandlerResult>;
};

const OFF = { followUp: 'Follow-up is not enabled.', programme: 'This is not enabled.' } as const;

/** Answers a typed command: its route's feature, `where`, roundtable and guard first, then its handler. */
export async function dispatchCommand(
  deps: HandlerDeps,
  cmd: Command,
  turn: TurnInput,
): Promise<HandlerResult> {
  const route = COMMANDS[cmd.name] as unknown as AnyCommandRoute;
  const event = `command.${cmd.name}`;
  if (route.needs && !deps[route.needs]) return textReply(`${event}.off`, OFF[route.needs]);
  if (!fitsWhere(route.where, turn.personal)) {
    if (route.elsewhere === 'send-privately' && route.where === 'personal') {
      return answerPrivately(deps, event, turn, () =>
        dispatchCommand(deps, cmd, { ...turn, personal: true }),
      );
    }
    const elsewhere =
      route.elsewhere && route.elsewhere !== 'send-privately'
        ? route.elsewhere
        : { code: 'forbidden', message: 'That cannot be used in this chat.' };
    return textReply(`${event}.${elsewhere.code}`, elsewhere.message);
  }
  let rt: Roundtable | undefined;
  if (route.roundtable) {
    rt = await deps.service.forChat(turn.actor.conversationId);
    if (rt && !sameTenant(rt, turn.actor)) rt = undefined; // another tenant's roundtable: not found
    if (!rt || (route.roundtable === 'active' && rt.status !== 'active'))
      return textReply(`${event}.none`, route.none ?? NO_ROUNDTABLE);
  }
  const refused = await runGuard(
    route.guard,
    { deps, actor: turn.actor, ...(rt ? { rt } : {}) },
    route.refusal,
  );
  if (refused) return textFailure(event, refused);
  return route.handle({ deps, cmd, turn, ...(rt ? { rt } : {}) });
}

/** Answers an Action.Execute from one of the bot's cards, by its verb's route. */
export async function dispatchCardAction(
  deps: HandlerDeps,
  verb: string,
  rawData: unknown,
  turn: TurnInput,
): Promise<HandlerResult> {
  const route = cardRoute(verb);
  if (route?.family === 'register' && deps.programme) {
    const bad = checkRegisterData(rawData);
    if (bad) return bad;
    if (!fitsWhere(route.where, turn.personal) && route.elsewhere)
      return refusal(`card.${verb}`, route.elsewhere);
    const refused = await runGuard(route.guard, { deps, actor: turn.actor }, route.refusal);
    if (refused) return refusal(`card.${verb}`, refused);
    const raw = rawData as Record<string, unknown>;
    return route.handle({ deps: deps.programme, verb, raw, turn });
  }
  if (route?.family === 'preparation') {
    const raw = (rawData && typeof rawData === 'object' && !Array.isArray(rawData) ? rawData : {}) as Record<
      string,
      unknown
    >;
    const bad = checkPreparationData(verb, raw);
    if (bad) return bad;
    const action = { deps, verb, raw, turn };
    if (!fitsWhere(route.where, turn.personal) && route.elsewhere)
      return answerPreparation(action, { ok: false, failure: route.elsewhere });
    const subject =
      typeof raw.rt === 'string'
        ? { rt: raw.rt, ...(typeof raw.inv === 'string' ? { inv: raw.inv } : {}) }
        : undefined;
    const refused = await runGuard(
      route.guard,
      { deps, actor: turn.actor, ...(subject ? { subject } : {}) },
      route.refusal,
    );
    if (refused) return refusal(`card.${verb}`, refused);
    return route.handle(action);
  }
  if (route?.family === 'follow-up' && deps.followUp) {
    const data = readFollowUpData(rawData);
    if (!data) {
      return {
        event: 'card.malformed',
        effects: [],
        invoke: errorAnswer(400, 'BadRequest', 'This card is not one of the follow-up cards.'),
      };
    }
    const subject = { rt: data.rt, ...(data.step ? { step: data.step } : {}) };
    const refused = await runGuard(route.guard, { deps, actor: turn.actor, subject }, route.refusal);
    if (refused) return refusal(`card.${verb}`, refused);
    const raw = rawData as Record<string, unknown>;
    return route.handle({ deps: deps.followUp, data, raw, verb, turn });
  }
  return roundtableCardAction(deps, verb, route?.family === 'roundtable' ? route : undefined, rawData, turn);
}

/** A click on a roundtable card: our data, this chat's roundtable, a known verb, the right phase, then the guard. */
async function roundtableCardAction(
  deps: HandlerDeps,
  verb: string,
  route: Extract<CardRoute, { family: 'roundtable' }> | undefined,
  rawData: unknown,
  turn: TurnInput,
): Promise<HandlerResult> {
  const data = readActionData(rawData);
  if (!data) {
    return {
      event: 'card.malformed',
      effects: [],
      invoke: errorAnswer(
        400,
        'BadRequest',
        'This card is not one of the roundtable cards. Type `@Roundtable status` to get the current one.',
      ),
    };
  }
  const found = await deps.service.forActor(turn.actor, data.rt);
  if (!found.ok) {
    return {
      event: 'card.foreign',
      effects: [],
      invoke: errorAnswer(404, 'NotFound', found.failure.message),
    };
  }
  const rt = found.value;
  const a = cardAction(deps, verb, data, rawData, turn, rt);
  if (!route) {
    return {
      event: 'card.unknown-verb',
      effects: [],
      invoke: await a.answer(a.cardPhase, {
        kind: 'error',
        text: 'That button is not known to this version of the bot. Here is the current card.',
      }),
    };
  }
  if (route.phase !== 'read-only' && rt.status !== 'active') {
    return {
      event: `${a.event}.closed`,
      effects: [],
      invoke: await a.answer(a.cardPhase, {
        kind: 'error',
        text: `The roundtable for ${rt.caseAlias} has ended; nothing was changed.`,
      }),
    };
  }
  if (route.phase === 'current' && a.cardPhase !== a.current) {
    return {
      event: `${a.event}.stale`,
      effects: [{ kind: 'close-phase', roundtableId: rt.id, phase: a.cardPhase }],
      invoke: await a.answer(
        a.cardPhase,
        {
          kind: 'error',
          text: `This card is out of date: the roundtable is now in ${phaseLabel(rt)}. Nothing was changed; use the current card further down.`,
        },
        true,
      ),
    };
  }
  if (route.needs && !deps[route.needs.deps]) return a.failed({ code: 'invalid', message: route.needs.off });
  if (!fitsWhere(route.where, turn.personal) && route.elsewhere) return a.failed(route.elsewhere);
  const refused = await runGuard(route.guard, { deps, actor: turn.actor, rt }, route.refusal);
  // A refusal shows no case content: an error answer, and the clicker's card (with what they typed) stays.
  if (refused) return refusal(a.event, refused);
  return route.handle(a);
}

/**
 * A personal answer asked for in a group chat: the command runs as in the 1:1 chat, its cards and texts go
 * to the person's 1:1 chat, and the group only learns that they were sent.
 */
async function answerPrivately(
  deps: HandlerDeps,
  event: string,
  turn: TurnInput,
  run: () => Promise<HandlerResult>,
): Promise<HandlerResult> {
  const send = deps.sendPrivately;
  if (!send) return textReply(`${event}.not-personal`, SEND_PRIVATELY_OFF);
  const result = await run();
  let sent = true;
  for (const effect of result.effects) {
    const card =
      effect.kind === 'card' ? effect.card : effect.kind === 'text' ? noticeCard(effect.text) : undefined;
    if (card && (await send(turn.actor.person, card)) !== 'sent') sent = false;
  }
  return sent
    ? textReply(
        `${result.event}.sent-privately`,
        `${turn.actor.person.name}, I sent this to you in our 1:1 chat.`,
      )
    : textReply(`${result.event}.unreachable`, PRIVATE_UNREACHABLE);
}

const SEND_PRIVATELY_OFF = 'That is personal: type it in your 1:1 chat with me.';
const PRIVATE_UNREACHABLE =
  'That is personal, so I answer it only in our 1:1 chat, and I could not reach you there (the app may not be installed for you). Open a chat with me and type it there.';

/** A guard's refusal on a 1:1 card: an error answer with the failure's status. */
function refusal(event: string, failure: Failure): HandlerResult {
  const [status, code] =
    failure.code === 'forbidden'
      ? [403, 'Forbidden']
      : failure.code === 'not-found'
        ? [404, 'NotFound']
        : [400, 'BadRequest'];
  return {
    event: `${event}.${failure.code}`,
    effects: [],
    invoke: errorAnswer(status, code, failure.message),
  };
}
