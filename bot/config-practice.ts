/** Agency settings about the practice itself: flood guard, the family team meeting, practice retention, the two-hour minimum, full names in free text. */
import { z } from 'zod';
import { DEFAULT_SETTINGS } from './roundtable/settings.js';
import type { AgencySettings } from './roundtable/types.js';

type PracticeKeys =
  | 'maxIdeasPerMinute'
  | 'familyTeamMeetingDays'
  | 'practiceRetentionDays'
  | 'minimumMinutes'
  | 'nameCheck';

/** The keys of AGENCY_SETTINGS_FILE this file parses (spread into the settings schema). */
export const PRACTICE_SETTINGS_SHAPE = {
  maxIdeasPerMinute: z.number().int().min(1).max(1000),
  familyTeamMeetingDays: z.number().int().min(1).max(180),
  practiceRetentionDays: z.number().int().min(0).max(90),
  minimumMinutes: z.number().int().min(0).max(600),
  nameCheck: z.enum(['warn', 'refuse', 'off']),
};

/** The parsed practice settings, defaults filled in. */
export function practiceSettings(
  s: Partial<Pick<AgencySettings, PracticeKeys>>,
): Pick<AgencySettings, PracticeKeys> {
  return {
    maxIdeasPerMinute: s.maxIdeasPerMinute ?? DEFAULT_SETTINGS.maxIdeasPerMinute,
    familyTeamMeetingDays: s.familyTeamMeetingDays ?? DEFAULT_SETTINGS.familyTeamMeetingDays,
    practiceRetentionDays: s.practiceRetentionDays ?? DEFAULT_SETTINGS.practiceRetentionDays,
    minimumMinutes: s.minimumMinutes ?? DEFAULT_SETTINGS.minimumMinutes,
    nameCheck: s.nameCheck ?? DEFAULT_SETTINGS.nameCheck,
  };
}
