import { INPUTS, PREPARATION_INPUTS, PREPARATION_VERBS } from '../../cards/contract.js';
import { invitationCard, preparationCard } from '../../cards/preparation-cards.js';
import type { Failure } from '../roundtable/outcome.js';
import type { PreparationInput } from '../roundtable/preparation.js';
import type { Roundtable } from '../roundtable/types.js';
import { prefillInputs } from './card-tools.js';
import type { Command } from './commands.js';
import type { HandlerDeps, HandlerResult, TurnInput } from './handlers.js';

const VERBS = new Set<string>(Object.values(PREPARATION_VERBS));

/** Is this a verb of the 1:1 cards before the roundtable (preparation, invitation)? */
export function isPreparationVerb(verb: string): boolean {
  return VERBS.has(verb);
}

function text(event: string, failure: Failure): HandlerResult {
  return { event: `${event}.${failure.code}`, effects: [{ kind: 'text', text: failure.message }] };
}

/** `prepare <alias>` in a 1:1 chat: the preparation card, with the saved draft. */
export async function handlePrepareCommand(
  deps: HandlerDeps,
  cmd: Extract<Command, { name: 'prepare' }>,
  turn: TurnInput,
): Promise<HandlerResult> {
  const opened = await deps.service.preparation.open(
    turn.actor,
    cmd.alias,
    turn.chat.tenantId,
    turn.personal === true,
  );
  if (!opened.ok) return text('command.prepare', opened.failure);
  const card = preparationCard({
    alias: opened.value.alias,
    ...(opened.value.draft ? { draft: opened.value.draft } : {}),
    maxLength: deps.service.preparation.fieldMax,
  });
  return { event: 'command.prepare', effects: [{ kind: 'card', card }] };
}

/** `invite [role] @people on <date> [time]`: stores the invitations, then sends each a 1:1 card. */
export async function handleInviteCommand(
  deps: HandlerDeps,
  rt: Roundtable,
  cmd: Extract<Command, { name: 'invite' }>,
  turn: TurnInput,
): Promise<HandlerResult> {
  const invited = await deps.service.invitations.invite(turn.actor, rt.id, turn.mentions, cmd.role, cmd.when);
  if (!invited.ok) return text('command.invite', invited.failure);
  return {
    event: 'command.invite',
    effects: [
      { kind: 'send-invitations', roundtableId: rt.id, invitationIds: invited.value.map((i) => i.id) },
      { kind: 'refresh-phase', roundtableId: rt.id, phase: 'welcome' },
    ],
  };
}

function str(raw: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(raw, key) ? raw[key] : undefined;
}

/** Saves a preparation draft, or answers an invitation, from a 1:1 card. */
export async function handlePreparationAction(
  deps: HandlerDeps,
  verb: string,
  rawData: unknown,
  turn: TurnInput,
): Promise<HandlerResult> {
  const event = `card.${verb}`;
  const raw = (rawData && typeof rawData === 'object' && !Array.isArray(rawData) ? rawData : {}) as Record<
    string,
    unknown
  >;
  const bad = (message: string): HandlerResult => ({
    event: 'card.malformed',
    effects: [],
    invoke: { statusCode: 400, error: { code: 'BadRequest', message } },
  });
  if (typeof raw.nonce !== 'string' || raw.nonce.length === 0 || raw.nonce.length > 100) {
    return bad('This card is not one of the preparation cards.');
  }
  if (verb === PREPARATION_VERBS.save) {
    if (typeof raw.alias !== 'string' || raw.alias.length > 100)
      return bad('This card is not one of the preparation cards.');
    const input: PreparationInput = {
      youthLiving: str(raw, PREPARATION_INPUTS.youthLiving),
      youthMatters: str(raw, PREPARATION_INPUTS.youthMatters),
      family: str(raw, PREPARATION_INPUTS.family),
      stakeholders: str(raw, PREPARATION_INPUTS.stakeholders),
      children: str(raw, INPUTS.caseChildren),
      timeInCare: str(raw, INPUTS.caseTimeInCare),
      placement: str(raw, INPUTS.casePlacement),
      legalStatus: str(raw, INPUTS.caseLegalStatus),
      currentGoal: str(raw, INPUTS.caseCurrentGoal),
      connections: str(raw, INPUTS.caseConnections),
      strengths: str(raw, INPUTS.caseStrengths),
      needs: str(raw, INPUTS.caseNeeds),
      tried: str(raw, INPUTS.caseTried),
    };
    const prep = deps.service.preparation;
    const saved = await prep.save(turn.actor, raw.alias, turn.chat.tenantId, turn.personal === true, input);
    const current = await prep.open(turn.actor, raw.alias, turn.chat.tenantId, turn.personal === true);
    const notice = saved.ok
      ? { kind: 'info' as const, text: saved.notice ?? 'Saved.' }
      : { kind: 'error' as const, text: saved.failure.message };
    let card = preparationCard({
      alias: current.ok ? current.value.alias : raw.alias.slice(0, 40),
      ...(current.ok && current.value.draft ? { draft: current.value.draft } : {}),
      maxLength: prep.fieldMax,
      notice,
    });
    if (!saved.ok) card = prefillInputs(card, raw);
    return {
      event: saved.ok ? event : `${event}.${saved.failure.code}`,
      effects: [],
      invoke: { statusCode: 200, card },
    };
  }
  // Invitation answers
  if (typeof raw.rt !== 'string' || typeof raw.inv !== 'string')
    return bad('This card is not one of the invitation cards.');
  const yes = verb === PREPARATION_VERBS.confirm;
  const answered = await deps.service.invitations.respond(turn.actor.person, raw.rt, raw.inv, yes);
  const inv = await deps.service.invitations.get(raw.rt, raw.inv);
  const rt = inv ? await deps.service.view(raw.rt) : undefined;
  if (!inv || !rt) {
    return {
      event: `${event}.not-found`,
      effects: [],
      invoke: { statusCode: 404, error: { code: 'NotFound', message: 'That invitation no longer exists.' } },
    };
  }
  const notice = answered.ok
    ? { kind: 'info' as const, text: answered.notice ?? 'Saved.' }
    : { kind: 'error' as const, text: answered.failure.message };
  // Someone else's invitation is not shown to them.
  if (!answered.ok && answered.failure.code === 'forbidden') {
    return {
      event: `${event}.forbidden`,
      effects: [],
      invoke: { statusCode: 403, error: { code: 'Forbidden', message: answered.failure.message } },
    };
  }
  return {
    event: answered.ok ? event : `${event}.${answered.failure.code}`,
    effects: answered.ok ? [{ kind: 'refresh-phase', roundtableId: raw.rt, phase: 'welcome' }] : [],
    invoke: { statusCode: 200, card: invitationCard(inv, rt.roundtable, notice) },
  };
}
