/** The help card: the commands, grouped by before / during / after the roundtable and by role. */
import { type Lang, REFERENCE_LANGUAGE, t } from '../bot/i18n/text.js';
import { cardTemplate, noticeData } from './card-view.js';
import { type AdaptiveCard, cap, expand, fitToSize, type Limits, trim } from './kit.js';
import { noticeCard } from './notice-card.js';

/** One command as the help card lists it. */
export interface HelpLine {
  usage: string;
  description: string;
}

/** A titled group of commands ("During the roundtable — facilitator"). */
export interface HelpSection {
  title: string;
  commands: HelpLine[];
}

/** The help card: sections of commands and a closing note (where the other commands are), drawn in `lang`. */
export function helpCard(
  sections: HelpSection[] | HelpLine[],
  note = '',
  lang: Lang = REFERENCE_LANGUAGE,
): AdaptiveCard {
  const groups: HelpSection[] =
    sections.length > 0 && 'usage' in (sections[0] as HelpLine | HelpSection)
      ? [{ title: '', commands: sections as HelpLine[] }]
      : (sections as HelpSection[]);
  const build = (limits: Limits) => {
    let budget = limits.items * 2;
    const shownSections = groups
      .filter((g) => g.commands.length > 0)
      .map((g) => {
        const shown = trim(g.commands, budget, lang);
        budget = Math.max(0, budget - shown.shown.length);
        return {
          title: cap(g.title, 100),
          hasTitle: g.title.length > 0,
          commands: shown.shown.map((c) => ({
            usage: cap(c.usage, 200),
            description: cap(c.description, limits.text),
          })),
          commandsMore: shown.more,
        };
      });
    return expand(cardTemplate('help'), {
      header: { hasAlias: false, alias: '', title: t(lang, 'help:card.header') },
      lang,
      notice: noticeData(undefined, limits),
      closed: { show: false, text: '' },
      interactive: false,
      sections: shownSections,
      note: cap(note, 400),
      hasNote: note.length > 0,
    });
  };
  return fitToSize(build, () => noticeCard(t(lang, 'help:card.tooLong'), 'error'));
}
