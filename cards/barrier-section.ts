/** Systemic barriers on the brainstorm and plan cards: barrier-flagged ideas, barrier busters' answers and answer forms. */
import { barrierBusters } from '../bot/roundtable/barrier-answers.js';
import type { SystemicBarrier } from '../bot/roundtable/records.js';
import type { BrainstormIdea, PhaseKey } from '../bot/roundtable/types.js';
import type { CardView } from './card-view.js';
import { INPUTS } from './contract.js';
import { actionData, cap, type Data, type Limits, trim } from './kit.js';

const ANSWER_TITLES: Record<SystemicBarrier['answer']['kind'], string> = {
  'solved-now': 'Can be solved now',
  'needs-decision': 'Needs a policy/legal decision',
  'not-a-barrier': 'Not a barrier',
};

/** The answer's kind in a few words, for the idea's own line. */
export function answerTitle(b: SystemicBarrier | undefined): string {
  return b ? ANSWER_TITLES[b.answer.kind] : '';
}

/** One line saying how a barrier was answered (empty when not yet). */
export function answerLine(b: SystemicBarrier | undefined, limits: Limits, practice = false): string {
  if (!b) return '';
  const a = b.answer;
  const by = cap(a.by.name, 80);
  if (a.kind === 'solved-now')
    return `✓ ${ANSWER_TITLES[a.kind]}: ${cap(a.decision ?? '', Math.min(limits.text, 200))} (${by})`;
  if (a.kind === 'needs-decision') {
    const where = practice ? 'practice only, not in the barrier register' : 'in the barrier register';
    return `PENDING — ${ANSWER_TITLES[a.kind]}: ${cap(a.owner?.name ?? '', 80)} takes it up, due ${a.dueDate ?? ''}; ${where} (${by})`;
  }
  return `${ANSWER_TITLES[a.kind]} (${by})`;
}

/** Barrier-flagged ideas with their answers, and answer forms for barrier busters while the card is live. */
export function barrierSection(
  view: CardView,
  phase: PhaseKey,
  ideas: BrainstormIdea[],
  limits: Limits,
  nonce: string,
): Data {
  const rt = view.roundtable;
  const byIdea = new Map((view.barriers ?? []).map((b) => [b.ideaId, b]));
  // In the order they were raised, answered or not: a barrier never moves under the pointer after an answer.
  const flagged = ideas.filter((i) => i.barrier);
  // The idea itself is listed above; here it is repeated short, with the answer and the buttons.
  const shown = trim(flagged, Math.min(limits.items, limits.boxes, 4));
  const busters = barrierBusters(rt);
  return {
    barrierCount: flagged.length,
    hasBarriers: flagged.length > 0,
    busterLine: busters.length
      ? `Barrier busters (${busters.map((b) => cap(b.name, 60)).join(', ')}) answer each: can it be solved now, does it need a policy or legal decision, or is it not a barrier?`
      : flagged.some((i) => !byIdea.has(i.id))
        ? 'No barrier buster has joined yet: join as barrier buster to answer.'
        : 'Each barrier is answered.',
    hasBusters: busters.length > 0,
    busterChoices: busters.map((b) => ({ title: cap(b.name, 60), value: b.id })),
    today: view.now.toISOString().slice(0, 10),
    barriers: shown.shown.map((idea, i) => {
      const answer = answerLine(byIdea.get(idea.id), limits, rt.practice === true);
      const target = idea.id;
      const kind = byIdea.get(idea.id)?.answer.kind;
      return {
        text: cap(idea.text, Math.min(limits.text, 200)),
        answered: answer !== '',
        answer,
        /** A pending decision stands apart from a barrier solved or set aside (warning, not good). */
        answerStyle: kind === 'needs-decision' ? 'warning' : 'good',
        /** One toggle per answer form (input ids are unique on a card): `<prefix><idea>_<kind>`. */
        replaceId: `${INPUTS.barrierReplacePrefix}${target}_`,
        hasForm: i < limits.boxes,
        /** The form is folded away: the answer (or "not answered") shows, the button unfolds the form. */
        formId: `barrierForm_${i}`,
        formTitle: answer === '' ? 'Answer this barrier' : 'Change the answer',
        decisionId: `${INPUTS.barrierDecisionPrefix}${target}`,
        ownerId: `${INPUTS.barrierOwnerPrefix}${target}`,
        dueId: `${INPUTS.barrierDuePrefix}${target}`,
        data: actionData(rt, phase, nonce, target),
      };
    }),
    barriersMore: {
      show: shown.more.show,
      text: `${shown.more.text} barriers: they appear here as these are answered`,
    },
  };
}
