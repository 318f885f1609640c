import type { AdaptiveCard } from '../../cards/kit.js';
import { barriersCard, downloadCard, PROGRAMME_VERBS, registerInputs } from '../../cards/programme-cards.js';
import type { BarrierAction } from '../roundtable/barrier-register.js';
import type { Actor } from '../roundtable/permissions.js';
import { field, textFailure, textReply } from './answers.js';
import { prefillInputs } from './card-tools.js';
import { answerNameCheck } from './keep-as-written.js';
import type { ChatCommandInput, CommandInput, RegisterAction } from './route-types.js';
import type { HandlerDeps, HandlerResult, ProgrammeDeps } from './turn.js';

/** The programme features of the deps (the route table only sends commands here when they are enabled). */
function programme(deps: HandlerDeps): ProgrammeDeps {
  if (!deps.programme) throw new Error('programme features are not enabled');
  return deps.programme;
}

/** `start followup <alias>`: a follow-up roundtable of the case's previous plan. */
export async function startFollowUpCommand({
  deps,
  cmd,
  turn,
}: CommandInput<'start-followup'>): Promise<HandlerResult> {
  const event = 'command.start-followup';
  const started = await programme(deps).followUps.start(turn.actor, cmd.alias, turn.chat);
  if (!started.ok) return textFailure(event, started.failure);
  return { event, effects: [{ kind: 'post-phase', roundtableId: started.value.id, phase: 'welcome' }] };
}

/** `delete roundtable <alias>`: deletes the chat's roundtable and clears its cards. */
export async function deleteRoundtableCommand({
  deps,
  cmd,
  turn,
  rt,
}: ChatCommandInput<'delete-roundtable'>): Promise<HandlerResult> {
  const event = 'command.delete-roundtable';
  const p = programme(deps);
  const deleted = await p.deletion.request(turn.actor, rt, cmd.confirmation);
  if (!deleted.ok) return textFailure(event, deleted.failure);
  // A deleted follow-up gives the previous plan its reminders back.
  if (rt.followUpOf) await p.followUp?.restorePlan(rt.followUpOf);
  const posted = Object.values(rt.cardIds).filter((id): id is string => typeof id === 'string');
  return {
    event,
    effects: [
      {
        kind: 'retract-cards',
        activityIds: posted,
        text: 'This roundtable was deleted by a facilitator.',
      },
      {
        kind: 'text',
        text: `${deleted.notice ?? 'Deleted.'} Its cards in this chat were cleared; messages people typed in the chat stay in Teams.`,
      },
    ],
  };
}

/** `export`: the case file as a Word document, by a private link in the 1:1 chat. */
export async function exportCommand({ deps, turn, rt }: ChatCommandInput<'export'>): Promise<HandlerResult> {
  const event = 'command.export';
  const p = programme(deps);
  const link = await p.exports.createLink('case-file', turn.actor.person.id, rt.id);
  const card = downloadCard({
    what: 'Case file',
    alias: rt.caseAlias,
    linkTitle: 'Download the Word document (.docx)',
    url: p.downloadUrl(link.token),
    expiresAt: link.expiresAt,
  });
  if (turn.personal) return { event, effects: [{ kind: 'card', card }] };
  const sent = await p.sendPrivately(turn.actor.person, card, rt);
  return textReply(
    sent === 'sent' ? event : `${event}.unreachable`,
    sent === 'sent'
      ? `${turn.actor.person.name}, I sent you a private download link in our 1:1 chat.`
      : 'I could not reach you in a 1:1 chat (the app may not be installed for you), so no link was sent.',
  );
}

/** `barriers [csv]`: the systemic barriers register (leaders, 1:1). */
export async function barriersCommand({ deps, cmd, turn }: CommandInput<'barriers'>): Promise<HandlerResult> {
  const event = 'command.barriers';
  const p = programme(deps);
  if (cmd.csv) return { event, effects: [{ kind: 'card', card: await csvLinkCard(p, turn.actor) }] };
  return { event, effects: [{ kind: 'card', card: await registerCard(p, turn.actor.tenantId) }] };
}

/** The register card of the leader's own tenant. */
async function registerCard(
  deps: ProgrammeDeps,
  tenantId: string | undefined,
  notice?: { kind: 'info' | 'error'; text: string },
) {
  const [report, leaders] = await Promise.all([
    deps.barriers.report(tenantId),
    deps.barriers.leaders(tenantId),
  ]);
  return barriersCard({ report, leaders, ...(notice ? { notice } : {}) });
}

/** A private link to the leader's own tenant's register as CSV. */
async function csvLinkCard(deps: ProgrammeDeps, actor: Actor): Promise<AdaptiveCard> {
  const link = await deps.exports.createLink('barriers-csv', actor.person.id, undefined, actor.tenantId);
  return downloadCard({
    what: 'Systemic barriers register',
    linkTitle: 'Download the register (.csv)',
    url: deps.downloadUrl(link.token),
    expiresAt: link.expiresAt,
  });
}

/** Checks the barrier register card's data; a 400 answer when it is not the register. */
export function checkRegisterData(raw: unknown): HandlerResult | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || field(raw, 'rt') !== 'register') {
    return {
      event: 'card.malformed',
      effects: [],
      invoke: {
        statusCode: 400,
        error: { code: 'BadRequest', message: 'This card is not the barrier register.' },
      },
    };
  }
  return undefined;
}

/** The register card again (`show`) or its CSV link (`csv`). */
export async function showRegister(a: RegisterAction): Promise<HandlerResult> {
  const card =
    a.verb === PROGRAMME_VERBS.csv
      ? await csvLinkCard(a.deps, a.turn.actor)
      : await registerCard(a.deps, a.turn.actor.tenantId);
  return { event: `card.${a.verb}`, effects: [], invoke: { statusCode: 200, card } };
}

/** Escalate, progress, resolve, assign or note an entry of the register (target: entry id). */
export async function actOnRegister(a: RegisterAction): Promise<HandlerResult> {
  const { deps, raw, verb } = a;
  const event = `card.${verb}`;
  const target = field(raw, 'target');
  const id = typeof target === 'string' ? target : '';
  const note = field(raw, registerInputs.note(id));
  let action: BarrierAction;
  switch (verb) {
    case PROGRAMME_VERBS.escalate:
      action = { kind: 'escalate', note };
      break;
    case PROGRAMME_VERBS.progress:
      action = { kind: 'progress', note };
      break;
    case PROGRAMME_VERBS.resolve:
      action = { kind: 'resolve', note };
      break;
    case PROGRAMME_VERBS.assign:
      action = { kind: 'assign', ownerId: field(raw, registerInputs.owner(id)), note };
      break;
    default:
      action = { kind: 'note', note };
  }
  const keepNames = field(raw, 'keepNames') === true;
  const done = await deps.barriers.act(a.turn.actor, id, { ...action, keepNames });
  const notice = done.ok
    ? { kind: 'info' as const, text: done.notice ?? 'Saved.' }
    : { kind: 'error' as const, text: done.failure.message };
  let card = await registerCard(deps, a.turn.actor.tenantId, notice);
  if (!done.ok) {
    const data = {
      rt: 'register',
      phase: 'register',
      rev: 0,
      nonce: String(field(raw, 'nonce')),
      target: id,
    };
    card = answerNameCheck(prefillInputs(card, raw), done.failure, {
      verb,
      data,
      anchor: { verb, target: id },
    });
  }
  return {
    event: done.ok ? event : `${event}.${done.failure.code}`,
    effects: [],
    invoke: { statusCode: 200, card },
  };
}
