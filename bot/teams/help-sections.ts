/** The help card's contents: the route table's commands by before / during / after and by role, per chat kind. */
import type { HelpSection } from '../../cards/help-card.js';
import { commandWords } from './command-suggest.js';
import type { CommandHelp } from './route-types.js';

/** A command as help lists it, with where it may be typed. */
export interface HelpEntry extends CommandHelp {
  where: 'any' | 'personal' | 'group';
}

const BEFORE = new Set(['start', 'start practice', 'start followup', 'invite', 'prepare', 'prepare attach']);
const AFTER = new Set([
  'export',
  'delete roundtable',
  'barriers',
  'reminders retry',
  'my steps',
  'my reviews',
  'team steps',
]);

const stage = (e: HelpEntry) => {
  const words = commandWords(e.usage);
  if (words === 'help') return 'any';
  return BEFORE.has(words) ? 'before' : AFTER.has(words) ? 'after' : 'during';
};
const facilitatorOnly = (e: HelpEntry) => /^Facilitator[:\s]/.test(e.description);
const inPersonalChat = (e: HelpEntry) => e.where === 'personal' || e.menu !== 'group';

/**
 * The meeting chat's help lists what is typed there (as `@Roundtable …`); the 1:1 chat's lists what is typed
 * there. Each says where the others are.
 */
export function helpSections(
  entries: HelpEntry[],
  personal: boolean,
): { sections: HelpSection[]; note: string } {
  const here = entries.filter((e) => (personal ? inPersonalChat(e) : e.where !== 'personal'));
  const usage = (e: HelpEntry) => (personal ? e.usage : `@Roundtable ${e.usage}`);
  const sections: HelpSection[] = [];
  for (const [key, title] of [
    ['before', 'Before the roundtable'],
    ['during', 'During the roundtable'],
    ['after', 'After the roundtable'],
    ['any', 'Any time'],
  ] as const) {
    const inStage = here.filter((e) => stage(e) === key);
    for (const [facilitator, who] of [
      [true, 'facilitator'],
      [false, 'everyone'],
    ] as const) {
      const commands = inStage
        .filter((e) => facilitatorOnly(e) === facilitator)
        .map((e) => ({ usage: usage(e), description: e.description }));
      if (commands.length) sections.push({ title: `${title} — ${who}`, commands });
    }
  }
  const elsewhere = entries
    .filter((e) => (personal ? !inPersonalChat(e) : e.where === 'personal'))
    .map((e) => commandWords(e.usage));
  const note = personal
    ? 'In the meeting chat, type `@Roundtable help` for the commands of the roundtable itself.'
    : `In your 1:1 chat with me: ${elsewhere.join(', ')}.`;
  return { sections, note };
}
