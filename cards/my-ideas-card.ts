/** The personal "my ideas" card: the viewer's own live ideas, each editable or withdrawable. */
import { REFERENCE_LANGUAGE, t } from '../bot/i18n/text.js';
import type { Person } from '../bot/roundtable/types.js';
import {
  type Base,
  baseData,
  type CardView,
  cardTemplate,
  live,
  phaseName,
  tooLargeCard,
} from './card-view.js';
import { INPUTS } from './contract.js';
import {
  type AdaptiveCard,
  actionData,
  cap,
  cardNonce,
  expand,
  fitToSize,
  type Limits,
  trim,
} from './kit.js';
import { labelsIn } from './labels-in.js';

/** A personal card listing the viewer's own ideas with an edit box and Save / Withdraw per idea. */
export function myIdeasCard(view: CardView, viewer: Person): AdaptiveCard {
  const rt = view.roundtable;
  const interactive = rt.status === 'active';
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const barriers = labelsIn(lang).barriers;
  const base: Base = { phase: 'brainstorm', interactive, title: t(lang, 'meeting:myIdeas.title') };
  const nonce = cardNonce();
  const mine = live(view.contributions, 'idea').filter((i) => i.author.id === viewer.id);
  const questionText = (key: string) => {
    const i = view.settings.questions.findIndex((q) => q.key === key);
    const q = view.settings.questions[i];
    return q ? `${i + 1}. ${q.text}` : phaseName(view, 'brainstorm');
  };
  const build = (limits: Limits) => {
    const shown = trim(mine, limits.items, lang);
    return expand(cardTemplate('my-ideas'), {
      ...baseData(view, base, nonce, limits),
      viewer: cap(viewer.name, 80),
      ideaCount: mine.length,
      ideas: shown.shown.map((idea) => ({
        questionText: questionText(idea.questionKey),
        hasBarrier: idea.barrier !== undefined,
        barrierLabel: idea.barrier ? barriers[idea.barrier] : '',
        editable: limits.prefill,
        text: limits.prefill ? idea.text : cap(idea.text, limits.text),
        inputId: `${INPUTS.ideaEditPrefix}${idea.id}`,
        editData: actionData(rt, 'brainstorm', nonce, idea.id),
        withdrawData: actionData(rt, 'brainstorm', nonce, idea.id),
      })),
      ideasMore: shown.more,
    });
  };
  return fitToSize(build, () => tooLargeCard(view, base, nonce));
}
