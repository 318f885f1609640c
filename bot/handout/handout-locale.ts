/**
 * The family handout's words, one data file per language: locales/<lang>/handout.json (locales/README.md says how to
 * add one). English is the reference: every language has every key of it (test/unit/handout-locales.test.ts).
 */
import {
  fill,
  languages,
  localesDir,
  pickLanguage as pickAny,
  REFERENCE_LANGUAGE,
  readArea,
} from '../i18n/text.js';
import type { PermanencyGoal, Role } from '../roundtable/types.js';

/** Every text of the handout in one language (`{name}` marks a value filled in). */
export interface HandoutStrings {
  language: string;
  title: string;
  forChild: string;
  draft: string;
  draftNote: string;
  /** A practice roundtable's handout says it is a made-up case. */
  practice: string;
  reviewed: string;
  goalsHeading: string;
  goalMain: string;
  goalBackup: string;
  goalBackupNote: string;
  goalNotSet: string;
  goals: Record<PermanencyGoal, string>;
  stepsHeading: string;
  stepsNote: string;
  stepsNone: string;
  familyMeetingStep: string;
  stepWho: string;
  stepWhen: string;
  stepWith: string;
  stepDone: string;
  callHeading: string;
  callNote: string;
  agency: string;
  roles: Record<Role, string>;
  printed: string;
  page: string;
  print: string;
  downloadPdf: string;
  chooseLanguage: string;
}

export { REFERENCE_LANGUAGE };

/** The language codes that have a handout file (folder names such as `en`, `es`, `pt-BR`). */
export function handoutLanguages(dir = localesDir()): string[] {
  return languages('handout', dir);
}

/** A language file as it is on disk (its keys are checked against the reference by the test). */
export function readHandoutFile(lang: string, dir = localesDir()): Record<string, unknown> {
  return readArea(lang, 'handout', dir);
}

const cache = new Map<string, HandoutStrings>();

/** The words of a language; a language without a file, or a key it lacks, falls back to English. */
export function handoutStrings(lang: string): HandoutStrings {
  const known = handoutLanguages();
  const code = known.includes(lang) ? lang : REFERENCE_LANGUAGE;
  const hit = cache.get(code);
  if (hit) return hit;
  const reference = readHandoutFile(REFERENCE_LANGUAGE);
  const own = code === REFERENCE_LANGUAGE ? reference : readHandoutFile(code);
  const merged = mergeDeep(reference, own) as unknown as HandoutStrings;
  cache.set(code, merged);
  return merged;
}

/** The language to use for a request's `lang` (a code, or a Teams locale such as `es-MX`): known ones only. */
export function pickLanguage(asked: unknown): string {
  const lang = pickAny(asked);
  return handoutLanguages().includes(lang) ? lang : REFERENCE_LANGUAGE;
}

export { fill };

function mergeDeep(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = base[k];
    out[k] =
      b && typeof b === 'object' && v && typeof v === 'object'
        ? mergeDeep(b as Record<string, unknown>, v as Record<string, unknown>)
        : typeof v === 'string' && v.trim() === ''
          ? b
          : v;
  }
  return out;
}
