/**
 * Reading a language's texts, without the file system (the tab bundles this too): flattening a language file to
 * dotted keys, choosing a plural's form, filling `{name}` placeholders. bot/i18n/text.ts reads the files.
 */

/** A language as locales/ names its folders: a BCP 47 code (`en`, `es`, `pt-BR`). */
export type Lang = string;

/** The reference language: its files list every key. */
export const REFERENCE_LANGUAGE: Lang = 'en';
/** The pseudo-language (tests): English in ⟦brackets⟧. */
export const PSEUDO_LANGUAGE: Lang = 'qps-ploc';

/** A text of a language file: plain, or one per plural category. */
export type Entry = string | Partial<Record<Intl.LDMLPluralRule, string>>;

/** Every text of an area, flattened to dotted keys. */
export type Flat = Map<string, Entry>;

/** The keys of a file by dotted path; a plural (an object with an `other`) is one entry. */
export function flatten(o: Record<string, unknown>, at = '', out: Flat = new Map()): Flat {
  for (const [k, v] of Object.entries(o)) {
    const path = at ? `${at}.${k}` : k;
    if (typeof v === 'string') out.set(path, v);
    else if (isPlural(v)) out.set(path, v as Entry);
    else if (v && typeof v === 'object') flatten(v as Record<string, unknown>, path, out);
  }
  return out;
}

/** A plural entry: an object whose keys are plural categories, `other` among them. */
export function isPlural(v: unknown): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.includes('other') && keys.every((k) => PLURAL_CATEGORIES.has(k));
}
const PLURAL_CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

/** An entry that has text (an empty string reads in English). */
export function usable(e: Entry | undefined): e is Entry {
  return typeof e === 'string' ? e.trim() !== '' : e !== undefined;
}

const rules = new Map<string, Intl.PluralRules>();

/** The text of an entry in `lang`: a plural's form chosen by `n` (`other` without one); pseudo-language bracketed. */
export function formOf(e: Entry, lang: Lang, n?: number): string {
  let text: string;
  if (typeof e === 'string') text = e;
  else {
    const base = lang === PSEUDO_LANGUAGE ? REFERENCE_LANGUAGE : lang;
    let r = rules.get(base);
    if (!r) {
      r = new Intl.PluralRules(base);
      rules.set(base, r);
    }
    text = (n === undefined ? undefined : e[r.select(n)]) ?? e.other ?? '';
  }
  return lang === PSEUDO_LANGUAGE ? `⟦${text}⟧` : text;
}

/** Values for a text's `{name}` placeholders; `n` also picks a plural's form. */
export type Values = Record<string, string | number | undefined>;

/** Fills `{name}` in a text with the values given (values are text, never read as patterns). */
export function fill(text: string, values: Values): string {
  return text.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (all, key: string) => {
    const v = values[key];
    return v === undefined ? all : String(v);
  });
}

/**
 * Texts read by `read(lang, area)` (the locale files on the bot, the bundled ones in the tab), each area flattened
 * once: `entry` finds `area:path` in a language, else in English (undefined when English lacks it too, or the key
 * names no area); `text` chooses a plural's form by `values.n` and fills the placeholders.
 */
export function textSource(read: (lang: Lang, area: string) => Record<string, unknown>) {
  const cache = new Map<string, Flat>();
  const flatArea = (lang: Lang, area: string): Flat => {
    const key = `${lang}|${area}`;
    let flat = cache.get(key);
    if (!flat) {
      flat = flatten(read(lang, area));
      cache.set(key, flat);
    }
    return flat;
  };
  const entry = (lang: Lang, key: string): Entry | undefined => {
    const colon = key.indexOf(':');
    if (colon < 1) return undefined;
    const area = key.slice(0, colon);
    const path = key.slice(colon + 1);
    const own =
      lang === REFERENCE_LANGUAGE || lang === PSEUDO_LANGUAGE ? undefined : flatArea(lang, area).get(path);
    return usable(own) ? own : flatArea(REFERENCE_LANGUAGE, area).get(path);
  };
  const text = (lang: Lang, key: string, values?: Values): string | undefined => {
    const e = entry(lang, key);
    if (e === undefined) return undefined;
    const form = formOf(e, lang, typeof values?.n === 'number' ? values.n : undefined);
    return values ? fill(form, values) : form;
  };
  return { flatArea, entry, text };
}

/** Of the languages `known`, the one `asked` names (`es-MX` → `es-MX` if shipped, else `es`), else `fallback`. */
export function matchLanguage(asked: string, known: readonly Lang[], fallback: Lang): Lang {
  const exact = known.find((l) => l.toLowerCase() === asked.toLowerCase());
  if (exact) return exact;
  const base = asked.split('-')[0]?.toLowerCase() ?? '';
  return known.includes(base) ? base : fallback;
}
