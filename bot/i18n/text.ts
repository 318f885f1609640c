/**
 * The words people read, in their language (#29 item 4): one JSON file per language and area,
 * `locales/<lang>/<area>.json` (locales/README.md). English is the reference: every language has exactly its keys
 * (test/unit/locales.test.ts); a key a language lacks reads in English.
 *
 * A text is a string with `{name}` placeholders, or a plural: an object of `Intl.PluralRules` categories
 * (`one`, `other`, …; `other` always) chosen by the value `n`. Keys are `area:dotted.path`.
 *
 * `qps-ploc` is the pseudo-language of Windows' localisation testing: every text is the English one in ⟦brackets⟧,
 * so a test can see every text that did not come from here (test/unit/pseudo-locale.test.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type Entry,
  fill,
  flatten,
  formOf,
  type Lang,
  matchLanguage,
  PSEUDO_LANGUAGE,
  REFERENCE_LANGUAGE,
  textSource,
  type Values,
} from './lookup.js';

export { type Entry, fill, flatten, type Lang, PSEUDO_LANGUAGE, REFERENCE_LANGUAGE, type Values };

const CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

/** locales/ at the repository root (from bot/i18n in the sources, from dist/bot/i18n once built). */
export function localesDir(): string {
  const candidates = [
    resolve(__dirname, '..', '..', 'locales'),
    resolve(__dirname, '..', '..', '..', 'locales'),
  ];
  return candidates.find((d) => existsSync(join(d, REFERENCE_LANGUAGE))) ?? (candidates[0] as string);
}

/** The languages that ship an area's file (or any file): English first, then by code. */
export function languages(area?: string, dir = localesDir()): Lang[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && CODE.test(e.name))
    .filter((e) =>
      area ? existsSync(join(dir, e.name, `${area}.json`)) : readdirSync(join(dir, e.name)).length > 0,
    )
    .map((e) => e.name)
    .sort((a, b) => (a === REFERENCE_LANGUAGE ? -1 : b === REFERENCE_LANGUAGE ? 1 : a.localeCompare(b)));
}

/** The areas English ships (file names without `.json`). */
export function areas(dir = localesDir()): string[] {
  return readdirSync(join(dir, REFERENCE_LANGUAGE))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** A language file as it is on disk (the tests check its keys against English). */
export function readArea(lang: Lang, area: string, dir = localesDir()): Record<string, unknown> {
  const path = join(dir, lang, `${area}.json`);
  if (!existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/**
 * The language for a Teams locale (`es-MX`, `en-US`), a code or anything else: a shipped language, its base
 * language (`es` for `es-MX`), else `fallback` (the agency's language).
 */
export function pickLanguage(asked: unknown, fallback: Lang = REFERENCE_LANGUAGE): Lang {
  if (typeof asked !== 'string' || asked.length > 35) return fallback;
  if (asked === PSEUDO_LANGUAGE) return asked;
  return matchLanguage(asked, shipped(), fallback);
}

let shippedCache: Lang[] | undefined;
function shipped(): Lang[] {
  shippedCache ??= languages();
  return shippedCache;
}

const source = textSource((lang, area) => readArea(lang, area));

/** A language's texts of an area, flattened (`goals.adoption`), read once. */
export const flatArea = source.flatArea;

/** The entry of `area:path` in a language, else in English; undefined when English lacks it too. */
export function entry(lang: Lang, key: string): Entry | undefined {
  const e = source.entry(lang, key);
  if (e === undefined && key.indexOf(':') < 1) throw new Error(`text key without its area: ${key}`);
  return e;
}

/** The raw text of a key (placeholders not filled), a plural chosen by `n`. Throws on a key English lacks. */
export function raw(lang: Lang, key: string, n?: number): string {
  const e = entry(lang, key);
  if (e === undefined) throw new Error(`no text for ${key}`);
  return formOf(e, lang, n);
}

/**
 * The text of `area:path` in a language, its `{name}` placeholders filled (values are text, never read as
 * patterns; a placeholder without a value stays as written).
 */
export function t(lang: Lang, key: string, values?: Values): string {
  const text = source.text(lang, key, values);
  if (text !== undefined) return text;
  entry(lang, key); // a key without its area says so
  throw new Error(`no text for ${key}`);
}

/** A text function bound to one language: `const tr = translator(lang); tr('cards:x')`. */
export function translator(lang: Lang): (key: string, values?: Values) => string {
  return (key, values) => t(lang, key, values);
}
