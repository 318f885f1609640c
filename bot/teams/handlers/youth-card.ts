/** The youth's card as an effect (posted at `start youth`, answered to `youth`). */
import { youthCard } from '../../../cards/youth-card.js';
import type { Roundtable } from '../../roundtable/types.js';
import { youthSettings } from '../../roundtable/youth-rules.js';
import type { Effect, HandlerDeps } from '../routing/turn.js';

/** The youth's card of the roundtable, drawn with the agency's youth-centred words. */
export function youthCardEffect(deps: HandlerDeps, rt: Roundtable): Effect {
  return { kind: 'card', card: youthCard(rt, youthSettings(deps.domain.settings)) };
}
