import type { CommandRoute } from './route-types.js';
import { type Command, type CommandName, commandRows } from './routes.js';

/** Longest text the parser looks at; longer messages are not commands. */
const MAX_COMMAND_LENGTH = 200;
/**
 * Longest raw message (mention tags and HTML included) the parser reads at all; checked before any
 * scan, so a huge message costs nothing. A command with its @mention markup is far shorter.
 */
const MAX_RAW_LENGTH = 4000;

/**
 * Replaces `<...>` tags and `&nbsp;` with spaces in ONE left-to-right pass (linear: no regex, no
 * backtracking; an unclosed `<` is kept as text, as the old `/<[^>]*>/` left it).
 */
function stripMarkup(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c === '<') {
      const close = raw.indexOf('>', i + 1);
      if (close === -1) {
        out += raw.slice(i);
        break;
      }
      out += ' ';
      i = close + 1;
    } else if (c === '&' && raw.slice(i, i + 6).toLowerCase() === '&nbsp;') {
      out += ' ';
      i += 6;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Markup stripped, whitespace collapsed, trimmed (on text already bounded by MAX_RAW_LENGTH). */
function plainText(raw: string): string {
  return stripMarkup(raw).replace(/\s+/g, ' ').trim();
}

/** Every row's phrasings as lower-case words, longest first (so "start practice" is tried before "start"). */
let phrasings: { name: CommandName; words: readonly string[]; route: CommandRoute }[] | undefined;
function allPhrasings() {
  phrasings ??= commandRows()
    .flatMap(([name, route]) => route.words.map((words) => ({ name, words, route })))
    .sort((a, b) => b.words.length - a.words.length);
  return phrasings;
}

/** The fallback: a word the bot does not know (`unknown`, never silence). */
const unknown = (text: string): Command => ({ name: 'unknown', word: text.slice(0, 30) });

/**
 * Turns what someone typed into a command, by the route rows (routes.ts): the longest of their words that
 * starts the text, whose reader accepts what follows. Case-insensitive; unknown words become `unknown`.
 */
export function parseCommand(raw: string): Command {
  if (raw.length > MAX_RAW_LENGTH) return unknown(plainText(raw.slice(0, 100)).slice(0, 20));
  const text = plainText(raw);
  if (text.length > MAX_COMMAND_LENGTH) return unknown(text.slice(0, 20));
  if (text === '') return { name: 'help' };
  const typed = text.split(' ');
  const lower = typed.map((w) => w.toLowerCase());
  for (const { name, words, route } of allPhrasings()) {
    if (words.length === 0 || !words.every((w, i) => lower[i] === w)) continue;
    const args = typed.slice(words.length).join(' ');
    const input = route.read ? route.read(args) : {};
    if (input !== undefined) return { ...(input as object), name } as Command;
  }
  return unknown(text);
}

/** A manifest command menu: the ranked commands of `menu`, by rank (title: the command's words). */
export function menuCommands(menu: 'group' | 'personal'): { title: string; description: string }[] {
  return commandRows()
    .flatMap(([, r]) => {
      const rank = r.help?.rank[menu];
      return r.help && rank !== undefined
        ? [{ rank, title: r.words[0]?.join(' ') ?? '', description: r.help.description }]
        : [];
    })
    .sort((a, b) => a.rank - b.rank)
    .map(({ title, description }) => ({ title, description }));
}
