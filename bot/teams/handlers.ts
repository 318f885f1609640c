import { type CardActionData, INPUTS, VERBS } from '../../cards/contract.js';
import { type AdaptiveCard, helpCard, myIdeasCard, phaseCard, statusCard } from '../../cards/render.js';
import type { Failure, Outcome } from '../roundtable/outcome.js';
import { type Actor, isFacilitator } from '../roundtable/permissions.js';
import { currentPhase, PHASE_INFO, parsePhase, phaseLabel } from '../roundtable/phases.js';
import type { ContributionInput, RoundtableService, RoundtableView } from '../roundtable/service.js';
import {
  type ChatAddress,
  type Person,
  PHASE_KEYS,
  type PhaseKey,
  type Roundtable,
} from '../roundtable/types.js';
import { addAction, appendText, prefillInputs } from './card-tools.js';
import { COMMAND_HELP, type Command } from './commands.js';
import { type FollowUpHandlerDeps, handleFollowUpCommand } from './follow-up-handlers.js';
import { handleInviteCommand, handlePrepareCommand } from './preparation-handlers.js';
import {
  afterRoundtableEnd,
  handleProgrammeCommand,
  isProgrammeCommand,
  type ProgrammeDeps,
} from './programme-handlers.js';

/** What a handler asks the edge to do after the data is stored. */
export type Effect =
  | { kind: 'text'; text: string }
  | { kind: 'card'; card: AdaptiveCard }
  /** Post the phase's card as a new message and remember its id. */
  | { kind: 'post-phase'; roundtableId: string; phase: PhaseKey }
  /** Turn the posted card of a phase read-only (the roundtable moved on or ended). */
  | { kind: 'close-phase'; roundtableId: string; phase: PhaseKey }
  /** Bring the plan summary card in the roundtable chat up to date (after follow-up changes). */
  | { kind: 'refresh-summary'; roundtableId: string }
  /** Bring the posted card of a phase up to date for everyone (coalesced, after the turn). */
  | { kind: 'refresh-phase'; roundtableId: string; phase: PhaseKey }
  | { kind: 'post-summary'; roundtableId: string }
  /** Send each invitation's 1:1 card (unreachable invitees are recorded and named in the chat). */
  | { kind: 'send-invitations'; roundtableId: string; invitationIds: string[] }
  /** Replace posted cards with a short notice (a deleted roundtable's cards). */
  | { kind: 'retract-cards'; activityIds: string[]; text: string };

/** The answer to a card action: the card the clicking user sees next, or an error. */
export type InvokeAnswer =
  | { statusCode: 200; card: AdaptiveCard }
  /** Answer with the card just refreshed for everyone, plus a notice for the clicker. */
  | { statusCode: 200; shared: { roundtableId: string; slot: PhaseKey | 'summary' }; notice: string }
  | { statusCode: number; error: { code: string; message: string } };

export interface HandlerResult {
  effects: Effect[];
  invoke?: InvokeAnswer;
  /** Event name and ids for the log (never text). */
  event: string;
}

/** What the edge knows about a turn, in the domain's terms. */
export interface TurnInput {
  actor: Actor;
  chat: ChatAddress;
  /** Other people @mentioned in the message (not the bot). */
  mentions: Person[];
  activityId: string;
  /** The turn comes from a 1:1 chat with the bot. */
  personal?: boolean;
}

export interface HandlerDeps {
  service: RoundtableService;
  now: () => Date;
  /** Follow-up after the roundtable (reminders, `my steps`); absent in tests that do not need it. */
  followUp?: FollowUpHandlerDeps;
  /** Follow-up roundtables, barrier register, export, deletion (issue #8). */
  programme?: ProgrammeDeps;
}

const NO_ROUNDTABLE = 'No roundtable is running in this chat. Start one with `start <case alias>`.';

/** Renders any card of a roundtable with a fresh view. */
export class CardRenderer {
  constructor(private readonly deps: HandlerDeps) {}

  async view(roundtableId: string): Promise<RoundtableView | undefined> {
    return this.deps.service.view(roundtableId);
  }

  card(
    view: RoundtableView,
    phase: PhaseKey,
    notice?: { kind: 'info' | 'error'; text: string },
  ): AdaptiveCard {
    const rt = view.roundtable;
    const readOnly = rt.status !== 'active' || currentPhase(rt).key !== phase;
    return phaseCard(this.cardView(view, notice), phase, { readOnly });
  }

  async roundtable(roundtableId: string): Promise<Roundtable | undefined> {
    return this.deps.service.get(roundtableId);
  }

  /** Teams refused an invitation's 1:1 message: record it on the invitation. */
  async invitationUnreachable(roundtableId: string, invitationId: string): Promise<void> {
    await this.deps.service.invitations.markUnreachable(roundtableId, invitationId);
  }

  async remember(roundtableId: string, slot: PhaseKey | 'summary', activityId: string): Promise<void> {
    await this.deps.service.rememberCard(roundtableId, slot, activityId);
  }

  cardView(view: RoundtableView, notice?: { kind: 'info' | 'error'; text: string }) {
    return {
      ...view,
      settings: this.deps.service.settings,
      now: this.deps.now(),
      ...(notice ? { notice } : {}),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Text commands

/** Answers a typed command. */
export async function handleCommand(
  deps: HandlerDeps,
  cmd: Command,
  turn: TurnInput,
): Promise<HandlerResult> {
  const { service } = deps;
  if (cmd.name === 'help') {
    return { event: 'command.help', effects: [{ kind: 'card', card: helpCard(COMMAND_HELP) }] };
  }
  if (cmd.name === 'unknown') {
    return {
      event: 'command.unknown',
      effects: [
        { kind: 'text', text: "I don't know that command. Here is what I can do:" },
        { kind: 'card', card: helpCard(COMMAND_HELP) },
      ],
    };
  }
  if (cmd.name === 'reminders-retry') {
    const rt = await service.forChat(turn.actor.conversationId);
    if (!rt)
      return { event: 'command.reminders-retry.none', effects: [{ kind: 'text', text: NO_ROUNDTABLE }] };
    if (!(await isFacilitator(rt, turn.actor))) {
      return textFailure('command.reminders-retry', {
        code: 'forbidden',
        message: 'Only a facilitator can send reminders again.',
      });
    }
    const queued = (await deps.followUp?.followUp.retryFailed(rt.id)) ?? 0;
    return {
      event: 'command.reminders-retry',
      effects: [
        {
          kind: 'text',
          text:
            queued === 0
              ? `No failed or undeliverable reminders for ${rt.caseAlias}.`
              : `${queued} reminder${queued === 1 ? '' : 's'} for ${rt.caseAlias} queued again; they go out in each person's working hours.`,
        },
      ],
    };
  }
  if (cmd.name === 'my-steps' || cmd.name === 'my-reviews' || cmd.name === 'team-steps') {
    if (!deps.followUp)
      return {
        event: `command.${cmd.name}.off`,
        effects: [{ kind: 'text', text: 'Follow-up is not enabled.' }],
      };
    return handleFollowUpCommand(deps.followUp, cmd.name, turn.actor.person);
  }
  if (isProgrammeCommand(cmd)) {
    if (!deps.programme)
      return { event: `command.${cmd.name}.off`, effects: [{ kind: 'text', text: 'This is not enabled.' }] };
    return handleProgrammeCommand(deps.programme, cmd, turn);
  }
  if (cmd.name === 'prepare') return handlePrepareCommand(deps, cmd, turn);
  if (cmd.name === 'start' || cmd.name === 'start-practice') {
    const started =
      cmd.name === 'start'
        ? await service.start(turn.actor, cmd.alias, turn.chat)
        : await service.start(turn.actor, '', turn.chat, { practice: true });
    if (!started.ok) return textFailure('command.start', started.failure);
    return {
      event: 'command.start',
      effects: [{ kind: 'post-phase', roundtableId: started.value.id, phase: 'welcome' }],
    };
  }

  const rt = await service.forChat(turn.actor.conversationId);
  if (rt?.status !== 'active') {
    if (cmd.name === 'status' && rt) {
      const view = await service.view(rt.id);
      if (view)
        return {
          event: 'command.status',
          effects: [{ kind: 'card', card: await statusWithFollowUp(deps, view) }],
        };
    }
    return { event: `command.${cmd.name}.none`, effects: [{ kind: 'text', text: NO_ROUNDTABLE }] };
  }
  const event = `command.${cmd.name}`;
  switch (cmd.name) {
    case 'next':
    case 'back':
    case 'go': {
      let to: 'next' | 'back' | number = cmd.name === 'go' ? -1 : cmd.name;
      if (cmd.name === 'go') {
        const target = parsePhase(
          cmd.target,
          rt.phases.map((p) => p.key),
        );
        if (target === undefined) {
          return textFailure(event, {
            code: 'invalid',
            message: `Name a phase: \`go 1\`–\`go ${rt.phases.length}\`, or \`go ${rt.phases.map((p) => p.key).join('|')}\`.`,
          });
        }
        to = target;
      }
      const moved = await service.navigate(turn.actor, rt.id, to);
      if (!moved.ok) return textFailure(event, moved.failure);
      return { event, effects: moveEffects(rt, moved) };
    }
    case 'status': {
      const view = await service.view(rt.id);
      if (!view) return { event, effects: [{ kind: 'text', text: NO_ROUNDTABLE }] };
      return { event, effects: [{ kind: 'card', card: await statusWithFollowUp(deps, view) }] };
    }
    case 'facilitator-add': {
      const person = turn.mentions[0];
      if (!person) {
        return textFailure(event, {
          code: 'invalid',
          message: 'Mention the person: `facilitator add @name`.',
        });
      }
      const added = await service.addFacilitator(turn.actor, rt.id, person);
      if (!added.ok) return textFailure(event, added.failure);
      return {
        event,
        effects: [
          { kind: 'text', text: added.notice ?? `${person.name} is now a facilitator.` },
          { kind: 'refresh-phase', roundtableId: rt.id, phase: currentPhase(added.value).key },
        ],
      };
    }
    case 'timer': {
      const word = cmd.minutes.trim().toLowerCase();
      const minutes =
        word === 'off' || word === 'clear' ? 0 : /^\d{1,4}$/.test(word) ? Number(word) : Number.NaN;
      const set = await service.setTimer(turn.actor, rt.id, minutes);
      if (!set.ok) return textFailure(event, set.failure);
      const phase = currentPhase(set.value);
      const text =
        minutes === 0
          ? `Time box cleared for ${PHASE_INFO[phase.key].title}.`
          : `Time box set: ${minutes} min for ${PHASE_INFO[phase.key].title}.`;
      return {
        event,
        effects: [
          { kind: 'text', text },
          { kind: 'refresh-phase', roundtableId: rt.id, phase: phase.key },
        ],
      };
    }
    case 'anonymous': {
      if (cmd.on === undefined) {
        return textFailure(event, { code: 'invalid', message: 'Say `anonymous on` or `anonymous off`.' });
      }
      const set = await service.setAnonymous(turn.actor, rt.id, cmd.on);
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
    case 'end': {
      const ended = await service.end(turn.actor, rt.id, cmd.confirm);
      if (!ended.ok) return textFailure(event, ended.failure);
      await afterRoundtableEnd(deps, rt.id, turn.actor);
      return { event, effects: endEffects(rt) };
    }
    case 'invite':
      return handleInviteCommand(deps, rt, cmd, turn);
  }
}

/** The status card, with the people follow-up reminders cannot reach (never a silent drop). */
async function statusWithFollowUp(deps: HandlerDeps, view: RoundtableView): Promise<AdaptiveCard> {
  const card = statusCard(new CardRenderer(deps).cardView(view));
  const unreachable = (await deps.followUp?.followUp.unreachable(view.roundtable.id)) ?? [];
  const failed = (await deps.followUp?.followUp.failedCount(view.roundtable.id)) ?? 0;
  let out = card;
  if (unreachable.length > 0) {
    out = appendText(
      out,
      `Reminders cannot reach: ${unreachable.map((p) => p.name).join(', ')} (Teams refused the 1:1 message: the app is not installed for them, or they blocked it). Once an admin has installed it, a facilitator types \`reminders retry\`.`,
    );
  }
  if (failed > 0) {
    out = appendText(
      out,
      `${failed} reminder${failed === 1 ? '' : 's'} failed after every retry (Teams or the network kept failing); a facilitator can type \`reminders retry\`.`,
    );
  }
  return out;
}

function textFailure(event: string, failure: Failure): HandlerResult {
  return { event: `${event}.${failure.code}`, effects: [{ kind: 'text', text: failure.message }] };
}

function moveEffects(before: Roundtable, moved: Outcome<Roundtable> & { ok: true }): Effect[] {
  const from = currentPhase(before).key;
  const to = currentPhase(moved.value).key;
  if (from === to) return [{ kind: 'text', text: moved.notice ?? 'Nothing to change.' }];
  return [
    { kind: 'close-phase', roundtableId: before.id, phase: from },
    { kind: 'post-phase', roundtableId: before.id, phase: to },
  ];
}

function endEffects(before: Roundtable): Effect[] {
  return [
    { kind: 'close-phase', roundtableId: before.id, phase: currentPhase(before).key },
    { kind: 'post-summary', roundtableId: before.id },
  ];
}

// ---------------------------------------------------------------------------------------------
// Card actions (Action.Execute)

/** Reads the action data every card carries; undefined when it is not one of ours. */
export function readActionData(data: unknown): CardActionData | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const d = data as Record<string, unknown>;
  const { rt, phase, rev, nonce, target } = d;
  if (typeof rt !== 'string' || rt.length > 100) return undefined;
  if (typeof phase !== 'string' || !PHASE_KEYS.includes(phase as PhaseKey)) return undefined;
  if (typeof rev !== 'number' || !Number.isInteger(rev)) return undefined;
  if (typeof nonce !== 'string' || nonce.length === 0 || nonce.length > 100) return undefined;
  if (target !== undefined && (typeof target !== 'string' || target.length > 200)) return undefined;
  return { rt, phase, rev, nonce, ...(target !== undefined ? { target } : {}) };
}

function str(data: Record<string, unknown>, key: string): string | undefined {
  const v = Object.hasOwn(data, key) ? data[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

function errorAnswer(statusCode: number, code: string, message: string): InvokeAnswer {
  return { statusCode, error: { code, message } };
}

/** Verbs a facilitator uses that must come from an up-to-date card. */
const NAVIGATION = new Set<string>([VERBS.next, VERBS.back, VERBS.go, VERBS.end, VERBS.endConfirm]);
/** Verbs that answer from any card of the roundtable, open or closed. */
const READ_ONLY_OK = new Set<string>([VERBS.refresh, VERBS.status]);

/** Answers an Action.Execute from one of our cards. */
export async function handleCardAction(
  deps: HandlerDeps,
  verb: string,
  rawData: unknown,
  turn: TurnInput,
): Promise<HandlerResult> {
  const renderer = new CardRenderer(deps);
  const data = readActionData(rawData);
  if (!data) {
    return {
      event: 'card.malformed',
      effects: [],
      invoke: errorAnswer(
        400,
        'BadRequest',
        'This card is not one of the roundtable cards. Type `status` to get the current one.',
      ),
    };
  }
  const inputs = rawData as Record<string, unknown>;
  const found = await deps.service.forActor(turn.actor, data.rt);
  if (!found.ok) {
    return {
      event: 'card.foreign',
      effects: [],
      invoke: errorAnswer(404, 'NotFound', found.failure.message),
    };
  }
  const rt = found.value;
  const cardPhase = data.phase as PhaseKey;
  const event = `card.${verb}`;
  const answer = async (
    phase: PhaseKey,
    notice?: { kind: 'info' | 'error'; text: string },
    keepInputs = false,
  ): Promise<InvokeAnswer> => {
    const view = await renderer.view(rt.id);
    if (!view) return errorAnswer(404, 'NotFound', 'That roundtable no longer exists.');
    let card = renderer.card(view, phase, notice);
    if (keepInputs) card = prefillInputs(card, inputs);
    return { statusCode: 200, card };
  };

  if (!Object.values(VERBS).includes(verb as (typeof VERBS)[keyof typeof VERBS])) {
    return {
      event: 'card.unknown-verb',
      effects: [],
      invoke: await answer(cardPhase, {
        kind: 'error',
        text: 'That button is not known to this version of the bot. Here is the current card.',
      }),
    };
  }
  if (verb === VERBS.refresh) return { event, effects: [], invoke: await answer(cardPhase) };
  if (verb === VERBS.status) {
    const view = await renderer.view(rt.id);
    if (!view)
      return {
        event,
        effects: [],
        invoke: errorAnswer(404, 'NotFound', 'That roundtable no longer exists.'),
      };
    const card = addAction(await statusWithFollowUp(deps, view), 'Back to the card', VERBS.refresh, {
      ...data,
      nonce: crypto.randomUUID(),
    });
    return { event, effects: [], invoke: { statusCode: 200, card } };
  }
  if (rt.status !== 'active') {
    return {
      event: `${event}.closed`,
      effects: [],
      invoke: await answer(cardPhase, {
        kind: 'error',
        text: `The roundtable for ${rt.caseAlias} has ended; nothing was changed.`,
      }),
    };
  }
  const current = currentPhase(rt).key;
  if (
    cardPhase !== current &&
    !READ_ONLY_OK.has(verb) &&
    !(verb === VERBS.myIdeas || verb === VERBS.ideaEdit || verb === VERBS.ideaWithdraw)
  ) {
    return {
      event: `${event}.stale`,
      effects: [{ kind: 'close-phase', roundtableId: rt.id, phase: cardPhase }],
      invoke: await answer(
        cardPhase,
        {
          kind: 'error',
          text: `This card is out of date: the roundtable is now in ${phaseLabel(rt)}. Nothing was changed; use the current card further down.`,
        },
        true,
      ),
    };
  }

  const rev = NAVIGATION.has(verb) ? data.rev : undefined;
  const submission = `${data.nonce}|${data.target ?? ''}`;
  /** A change to the current phase was stored: refresh everyone's card, answer the clicker with it and a notice. */
  const saved = (notice: string): HandlerResult => ({
    event,
    effects: [{ kind: 'refresh-phase', roundtableId: rt.id, phase: current }],
    invoke: { statusCode: 200, shared: { roundtableId: rt.id, slot: current }, notice },
  });
  const contribute = async (input: ContributionInput): Promise<HandlerResult> => {
    const result = await deps.service.contribute(turn.actor, rt.id, input, submission);
    if (!result.ok) return failed(result.failure);
    return saved(result.notice ?? 'Saved.');
  };
  const failed = async (failure: Failure): Promise<HandlerResult> => {
    if (failure.code === 'stale') {
      return {
        event: `${event}.stale`,
        effects: [],
        invoke: await answer(current, { kind: 'error', text: failure.message }),
      };
    }
    const invoke = await answer(cardPhase, { kind: 'error', text: failure.message }, true);
    if (failure.code === 'needs-confirmation' && invoke.statusCode === 200 && 'card' in invoke) {
      invoke.card = addAction(invoke.card, 'End anyway', VERBS.endConfirm, {
        ...data,
        nonce: crypto.randomUUID(),
      });
    }
    return { event: `${event}.${failure.code}`, effects: [], invoke };
  };

  switch (verb) {
    case VERBS.join: {
      const joined = await deps.service.join(turn.actor, rt.id, str(inputs, INPUTS.role) ?? data.target);
      if (!joined.ok) return failed(joined.failure);
      return saved(joined.notice ?? 'Saved.');
    }
    case VERBS.next:
    case VERBS.back:
    case VERBS.go: {
      let to: 'next' | 'back' | number = verb === VERBS.next ? 'next' : 'back';
      if (verb === VERBS.go) {
        const target = parsePhase(
          data.target ?? '',
          rt.phases.map((p) => p.key),
        );
        if (target === undefined) return failed({ code: 'invalid', message: 'Unknown phase.' });
        to = target;
      }
      const moved = await deps.service.navigate(turn.actor, rt.id, to, rev);
      if (!moved.ok) return failed(moved.failure);
      const next = currentPhase(moved.value);
      return {
        event,
        effects: moveEffects(rt, moved),
        invoke: await answer(cardPhase, {
          kind: 'info',
          text: `Moved to ${phaseLabel(moved.value, next.key)}. Its card is below.`,
        }),
      };
    }
    case VERBS.anonymous: {
      // The card sends the state wanted (so a double click is harmless); a bare toggle flips it.
      const on = data.target === 'on' ? true : data.target === 'off' ? false : !rt.anonymous;
      const set = await deps.service.setAnonymous(turn.actor, rt.id, on);
      if (!set.ok) return failed(set.failure);
      return saved(set.notice ?? 'Saved.');
    }
    case VERBS.end:
    case VERBS.endConfirm: {
      const ended = await deps.service.end(turn.actor, rt.id, verb === VERBS.endConfirm, rev);
      if (!ended.ok) return failed(ended.failure);
      await afterRoundtableEnd(deps, rt.id, turn.actor);
      return {
        event,
        effects: endEffects(rt),
        invoke: await answer(current, {
          kind: 'info',
          text: 'The roundtable has ended. The plan summary is below.',
        }),
      };
    }
    case VERBS.caseSummary: {
      const stored = await deps.service.saveCaseSummary(turn.actor, rt.id, {
        children: str(inputs, INPUTS.caseChildren) ?? '',
        timeInCare: str(inputs, INPUTS.caseTimeInCare),
        placement: str(inputs, INPUTS.casePlacement),
        legalStatus: str(inputs, INPUTS.caseLegalStatus),
        currentGoal: str(inputs, INPUTS.caseCurrentGoal),
        connections: str(inputs, INPUTS.caseConnections),
        strengths: str(inputs, INPUTS.caseStrengths),
        needs: str(inputs, INPUTS.caseNeeds),
        tried: str(inputs, INPUTS.caseTried),
      });
      if (!stored.ok) return failed(stored.failure);
      return saved(stored.notice ?? 'Saved.');
    }
    case VERBS.fact:
      return contribute({ kind: 'fact', text: str(inputs, INPUTS.factText) ?? '' });
    case VERBS.question:
      return contribute({ kind: 'question', text: str(inputs, INPUTS.questionText) ?? '' });
    case VERBS.answer:
      return contribute({
        kind: 'answer',
        questionId: data.target ?? '',
        text: str(inputs, `${INPUTS.answerPrefix}${data.target ?? ''}`) ?? '',
      });
    case VERBS.idea:
      return contribute({
        kind: 'idea',
        questionKey: data.target ?? '',
        text: str(inputs, `${INPUTS.ideaTextPrefix}${data.target ?? ''}`) ?? '',
        barrier: str(inputs, `${INPUTS.ideaBarrierPrefix}${data.target ?? ''}`),
      });
    case VERBS.step:
      return contribute({
        kind: 'step',
        text: str(inputs, INPUTS.stepText) ?? '',
        ownerId: str(inputs, INPUTS.stepOwner) ?? '',
        dueDate: str(inputs, INPUTS.stepDue) ?? '',
        supporter: str(inputs, INPUTS.stepSupporter),
        ideaId: str(inputs, INPUTS.stepIdea),
      });
    case VERBS.debrief: {
      const wentWell = str(inputs, INPUTS.wentWell)?.trim();
      const change = str(inputs, INPUTS.change)?.trim();
      if (!wentWell && !change)
        return failed({ code: 'invalid', message: 'Write what went well or what to change.' });
      let last: HandlerResult | undefined;
      for (const [prompt, text] of [
        ['went-well', wentWell],
        ['change', change],
      ] as const) {
        if (!text) continue;
        last = await contribute({ kind: 'debrief', prompt, text });
        if (last.invoke?.statusCode !== 200 || last.event !== event) return last;
      }
      return last as HandlerResult;
    }
    case VERBS.goals: {
      const ratings: Record<string, unknown> = {};
      const view = await renderer.view(rt.id);
      const children = view?.caseSummary?.children.length
        ? view.caseSummary.children.map((c) => c.alias)
        : [rt.caseAlias];
      children.forEach((alias, i) => {
        ratings[alias] = str(inputs, `${INPUTS.ratingPrefix}${i}`);
      });
      const stored = await deps.service.saveGoals(turn.actor, rt.id, {
        primaryGoal: str(inputs, INPUTS.primaryGoal),
        concurrentGoal: str(inputs, INPUTS.concurrentGoal),
        ratings,
      });
      if (!stored.ok) return failed(stored.failure);
      return saved(stored.notice ?? 'Saved.');
    }
    case VERBS.reviewRatings: {
      if (!deps.programme)
        return failed({ code: 'invalid', message: 'Follow-up roundtables are not enabled.' });
      const children = view0Children(await renderer.view(rt.id), rt);
      const ratings: Record<string, unknown> = {};
      children.forEach((alias, i) => {
        ratings[alias] = str(inputs, `${INPUTS.ratingPrefix}${i}`);
      });
      const rated = await deps.programme.followUps.saveReviewRatings(turn.actor, rt.id, ratings);
      if (!rated.ok) return failed(rated.failure);
      return saved(rated.notice ?? 'Saved.');
    }
    case VERBS.stepRemove: {
      const removed = await deps.service.removeStep(turn.actor, rt.id, data.target ?? '');
      if (!removed.ok) return failed(removed.failure);
      return saved('Step removed.');
    }
    case VERBS.stepAccept:
    case VERBS.stepChange: {
      const id = data.target ?? '';
      const reviewed = await deps.service.planOwnership.reviewStep(turn.actor, rt.id, id, {
        accept: verb === VERBS.stepAccept,
        ownerId: str(inputs, `${INPUTS.stepEditOwnerPrefix}${id}`),
        dueDate: str(inputs, `${INPUTS.stepEditDuePrefix}${id}`),
      });
      if (!reviewed.ok) return failed(reviewed.failure);
      return saved(reviewed.notice ?? 'Saved.');
    }
    case VERBS.barrierSolved:
    case VERBS.barrierDecision:
    case VERBS.barrierNone: {
      const id = data.target ?? '';
      const kind =
        verb === VERBS.barrierSolved
          ? 'solved-now'
          : verb === VERBS.barrierDecision
            ? 'needs-decision'
            : 'not-a-barrier';
      const answered = await deps.service.barriers.answer(turn.actor, rt.id, id, {
        kind,
        decision: str(inputs, `${INPUTS.barrierDecisionPrefix}${id}`),
        ownerId: str(inputs, `${INPUTS.barrierOwnerPrefix}${id}`),
        dueDate: str(inputs, `${INPUTS.barrierDuePrefix}${id}`),
      });
      if (!answered.ok) return failed(answered.failure);
      return saved(answered.notice ?? 'Saved.');
    }
    case VERBS.myIdeas:
    case VERBS.ideaEdit:
    case VERBS.ideaWithdraw: {
      let notice: { kind: 'info' | 'error'; text: string } | undefined;
      if (verb !== VERBS.myIdeas) {
        const id = data.target ?? '';
        const changed =
          verb === VERBS.ideaEdit
            ? await deps.service.editIdea(turn.actor, rt.id, id, str(inputs, `${INPUTS.ideaEditPrefix}${id}`))
            : await deps.service.withdrawIdea(turn.actor, rt.id, id);
        notice = changed.ok
          ? { kind: 'info', text: verb === VERBS.ideaEdit ? 'Idea updated.' : 'Idea withdrawn.' }
          : { kind: 'error', text: changed.failure.message };
      }
      const view = await renderer.view(rt.id);
      if (!view)
        return {
          event,
          effects: [],
          invoke: errorAnswer(404, 'NotFound', 'That roundtable no longer exists.'),
        };
      let card = myIdeasCard(renderer.cardView(view, notice), turn.actor.person);
      if (notice?.kind === 'error') card = prefillInputs(card, inputs);
      const effects: Effect[] =
        verb !== VERBS.myIdeas && notice?.kind === 'info'
          ? [{ kind: 'refresh-phase', roundtableId: rt.id, phase: 'brainstorm' }]
          : [];
      return {
        event: notice?.kind === 'error' ? `${event}.failed` : event,
        effects,
        invoke: { statusCode: 200, card },
      };
    }
    default:
      return {
        event: 'card.unknown-verb',
        effects: [],
        invoke: await answer(cardPhase, {
          kind: 'error',
          text: 'That button is not known to this version of the bot.',
        }),
      };
  }
}

/** The children a card rates: the case summary's, else the case alias. */
function view0Children(view: RoundtableView | undefined, rt: Roundtable): string[] {
  return view?.caseSummary?.children.length ? view.caseSummary.children.map((c) => c.alias) : [rt.caseAlias];
}
