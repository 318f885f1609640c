/**
 * The practice's words in a reader's language (#29 item 4). Questions, rating and living scales and phase names
 * are the agency's practice words: they stay verbatim in English unless the agency's settings translate them
 * (`translations.<lang>`, docs/configuration.md). Everything else a card says comes from locales/.
 */
import type { AgencySettings } from './types.js';

/** The settings with the agency's translation of its practice words into `lang` laid over (the same object without one). */
export function settingsIn(settings: AgencySettings, lang: string | undefined): AgencySettings {
  const tr = lang ? settings.translations?.[lang] : undefined;
  if (!tr) return settings;
  return {
    ...settings,
    questions: settings.questions.map((q) => ({ ...q, text: tr.questions?.[q.key] ?? q.text })),
    ratingScale: settings.ratingScale.map((r) => {
      const own = tr.ratingScale?.[r.key];
      const definition = own?.definition ?? r.definition;
      return { ...r, label: own?.label ?? r.label, ...(definition ? { definition } : {}) };
    }),
    livingScale: settings.livingScale.map((l) => ({ ...l, label: tr.livingScale?.[l.key] ?? l.label })),
    ...(settings.youth
      ? {
          youth: {
            ...settings.youth,
            questions: settings.youth.questions.map((q) => ({ ...q, text: tr.questions?.[q.key] ?? q.text })),
          },
        }
      : {}),
    ...(tr.phases ? { phaseNames: tr.phases } : {}),
  };
}
