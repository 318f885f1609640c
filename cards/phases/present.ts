/** The Present card: the case summary (saved, or the form pre-filled from the preparation), the youth voice, case facts. */
import { type Lang, REFERENCE_LANGUAGE, t } from '../../bot/i18n/text.js';
import type { CaseSummary } from '../../bot/roundtable/types.js';
import { isoDate, live, type PhaseData } from '../card-view.js';
import { cap, cardSentence, type Data, type Limits, trim } from '../kit.js';
import { CASE_SUMMARY_KEYS } from '../labels.js';
import { labelsIn } from '../labels-in.js';
import { preparedSummaryNote, voiceData } from '../preparation-voice.js';

function childLines(summary: Pick<CaseSummary, 'children'> | undefined): string {
  return (summary?.children ?? [])
    .map((c) => (c.age === undefined ? c.alias : `${c.alias}, ${c.age}`))
    .join('\n');
}

function summaryRows(
  summary: CaseSummary | undefined,
  limits: Limits,
  lang: Lang,
): { label: string; value: string }[] {
  if (!summary) return [];
  const rows: { label: string; value: string }[] = [];
  const children = childLines(summary).replace(/\n/g, '; ');
  if (children) rows.push({ label: t(lang, 'meeting:present.children'), value: cap(children, limits.text) });
  for (const [key, label] of labelsIn(lang).caseSummary) {
    const value = summary[key];
    if (value) rows.push({ label, value: cap(value, limits.text) });
  }
  return rows;
}

function summaryForm(
  summary: Omit<CaseSummary, 'updatedBy' | 'updatedAt'> | undefined,
  limits: Limits,
): Data {
  const s = limits.prefill ? summary : undefined;
  const form: Data = { show: limits.prefill || !summary, children: childLines(s) };
  for (const key of CASE_SUMMARY_KEYS) form[key] = s?.[key] ?? '';
  return form;
}

/** The Present form's data: the case summary's boxes (pre-filled) and the case fact box. */
export const presentForm: PhaseData = (view, limits) => {
  const s = view.caseSummary;
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  return {
    form: summaryForm(s ?? view.preparation?.summary, limits),
    /** The form is folded: pre-filled from the preparation it waits for the caseworker to check it. */
    summaryToggleTitle: t(
      lang,
      s
        ? 'meeting:present.editSummary'
        : view.preparation?.summary
          ? 'meeting:present.checkSummary'
          : 'meeting:present.writeSummary',
    ),
    prepNote: preparedSummaryNote(view),
  };
};

/** The Present card's data. */
export const presentData: PhaseData = (view, limits, nonce) => {
  const s = view.caseSummary;
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const facts = live(view.contributions, 'fact');
  const shown = trim(facts, limits.items, lang);
  const alias = cap(view.roundtable.caseAlias, 80);
  return {
    hasSummary: s !== undefined,
    summaryRows: summaryRows(s, limits, lang),
    summaryBy: s ? cap(s.updatedBy.name, 80) : '',
    summaryAt: isoDate(s?.updatedAt),
    ...presentForm(view, limits, nonce),
    voice: voiceData(view.preparation, limits, undefined, lang),
    noVoice: {
      show: view.preparation === undefined,
      text: cardSentence(t(lang, 'meeting:present.noVoice', { alias })),
    },
    factCount: facts.length,
    facts: shown.shown.map((f) => ({ author: cap(f.author.name, 80), text: cap(f.text, limits.text) })),
    factsMore: shown.more,
  };
};
