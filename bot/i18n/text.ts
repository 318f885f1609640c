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
  type Flat,
  fill,
  flatten,
  formOf,
  type Lang,
  PSEUDO_LANGUAGE,
  REFERENCE_LANGUAGE,
  usable,
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
  const known = shipped();
  const exact = known.find((l) => l.toLowerCase() === asked.toLowerCase());
  if (exact) return exact;
  const base = asked.split('-')[0]?.toLowerCase() ?? '';
  return known.includes(base) ? base : fallback;
}

let shippedCache: Lang[] | undefined;
function shipped(): Lang[] {
  shippedCache ??= languages();
  return shippedCache;
}

const flatCache = new Map<string, Flat>();

/** A language's texts of an area, flattened (`goals.adoption`), read once. */
export function flatArea(lang: Lang, area: string): Flat {
  const key = `${lang}|${area}`;
  let flat = flatCache.get(key);
  if (!flat) {
    flat = flatten(readArea(lang, area));
    flatCache.set(key, flat);
  }
  return flat;
}

/** The entry of `area:path` in a language, else in English; undefined when English lacks it too. */
export function entry(lang: Lang, key: string): Entry | undefined {
  const colon = key.indexOf(':');
  if (colon < 1) throw new Error(`text key without its area: ${key}`);
  const area = key.slice(0, colon);
  const path = key.slice(colon + 1);
  const own =
    lang === REFERENCE_LANGUAGE || lang === PSEUDO_LANGUAGE ? undefined : flatArea(lang, area).get(path);
  return usable(own) ? own : flatArea(REFERENCE_LANGUAGE, area).get(path);
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
  const n = typeof values?.n === 'number' ? values.n : undefined;
  const text = raw(lang, key, n);
  return values ? fill(text, values) : text;
}

/** A text function bound to one language: `const tr = translator(lang); tr('cards:x')`. */
export function translator(lang: Lang): (key: string, values?: Values) => string {
  return (key, values) => t(lang, key, values);
}
