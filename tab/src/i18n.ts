/**
 * The tab pages in the reader's language (#29 item 4): Teams' locale (`app.getContext().app.locale`; `?lang=` in
 * local development), as one of the languages locales/ ships, else English. Texts are `area:key` as on the bot
 * (bot/i18n/lookup.ts); the HTML marks its fixed texts with `data-i18n="area:key"` (its text),
 * `data-i18n-placeholder`, `data-i18n-title`, `data-i18n-aria-label`, and `applyTexts()` fills them in.
 */
import ALL from 'locales:tab';
import {
  type Entry,
  type Flat,
  fill,
  flatten,
  formOf,
  type Lang,
  REFERENCE_LANGUAGE,
  usable,
  type Values,
} from '../../bot/i18n/lookup.js';

let current: Lang = REFERENCE_LANGUAGE;
const flat = new Map<string, Flat>();

function area(lang: Lang, name: string): Flat {
  const key = `${lang}|${name}`;
  let f = flat.get(key);
  if (!f) {
    f = flatten((ALL[lang]?.[name] ?? {}) as Record<string, unknown>);
    flat.set(key, f);
  }
  return f;
}

/** The languages the tab has texts for. */
export function tabLanguages(): Lang[] {
  return Object.keys(ALL);
}

/** Sets the page's language from a Teams locale (`es-MX`) or a code; returns the language chosen. */
export function setLanguage(locale: string | undefined): Lang {
  const known = tabLanguages();
  const asked = (locale ?? '').slice(0, 35);
  const exact = known.find((l) => l.toLowerCase() === asked.toLowerCase());
  const base = asked.split('-')[0]?.toLowerCase() ?? '';
  current = exact ?? (known.includes(base) ? base : REFERENCE_LANGUAGE);
  document.documentElement.lang = current;
  return current;
}

/** The page's language. */
export function language(): Lang {
  return current;
}

/** The text of `area:key` in the page's language (English where it lacks one), `{name}` filled. */
export function tr(key: string, values?: Values): string {
  const colon = key.indexOf(':');
  const name = key.slice(0, colon);
  const path = key.slice(colon + 1);
  const own: Entry | undefined = current === REFERENCE_LANGUAGE ? undefined : area(current, name).get(path);
  const e = usable(own) ? own : area(REFERENCE_LANGUAGE, name).get(path);
  if (e === undefined) return key;
  const text = formOf(e, current, typeof values?.n === 'number' ? values.n : undefined);
  return values ? fill(text, values) : text;
}

/** Fills every marked element under `root` with its text in the page's language. */
export function applyTexts(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]'))
    el.textContent = tr(el.dataset.i18n ?? '');
  for (const [attr, data] of [
    ['placeholder', 'i18nPlaceholder'],
    ['title', 'i18nTitle'],
    ['aria-label', 'i18nAriaLabel'],
  ] as const)
    for (const el of root.querySelectorAll<HTMLElement>(
      `[data-${attr === 'aria-label' ? 'i18n-aria-label' : `i18n-${attr}`}]`,
    ))
      el.setAttribute(attr, tr(el.dataset[data] ?? ''));
}
