/** The youth's card as an effect (posted at `start youth`, answered to `youth`). */
import { youthCard } from '../../../cards/youth-card.js';
import { youthWordsIn } from '../../../cards/youth-words.js';
import { pickLanguage } from '../../i18n/text.js';
import type { Roundtable } from '../../roundtable/types.js';
import type { Effect, HandlerDeps } from '../routing/turn.js';

/**
 * The youth's card of the roundtable, drawn with the agency's youth-centred words. It is posted to the meeting
 * chat, which everyone reads: in the agency's language unless `lang` is given.
 */
export function youthCardEffect(deps: HandlerDeps, rt: Roundtable, lang?: string): Effect {
  const language = pickLanguage(lang ?? deps.domain.settings.language);
  return { kind: 'card', card: youthCard(rt, youthWordsIn(deps.domain.settings, language), language) };
}
