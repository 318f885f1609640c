/**
 * THE route table: every command (its words, how its arguments are read, help, menu rank, where, guard, handler)
 * here, and every card verb (its data's schema, where, guard, handler) in card-routes.ts. The parser
 * (commands.ts), help, the "did you mean", the manifest's command menus, the command words cards quote and
 * docs/security.md are all derived from these rows; dispatch.ts runs each one.
 */
import { helpCard } from '../../../cards/help-card.js';
import { quoteCommandWords } from '../../../cards/kit.js';
import { EXCHANGE_COMMANDS } from '../handlers/exchange.js';
import * as phase from '../handlers/phases.js';
import * as preparation from '../handlers/preparation.js';
import * as programme from '../handlers/programme.js';
import { RECORDS_COMMANDS } from '../handlers/records.js';
import { replyLang } from '../handlers/reply-lang.js';
import * as roles from '../handlers/roles.js';
import * as roundtable from '../handlers/roundtable.js';
import { YOUTH_COMMANDS } from '../handlers/youth.js';
import { GUARDS } from './guards.js';
import { type HelpEntry, helpLine, helpSections } from './help-sections.js';
import { alias, command, followUpList, inviteArgs, line, nothing } from './route-builders.js';
import type { CardVerb, CommandHelp, CommandRoute } from './route-types.js';

/**
 * Every command the bot answers, in the order help lists them. `words`: what is typed (synonyms after the
 * first); `read`: its arguments; `help`: usage, description, when, rank in the manifest menus; `where`: the chat
 * it may be typed in; `guard`: who may use it (guards.ts); `roundtable`: it acts on the chat's roundtable (an
 * active one, or also an ended one); `needs`: the feature that must be enabled.
 */
export const COMMANDS = {
  start: command({
    words: [['start']],
    read: alias,
    help: line('start <case alias>', 'Start a roundtable in this chat; you facilitate it.', 'before', {
      group: 5,
    }),
    where: 'any',
    guard: 'anyone',
    handle: preparation.startAndPrompt,
  }),
  'start-practice': command({
    words: [['start', 'practice']],
    read: nothing,
    help: line(
      'start practice',
      'Run a practice roundtable on a built-in fictional case (marked PRACTICE, deleted after 7 days).',
      'before',
    ),
    where: 'any',
    guard: 'anyone',
    handle: roundtable.startCommand(true),
  }),
  invite: command({
    words: [['invite']],
    read: inviteArgs,
    help: line(
      'invite [role] @person … on <YYYY-MM-DD> [HH:MM]',
      'Facilitator: invite people before the meeting; each gets a 1:1 card to confirm.',
      'before',
      { group: 11 },
    ),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    refusal: 'Only a facilitator can invite participants.',
    handle: preparation.inviteCommand,
  }),
  'start-followup': command({
    words: [
      ['start', 'followup'],
      ['start', 'follow-up'],
    ],
    read: alias,
    help: line(
      'start followup <case alias>',
      'Start a follow-up roundtable: review the previous plan of the case, re-rate, brainstorm, new plan.',
      'before',
    ),
    where: 'any',
    needs: 'programme',
    guard: 'anyone',
    handle: programme.startFollowUpCommand,
  }),
  open: command({
    words: [['open']],
    help: line(
      'open',
      'Facilitator: open a roundtable started ahead of its meeting; the clock starts now.',
      'during',
      { group: 10 },
    ),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: roundtable.openCommand,
  }),
  next: command({
    words: [['next']],
    help: line('next', 'Facilitator: move on to the next phase.', 'during', { group: 1 }),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: phase.moveCommand('next'),
  }),
  back: command({
    words: [['back'], ['previous']],
    help: line('back', 'Facilitator: go back one phase.', 'during', { group: 7 }),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: phase.moveCommand('back'),
  }),
  go: command({
    words: [['go']],
    read: (args) => ({ target: args.replace(/^to\s+/i, '') }),
    help: line(
      'go <1-6 or phase name>',
      'Facilitator: jump to a phase (welcome, present, clarify, brainstorm, plan, debrief).',
      'during',
      { group: 9 },
    ),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: phase.goCommand,
  }),
  status: command({
    words: [['status']],
    help: line('status', 'Phase, time spent against plan, contributions and facilitators.', 'during', {
      group: 2,
    }),
    where: 'any',
    roundtable: 'any',
    guard: 'chat-member',
    handle: roundtable.statusCommand,
  }),
  'facilitator-add': command({
    words: [
      ['facilitator', 'add'],
      ['facilitators', 'add'],
    ],
    help: line('facilitator add @person', 'Facilitator: add a co-facilitator.', 'during', { group: 12 }),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: roundtable.addFacilitatorCommand,
  }),
  join: command({
    words: [['join']],
    read: (args) => (args ? { role: args.replace(/^as\s+/i, '') } : {}),
    help: line('join', 'Join as participant (`join scribe`: as scribe); other roles are given.', 'during', {
      group: 6,
    }),
    where: 'any',
    roundtable: 'active',
    guard: 'chat-member',
    handle: roles.joinCommand,
  }),
  role: command({
    words: [['role']],
    read: (args) => ({ role: args }),
    help: line('role @person <role>', 'Facilitator: give a role (caseworker, supervisor, …).', 'during'),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    refusal: roles.ROLE_GIVERS.refusal,
    handle: roles.roleCommand,
  }),
  timer: command({
    words: [['timer']],
    read: (args) => ({ minutes: args }),
    help: line('timer <minutes>', "Facilitator: set this phase's time box (timer 0 clears it).", 'during', {
      group: 8,
    }),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: roundtable.timerCommand,
  }),
  anonymous: command({
    words: [['anonymous']],
    read: (args) => {
      const on = args.toLowerCase();
      return on === 'on' ? { on: true } : on === 'off' ? { on: false } : {};
    },
    help: line('anonymous on|off', 'Facilitator: hide or show idea authors on the cards.', 'during'),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: phase.anonymousCommand,
  }),
  end: command({
    words: [['end']],
    read: (args) => ({ confirm: /^(confirm|anyway)$/i.test(args) }),
    help: line('end', 'Facilitator: close the roundtable and post the plan summary.', 'during', { group: 3 }),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: phase.endCommand,
  }),
  prepare: command({
    words: [['prepare']],
    read: alias,
    help: line(
      'prepare <case alias>',
      'In your 1:1 chat: record what the youth, family and others said, and the case facts, before the roundtable.',
      'before',
      { personal: 1 },
    ),
    where: 'personal',
    elsewhere: 'send-privately',
    guard: 'preparer',
    handle: preparation.prepareCommand,
  }),
  'prepare-attach': command({
    words: [['prepare', 'attach']],
    help: line(
      'prepare attach',
      'In the roundtable’s chat: attach the preparation you made for its case alias (only yours).',
      'before',
    ),
    where: 'any',
    roundtable: 'active',
    guard: 'chat-member',
    handle: preparation.attachCommand,
  }),
  export: command({
    words: [['export']],
    help: line(
      'export',
      'Facilitator or caseworker: get the whole record as a Word document, by a private link in your 1:1 chat.',
      'after',
    ),
    where: 'any',
    needs: 'programme',
    roundtable: 'any',
    none: 'There is no roundtable in this chat to export. Type `@Roundtable export` in the roundtable’s chat.',
    guard: 'facilitator-or-caseworker',
    handle: programme.exportCommand,
  }),
  ...EXCHANGE_COMMANDS,
  'delete-roundtable': command({
    words: [['delete', 'roundtable']],
    read: (args) => ({ confirmation: args }),
    help: line(
      'delete roundtable',
      'Facilitator: delete this roundtable and all its data (asks you to confirm with the case alias).',
      'after',
    ),
    where: 'any',
    needs: 'programme',
    roundtable: 'any',
    none: 'There is no roundtable in this chat to delete.',
    guard: 'facilitator-or-records-officer',
    refusal: 'Only a facilitator of this roundtable (or a records officer) can delete it.',
    handle: programme.deleteRoundtableCommand,
  }),
  barriers: command({
    words: [['barriers'], ['barrier']],
    read: (args) => ({ csv: /^(csv|export)$/i.test(args) }),
    help: line(
      'barriers [csv]',
      'Agency leaders, in a 1:1 chat: the systemic barriers register; `barriers csv` exports it.',
      'after',
    ),
    where: 'personal',
    elsewhere: 'send-privately',
    needs: 'programme',
    guard: 'leader',
    refusal: 'The barrier register is for agency leaders (configured by the admin).',
    handle: programme.barriersCommand,
  }),
  'reminders-retry': command({
    words: [['reminders', 'retry']],
    read: nothing,
    help: line(
      'reminders retry',
      "Facilitator: send this chat's failed or undeliverable reminders again (after an admin installed the app for the person).",
      'after',
    ),
    where: 'any',
    roundtable: 'any',
    guard: 'facilitator',
    refusal: 'Only a facilitator can send reminders again.',
    handle: roundtable.retryRemindersCommand,
  }),
  'my-steps': command({
    words: [
      ['my', 'steps'],
      ['my', 'tasks'],
    ],
    read: nothing,
    help: line(
      'my steps',
      'Your open plan steps across roundtables, overdue first, with one-click updates.',
      'after',
      {
        personal: 2,
      },
    ),
    where: 'personal',
    elsewhere: 'send-privately',
    needs: 'followUp',
    guard: 'anyone',
    handle: followUpList('my-steps'),
  }),
  'my-reviews': command({
    words: [
      ['my', 'reviews'],
      ['my', 'review'],
    ],
    read: nothing,
    help: line('my reviews', 'Follow-up reviews of the plans you are caseworker or supervisor on.', 'after', {
      personal: 3,
    }),
    where: 'personal',
    elsewhere: 'send-privately',
    needs: 'followUp',
    guard: 'anyone',
    handle: followUpList('my-reviews'),
  }),
  'team-steps': command({
    words: [['team', 'steps']],
    read: nothing,
    help: line('team steps', 'Supervisors: open steps of the roundtables you supervise.', 'after', {
      personal: 4,
    }),
    where: 'personal',
    elsewhere: 'send-privately',
    needs: 'followUp',
    guard: 'anyone',
    handle: followUpList('team-steps'),
  }),
  help: command({
    words: [['help'], ['?']],
    help: line('help', 'This list.', 'any', { group: 4, personal: 5 }),
    where: 'any',
    guard: 'anyone',
    handle: async ({ deps, turn }) => {
      const lang = replyLang(deps, turn);
      const { sections, note } = helpSections(helpEntries(), turn.personal === true, lang);
      return { event: 'command.help', effects: [{ kind: 'card', card: helpCard(sections, note, lang) }] };
    },
  }),
  /** Anything else: "did you mean", from the rows' words. No words of its own; the parser falls back to it. */
  ...RECORDS_COMMANDS,
  ...YOUTH_COMMANDS,
  unknown: command({
    words: [],
    read: (text) => ({ word: text.slice(0, 30) }),
    help: null,
    where: 'any',
    guard: 'anyone',
    handle: (c) =>
      roundtable.unknownCommand(c, {
        commands: commandPhrases(),
        lines: (lang) => helpEntries().map((e) => helpLine(e, lang)),
      }),
  }),
};

/** A command's name: a key of the table. */
export type CommandName = keyof typeof COMMANDS;
type InputOf<N extends CommandName> = (typeof COMMANDS)[N] extends CommandRoute<infer I> ? I : never;
/** A typed command as the parser (commands.ts) reads it: its name and its arguments. */
export type Command = { [N in CommandName]: { name: N } & InputOf<N> }[CommandName];

/** Every row, with its name (the table's order). */
export const commandRows = (): [CommandName, CommandRoute][] =>
  Object.entries(COMMANDS) as [CommandName, CommandRoute][];

// Card texts quote commands by their first words (cards/kit.ts `cardSentence`).
quoteCommandWords(commandRows().flatMap(([, r]) => r.words.map((w) => w[0] ?? '')));

/** What `help` lists: every command with a help line, in the table's order. */
export const COMMAND_HELP: CommandHelp[] = commandRows().flatMap(([, r]) => (r.help ? [r.help] : []));

/** Every command as typed (its first words: "my steps", "next"), for "did you mean". */
export const commandPhrases = (): string[] =>
  commandRows().flatMap(([, r]) => r.words.slice(0, 1).map((w) => w.join(' ')));

/** Help's entries: usage, description, when, where it may be typed, and who it is for (from the guard). */
export const helpEntries = (): HelpEntry[] =>
  commandRows().flatMap(([name, r]) =>
    r.help
      ? [
          {
            ...r.help,
            name,
            words: r.words[0]?.join(' ') ?? '',
            where: r.where,
            audience: GUARDS[r.guard].audience,
          },
        ]
      : [],
  );

export { CARD_VERBS, cardRoute } from './card-routes.js';
export type { CardVerb };
