import type { Command } from './turn.js';

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

/** Turns what someone typed into a command. Unknown words become `unknown`, never silence. */
export function parseCommand(raw: string): Command {
  if (raw.length > MAX_RAW_LENGTH)
    return { name: 'unknown', word: plainText(raw.slice(0, 100)).slice(0, 20) };
  const text = plainText(raw);
  if (text.length > MAX_COMMAND_LENGTH) return { name: 'unknown', word: text.slice(0, 20) };
  const [first = '', ...rest] = text.split(' ');
  const word = first.toLowerCase();
  const args = rest.join(' ').trim();
  const lowerArgs = args.toLowerCase();
  switch (word) {
    case 'start':
      if (/^follow-?up(\s|$)/.test(lowerArgs))
        return { name: 'start-followup', alias: args.replace(/^follow-?up\s*/i, '') };
      return lowerArgs === 'practice' ? { name: 'start-practice' } : { name: 'start', alias: args };
    case 'delete':
      return /^roundtable(\s|$)/.test(lowerArgs)
        ? { name: 'delete-roundtable', confirmation: args.replace(/^roundtable\s*/i, '') }
        : { name: 'unknown', word: text.slice(0, 30) };
    case 'export':
      return { name: 'export' };
    case 'barriers':
    case 'barrier':
      return { name: 'barriers', csv: lowerArgs === 'csv' || lowerArgs === 'export' };
    case 'prepare':
      return lowerArgs === 'attach' || lowerArgs.startsWith('attach ')
        ? { name: 'prepare-attach' }
        : { name: 'prepare', alias: args };
    case 'invite': {
      const when = /(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}:\d{2}))?/.exec(args);
      const firstArg = lowerArgs.split(' ')[0] ?? '';
      const role =
        /^(caseworker|supervisor|consultant|master-practitioner|barrier-buster|scribe|facilitator|other)$/.test(
          firstArg,
        )
          ? firstArg
          : undefined;
      return {
        name: 'invite',
        ...(role ? { role } : {}),
        ...(when ? { when: when[0] } : {}),
      };
    }
    case 'open':
      return { name: 'open' };
    case 'next':
      return { name: 'next' };
    case 'back':
    case 'previous':
      return { name: 'back' };
    case 'go':
      return { name: 'go', target: args.replace(/^to\s+/i, '') };
    case 'status':
      return { name: 'status' };
    case 'facilitator':
    case 'facilitators':
      if (lowerArgs.startsWith('remove')) return { name: 'facilitator-remove' };
      return lowerArgs.startsWith('add')
        ? { name: 'facilitator-add' }
        : { name: 'unknown', word: text.slice(0, 30) };
    case 'join':
      return args ? { name: 'join', role: args.replace(/^as\s+/i, '') } : { name: 'join' };
    case 'role':
      return { name: 'role', role: args };
    case 'timer':
      return { name: 'timer', minutes: args };
    case 'anonymous':
      return { name: 'anonymous', on: lowerArgs === 'on' ? true : lowerArgs === 'off' ? false : undefined };
    case 'end':
      return { name: 'end', confirm: lowerArgs === 'confirm' || lowerArgs === 'anyway' };
    case 'my':
      if (lowerArgs === 'steps' || lowerArgs === 'tasks') return { name: 'my-steps' };
      if (lowerArgs === 'reviews' || lowerArgs === 'review') return { name: 'my-reviews' };
      return { name: 'unknown', word: text.slice(0, 30) };
    case 'team':
      return lowerArgs === 'steps' ? { name: 'team-steps' } : { name: 'unknown', word: text.slice(0, 30) };
    case 'reminders':
      return lowerArgs === 'retry'
        ? { name: 'reminders-retry' }
        : { name: 'unknown', word: text.slice(0, 30) };
    case 'help':
    case '?':
    case '':
      return { name: 'help' };
    case 'handover':
      return { name: 'handover', role: args };
    case 'legal':
      return /^hold(\s|$)/.test(lowerArgs)
        ? { name: 'legal-hold', release: /^hold\s+(release|off)$/.test(lowerArgs) }
        : { name: 'unknown', word: text.slice(0, 30) };
    default:
      return { name: 'unknown', word: text.slice(0, 30) };
  }
}
