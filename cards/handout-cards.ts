/** The family handout from the 1:1 `my reviews` card: its verb, and the private PDF link per language. */
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
}): AdaptiveCard {
  return downloadCard({
    what: `Family handout, ${opts.language}`,
    alias: opts.alias,
    linkTitle: `Download the family handout in ${opts.language} (.pdf)`,
    url: opts.url,
    expiresAt: opts.expiresAt,
  });
}
