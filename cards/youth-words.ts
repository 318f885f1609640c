/**
 * The youth-centred roundtable's words in a reader's language (#29 item 4): the youth card's headings, what the
 * youth reads back after typing a goal, and the default agenda (used when the agency sets no `youth` settings),
 * from locales/<lang>/youth.json. The YCPRT questions' own wording is the model's (practice words): it stays as
 * bot/roundtable/youth-agenda.ts has it, in every language; their plain versions are translated. The English of
 * youth.json is the domain's (youth-agenda.ts), checked by test/unit/youth-plain-language.test.ts.
 */
import { type Lang, REFERENCE_LANGUAGE, raw, t } from '../bot/i18n/text.js';
import type { YouthSettings } from '../bot/roundtable/types.js';
import {
  DEFAULT_YOUTH_SETTINGS,
  YOUTH_CARD_HEADINGS,
  YOUTH_NOTICES,
} from '../bot/roundtable/youth-agenda.js';

type Headings = Record<keyof typeof YOUTH_CARD_HEADINGS, string>;
type Notices = Record<keyof typeof YOUTH_NOTICES, string>;

/** The headings of the youth's card in a language (`writtenForYou` keeps its `{name}`). */
export function youthCardHeadings(lang: Lang = REFERENCE_LANGUAGE): Headings {
  return Object.fromEntries(
    Object.keys(YOUTH_CARD_HEADINGS).map((k) => [k, raw(lang, `youth:headings.${k}`)]),
  ) as Headings;
}

/** What the youth reads back after typing a goal, in a language. */
export function youthNotices(lang: Lang = REFERENCE_LANGUAGE): Notices {
  return Object.fromEntries(
    Object.keys(YOUTH_NOTICES).map((k) => [k, t(lang, `youth:notices.${k}`)]),
  ) as Notices;
}

const made = new Map<Lang, YouthSettings>();

/** The default agenda in a language: the YCPRT questions as published with plain versions, the welcome card. */
export function defaultYouthSettings(lang: Lang = REFERENCE_LANGUAGE): YouthSettings {
  let settings = made.get(lang);
  if (!settings) {
    const d = (key: string) => t(lang, `youth:defaults.${key}`);
    const D = DEFAULT_YOUTH_SETTINGS;
    settings = {
      questions: D.questions.map((q) => ({ ...q, plain: d(`questions.${q.key}`) })),
      welcomeTitle: d('welcomeTitle'),
      agenda: D.agenda.map((_, i) => d(`agenda.${i}`)),
      groundRules: D.groundRules.map((_, i) => d(`groundRules.${i}`)),
      goalPrompt: d('goalPrompt'),
      supportPrompt: d('supportPrompt'),
    };
    made.set(lang, settings);
  }
  return settings;
}

/** The agency's youth-centred words, or the defaults in the reader's language. */
export function youthWordsIn(settings: { youth?: YouthSettings }, lang: Lang): YouthSettings {
  return settings.youth ?? defaultYouthSettings(lang);
}
