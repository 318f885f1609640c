/** The help card: the list of commands. */
import { cardTemplate, noticeData } from './card-view.js';
import { type AdaptiveCard, cap, expand, fitToSize, type Limits, trim } from './kit.js';
import { noticeCard } from './notice-card.js';

/** The list of commands. */
export function helpCard(commands: { usage: string; description: string }[]): AdaptiveCard {
  const build = (limits: Limits) => {
    const shown = trim(commands, limits.items * 2);
    return expand(cardTemplate('help'), {
      header: { hasAlias: false, alias: '', title: 'Help' },
      notice: noticeData(undefined, limits),
      closed: { show: false, text: '' },
      interactive: false,
      commands: shown.shown.map((c) => ({
        usage: cap(c.usage, 200),
        description: cap(c.description, limits.text),
      })),
      commandsMore: shown.more,
    });
  };
  return fitToSize(build, () => noticeCard('The help text is too long to show.', 'error'));
}
