/** Agency settings about each child's record (#25): the rating scale with its definitions, the living-situation scale, the follow-up roundtable cadence. */
import { z } from 'zod';
import { DEFAULT_SETTINGS } from './roundtable/settings.js';
import type { AgencySettings } from './roundtable/types.js';

type ChildKeys = 'ratingScale' | 'livingScale' | 'followUpRoundtableDays';

const scaleKey = z.string().regex(/^[a-z0-9-]{1,30}$/);

/** The keys of AGENCY_SETTINGS_FILE this file parses (spread into the settings schema). */
export const CHILD_SETTINGS_SHAPE = {
  ratingScale: z
    .array(
      z.object({
        key: scaleKey,
        label: z.string().min(1).max(60),
        definition: z.string().min(1).max(600).optional(),
      }),
    )
    .min(2)
    .max(10),
  livingScale: z
    .array(z.object({ key: scaleKey, label: z.string().min(1).max(60) }))
    .min(2)
    .max(12),
  followUpRoundtableDays: z.number().int().min(14).max(365),
};

/** The parsed child-record settings, defaults filled in. */
export function childSettings(s: Partial<Pick<AgencySettings, ChildKeys>>): Pick<AgencySettings, ChildKeys> {
  return {
    ratingScale: s.ratingScale ?? DEFAULT_SETTINGS.ratingScale,
    livingScale: s.livingScale ?? DEFAULT_SETTINGS.livingScale,
    followUpRoundtableDays: s.followUpRoundtableDays ?? DEFAULT_SETTINGS.followUpRoundtableDays,
  };
}
