/** What the rating forms show beside the inputs: each tier of the agency's scale with its meaning (#25). */
import type { AgencySettings } from '../bot/roundtable/types.js';
import { cap } from './kit.js';

/** The data of the `rating-meanings` template part (`id`: the element the "What the ratings mean" toggle shows). */
export function ratingMeaningsData(
  settings: Pick<AgencySettings, 'ratingScale'>,
  id: string,
): { ratingMeaningsId: string; ratingMeanings: { label: string; definition: string }[] } {
  return {
    ratingMeaningsId: id,
    ratingMeanings: settings.ratingScale.map((r) => ({
      label: r.label,
      definition: r.definition ? cap(r.definition, 600) : 'no definition configured (the agency sets one).',
    })),
  };
}
