/** A short message card (info or error). */
import { cardTemplate } from './card-view.js';
import type { CardActionData } from './contract.js';
import { type AdaptiveCard, cap, cardSentence, expand, fitToSize, type Limits } from './kit.js';
import { PRACTICE_BANNER } from './labels.js';
import { noticeLines } from './notice-lines.js';

/** A short message card; `error` shows it in the attention colour. */
export function noticeCard(text: string, kind: 'info' | 'error' = 'info'): AdaptiveCard {
  const error = kind === 'error';
  const build = (limits: Limits) =>
    expand(cardTemplate('notice'), {
      lines: noticeLines(cap(cardSentence(text), limits.text)),
      style: error ? 'attention' : 'emphasis',
      color: 'Default',
      weight: error ? 'Bolder' : 'Default',
    });
  return fitToSize(build, () => build({ items: 0, boxes: 0, text: 200, prefill: false }));
}

/** A question with one button that confirms it (an Action.Execute verb carrying the roundtable card's data). */
export function confirmCard(
  text: string,
  title: string,
  verb: string,
  data: CardActionData,
  practice = false,
): AdaptiveCard {
  const card = noticeCard(practice ? `${PRACTICE_BANNER}\n\n${text}` : text, 'info');
  return { ...card, actions: [{ type: 'Action.Execute', verb, title, style: 'destructive', data }] };
}
