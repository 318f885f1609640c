/**
 * The tab pages in the reader's language (#29 item 4): Teams' locale (`app.getContext().app.locale`; `?lang=` in
 * local development), as one of the languages locales/ ships, else English. Texts are `area:key` as on the bot
 * (bot/i18n/lookup.ts); the HTML marks its fixed texts with `data-i18n="area:key"` (its text),
 * `data-i18n-placeholder`, `data-i18n-title`, `data-i18n-aria-label`, and `applyTexts()` fills them in.
 */
import ALL from 'locales:tab';
import {
  type Lang,
  matchLanguage,
  REFERENCE_LANGUAGE,
  textSource,
  type Values,
} from '../../bot/i18n/lookup.js';

let current: Lang = REFERENCE_LANGUAGE;
const source = textSource((lang, area) => (ALL[lang]?.[area] ?? {}) as Record<string, unknown>);

/** The languages the tab has texts for. */
export function tabLanguages(): Lang[] {
  return Object.keys(ALL);
}

/** Sets the page's language from a Teams locale (`es-MX`) or a code; returns the language chosen. */
export function setLanguage(locale: string | undefined): Lang {
  current = matchLanguage((locale ?? '').slice(0, 35), tabLanguages(), REFERENCE_LANGUAGE);
  document.documentElement.lang = current;
  return current;
}

/** The page's language. */
export function language(): Lang {
  return current;
}

/** The text of `area:key` in the page's language (English where it lacks one), `{name}` filled. */
export function tr(key: string, values?: Values): string {
  return source.text(current, key, values) ?? key;
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
