/** Text commands typed to the bot (after the @mention is removed). Case-insensitive. */
export type Command =
  | { name: 'start'; alias: string }
  | { name: 'start-practice' }
  | { name: 'start-followup'; alias: string }
  | { name: 'delete-roundtable'; confirmation: string }
  | { name: 'export' }
  | { name: 'barriers'; csv: boolean }
  | { name: 'prepare'; alias: string }
  | { name: 'invite'; role?: string; when?: string }
  | { name: 'next' }
  | { name: 'back' }
  | { name: 'go'; target: string }
  | { name: 'status' }
  | { name: 'facilitator-add' }
  | { name: 'timer'; minutes: string }
  | { name: 'anonymous'; on?: boolean }
  | { name: 'end'; confirm: boolean }
  | { name: 'my-steps' }
  | { name: 'my-reviews' }
  | { name: 'team-steps' }
  | { name: 'reminders-retry' }
  | { name: 'help' }
  | { name: 'unknown'; word: string };

/** What `help` lists: every command the bot answers (the manifest's command lists use it too). */
export const COMMAND_HELP: { usage: string; description: string }[] = [
  { usage: 'start <case alias>', description: 'Start a roundtable in this chat; you facilitate it.' },
  {
    usage: 'start practice',
    description:
      'Run a practice roundtable on a built-in fictional case (marked PRACTICE, deleted after a while).',
  },
  {
    usage: 'invite [role] @person … on <YYYY-MM-DD> [HH:MM]',
    description: 'Facilitator: invite people before the meeting; each gets a 1:1 card to confirm.',
  },
  {
    usage: 'start followup <case alias>',
    description:
      'Start a follow-up roundtable: review the previous plan of the case, re-rate, brainstorm, new plan.',
  },
  { usage: 'next', description: 'Facilitator: move on to the next phase.' },
  { usage: 'back', description: 'Facilitator: go back one phase.' },
  {
    usage: 'go <1-6 or phase name>',
    description: 'Facilitator: jump to a phase (welcome, present, clarify, brainstorm, plan, debrief).',
  },
  { usage: 'status', description: 'Phase, time spent against plan, contributions and facilitators.' },
  { usage: 'facilitator add @person', description: 'Facilitator: add a co-facilitator.' },
  { usage: 'timer <minutes>', description: "Facilitator: set this phase's time box (timer 0 clears it)." },
  { usage: 'anonymous on|off', description: 'Facilitator: hide or show idea authors on the cards.' },
  { usage: 'end', description: 'Facilitator: close the roundtable and post the plan summary.' },
  {
    usage: 'prepare <case alias>',
    description:
      'In your 1:1 chat: record what the youth, family and others said, and the case facts, before the roundtable.',
  },
  {
    usage: 'export',
    description:
      'Facilitator or caseworker: get the whole record as a Word document, by a private link in your 1:1 chat.',
  },
  {
    usage: 'delete roundtable',
    description:
      'Facilitator: delete this roundtable and all its data (asks you to confirm with the case alias).',
  },
  {
    usage: 'barriers [csv]',
    description: 'Agency leaders, in a 1:1 chat: the systemic barriers register; `barriers csv` exports it.',
  },
  {
    usage: 'reminders retry',
    description:
      "Facilitator: send this chat's failed or undeliverable reminders again (after an admin installed the app for the person).",
  },
  {
    usage: 'my steps',
    description: 'Your open plan steps across roundtables, overdue first, with one-click updates.',
  },
  { usage: 'my reviews', description: 'Follow-up reviews of the plans you are caseworker or supervisor on.' },
  { usage: 'team steps', description: 'Supervisors: open steps of the roundtables you supervise.' },
  { usage: 'help', description: 'This list.' },
];

/** Longest text the parser looks at; longer messages are not commands. */
const MAX_COMMAND_LENGTH = 200;

/** Turns what someone typed into a command. Unknown words become `unknown`, never silence. */
export function parseCommand(raw: string): Command {
  const text = raw
    .replace(/&nbsp;/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
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
        : { name: 'unknown', word };
    case 'export':
      return { name: 'export' };
    case 'barriers':
    case 'barrier':
      return { name: 'barriers', csv: lowerArgs === 'csv' || lowerArgs === 'export' };
    case 'prepare':
      return { name: 'prepare', alias: args };
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
      return lowerArgs.startsWith('add') ? { name: 'facilitator-add' } : { name: 'unknown', word };
    case 'timer':
      return { name: 'timer', minutes: args };
    case 'anonymous':
      return { name: 'anonymous', on: lowerArgs === 'on' ? true : lowerArgs === 'off' ? false : undefined };
    case 'end':
      return { name: 'end', confirm: lowerArgs === 'confirm' || lowerArgs === 'anyway' };
    case 'my':
      if (lowerArgs === 'steps' || lowerArgs === 'tasks') return { name: 'my-steps' };
      if (lowerArgs === 'reviews' || lowerArgs === 'review') return { name: 'my-reviews' };
      return { name: 'unknown', word };
    case 'team':
      return lowerArgs === 'steps' ? { name: 'team-steps' } : { name: 'unknown', word };
    case 'reminders':
      return lowerArgs === 'retry' ? { name: 'reminders-retry' } : { name: 'unknown', word };
    case 'help':
    case '?':
    case '':
      return { name: 'help' };
    default:
      return { name: 'unknown', word: first.slice(0, 20) };
  }
}
