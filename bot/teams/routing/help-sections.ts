/** The help card's contents: the route rows' commands by before / during / after and by who the guard lets in. */
import type { HelpSection } from '../../../cards/help-card.js';
import type { CommandHelp, Where } from './route-types.js';

/** A command as help lists it: its help line, its words, where it may be typed, and who its guard lets in. */
export interface HelpEntry extends CommandHelp {
  words: string;
  where: Where;
  audience: 'facilitator' | 'facilitator or caseworker' | 'agency leaders' | 'records officers' | 'everyone';
}

/** The audiences in the order help shows them, each stage's facilitator commands first. */
const AUDIENCES: HelpEntry['audience'][] = [
  'facilitator',
  'facilitator or caseworker',
  'agency leaders',
  'records officers',
  'everyone',
];

/** Typed in the 1:1 chat: personal commands and those in the 1:1 chat's menu. */
const inPersonalChat = (e: HelpEntry) => e.where === 'personal' || e.rank.personal !== undefined;

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
    const inStage = here.filter((e) => e.when === key);
    for (const audience of AUDIENCES) {
      const commands = inStage
        .filter((e) => e.audience === audience)
        .map((e) => ({ usage: usage(e), description: e.description }));
      if (commands.length) sections.push({ title: `${title} — ${audience}`, commands });
    }
  }
  const elsewhere = entries
    .filter((e) => (personal ? !inPersonalChat(e) : e.where === 'personal'))
    .map((e) => e.words);
  const note = personal
    ? 'In the meeting chat, type `@Roundtable help` for the commands of the roundtable itself.'
    : `In your 1:1 chat with me: ${elsewhere.join(', ')}.`;
  return { sections, note };
}
