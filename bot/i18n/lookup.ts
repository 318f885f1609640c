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
