/**
 * The family handout's words, one data file per language: locales/<lang>/handout.json (locales/README.md says how to
 * add one). English is the reference: every language has every key of it (test/unit/handout-locales.test.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

/** The reference language: its file lists every key. */
export const REFERENCE_LANGUAGE = 'en';

/** locales/ at the repository root (from bot/handout in the sources, from dist/bot/handout once built). */
export function localesDir(): string {
  const candidates = [
    resolve(__dirname, '..', '..', 'locales'),
    resolve(__dirname, '..', '..', '..', 'locales'),
  ];
  return candidates.find((d) => existsSync(join(d, REFERENCE_LANGUAGE, 'handout.json'))) ?? candidates[0]!;
}

/** The language codes that have a handout file (folder names such as `en`, `es`, `pt-BR`). */
export function handoutLanguages(dir = localesDir()): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(e.name))
    .filter((e) => existsSync(join(dir, e.name, 'handout.json')))
    .map((e) => e.name)
    .sort((a, b) => (a === REFERENCE_LANGUAGE ? -1 : b === REFERENCE_LANGUAGE ? 1 : a.localeCompare(b)));
}

/** A language file as it is on disk (its keys are checked against the reference by the test). */
export function readHandoutFile(lang: string, dir = localesDir()): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, lang, 'handout.json'), 'utf8')) as Record<string, unknown>;
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
  const known = handoutLanguages();
  if (typeof asked !== 'string' || asked.length > 20) return REFERENCE_LANGUAGE;
  if (known.includes(asked)) return asked;
  const base = asked.split('-')[0]?.toLowerCase() ?? '';
  return known.includes(base) ? base : REFERENCE_LANGUAGE;
}

/** Fills `{name}` in a text with the values given (values are text, never read as patterns). */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (all, key: string) => values[key] ?? all);
}

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
