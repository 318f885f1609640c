/**
 * The domain's messages in the reader's language (#29 item 4). The domain (bot/roundtable, bot/reminders) and the
 * routing pipeline write their messages in English (`fail('not-found', 'That roundtable no longer exists.')`,
 * `ok(step, 'Saved for the family handout.')`); the edge translates them here, once per answer, with the reader's
 * language. The catalogue is `locales/<lang>/messages.json`: stable keys, English as the reference
 * (`"roundtableGone": "That roundtable no longer exists."`), a text with variable parts written with `{name}`
 * placeholders (`"The roundtable for {alias} has ended."`).
 *
 * From the English file an index is built once: exact texts by a Map, texts with placeholders by compiled regexes
 * (the rest escaped, each placeholder `(.+?)`, the most specific first). A matched placeholder's value is itself
 * looked up (a label, a role word, a nested message), so `"The note is too long: …"` reads `"La nota: …"`. A text
 * the catalogue lacks stays English; this never throws. test/unit/messages-catalogue.test.ts checks that every
 * literal message of the domain is in the catalogue.
 */
import { fill, type Lang, REFERENCE_LANGUAGE, type Values } from './lookup.js';
import { flatArea, raw } from './text.js';

/** The area of the catalogue: `locales/<lang>/messages.json`. */
export const MESSAGES_AREA = 'messages';

interface Pattern {
  key: string;
  regex: RegExp;
  names: string[];
  /** Characters of fixed text: the more, the more specific (tried first). */
  weight: number;
}

interface Index {
  exact: Map<string, string>;
  patterns: Pattern[];
}

/** Placeholder values are looked up too, to this depth (a nested message, then its label). */
const MAX_DEPTH = 3;
/** Longer texts are not matched against the patterns (a pasted document is no message of ours). */
const MAX_LENGTH = 5000;
const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

let index: Index | undefined;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The index of the English catalogue: exact texts, then placeholder texts as regexes. */
function buildIndex(): Index {
  const exact = new Map<string, string>();
  const patterns: Pattern[] = [];
  for (const [path, entry] of flatArea(REFERENCE_LANGUAGE, MESSAGES_AREA)) {
    if (typeof entry !== 'string') continue;
    const key = `${MESSAGES_AREA}:${path}`;
    const names: string[] = [];
    let source = '';
    let weight = 0;
    let last = 0;
    for (const m of entry.matchAll(PLACEHOLDER)) {
      const literal = entry.slice(last, m.index);
      source += `${escapeRegex(literal)}(.+?)`;
      weight += literal.length;
      names.push(m[1] as string);
      last = m.index + m[0].length;
    }
    if (names.length === 0) {
      if (!exact.has(entry)) exact.set(entry, key);
      continue;
    }
    const tail = entry.slice(last);
    weight += tail.length;
    patterns.push({ key, names, weight, regex: new RegExp(`^${source}${escapeRegex(tail)}$`, 's') });
  }
  patterns.sort((a, b) => b.weight - a.weight);
  return { exact, patterns };
}

function lookup(lang: Lang, english: string, depth: number): string {
  index ??= buildIndex();
  const key = index.exact.get(english);
  if (key) return raw(lang, key);
  if (depth >= MAX_DEPTH || english.length > MAX_LENGTH) return english;
  for (const p of index.patterns) {
    const m = p.regex.exec(english);
    if (!m) continue;
    const values: Values = {};
    p.names.forEach((name, i) => {
      values[name] = lookup(lang, m[i + 1] ?? '', depth + 1);
    });
    return fill(raw(lang, p.key), values);
  }
  return english;
}

/**
 * A message of the domain or the pipeline, written in English, in `lang`: the catalogue's text with the message's
 * variable parts filled in, or the English text as it is when the catalogue has no match. Never throws.
 */
export function translateMessage(lang: Lang | undefined, english: string): string {
  if (!lang || lang === REFERENCE_LANGUAGE || !english) return english;
  try {
    return lookup(lang, english, 0);
  } catch {
    return english;
  }
}

/** Whether the catalogue knows a text (exactly or by a pattern): for tests. */
export function knowsMessage(english: string): boolean {
  index ??= buildIndex();
  return index.exact.has(english) || index.patterns.some((p) => p.regex.test(english));
}
