import type { AgencySettings, FollowUpSettings } from './types.js';

/** The practice's follow-up cadence (PRT.md). */
export const DEFAULT_FOLLOW_UP: FollowUpSettings = {
  preDueDays: 3,
  overdueEveryDays: 7,
  escalateAfterDays: 7,
  reviewEveryDays: 30,
  workingHours: { start: 9, end: 17, days: [1, 2, 3, 4, 5] },
  defaultTimeZone: 'UTC',
  leaseSeconds: 120,
  maxAttempts: 5,
};

/** The practice's defaults (PRT.md); an agency overrides them with AGENCY_SETTINGS_FILE. */
export const DEFAULT_SETTINGS: AgencySettings = {
  phaseMinutes: {
    welcome: 10,
    present: 20,
    clarify: 20,
    review: 40,
    brainstorm: 35,
    plan: 25,
    debrief: 10,
  },
  /** The five key questions in the practice material's own words (PRT.md); agencies may reword them. */
  questions: [
    { key: 'q1', text: 'What will it take?' },
    { key: 'q2', text: 'What can we try that has not been tried before?' },
    { key: 'q3', text: 'What can we do differently?' },
    { key: 'q4', text: 'What can we do concurrently?' },
    { key: 'q5', text: 'How can we engage the youth in developing & implementing the plan?', youth: true },
  ],
  /**
   * The tiers above Poor are worded after Wisconsin's published PRT definitions (PRT.md); "Poor" is this
   * project's wording for the lower tiers agencies add (docs/configuration.md: an agency confirms its own).
   */
  ratingScale: [
    {
      key: 'achieved',
      label: 'Permanency achieved',
      definition:
        'Legal permanency has been reached, or the child is reunified with the parents and safe case closure is expected.',
    },
    {
      key: 'very-good',
      label: 'Very good',
      definition:
        'The child lives in a family setting that the child, the caregivers and the team believe is lifelong, with a commitment to formalise it through adoption or guardianship; or a stable home with the parents with safety threats eliminated.',
    },
    {
      key: 'good',
      label: 'Good',
      definition:
        'The setting is believed to be lifelong and a plan keeps it safe and stable; the child (if old enough) and the caregivers are committed, and legal issues are near resolution.',
    },
    {
      key: 'fair',
      label: 'Fair',
      definition:
        'The setting could endure lifelong while issues are being addressed; or a temporary placement with a planned move to identified caregivers willing to give legal permanency.',
    },
    {
      key: 'poor',
      label: 'Poor',
      definition:
        'No setting is yet believed to be lifelong and no caregiver willing to give legal permanency has been identified; the child may have no committed lifelong adult.',
    },
  ],
  livingScale: [
    { key: 'parents', label: 'With parents' },
    { key: 'relatives', label: 'With relatives' },
    { key: 'foster-family', label: 'Foster family' },
    { key: 'group-home', label: 'Group home' },
    { key: 'residential', label: 'Residential or institution' },
  ],
  followUpRoundtableDays: 90,
  maxTextLength: 2000,
  maxIdeasPerMinute: 20,
  followUp: DEFAULT_FOLLOW_UP,
  familyTeamMeetingDays: 30,
  practiceRetentionDays: 7,
  minimumMinutes: 120,
  nameCheck: 'warn',
};
