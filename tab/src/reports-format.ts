/**
 * Numbers, months and texts of the agency leaders' and coordinators' pages (programme, queue, access log) in the
 * page's language (#29 item 4): `R('key')` is `tr('tab-reports:key')`; counts are written with Intl.
 */

import type { Values } from '../../bot/i18n/lookup.js';
import { language, tr } from './i18n';

/** `tab-reports:key` in the page's language. */
export const R = (key: string, values?: Values) => tr(`tab-reports:${key}`, values);

/** A whole number in the reader's language ("1,234", "1234" in Spanish under 10,000). */
export const num = (n: number) => new Intl.NumberFormat(language()).format(n);

/** A percentage given 0–100, one decimal at most ("62.5%", "62,5 %"). */
export const pct = (p: number) =>
  new Intl.NumberFormat(language(), { style: 'percent', maximumFractionDigits: 1 }).format(p / 100);

/** A plural text chosen by `n`, with `{count}` the number written in the reader's language. */
export const Rn = (key: string, n: number, values?: Values) => R(key, { ...values, n, count: num(n) });
