/**
 * The youth-centred roundtable's words (#29), in one place: the questions (the Youth-Centered PRT model's own,
 * ycprt.org "Program model"), each with a plain version for the youth, and the youth's welcome card. The app's
 * words and the default agenda are in locales/<lang>/youth.json (the questions' own wording stays the model's). Agencies
 * override all of it with `youth` in AGENCY_SETTINGS_FILE (docs/youth-centred.md). Youth-facing text aims at
 * US grade 6 or below (Flesch–Kincaid), checked by test/unit/youth-plain-language.test.ts.
 */
import { type Lang, REFERENCE_LANGUAGE, raw, t } from '../i18n/text.js';
import type { YouthSettings } from './types.js';

/** The reading level the youth-facing words aim at (Flesch–Kincaid grade, at most). */
export const YOUTH_READING_GRADE = 6;

const HEADING_KEYS = [
  'agenda',
  'rules',
  'questions',
  'goals',
  'turn',
  /** On the plan summary, where everyone reads it. */
  'planGoals',
  /** Beside a goal on the youth's own card: typed by the youth, or written down for them (`{name}`). */
  'ownWords',
  'writtenForYou',
] as const;

/** The headings of the youth's card (cards/youth-card.ts) in a language (`writtenForYou` keeps its `{name}`). */
export function youthCardHeadings(
  lang: Lang = REFERENCE_LANGUAGE,
): Record<(typeof HEADING_KEYS)[number], string> {
  return Object.fromEntries(HEADING_KEYS.map((k) => [k, raw(lang, `youth:headings.${k}`)])) as Record<
    (typeof HEADING_KEYS)[number],
    string
  >;
}

/** The headings of the youth's card, in English. */
export const YOUTH_CARD_HEADINGS = youthCardHeadings();

/** What the youth reads back after typing a goal, in a language. */
export function youthNotices(lang: Lang = REFERENCE_LANGUAGE): { goalSaved: string; fullName: string } {
  return {
    goalSaved: t(lang, 'youth:notices.goalSaved'),
    /** A goal that looks like it names someone in full (the name check; a typed command has no "Keep as written"). */
    fullName: t(lang, 'youth:notices.fullName'),
  };
}

/** What the youth reads back after typing a goal, in English. */
export const YOUTH_NOTICES = youthNotices();

/** The YCPRT questions as published (practice words: verbatim, whatever the language); `youth:` has their plain versions. */
const QUESTIONS: { key: string; text: string; youth?: true }[] = [
  { key: 'y1', text: 'What will it take for this youth to achieve permanency?' },
  { key: 'y2', text: 'What can we do that has been tried successfully before?' },
  { key: 'y3', text: 'What can we do that has never been tried?' },
  { key: 'y4', text: 'What can we do concurrently to help this youth achieve permanency?' },
  { key: 'y5', text: 'How can we engage this youth in permanency planning?', youth: true },
];

/** How many lines a list of the defaults has (English's: every language has the same keys). */
const AGENDA_LINES = 5;
const RULE_LINES = 5;

const made = new Map<Lang, YouthSettings>();

/**
 * The defaults in a language (used when the agency sets no `youth` settings): the YCPRT questions as published
 * with plain versions, and the welcome card, from locales/<lang>/youth.json.
 */
export function defaultYouthSettings(lang: Lang = REFERENCE_LANGUAGE): YouthSettings {
  let settings = made.get(lang);
  if (!settings) {
    const d = (key: string) => t(lang, `youth:defaults.${key}`);
    const lines = (key: string, n: number) => Array.from({ length: n }, (_, i) => d(`${key}.${i}`));
    settings = {
      questions: QUESTIONS.map((q) => ({ ...q, plain: d(`questions.${q.key}`) })),
      welcomeTitle: d('welcomeTitle'),
      agenda: lines('agenda', AGENDA_LINES),
      groundRules: lines('groundRules', RULE_LINES),
      goalPrompt: d('goalPrompt'),
      supportPrompt: d('supportPrompt'),
    };
    made.set(lang, settings);
  }
  return settings;
}

/** The defaults in English. */
export const DEFAULT_YOUTH_SETTINGS: YouthSettings = defaultYouthSettings();
