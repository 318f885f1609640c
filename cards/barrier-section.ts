/** Systemic barriers on the brainstorm and plan cards: barrier-flagged ideas, barrier busters' answers and answer forms. */
import { type Lang, REFERENCE_LANGUAGE, t } from '../bot/i18n/text.js';
import { barrierBusters } from '../bot/roundtable/barrier-answers.js';
import type { SystemicBarrier } from '../bot/roundtable/records.js';
import type { BrainstormIdea, PhaseKey } from '../bot/roundtable/types.js';
import type { CardView } from './card-view.js';
import { INPUTS } from './contract.js';
import { actionData, cap, type Data, type Limits, trim } from './kit.js';

/** The answer's kind in a few words, for the idea's own line. */
export function answerTitle(b: SystemicBarrier | undefined, lang: Lang = REFERENCE_LANGUAGE): string {
  return b ? t(lang, `plan:barriers.answer.${b.answer.kind}`) : '';
}

/** One line saying how a barrier was answered (empty when not yet), in `lang`. */
export function answerLine(
  b: SystemicBarrier | undefined,
  limits: Limits,
  practice = false,
  lang: Lang = REFERENCE_LANGUAGE,
): string {
  if (!b) return '';
  const a = b.answer;
  const by = cap(a.by.name, 80);
  const answer = answerTitle(b, lang);
  if (a.kind === 'solved-now')
    return t(lang, 'plan:barriers.solvedLine', {
      answer,
      decision: cap(a.decision ?? '', Math.min(limits.text, 200)),
      by,
    });
  if (a.kind === 'needs-decision')
    return t(lang, 'plan:barriers.pendingLine', {
      answer,
      owner: cap(a.owner?.name ?? '', 80),
      due: a.dueDate ?? '',
      where: t(lang, practice ? 'plan:barriers.practiceOnly' : 'plan:barriers.inRegister'),
      by,
    });
  return t(lang, 'plan:barriers.answeredBy', { answer, by });
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
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const byIdea = new Map((view.barriers ?? []).map((b) => [b.ideaId, b]));
  // In the order they were raised, answered or not: a barrier never moves under the pointer after an answer.
  const flagged = ideas.filter((i) => i.barrier);
  // The idea itself is listed above; here it is repeated short, with the answer and the buttons.
  const shown = trim(flagged, Math.min(limits.items, limits.boxes, 4), lang);
  const busters = barrierBusters(rt);
  return {
    barrierCount: flagged.length,
    hasBarriers: flagged.length > 0,
    busterLine: busters.length
      ? t(lang, 'plan:barriers.busters', { names: busters.map((b) => cap(b.name, 60)).join(', ') })
      : t(
          lang,
          flagged.some((i) => !byIdea.has(i.id)) ? 'plan:barriers.noBuster' : 'plan:barriers.allAnswered',
        ),
    hasBusters: busters.length > 0,
    busterChoices: busters.map((b) => ({ title: cap(b.name, 60), value: b.id })),
    today: view.now.toISOString().slice(0, 10),
    barriers: shown.shown.map((idea, i) => {
      const answer = answerLine(byIdea.get(idea.id), limits, rt.practice === true, lang);
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
        formTitle: t(lang, answer === '' ? 'plan:barriers.answerThis' : 'plan:barriers.changeAnswer'),
        decisionId: `${INPUTS.barrierDecisionPrefix}${target}`,
        ownerId: `${INPUTS.barrierOwnerPrefix}${target}`,
        dueId: `${INPUTS.barrierDuePrefix}${target}`,
        data: actionData(rt, phase, nonce, target),
      };
    }),
    barriersMore: {
      show: shown.more.show,
      text: t(lang, 'plan:barriers.more', { n: flagged.length - shown.shown.length }),
    },
  };
}
