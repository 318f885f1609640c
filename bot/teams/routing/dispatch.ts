/**
 * THE pipeline of every command and card click: parse the input by the route's schema (or the command's words),
 * check where it may be used, run the route's guard (which returns what it read: the grant), record the access
 * (allowed or refused), then call the handler with the parsed input and the grant. Nothing else parses raw
 * card data; a refusal shows no case content.
 */
import { noticeCard } from '../../../cards/notice-card.js';
import { translateMessage } from '../../i18n/messages.js';
import type { Failure } from '../../roundtable/outcome.js';
import { type AccessEntry, sameTenant } from '../../roundtable/permissions.js';
import { phaseLabel } from '../../roundtable/phases.js';
import { forActor, forChat } from '../../roundtable/roundtables.js';
import type { Roundtable } from '../../roundtable/types.js';
import { ANONYMOUS_REFUSAL, ANONYMOUS_ROUTES } from './anonymous.js';
import { errorAnswer, messageAnswer, NO_ROUNDTABLE, textFailure, textReply } from './answers.js';
import { cardAction } from './card-action.js';
import { MALFORMED_CARD, RoundtableCardData } from './card-input.js';
import { fitsWhere, type GuardInput, runGuard } from './guards.js';
import type {
  CardRoute,
  CommandCall,
  CommandRoute,
  FollowUpAction,
  Grants,
  GuardName,
  PreparationAction,
  RegisterAction,
} from './route-types.js';
import { COMMANDS, type Command, cardRoute } from './routes.js';
import type { HandlerDeps, HandlerResult, TurnInput } from './turn.js';

const OFF = { followUp: 'Follow-up is not enabled.', programme: 'This is not enabled.' } as const;

/**
 * The access hook: every allowed request and every refusal of the pipeline passes here, right after the guard
 * (or the step that refused it), with who asked, the route, the roundtable and the decision. Without an access
 * log (deps.recordAccess) it does nothing. Answers the failure when the entry could not be written: the caller
 * then answers it (`notRecorded`) and shows no case content.
 */
export async function recordAccess(
  deps: Pick<HandlerDeps, 'recordAccess'>,
  turn: Pick<TurnInput, 'actor'>,
  route: string,
  decision: { allowed: true } | { allowed: false; reason: string },
  rt?: Pick<Roundtable, 'id' | 'caseAlias'>,
): Promise<Failure | undefined> {
  if (!deps.recordAccess) return undefined;
  const entry: AccessEntry = {
    actorId: turn.actor.person.id,
    ...(turn.actor.person.aadObjectId ? { aadObjectId: turn.actor.person.aadObjectId } : {}),
    ...(turn.actor.tenantId ? { tenantId: turn.actor.tenantId } : {}),
    route,
    ...(rt ? { roundtableId: rt.id, caseAlias: rt.caseAlias } : {}),
    ...decision,
  };
  return (await deps.recordAccess(entry)) ?? undefined;
}

/**
 * The domain's refusal after the guard let the request through (not your idea, not your step, nothing to attach,
 * the phase is closed): it showed nothing, and it is recorded as a refusal too (the grant's entry says only that
 * the guard passed). A stale card redrawn or a name warning is an answer, not a refusal.
 */
async function recordRefusal(
  deps: HandlerDeps,
  turn: TurnInput,
  route: string,
  result: HandlerResult,
  invoke: boolean,
  rt?: Pick<Roundtable, 'id' | 'caseAlias'>,
): Promise<HandlerResult> {
  const code = /\.(forbidden|not-found|invalid|closed)$/.exec(result.event)?.[1];
  if (!code) return result;
  const unrecorded = await recordAccess(deps, turn, route, { allowed: false, reason: code }, rt);
  return unrecorded ? notRecorded(route, unrecorded, invoke) : result;
}

/** The access log could not be written: a message in place of any answer (a text, or a 200 invoke message). */
function notRecorded(event: string, failure: Failure, invoke: boolean): HandlerResult {
  return invoke
    ? { event: `${event}.${failure.code}`, effects: [], invoke: messageAnswer(failure.message) }
    : textFailure(event, failure);
}

/** Runs the guard and records its decision: the grant, or the refusal. */
async function guarded<G extends GuardName>(
  route: string,
  guard: G,
  g: GuardInput,
  turn: TurnInput,
  refusal?: string,
): Promise<{ ok: true; grant: Grants[G] } | { ok: false; failure: Failure }> {
  // Someone without an agency account: only the routes open to guests, whatever the route's own guard says.
  const result =
    g.actor.anonymous && !ANONYMOUS_ROUTES.has(route)
      ? { ok: false as const, failure: { code: 'forbidden' as const, message: ANONYMOUS_REFUSAL } }
      : await runGuard(guard, g, refusal);
  const rt = result.ok && 'rt' in result.value ? (result.value.rt as Roundtable | undefined) : g.rt;
  const unrecorded = await recordAccess(
    g.deps,
    turn,
    route,
    result.ok ? { allowed: true } : { allowed: false, reason: result.failure.code },
    rt,
  );
  if (unrecorded) return { ok: false, failure: unrecorded };
  return result.ok ? { ok: true, grant: result.value } : result;
}

/** Answers a typed command: its feature, `where`, the chat's roundtable and the guard first, then its handler. */
export async function dispatchCommand(
  deps: HandlerDeps,
  cmd: Command,
  turn: TurnInput,
): Promise<HandlerResult> {
  const route = COMMANDS[cmd.name] as CommandRoute;
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
    const unrecorded = await recordAccess(deps, turn, event, { allowed: false, reason: 'elsewhere' });
    if (unrecorded) return notRecorded(event, unrecorded, false);
    return textReply(`${event}.${elsewhere.code}`, elsewhere.message);
  }
  let rt: Roundtable | undefined;
  if (route.roundtable) {
    rt = await forChat(deps.domain, turn.actor.conversationId);
    if (rt && !sameTenant(rt, turn.actor)) rt = undefined; // another tenant's roundtable: not found
    if (!rt || (route.roundtable === 'active' && rt.status !== 'active')) {
      const unrecorded = await recordAccess(deps, turn, event, { allowed: false, reason: 'not-found' });
      if (unrecorded) return notRecorded(event, unrecorded, false);
      return textReply(`${event}.none`, route.none ?? NO_ROUNDTABLE);
    }
  }
  const g = await guarded(
    event,
    route.guard,
    { deps, actor: turn.actor, ...(rt ? { rt } : {}) },
    turn,
    route.refusal,
  );
  if (!g.ok) return textFailure(event, g.failure);
  const handle = route.handle as (c: CommandCall<unknown>) => Promise<HandlerResult>;
  return recordRefusal(
    deps,
    turn,
    event,
    await handle({ deps, input: cmd, grant: g.grant, turn }),
    false,
    rt,
  );
}

/** The one answer to card data that is not what its route's schema says, whatever the card family. */
function malformed(): HandlerResult {
  return { event: 'card.malformed', effects: [], invoke: errorAnswer(400, 'BadRequest', MALFORMED_CARD) };
}

/** A refusal on a 1:1 card: a notice card with the reason (no case content), in the clicker's language. */
function refusal(event: string, failure: Failure, lang?: string): HandlerResult {
  return {
    event: `${event}.${failure.code}`,
    effects: [],
    invoke: { statusCode: 200, card: noticeCard(translateMessage(lang, failure.message), 'error') },
  };
}

/** The ids the input names, for guards that read them (a 1:1 card's roundtable, step, invitation). */
function subjectOf(input: unknown): GuardInput['subject'] {
  const d = input as { rt?: unknown; step?: unknown; inv?: unknown };
  const pick = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const [rt, step, inv] = [pick(d.rt), pick(d.step), pick(d.inv)];
  return { ...(rt ? { rt } : {}), ...(step ? { step } : {}), ...(inv ? { inv } : {}) };
}

/** Answers an Action.Execute from one of the bot's cards, by its verb's route. */
export async function dispatchCardAction(
  deps: HandlerDeps,
  verb: string,
  rawData: unknown,
  turn: TurnInput,
): Promise<HandlerResult> {
  const found = cardRoute(verb);
  // A family whose feature is off answers as a card the bot does not know.
  const route =
    (found?.family === 'register' && !deps.programme) || (found?.family === 'follow-up' && !deps.followUp)
      ? undefined
      : found;
  if (!route || route.family === 'roundtable') return roundtableCardAction(deps, verb, route, rawData, turn);
  const event = `card.${verb}`;
  const parsed = route.data.safeParse(rawData);
  if (!parsed.success) {
    const unrecorded = await recordAccess(deps, turn, event, { allowed: false, reason: 'invalid' });
    return unrecorded ? notRecorded(event, unrecorded, true) : malformed();
  }
  const input = parsed.data;
  const inputs = rawData as Record<string, unknown>;
  if (!fitsWhere(route.where, turn.personal) && route.elsewhere) {
    const unrecorded = await recordAccess(deps, turn, event, { allowed: false, reason: 'elsewhere' });
    return refusal(event, unrecorded ?? route.elsewhere, turn.lang);
  }
  const g = await guarded(
    event,
    route.guard,
    { deps, actor: turn.actor, subject: subjectOf(input) },
    turn,
    route.refusal,
  );
  if (!g.ok) return refusal(event, g.failure, turn.lang);
  // The row's schema parsed `input` and its guard granted `grant`: the family's handler takes both as they are.
  const call = { input, grant: g.grant, inputs, verb, turn };
  const answered = (r: Promise<HandlerResult>) =>
    r.then((res) => recordRefusal(deps, turn, event, res, true));
  if (route.family === 'follow-up' && deps.followUp)
    return answered(route.handle({ ...call, deps: deps.followUp } as FollowUpAction));
  if (route.family === 'register' && deps.programme)
    return answered(route.handle({ ...call, deps: deps.programme } as RegisterAction));
  if (route.family === 'preparation')
    return answered(route.handle({ ...call, deps } as PreparationAction<never>));
  return malformed();
}

/** A click on a roundtable card: our data, this chat's roundtable, a known verb, the right phase, then the guard. */
async function roundtableCardAction(
  deps: HandlerDeps,
  verb: string,
  route: Extract<CardRoute, { family: 'roundtable' }> | undefined,
  rawData: unknown,
  turn: TurnInput,
): Promise<HandlerResult> {
  // A verb no route names is the clicker's text: it is recorded as `card.unknown`, never as itself.
  const event = route ? `card.${verb}` : 'card.unknown';
  const parsed = RoundtableCardData.safeParse(rawData);
  if (!parsed.success) {
    const unrecorded = await recordAccess(deps, turn, event, { allowed: false, reason: 'invalid' });
    return unrecorded ? notRecorded(event, unrecorded, true) : malformed();
  }
  const data = parsed.data;
  // A guest without an agency account: refused before the card's roundtable is read (no redrawn card either).
  if (turn.actor.anonymous && !ANONYMOUS_ROUTES.has(event)) {
    const unrecorded = await recordAccess(deps, turn, event, { allowed: false, reason: 'forbidden' });
    if (unrecorded) return notRecorded(event, unrecorded, true);
    return { event: `${event}.forbidden`, effects: [], invoke: messageAnswer(ANONYMOUS_REFUSAL) };
  }
  // The card's roundtable, only if it is this chat's, in this tenant (else: not found, naming nothing of it).
  const found = await forActor(deps.domain, turn.actor, data.rt);
  if (!found.ok) {
    const unrecorded = await recordAccess(deps, turn, event, { allowed: false, reason: found.failure.code });
    if (unrecorded) return notRecorded(event, unrecorded, true);
    return { event: 'card.foreign', effects: [], invoke: messageAnswer(found.failure.message) };
  }
  const rt = found.value;
  const a = cardAction(deps, verb, data, rawData as Record<string, unknown>, turn, rt);
  // Answered before the route's guard (a card this chat's member may see again): recorded as an allowed read.
  const readByMember = () => recordAccess(deps, turn, event, { allowed: true }, rt);
  if (!route) {
    const unrecorded = await readByMember();
    if (unrecorded) return notRecorded(event, unrecorded, true);
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
    const unrecorded = await readByMember();
    if (unrecorded) return notRecorded(event, unrecorded, true);
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
    const unrecorded = await readByMember();
    if (unrecorded) return notRecorded(event, unrecorded, true);
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
  if (route.needs && !deps[route.needs.deps]) {
    const unrecorded = await readByMember();
    if (unrecorded) return notRecorded(event, unrecorded, true);
    return a.failed({ code: 'invalid', message: route.needs.off });
  }
  if (!fitsWhere(route.where, turn.personal) && route.elsewhere) {
    const refused = { allowed: false, reason: 'elsewhere' } as const;
    const unrecorded = await recordAccess(deps, turn, event, refused, rt);
    if (unrecorded) return notRecorded(event, unrecorded, true);
    return a.failed(route.elsewhere);
  }
  const g = await guarded(event, route.guard, { deps, actor: turn.actor, rt }, turn, route.refusal);
  // A refusal shows no case content: a message, and the clicker's card (with what they typed) stays.
  if (!g.ok)
    return { event: `${event}.${g.failure.code}`, effects: [], invoke: messageAnswer(g.failure.message) };
  return recordRefusal(deps, turn, event, await route.handle(a), true, rt);
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
  if (!send) {
    const unrecorded = await recordAccess(deps, turn, event, { allowed: false, reason: 'elsewhere' });
    if (unrecorded) return notRecorded(event, unrecorded, false);
    return textReply(`${event}.not-personal`, SEND_PRIVATELY_OFF);
  }
  const result = await run();
  let sent = true;
  for (const effect of result.effects) {
    // Sent to the person's 1:1 chat: a text in their language.
    const text = effect.kind === 'text' ? noticeCard(translateMessage(turn.lang, effect.text)) : undefined;
    const card = effect.kind === 'card' ? effect.card : text;
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
