import { addAction, prefillInputs } from '../../../cards/card-tools.js';
import { VERBS } from '../../../cards/contract.js';
import { noticeBesideAction } from '../../../cards/notice-beside.js';
import { translateMessage } from '../../i18n/messages.js';
import { t } from '../../i18n/text.js';
import type { ContributionInput } from '../../roundtable/contributions.js';
import { contribute, contributeAll } from '../../roundtable/contributions.js';
import type { Failure } from '../../roundtable/outcome.js';
import { currentPhase } from '../../roundtable/phases.js';
import type { PhaseKey, Roundtable } from '../../roundtable/types.js';
import { answerNameCheck } from '../handlers/keep-as-written.js';
import { CardRenderer } from '../outgoing/card-renderer.js';
import { messageAnswer } from './answers.js';
import type { RoundtableCardInput } from './card-input.js';
import type { HandlerDeps, HandlerResult, InvokeAnswer, Notice, TurnInput } from './turn.js';

/** What the clicker is told when a contribution was stored (next to the button and at the top of the card). */
const SAVED: Record<ContributionInput['kind'], string> = {
  fact: 'Saved: fact noted.',
  question: 'Saved: question added.',
  answer: 'Saved: answer recorded.',
  idea: 'Saved: idea added under its question.',
  step: 'Saved: step added.',
  debrief: 'Saved: thank you.',
};

/** A click on a roundtable card whose roundtable belongs to this chat, as its handler sees it. */
export interface CardAction {
  deps: HandlerDeps;
  turn: TurnInput;
  verb: string;
  /** Log event of the action (`card.<verb>`). */
  event: string;
  /** The card's action data, parsed by the route's schema (the pipeline's `input`; also `data`). */
  input: RoundtableCardInput;
  data: RoundtableCardInput;
  /** What the guard read: this chat's roundtable (also `rt`). */
  grant: { rt: Roundtable };
  /** Everything the card sent: its action data merged with the inputs. */
  inputs: Record<string, unknown>;
  /** The roundtable the guard granted: this chat's, in this tenant. */
  rt: Roundtable;
  /** The phase the clicked card shows. */
  cardPhase: PhaseKey;
  /** The roundtable's phase now. */
  current: PhaseKey;
  renderer: CardRenderer;
  /** A text input the card sent under `key`. */
  text(key: string): string | undefined;
  /** The card of `phase` for the clicker, freshly rendered (with their inputs put back when asked). */
  answer(phase: PhaseKey, notice?: Notice, keepInputs?: boolean): Promise<InvokeAnswer>;
  /** A change to the current phase was stored: refresh everyone's card, answer the clicker with it and a notice. */
  saved(notice: string): HandlerResult;
  /** An expected failure: the card again with the message (and the clicker's inputs kept). */
  failed(failure: Failure): Promise<HandlerResult>;
  /** Stores a contribution under this click's submission key. */
  contribute(input: ContributionInput): Promise<HandlerResult>;
  /** Stores several contributions of this click (all validated before any is stored). */
  contributeAll(inputs: ContributionInput[]): Promise<HandlerResult>;
}

/** The handler's view of a click on a roundtable card: its parsed data, its inputs and the granted roundtable. */
export function cardAction(
  deps: HandlerDeps,
  verb: string,
  data: RoundtableCardInput,
  inputs: Record<string, unknown>,
  turn: TurnInput,
  rt: Roundtable,
): CardAction {
  const renderer = new CardRenderer(deps, turn.lang);
  const cardPhase = data.phase;
  const current = currentPhase(rt).key;
  const event = `card.${verb}`;
  const submission = `${data.nonce}|${data.target ?? ''}`;
  const answer = async (phase: PhaseKey, shown?: Notice, keepInputs = false): Promise<InvokeAnswer> => {
    const view = await renderer.view(rt.id);
    if (!view) return messageAnswer('That roundtable no longer exists.');
    // The notice on the clicker's card is theirs to read: in their Teams language (bot/i18n/messages.ts).
    const notice = shown && { ...shown, text: translateMessage(turn.lang, shown.text) };
    let card = renderer.card(view, phase, notice);
    if (keepInputs) card = prefillInputs(card, inputs);
    if (notice)
      card = noticeBesideAction(card, notice, { verb, ...(data.target ? { target: data.target } : {}) });
    return { statusCode: 200, card };
  };
  const saved = (notice: string): HandlerResult => ({
    event,
    effects: [{ kind: 'refresh-phase', roundtableId: rt.id, phase: current }],
    invoke: { statusCode: 200, shared: { roundtableId: rt.id, slot: current }, notice },
  });
  const failed = async (failure: Failure): Promise<HandlerResult> => {
    if (failure.code === 'stale') {
      return {
        event: `${event}.stale`,
        effects: [],
        invoke: await answer(current, { kind: 'error', text: failure.message }),
      };
    }
    // Not allowed: a short message and no case content; the clicker's card (and what they typed) stays.
    if (failure.code === 'forbidden') {
      return { event: `${event}.forbidden`, effects: [], invoke: messageAnswer(failure.message) };
    }
    const invoke = await answer(cardPhase, { kind: 'error', text: failure.message }, true);
    if (failure.code === 'needs-confirmation' && invoke.statusCode === 200 && 'card' in invoke) {
      invoke.card = addAction(
        invoke.card,
        t(renderer.language, 'meeting:card.confirmEnd'),
        VERBS.endConfirm,
        {
          ...data,
          nonce: crypto.randomUUID(),
        },
      );
    }
    // The full-name warning: the typed text is kept, and one click beside the warning submits it as written.
    if (failure.code === 'looks-like-name' && invoke.statusCode === 200 && 'card' in invoke) {
      const anchor = { verb, ...(data.target ? { target: data.target } : {}) };
      // The warning as the card shows it (in the clicker's language): the button goes in its banner.
      const shown = { ...failure, message: translateMessage(turn.lang, failure.message) };
      invoke.card = answerNameCheck(invoke.card, shown, { verb, data, anchor }, true);
    }
    return { event: `${event}.${failure.code}`, effects: [], invoke };
  };
  return {
    deps,
    turn,
    verb,
    event,
    input: data,
    data,
    grant: { rt },
    inputs,
    rt,
    cardPhase,
    current,
    renderer,
    text: (key) => {
      const v = Object.hasOwn(inputs, key) ? inputs[key] : undefined;
      return typeof v === 'string' ? v : undefined;
    },
    answer,
    saved,
    failed,
    contribute: async (input) => {
      const keepNames = data.keepNames === true;
      const result = await contribute(deps.domain, turn.actor, rt.id, { ...input, keepNames }, submission);
      if (!result.ok) return failed(result.failure);
      return saved(result.notice ?? SAVED[input.kind]);
    },
    contributeAll: async (inputs) => {
      const keepNames = data.keepNames === true;
      const all = inputs.map((input) => ({ ...input, keepNames }));
      const result = await contributeAll(deps.domain, turn.actor, rt.id, all, submission);
      if (!result.ok) return failed(result.failure);
      return saved(result.notice ?? SAVED[inputs[0]?.kind ?? 'debrief']);
    },
  };
}
