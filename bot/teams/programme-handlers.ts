import { barriersCard, downloadCard, PROGRAMME_VERBS, registerInputs } from '../../cards/programme-cards.js';
import type { AdaptiveCard } from '../../cards/render.js';
import type { FollowUpService } from '../reminders/follow-up.js';
import type { BarrierAction, BarrierRegister, InRoomAnswer } from '../roundtable/barriers.js';
import type { RoundtableDeletion } from '../roundtable/deletion.js';
import type { CaseFileExport } from '../roundtable/export.js';
import type { FollowUpRoundtables } from '../roundtable/followup-roundtable.js';
import type { Failure } from '../roundtable/outcome.js';
import type { Actor } from '../roundtable/permissions.js';
import type { RoundtableService } from '../roundtable/service.js';
import type { Person, Roundtable } from '../roundtable/types.js';
import { prefillInputs } from './card-tools.js';
import type { Command } from './commands.js';
import type { HandlerResult, TurnInput } from './handlers.js';

/** The programme features: follow-up roundtables, the barrier register, case-file export, deletion. */
export interface ProgrammeDeps {
  service: RoundtableService;
  followUps: FollowUpRoundtables;
  barriers: BarrierRegister;
  deletion: RoundtableDeletion;
  exports: CaseFileExport;
  /** Follow-up reminders (cancelled for a plan a follow-up took over). */
  followUp?: FollowUpService;
  /** The download URL of a link token. */
  downloadUrl: (token: string) => string;
  /** Sends a card to someone's 1:1 chat with the bot. */
  sendPrivately: (person: Person, card: AdaptiveCard, rt?: Roundtable) => Promise<'sent' | 'unreachable'>;
}

export type ProgrammeCommand = Extract<
  Command,
  { name: 'start-followup' | 'delete-roundtable' | 'export' | 'barriers' }
>;

const NAMES = new Set(['start-followup', 'delete-roundtable', 'export', 'barriers']);

export function isProgrammeCommand(cmd: Command): cmd is ProgrammeCommand {
  return NAMES.has(cmd.name);
}

const VERBS = new Set<string>(Object.values(PROGRAMME_VERBS));

/** Is this a verb of the barrier register cards? */
export function isProgrammeVerb(verb: string): boolean {
  return VERBS.has(verb);
}

function text(event: string, message: string): HandlerResult {
  return { event, effects: [{ kind: 'text', text: message }] };
}

function failed(event: string, failure: Failure): HandlerResult {
  return text(`${event}.${failure.code}`, failure.message);
}

/**
 * After `end`: the ratings join the history, a follow-up takes over the previous plan (its open
 * steps carried over, its reminders stopped), barriers join the register, then reminders are planned.
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
    if (rt?.followUpOf) await deps.followUp?.followUp.cancel(rt.followUpOf, () => true);
    const answers = ((await deps.service.view(roundtableId))?.barriers ?? []) as unknown as InRoomAnswer[];
    await p.barriers.registerRoundtable(roundtableId, answers);
  }
  await deps.followUp?.followUp.roundtableEnded(roundtableId);
}

/** `start followup`, `delete roundtable`, `export`, `barriers`. */
export async function handleProgrammeCommand(
  deps: ProgrammeDeps,
  cmd: ProgrammeCommand,
  turn: TurnInput,
): Promise<HandlerResult> {
  const event = `command.${cmd.name}`;
  switch (cmd.name) {
    case 'start-followup': {
      const started = await deps.followUps.start(turn.actor, cmd.alias, turn.chat);
      if (!started.ok) return failed(event, started.failure);
      return { event, effects: [{ kind: 'post-phase', roundtableId: started.value.id, phase: 'welcome' }] };
    }
    case 'delete-roundtable': {
      const rt = await deps.service.forChat(turn.actor.conversationId);
      if (!rt) return text(`${event}.none`, 'There is no roundtable in this chat to delete.');
      const deleted = await deps.deletion.request(turn.actor, rt, cmd.confirmation);
      if (!deleted.ok) return failed(event, deleted.failure);
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
    case 'export': {
      const rt = await deps.service.forChat(turn.actor.conversationId);
      if (!rt)
        return text(
          `${event}.none`,
          'There is no roundtable in this chat to export. Type `export` in the roundtable’s chat.',
        );
      const may = await deps.exports.mayExport(turn.actor, rt);
      if (!may.ok) return failed(event, may.failure);
      const link = await deps.exports.createLink('case-file', turn.actor.person.id, rt.id);
      const card = downloadCard({
        what: 'Case file',
        alias: rt.caseAlias,
        linkTitle: 'Download the Word document (.docx)',
        url: deps.downloadUrl(link.token),
        expiresAt: link.expiresAt,
      });
      if (turn.personal) return { event, effects: [{ kind: 'card', card }] };
      const sent = await deps.sendPrivately(turn.actor.person, card, rt);
      return text(
        sent === 'sent' ? event : `${event}.unreachable`,
        sent === 'sent'
          ? `${turn.actor.person.name}, I sent you a private download link in our 1:1 chat.`
          : 'I could not reach you in a 1:1 chat (the app may not be installed for you), so no link was sent.',
      );
    }
    case 'barriers': {
      if (!turn.personal)
        return text(
          `${event}.not-personal`,
          'The barrier register is for leaders, in a 1:1 chat with me: open a chat with the bot and type `barriers` there.',
        );
      if (!(await deps.barriers.isLeader(turn.actor.person)))
        return text(
          `${event}.forbidden`,
          'The barrier register is for agency leaders (configured by the admin) and barrier busters.',
        );
      if (cmd.csv)
        return { event, effects: [{ kind: 'card', card: await csvLinkCard(deps, turn.actor.person) }] };
      return { event, effects: [{ kind: 'card', card: await registerCard(deps) }] };
    }
  }
}

async function registerCard(deps: ProgrammeDeps, notice?: { kind: 'info' | 'error'; text: string }) {
  const [report, leaders] = await Promise.all([deps.barriers.report(), deps.barriers.leaders()]);
  return barriersCard({ report, leaders, ...(notice ? { notice } : {}) });
}

async function csvLinkCard(deps: ProgrammeDeps, person: Person): Promise<AdaptiveCard> {
  const link = await deps.exports.createLink('barriers-csv', person.id);
  return downloadCard({
    what: 'Systemic barriers register',
    linkTitle: 'Download the register (.csv)',
    url: deps.downloadUrl(link.token),
    expiresAt: link.expiresAt,
  });
}

function input(raw: unknown, key: string): unknown {
  const d = raw as Record<string, unknown>;
  return d && typeof d === 'object' && Object.hasOwn(d, key) ? d[key] : undefined;
}

/** Actions on the barrier register card (leaders, 1:1). */
export async function handleProgrammeAction(
  deps: ProgrammeDeps,
  verb: string,
  raw: unknown,
  turn: TurnInput,
): Promise<HandlerResult> {
  const event = `card.${verb}`;
  const person = turn.actor.person;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || input(raw, 'rt') !== 'register') {
    return {
      event: 'card.malformed',
      effects: [],
      invoke: {
        statusCode: 400,
        error: { code: 'BadRequest', message: 'This card is not the barrier register.' },
      },
    };
  }
  // AUTH (every register action): leaders only
  if (!(await deps.barriers.isLeader(person))) {
    return {
      event: `${event}.forbidden`,
      effects: [],
      invoke: {
        statusCode: 403,
        error: { code: 'Forbidden', message: 'The barrier register is for agency leaders.' },
      },
    };
  }
  if (verb === PROGRAMME_VERBS.show)
    return { event, effects: [], invoke: { statusCode: 200, card: await registerCard(deps) } };
  if (verb === PROGRAMME_VERBS.csv)
    return { event, effects: [], invoke: { statusCode: 200, card: await csvLinkCard(deps, person) } };
  const target = input(raw, 'target');
  const id = typeof target === 'string' ? target : '';
  const note = input(raw, registerInputs.note(id));
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
      action = { kind: 'assign', ownerId: input(raw, registerInputs.owner(id)), note };
      break;
    default:
      action = { kind: 'note', note };
  }
  const done = await deps.barriers.act(person, id, action);
  const notice = done.ok
    ? { kind: 'info' as const, text: done.notice ?? 'Saved.' }
    : { kind: 'error' as const, text: done.failure.message };
  let card = await registerCard(deps, notice);
  if (!done.ok) card = prefillInputs(card, raw as Record<string, unknown>);
  return {
    event: done.ok ? event : `${event}.${done.failure.code}`,
    effects: [],
    invoke: { statusCode: 200, card },
  };
}
