/** The personal "my ideas" card: the viewer's own live ideas, each editable or withdrawable. */
import type { Person } from '../bot/roundtable/types.js';
import { type Base, baseData, type CardView, cardTemplate, live, tooLargeCard } from './card-view.js';
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
import { BARRIER_LABELS } from './labels.js';

/** A personal card listing the viewer's own ideas with an edit box and Save / Withdraw per idea. */
export function myIdeasCard(view: CardView, viewer: Person): AdaptiveCard {
  const rt = view.roundtable;
  const interactive = rt.status === 'active';
  const base: Base = { phase: 'brainstorm', interactive, title: 'My ideas' };
  const nonce = cardNonce();
  const mine = live(view.contributions, 'idea').filter((i) => i.author.id === viewer.id);
  const questionText = (key: string) => {
    const i = view.settings.questions.findIndex((q) => q.key === key);
    const q = view.settings.questions[i];
    return q ? `${i + 1}. ${q.text}` : 'Brainstorm';
  };
  const build = (limits: Limits) => {
    const shown = trim(mine, limits.items);
    return expand(cardTemplate('my-ideas'), {
      ...baseData(view, base, nonce, limits),
      viewer: cap(viewer.name, 80),
      ideaCount: mine.length,
      ideas: shown.shown.map((idea) => ({
        questionText: questionText(idea.questionKey),
        hasBarrier: idea.barrier !== undefined,
        barrierLabel: idea.barrier ? BARRIER_LABELS[idea.barrier] : '',
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
