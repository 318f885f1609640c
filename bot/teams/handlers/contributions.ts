import { prefillInputs } from '../../../cards/card-tools.js';
import { INPUTS } from '../../../cards/contract.js';
import { myIdeasCard } from '../../../cards/my-ideas-card.js';
import { t } from '../../i18n/text.js';
import { saveCaseSummary as storeCaseSummary } from '../../roundtable/case-summary.js';
import type { ContributionInput } from '../../roundtable/contributions.js';
import { editIdea, withdrawIdea } from '../../roundtable/contributions.js';
import type { Failure } from '../../roundtable/outcome.js';
import { messageAnswer } from '../routing/answers.js';
import type { CardAction } from '../routing/card-action.js';
import type { Effect, HandlerResult, Notice } from '../routing/turn.js';
import { answerNameCheck } from './keep-as-written.js';
import { clickerLang } from './reply-lang.js';

/** The caseworker's case summary (present phase). */
export async function saveCaseSummary(a: CardAction): Promise<HandlerResult> {
  const stored = await storeCaseSummary(a.deps.domain, a.turn.actor, a.rt.id, {
    children: a.text(INPUTS.caseChildren) ?? '',
    timeInCare: a.text(INPUTS.caseTimeInCare),
    placement: a.text(INPUTS.casePlacement),
    legalStatus: a.text(INPUTS.caseLegalStatus),
    currentGoal: a.text(INPUTS.caseCurrentGoal),
    connections: a.text(INPUTS.caseConnections),
    strengths: a.text(INPUTS.caseStrengths),
    needs: a.text(INPUTS.caseNeeds),
    tried: a.text(INPUTS.caseTried),
    keepNames: a.data.keepNames === true,
  });
  if (!stored.ok) return a.failed(stored.failure);
  return a.saved(stored.notice ?? t(clickerLang(a.deps, a.turn), 'chat:saved'));
}

/**
 * A phase's form message again for the clicker ("Show new questions"), with what they typed kept: the form is
 * not redrawn when others add theirs, so this is how it learns of questions asked since.
 */
export async function formAgain(a: CardAction): Promise<HandlerResult> {
  const view = await a.renderer.view(a.rt.id);
  if (!view)
    return {
      event: a.event,
      effects: [],
      invoke: messageAnswer(t(clickerLang(a.deps, a.turn), 'chat:phases.noLongerExists')),
    };
  const form = a.renderer.form(view, a.cardPhase);
  if (!form) return { event: a.event, effects: [], invoke: await a.answer(a.cardPhase) };
  return { event: a.event, effects: [], invoke: { statusCode: 200, card: prefillInputs(form, a.inputs) } };
}

/** A case fact (present phase). */
export function addFact(a: CardAction): Promise<HandlerResult> {
  return a.contribute({ kind: 'fact', text: a.text(INPUTS.factText) ?? '' });
}

/** A clarifying question. */
export function addQuestion(a: CardAction): Promise<HandlerResult> {
  return a.contribute({ kind: 'question', text: a.text(INPUTS.questionText) ?? '' });
}

/**
 * An answer to a clarifying question: from the Clarify form (the question chosen beside the answer box), or
 * from an older card's per-question box (target: question id).
 */
export function answerQuestion(a: CardAction): Promise<HandlerResult> {
  const target = a.data.target ?? '';
  const box = a.text(INPUTS.answerText);
  if (box !== undefined) {
    const questionId = a.text(INPUTS.answerQuestion) ?? target;
    if (!questionId)
      return a.failed({
        code: 'invalid',
        message: t(clickerLang(a.deps, a.turn), 'chat:contributions.chooseQuestion'),
      });
    return a.contribute({ kind: 'answer', questionId, text: box });
  }
  return a.contribute({
    kind: 'answer',
    questionId: target,
    text: a.text(`${INPUTS.answerPrefix}${target}`) ?? '',
  });
}

/**
 * A brainstorm idea under one of the questions, maybe flagged as a barrier: from the card's one idea
 * box (question chosen beside it), or from an older card's per-question box (target: question key).
 */
export function addIdea(a: CardAction): Promise<HandlerResult> {
  const target = a.data.target ?? '';
  const box = a.text(INPUTS.ideaText);
  if (box !== undefined) {
    return a.contribute({
      kind: 'idea',
      questionKey: a.text(INPUTS.ideaQuestion) ?? target,
      text: box,
      barrier: a.text(INPUTS.ideaBarrier),
    });
  }
  return a.contribute({
    kind: 'idea',
    questionKey: target,
    text: a.text(`${INPUTS.ideaTextPrefix}${target}`) ?? '',
    barrier: a.text(`${INPUTS.ideaBarrierPrefix}${target}`),
  });
}

/** The debrief: what went well, what to change (either or both). */
export async function addDebrief(a: CardAction): Promise<HandlerResult> {
  const wentWell = a.text(INPUTS.wentWell)?.trim();
  const change = a.text(INPUTS.change)?.trim();
  const learning = a.text(INPUTS.learning)?.trim();
  if (!wentWell && !change && !learning)
    return a.failed({
      code: 'invalid',
      message: t(clickerLang(a.deps, a.turn), 'chat:contributions.writeDebrief'),
    });
  const answers: ContributionInput[] = [];
  for (const [prompt, text] of [
    ['went-well', wentWell],
    ['change', change],
    ['learning', learning],
  ] as const) {
    if (text) answers.push({ kind: 'debrief', prompt, text });
  }
  return a.contributeAll(answers);
}

/**
 * The clicker's own ideas (`list`), after editing or withdrawing one (target: idea id), from any brainstorm card
 * while the roundtable runs.
 */
export const myIdeas =
  (change: 'list' | 'edit' | 'withdraw') =>
  async (a: CardAction): Promise<HandlerResult> => {
    const { deps, rt, verb, turn } = a;
    const lang = clickerLang(deps, turn);
    let notice: Notice | undefined;
    let failure: Failure | undefined;
    if (change !== 'list') {
      const id = a.data.target ?? '';
      const changed =
        change === 'edit'
          ? await editIdea(
              deps.domain,
              turn.actor,
              rt.id,
              id,
              a.text(`${INPUTS.ideaEditPrefix}${id}`),
              a.data.keepNames === true,
            )
          : await withdrawIdea(deps.domain, turn.actor, rt.id, id);
      if (!changed.ok && changed.failure.code === 'forbidden') return a.failed(changed.failure);
      if (!changed.ok) failure = changed.failure;
      notice = changed.ok
        ? {
            kind: 'info',
            text: t(
              lang,
              change === 'edit' ? 'chat:contributions.ideaUpdated' : 'chat:contributions.ideaWithdrawn',
            ),
          }
        : { kind: 'error', text: changed.failure.message };
    }
    const view = await a.renderer.view(rt.id);
    if (!view)
      return { event: a.event, effects: [], invoke: messageAnswer(t(lang, 'chat:phases.noLongerExists')) };
    let card = myIdeasCard(a.renderer.cardView(view, notice), turn.actor.person);
    if (failure) {
      const anchor = { verb, ...(a.data.target ? { target: a.data.target } : {}) };
      card = answerNameCheck(
        prefillInputs(card, a.inputs),
        failure,
        { verb, data: a.data, anchor },
        false,
        lang,
      );
    }
    const effects: Effect[] =
      change !== 'list' && notice?.kind === 'info'
        ? [{ kind: 'refresh-phase', roundtableId: rt.id, phase: 'brainstorm' }]
        : [];
    return {
      event: notice?.kind === 'error' ? `${a.event}.failed` : a.event,
      effects,
      invoke: { statusCode: 200, card },
    };
  };
