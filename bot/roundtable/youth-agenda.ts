/**
 * The youth-centred roundtable's words (#29), in one place: the questions (the Youth-Centered PRT model's own,
 * ycprt.org "Program model"), each with a plain version for the youth, and the youth's welcome card. Agencies
 * override all of it with `youth` in AGENCY_SETTINGS_FILE (docs/youth-centred.md). Youth-facing text aims at
 * US grade 6 or below (Flesch–Kincaid), checked by test/unit/youth-plain-language.test.ts. This is the English
 * reference; locales/<lang>/youth.json has the same words in each language (cards/youth-words.ts reads them, and
 * gives the default agenda in the reader's language), the questions' own wording excepted (the model's).
 */
import type { YouthSettings } from './types.js';

/** The reading level the youth-facing words aim at (Flesch–Kincaid grade, at most). */
export const YOUTH_READING_GRADE = 6;

/** The headings of the youth's card (cards/youth-card.ts). */
export const YOUTH_CARD_HEADINGS = {
  agenda: 'What happens',
  rules: 'Our rules',
  questions: 'The questions we ask',
  goals: 'Your goals',
  turn: 'Your turn',
  /** On the plan summary, where everyone reads it. */
  planGoals: 'The youth’s goals, in their own words',
  /** Beside a goal on the youth's own card: typed by the youth, or written down for them (`{name}`). */
  ownWords: 'your words',
  writtenForYou: 'your words, written down by {name}',
} as const;

/** What the youth reads back after typing a goal. */
export const YOUTH_NOTICES = {
  goalSaved: 'Your goal is on the plan.',
  /** A goal that looks like it names someone in full (the name check; a typed command has no "Keep as written"). */
  fullName: 'That looks like a full name. Please use a first name or initials, like J.T., and type it again.',
} as const;

/** The defaults: the YCPRT questions as published, plain versions and the welcome card. */
export const DEFAULT_YOUTH_SETTINGS: YouthSettings = {
  questions: [
    {
      key: 'y1',
      text: 'What will it take for this youth to achieve permanency?',
      plain: 'What will it take for you to have a family and home for good?',
    },
    {
      key: 'y2',
      text: 'What can we do that has been tried successfully before?',
      plain: 'What has worked well before?',
    },
    {
      key: 'y3',
      text: 'What can we do that has never been tried?',
      plain: 'What has no one tried yet?',
    },
    {
      key: 'y4',
      text: 'What can we do concurrently to help this youth achieve permanency?',
      plain: 'What else can we do at the same time, just in case?',
    },
    {
      key: 'y5',
      text: 'How can we engage this youth in permanency planning?',
      plain: 'How do you want to help make the plan?',
      youth: true,
    },
  ],
  welcomeTitle: 'This meeting is about you',
  agenda: [
    'You sit at the head of the table. We are here to plan with you.',
    'First, you can tell us your goals in your own words. They go at the top of the plan.',
    'Then we share what we know and ask questions.',
    'Next, we all share ideas. You can add yours too.',
    'Last, we make a plan. Each step has a person and a date.',
  ],
  groundRules: [
    'What we say here stays here.',
    'We look ahead, not back.',
    'No one is blamed for the past.',
    'No idea is a bad idea.',
    'We use a short name for you, not your full name.',
  ],
  goalPrompt: 'To add a goal, type: @Roundtable my goal, then what you want.',
  supportPrompt: 'You can pick one adult to help you here. Type: @Roundtable support, then their name.',
};
