/** The family handout from the 1:1 `my reviews` card: its verb, and the private PDF link per language. */
import { type Lang, t } from '../bot/i18n/text.js';
import type { AdaptiveCard } from './kit.js';
import { downloadCard } from './programme-cards.js';

/** "Family handout (PDF)" on the review card: sends one single-use PDF link per language to the 1:1 chat. */
export const HANDOUT_VERB = 'plan.handout';

/** One private download card for a language's handout PDF. */
export function handoutLinkCard(opts: {
  alias: string;
  /** The language's own name ("English", "Español"). */
  language: string;
  url: string;
  expiresAt: string;
  /** The reader's language (a code of locales/), not the handout's. */
  lang?: Lang;
}): AdaptiveCard {
  const lang = opts.lang ?? 'en';
  return downloadCard({
    what: t(lang, 'personal:download.handout', { language: opts.language }),
    alias: opts.alias,
    linkTitle: t(lang, 'personal:download.handoutLink', { language: opts.language }),
    url: opts.url,
    expiresAt: opts.expiresAt,
    lang,
  });
}
