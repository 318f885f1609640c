/** A short message card (info or error). */
import { type Lang, REFERENCE_LANGUAGE } from '../bot/i18n/text.js';
import { cardTemplate } from './card-view.js';
import type { CardActionData } from './contract.js';
import { type AdaptiveCard, cap, cardSentence, expand, fitToSize, type Limits } from './kit.js';
import { labelsIn } from './labels-in.js';
import { noticeLines } from './notice-lines.js';

/** A short message card; `error` shows it in the attention colour; `lang`: the language `text` is in (the card's). */
export function noticeCard(
  text: string,
  kind: 'info' | 'error' = 'info',
  lang: Lang = REFERENCE_LANGUAGE,
): AdaptiveCard {
  const error = kind === 'error';
  const build = (limits: Limits) =>
    expand(cardTemplate('notice'), {
      lang,
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
  lang: Lang = REFERENCE_LANGUAGE,
): AdaptiveCard {
  const card = noticeCard(practice ? `${labelsIn(lang).practiceBanner()}\n\n${text}` : text, 'info', lang);
  return { ...card, actions: [{ type: 'Action.Execute', verb, title, style: 'destructive', data }] };
}
