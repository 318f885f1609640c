/**
 * The card kit: templates loaded and parsed once, expanded exactly once from a data object, measured
 * against Teams' 28 KB limit and fitted by tightening list and text limits. Builders use it; it
 * imports no builder. User text is only ever data, never template, so `${...}` in it stays text.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import { type Lang, REFERENCE_LANGUAGE, raw, t } from '../bot/i18n/text.js';
import type { PhaseKey, Roundtable } from '../bot/roundtable/types.js';
import type { CardActionData } from './contract.js';

/** A card as JSON, ready to send. */
export type AdaptiveCard = Record<string, unknown>;
/** The data object a template binds to. */
export type Data = Record<string, unknown>;

/** Teams rejects cards larger than this (serialized, in bytes). */
export const MAX_CARD_BYTES = 28 * 1024;

/** The project runs as CommonJS (botbuilder is CommonJS), so the folder comes from __dirname. */
const TEMPLATE_DIR = join(__dirname, 'templates');

/**
 * Reads a template (path under cards/templates, without `.json`); call once, at module load. An array item
 * `{ "$include": "plan/steps" }` is replaced by the items of that file (a JSON array), so a long template is
 * kept in parts.
 */
export function loadTemplate(name: string): Data {
  return withParts(readJson(name)) as Data;
}

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(join(TEMPLATE_DIR, `${name}.json`), 'utf8'));
}

/** Splices included parts into every array of a template, recursively. */
function withParts(node: unknown, depth = 0): unknown {
  if (depth > 8) throw new Error('template parts nest too deeply');
  if (Array.isArray(node)) {
    return node.flatMap((item) => {
      const part = (item as { $include?: unknown } | null)?.$include;
      if (typeof part !== 'string') return [withParts(item, depth)];
      const items = readJson(part);
      if (!Array.isArray(items)) throw new Error(`template part ${part} is not an array`);
      return items.map((i) => withParts(i, depth + 1));
    });
  }
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withParts(v, depth)]));
}

/**
 * Expands a template object with a data object, exactly once. Never pass a JSON string built
 * from data: values are bound as data, so user text containing `${...}` stays text.
 */
export function expand(template: object, data: Data): AdaptiveCard {
  const local = localized(template, typeof data.lang === 'string' ? data.lang : REFERENCE_LANGUAGE);
  let prepared = PREPARED.get(local);
  if (!prepared) {
    prepared = new Template(local);
    PREPARED.set(local, prepared);
  }
  const expanded: unknown = prepared.expand({ $root: data });
  return prune(expanded) as AdaptiveCard;
}

/**
 * Templates parsed once: `new Template()` parses every `${...}` of the payload (the costly part);
 * `expand` then only binds data, synchronously, so one instance serves every rendering.
 */
const PREPARED = new WeakMap<object, Template>();

/**
 * A template in one language (#29 item 4), made once per language: every `{{area:key}}` in its strings becomes
 * that language's text (locales/), whose `{name}` placeholders become `${name}` bindings of the data in scope.
 * Templates hold no words of their own (test/unit/pseudo-locale.test.ts).
 */
export function localized(template: object, lang: Lang): object {
  let byLang = LOCALIZED.get(template);
  if (!byLang) {
    byLang = new Map();
    LOCALIZED.set(template, byLang);
  }
  let local = byLang.get(lang);
  if (!local) {
    // The card's own `lang` property is left unset: the adaptivecards library (3.0.x) checks it with a global
    // regular expression whose state carries over, so every second card with it fails to parse.
    local = localizeNode(template, lang) as object;
    byLang.set(lang, local);
  }
  return local;
}
const LOCALIZED = new WeakMap<object, Map<Lang, object>>();

/** A text key in a template: `{{cards:brainstorm.intro}}`. */
const TEXT_KEY = /\{\{([a-z][a-z-]*:[A-Za-z0-9_.-]+)\}\}/g;
/** A placeholder in a language's text: `{count}`, `{$root.alias}`. */
const PLACEHOLDER = /\{([a-zA-Z$][\w.$]*)\}/g;

function localizeNode(node: unknown, lang: Lang): unknown {
  if (typeof node === 'string') {
    if (!node.includes('{{')) return node;
    return node.replace(TEXT_KEY, (_all, key: string) => raw(lang, key).replace(PLACEHOLDER, '$${$1}'));
  }
  if (Array.isArray(node)) return node.map((n) => localizeNode(n, lang));
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, localizeNode(v, lang)]));
}

/** Drops what `$when` left behind: null properties, empty action lists and empty ActionSets. */
function prune(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(prune).filter((n) => n !== null && !isEmptyActionSet(n));
  }
  if (typeof node !== 'object' || node === null) return node;
  const out: Data = {};
  for (const [key, value] of Object.entries(node as Data)) {
    if (value === null || value === undefined) continue;
    const pruned = prune(value);
    if (key === 'actions' && Array.isArray(pruned) && pruned.length === 0) continue;
    out[key] = pruned;
  }
  return out;
}

function isEmptyActionSet(n: unknown): boolean {
  if (typeof n !== 'object' || n === null) return false;
  const o = n as Data;
  return o.type === 'ActionSet' && (!Array.isArray(o.actions) || o.actions.length === 0);
}

/** Serialized size of a card in bytes (what the 28 KB limit is measured on). */
export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

// ---------------------------------------------------------------------------------------------
// Size budget: render, measure, reduce list limits (and, as a last resort, long texts), re-render.

/** How much a card shows; tightened level by level until the card fits. */
export interface Limits {
  /** Items shown per list. */
  items: number;
  /** Answer boxes on the clarify card. */
  boxes: number;
  /** Characters of user text shown per item. */
  text: number;
  /** Pre-fill inputs with saved text (case summary, my ideas). */
  prefill: boolean;
}

const LEVELS: Limits[] = [
  { items: 40, boxes: 10, text: 2000, prefill: true },
  { items: 20, boxes: 8, text: 2000, prefill: true },
  { items: 10, boxes: 5, text: 1000, prefill: true },
  { items: 8, boxes: 4, text: 1000, prefill: true },
  { items: 6, boxes: 3, text: 500, prefill: true },
  { items: 4, boxes: 2, text: 300, prefill: true },
  { items: 2, boxes: 1, text: 160, prefill: true },
  { items: 1, boxes: 1, text: 80, prefill: true },
  { items: 1, boxes: 1, text: 60, prefill: false },
];

/** The tightest level, for a card that shows only a notice. */
export const TIGHTEST_LIMITS: Limits = LEVELS[LEVELS.length - 1] ?? (LEVELS[0] as Limits);

/**
 * The level that fitted last time, per card: a roundtable's brainstorm card grows idea by idea, so
 * it is the best first guess, and saves re-rendering a large card level by level on every change.
 * The result is the same as scanning from the loosest level (size falls as levels tighten): from
 * the guess, a fit is loosened while it still fits, a miss is tightened until it fits.
 * A cache only: losing it costs time, never correctness.
 */
const fittedLevel = new Map<string, number>();

/** Renders at the loosest level that fits under MAX_CARD_BYTES, else returns `fallback()`. */
export function fitToSize(
  build: (limits: Limits) => AdaptiveCard,
  fallback: () => AdaptiveCard,
  cacheKey?: string,
): AdaptiveCard {
  const fits = (level: number) => {
    const card = build(LEVELS[level] as Limits);
    return cardBytes(card) < MAX_CARD_BYTES ? card : undefined;
  };
  const remember = (level: number) => {
    if (!cacheKey) return;
    if (fittedLevel.size > 2000) fittedLevel.clear();
    fittedLevel.set(cacheKey, level);
  };
  let level = cacheKey ? (fittedLevel.get(cacheKey) ?? 0) : 0;
  let card = fits(level);
  if (card) {
    while (level > 0) {
      const looser = fits(level - 1);
      if (!looser) break;
      card = looser;
      level--;
    }
    remember(level);
    return card;
  }
  for (level++; level < LEVELS.length; level++) {
    card = fits(level);
    if (card) {
      remember(level);
      return card;
    }
  }
  return fallback();
}

/** Shortens user text to `max` code points, marking the cut with an ellipsis. */
export function cap(text: string, max: number): string {
  if (text.length <= max) return text; // no more code points than UTF-16 units
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/** A list cut to a limit, with its "…and N more" line. */
export interface Trimmed<T> {
  shown: T[];
  more: { show: boolean; text: string };
}

/** The first `limit` items, and an "…and N more" line for the rest (in the card's language). */
export function trim<T>(items: T[], limit: number, lang: Lang = REFERENCE_LANGUAGE): Trimmed<T> {
  const shown = items.slice(0, Math.max(0, limit));
  const rest = items.length - shown.length;
  return { shown, more: { show: rest > 0, text: t(lang, 'common:andMore', { n: rest }) } };
}

/** The data every roundtable card action carries: roundtable, phase, revision, nonce, optional target. */
export function actionData(rt: Roundtable, phase: PhaseKey, nonce: string, target?: string): CardActionData {
  const data: CardActionData = { rt: rt.id, phase, rev: rt.revision, nonce };
  if (target !== undefined) data.target = target;
  return data;
}

/**
 * A rendering's nonce: 96 random bits in 16 characters (base64url). Every action of a card carries it, so
 * it is kept short (a UUID would cost 20 bytes more per action against the 28 KB budget).
 */
export function cardNonce(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * Words the bot's messages quote in `backticks` (for the chat, where Teams shows them as code): the first word of
 * every command, given by the route rows (bot/teams/routing/routes.ts calls `quoteCommandWords` when it loads), plus a few
 * the texts quote besides. Cards cannot import the edge, so the rows hand their words over.
 */
const COMMAND_WORDS = new Set(['follow-up', 'review']);
let quotedCommand: RegExp | undefined;

/** Adds the route rows' command words to those `cardSentence` recognises. */
export function quoteCommandWords(words: Iterable<string>): void {
  for (const w of words) if (/^[a-z][a-z-]*$/.test(w)) COMMAND_WORDS.add(w);
  quotedCommand = undefined;
}

function quotedCommandPattern(): RegExp {
  const words = [...COMMAND_WORDS].join('|');
  quotedCommand ??= new RegExp(`\`((?:@Roundtable )?(?:${words})\\b[^\`\\n]*)\``, 'g');
  return quotedCommand;
}

/**
 * A message written for the chat, made fit for a card: cards show no Markdown, so a quoted command
 * `status` becomes “status” (other text, such as what a user typed, stays as it is); a sentence
 * ending in an alias that ends in a full stop ("J.T..") keeps one full stop.
 */
export function cardSentence(text: string): string {
  return text.replace(quotedCommandPattern(), '“$1”').replace(/(?<![.\s])\.\.(?=\s|$)/g, '.');
}
