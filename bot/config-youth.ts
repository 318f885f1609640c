/** Agency settings of the youth-centred roundtable (#29): its questions and the youth's welcome card. */
import { z } from 'zod';
import type { AgencySettings, YouthSettings } from './roundtable/types.js';
import { DEFAULT_YOUTH_SETTINGS } from './roundtable/youth-agenda.js';

const line = z.string().min(1).max(300);

/** The `youth` key of AGENCY_SETTINGS_FILE (spread into the settings schema); each part is optional. */
export const YOUTH_SETTINGS_SHAPE = {
  youth: z
    .object({
      questions: z
        .array(
          z.object({
            key: z.string().regex(/^[a-z0-9-]{1,20}$/),
            text: line,
            plain: line.optional(),
            youth: z.boolean().optional(),
          }),
        )
        .min(1)
        .max(10),
      welcomeTitle: z.string().min(1).max(100),
      agenda: z.array(line).min(1).max(10),
      groundRules: z.array(line).min(1).max(10),
      goalPrompt: line,
      supportPrompt: line,
    })
    .partial()
    .strict(),
};

/** The parsed youth settings over the defaults (absent: the defaults are used where they are read). */
export function youthSettingsOf(s: {
  youth?: Partial<YouthSettings> | undefined;
}): Pick<AgencySettings, 'youth'> {
  if (!s.youth) return {};
  const given = Object.fromEntries(Object.entries(s.youth).filter(([, v]) => v !== undefined));
  return { youth: { ...DEFAULT_YOUTH_SETTINGS, ...given } };
}
