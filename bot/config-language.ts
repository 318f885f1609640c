/**
 * Agency settings about language (#29 item 4): the language of the cards posted to a meeting chat, and the agency's
 * own translations of its practice words (questions, scales, phase names), which otherwise stay in English.
 */
import { z } from 'zod';
import { languages } from './i18n/text.js';
import type { AgencySettings } from './roundtable/types.js';
import { PHASE_KEYS } from './roundtable/types.js';

type LanguageKeys = 'language' | 'translations';

const key = z.string().regex(/^[a-z0-9-]{1,30}$/);
const code = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a language code such as es or pt-BR');

/** The keys of AGENCY_SETTINGS_FILE this file parses (spread into the settings schema). */
export const LANGUAGE_SETTINGS_SHAPE = {
  language: code.refine((c) => languages().includes(c), {
    message: `a language the app ships (locales/: ${languages().join(', ')})`,
  }),
  translations: z.record(
    code,
    z
      .object({
        questions: z.record(key, z.string().min(1).max(300)),
        ratingScale: z.record(
          key,
          z.object({ label: z.string().min(1).max(60), definition: z.string().min(1).max(600) }).partial(),
        ),
        livingScale: z.record(key, z.string().min(1).max(60)),
        phases: z.object(Object.fromEntries(PHASE_KEYS.map((k) => [k, z.string().min(1).max(40)]))).partial(),
      })
      .partial(),
  ),
};

/** The parsed language settings (both optional: English, no translations). */
export function languageSettings(
  s: Partial<Pick<AgencySettings, LanguageKeys>>,
): Partial<Pick<AgencySettings, LanguageKeys>> {
  return {
    ...(s.language ? { language: s.language } : {}),
    ...(s.translations ? { translations: s.translations } : {}),
  };
}
