/** What the cards show from the preparation before the roundtable: the youth and family voice, the pre-filled summary. */
import { type Lang, REFERENCE_LANGUAGE, t } from '../bot/i18n/text.js';
import type { Preparation } from '../bot/roundtable/records.js';
import type { CardView } from './card-view.js';
import { cap, type Data, type Limits } from './kit.js';

/** The voice fields of the preparation, in the order shown (their labels: `plan:voice.<field>`). */
export const VOICE_FIELDS: (keyof Preparation &
  ('youthLiving' | 'youthMatters' | 'family' | 'stakeholders'))[] = [
  'youthLiving',
  'youthMatters',
  'family',
  'stakeholders',
];

/** The "youth and family voice" section (Present and Brainstorm), its labels in `lang`. */
export function voiceData(
  prep: Preparation | undefined,
  limits: Limits,
  max = 600,
  lang: Lang = REFERENCE_LANGUAGE,
): Data {
  const rows = prep
    ? VOICE_FIELDS.filter((k) => prep[k] !== '').map((k) => ({
        label: t(lang, `plan:voice.${k}`),
        value: wholeSentences(prep[k], Math.min(limits.text, max)),
      }))
    : [];
  return {
    show: rows.length > 0,
    by: prep ? t(lang, 'plan:voice.by', { date: prep.updatedAt.slice(0, 10) }) : '',
    rows,
  };
}

/**
 * The youth's and family's words, shortened only between sentences (never mid-word, never mid-sentence):
 * as many whole sentences as fit in `max` characters, then "…". A first sentence longer than that is cut
 * at a word.
 */
export function wholeSentences(text: string, max: number): string {
  if (Array.from(text).length <= max) return text;
  // A sentence ends at . ! or ? followed by a space or the end ("J.T.5" or "${a.b}" do not end one).
  const sentences = text.match(/.+?(?:[.!?]+["”’)]*(?=\s|$)|$)\s*/gs) ?? [text];
  let out = '';
  for (const s of sentences) {
    if (Array.from(out + s).length > max - 1) break;
    out += s;
  }
  if (out.trim()) return `${out.trimEnd()} …`;
  const words = Array.from(text)
    .slice(0, max - 1)
    .join('');
  const cut = words.lastIndexOf(' ');
  return `${cut > 0 ? words.slice(0, cut) : cap(text, max).slice(0, -1)}…`;
}

/** The Present form is pre-filled from the preparation until the caseworker saves (confirms) it. */
export function preparedSummaryNote(view: CardView): Data {
  const show = !view.caseSummary && view.preparation?.summary !== undefined;
  return {
    show,
    text: show
      ? 'Pre-filled from the preparation: the caseworker checks it and presses "Save case summary" to confirm it.'
      : '',
  };
}
