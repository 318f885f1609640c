/** The agency's own wording of its practice words in other languages (#29 item 4; bot/roundtable/settings-language.ts). */
/** An agency's translation of its practice words into one language; each part optional, by key. */
export interface PracticeTranslation {
  /** Brainstorm questions (the agency's and the youth-centred ones), by question key. */
  questions?: Record<string, string>;
  ratingScale?: Record<string, { label?: string; definition?: string }>;
  livingScale?: Record<string, string>;
  /** Phase names, by phase key. */
  phases?: Partial<Record<string, string>>;
}
