/**
 * The youth-centred roundtable's data (#29), apart from types.ts (which re-exports it): imports nothing, so
 * types.ts may import it without a cycle.
 */

/** A person as types.ts `Person` names them (the same shape). */
export interface YouthPerson {
  id: string;
  name: string;
  aadObjectId?: string;
}

/** A brainstorm question of a youth-centred roundtable (the shape of types.ts `BrainstormQuestion`). */
export interface YouthQuestion {
  key: string;
  text: string;
  /** The question about engaging the youth (used by the fidelity check). */
  youth?: boolean;
  /** The same question in plain words, for the youth's card. */
  plain?: string;
}

/** One of the youth's goals in the youth's words: typed by the youth, or by a facilitator writing them down. */
export interface YouthGoal {
  id: string;
  text: string;
  /** `youth`: typed by the youth (on the roster as youth); `guest`: typed by someone without an agency account
   * in a youth-centred roundtable; `facilitator`: a facilitator wrote down the youth's words. */
  source: 'youth' | 'guest' | 'facilitator';
  by: YouthPerson;
  at: string;
}

/** The support person: `youth` picked them (the youth gave the role); `facilitator`: a facilitator confirmed it. */
export interface SupportChoice {
  personId: string;
  how: 'youth' | 'facilitator';
  by: YouthPerson;
  at: string;
}

/** What a youth-centred roundtable says and asks: every youth-facing word of the feature is here. */
export interface YouthSettings {
  /** The brainstorm questions of a youth-centred roundtable (they replace `questions`). */
  questions: YouthQuestion[];
  /** The welcome card for the youth: title, lines about what happens, the ground rules, in plain words. */
  welcomeTitle: string;
  agenda: string[];
  groundRules: string[];
  /** How to add a goal, and how to choose a support person. */
  goalPrompt: string;
  supportPrompt: string;
}
