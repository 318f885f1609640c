/** A short message card (info or error). */
import { cardTemplate } from './card-view.js';
import { type AdaptiveCard, cap, cardSentence, expand, fitToSize, type Limits } from './kit.js';

/** A short message card; `error` shows it in the attention colour. */
export function noticeCard(text: string, kind: 'info' | 'error' = 'info'): AdaptiveCard {
  const error = kind === 'error';
  const build = (limits: Limits) =>
    expand(cardTemplate('notice'), {
      text: cap(cardSentence(text), limits.text),
      style: error ? 'attention' : 'emphasis',
      color: error ? 'Attention' : 'Default',
      weight: error ? 'Bolder' : 'Default',
    });
  return fitToSize(build, () => build({ items: 0, boxes: 0, text: 200, prefill: false }));
}
