/** What the rating forms show beside the inputs: each tier of the agency's scale with its meaning (#25). */
import { type Lang, REFERENCE_LANGUAGE, t } from '../bot/i18n/text.js';
import type { AgencySettings } from '../bot/roundtable/types.js';
import { cap } from './kit.js';

/**
 * The data of the `rating-meanings` template part (`id`: the element the "What the ratings mean" toggle shows).
 * `maxChars` shortens each definition on a card that must shrink to fit (the plan card of a large roundtable); 0
 * leaves the meanings out (the sentence stays; the 1:1 review card and the personal app show them). The tiers and
 * their meanings are the agency's practice words (its settings, translated by the agency if it did); `lang` only
 * says "no definition configured".
 */
export function ratingMeaningsData(
  settings: Pick<AgencySettings, 'ratingScale'>,
  id: string,
  maxChars = 600,
  lang: Lang = REFERENCE_LANGUAGE,
): { ratingMeaningsId: string; ratingMeanings: { label: string; definition: string }[] } {
  return {
    ratingMeaningsId: id,
    ratingMeanings: (maxChars > 0 ? settings.ratingScale : []).map((r) => ({
      label: r.label,
      definition: r.definition
        ? cap(r.definition, Math.min(600, maxChars))
        : t(lang, 'plan:ratings.noDefinition'),
    })),
  };
}
