/**
 * What someone without an agency account may ask the bot for (#29, docs/security.md "Youth, support people and
 * guests without an agency account"): an anonymous meeting participant, whom Teams names without an Entra object
 * id. Deny by default: every route not listed here is refused to them before its guard runs or anything of the
 * case is read. The list names routes as the access log does (`command.<name>`, `card.<verb>`).
 */
import type { CardVerb } from './route-types.js';

/** Commands a guest without an agency account may type. */
const GUEST_COMMANDS = ['help', 'unknown', 'youth', 'youth-goal'] as const;
/** Card verbs a guest may press: their own ideas only. */
const GUEST_VERBS = ['idea.add', 'ideas.mine'] as const satisfies readonly CardVerb[];

/** The routes open to a guest without an agency account (their access-log names). */
export const ANONYMOUS_ROUTES: ReadonlySet<string> = new Set([
  ...GUEST_COMMANDS.map((c) => `command.${c}`),
  ...GUEST_VERBS.map((v) => `card.${v}`),
]);

/** The refusal a guest sees: no case content, and what they can do instead. */
export const ANONYMOUS_REFUSAL =
  'You are here without an agency account. You can add your own goals and ideas. To see the questions, type @Roundtable youth. For anything else, ask the person who leads the meeting.';
