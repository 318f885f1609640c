/** The help card's contents: the route rows' commands by before / during / after and by who the guard lets in. */
import type { HelpSection } from '../../../cards/help-card.js';
import { type Lang, REFERENCE_LANGUAGE, t } from '../../i18n/text.js';
import type { CommandHelp, Where } from './route-types.js';

/** A command as help lists it: its help line, its words, where it may be typed, and who its guard lets in. */
export interface HelpEntry extends CommandHelp {
  /** The row's name in the route table: its texts are `help:commands.<name>.usage` and `.description`. */
  name: string;
  words: string;
  where: Where;
  audience: 'facilitator' | 'facilitator or caseworker' | 'agency leaders' | 'records officers' | 'everyone';
}

/** The audiences in the order help shows them, each stage's facilitator commands first, with their text keys. */
const AUDIENCES: [HelpEntry['audience'], string][] = [
  ['facilitator', 'facilitator'],
  ['facilitator or caseworker', 'facilitatorOrCaseworker'],
  ['agency leaders', 'agencyLeaders'],
  ['records officers', 'recordsOfficers'],
  ['everyone', 'everyone'],
];

/** Typed in the 1:1 chat: personal commands and those in the 1:1 chat's menu. */
const inPersonalChat = (e: HelpEntry) => e.where === 'personal' || e.rank.personal !== undefined;

/** A command's help line in a language (locales/<lang>/help.json; the command words stay as typed). */
export const helpLine = (e: Pick<HelpEntry, 'name'>, lang: Lang): { usage: string; description: string } => ({
  usage: t(lang, `help:commands.${e.name}.usage`),
  description: t(lang, `help:commands.${e.name}.description`),
});

/**
 * The meeting chat's help lists what is typed there (as `@Roundtable …`); the 1:1 chat's lists what is typed
 * there. Each says where the others are. In `lang`: the asker's in the 1:1 chat, the agency's in a group chat.
 */
export function helpSections(
  entries: HelpEntry[],
  personal: boolean,
  lang: Lang = REFERENCE_LANGUAGE,
): { sections: HelpSection[]; note: string } {
  const here = entries.filter((e) => (personal ? inPersonalChat(e) : e.where !== 'personal'));
  const sections: HelpSection[] = [];
  for (const stage of ['before', 'during', 'after', 'any'] as const) {
    const inStage = here.filter((e) => e.when === stage);
    for (const [audience, key] of AUDIENCES) {
      const commands = inStage
        .filter((e) => e.audience === audience)
        .map((e) => {
          const { usage, description } = helpLine(e, lang);
          return { usage: personal ? usage : `@Roundtable ${usage}`, description };
        });
      if (commands.length)
        sections.push({
          title: t(lang, 'help:sectionTitle', {
            stage: t(lang, `help:stages.${stage}`),
            audience: t(lang, `help:audiences.${key}`),
          }),
          commands,
        });
    }
  }
  const elsewhere = entries
    .filter((e) => (personal ? !inPersonalChat(e) : e.where === 'personal'))
    .map((e) => e.words);
  const note = personal
    ? t(lang, 'help:note.personal')
    : t(lang, 'help:note.group', { commands: elsewhere.join(', ') });
  return { sections, note };
}
