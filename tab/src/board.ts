/**
 * The board the tab API answers and the side panel and stage show: types only, shared by the server
 * (bot/http, with `import type`) and the browser bundle. No Teams types; authors hidden in anonymous mode.
 * `K` is the phase key type: the server fills it with its own PhaseKey, the browser reads strings.
 */

/** One phase of this roundtable's own sequence, in order. */
export interface BoardPhase<K extends string = string> {
  key: K;
  /** 1-based position in this roundtable's sequence. */
  number: number;
  title: string;
  visited: boolean;
  /** The current phase, or one before it in this roundtable's sequence. */
  reached: boolean;
}

/** What the side panel and the stage show. */
export interface TabBoard<K extends string = string> {
  roundtable: {
    id: string;
    caseAlias: string;
    status: 'active' | 'ended';
    /**
     * Started ahead of its meeting and not opened yet (`invite … on` a later day): no clock runs until the
     * facilitator opens it (`@Roundtable open`, or Next).
     */
    scheduled: boolean;
    /** The meeting's date and time as the facilitator gave it with `invite` ("2026-12-04 14:00"). */
    scheduledFor?: string;
    /** The same as shown, with its time zone ("2026-12-04 14:00 (America/Chicago)"). */
    scheduledText?: string;
    revision: number;
    phaseIndex: number;
    phase: K;
    phaseTitle: string;
    plannedMinutes: number;
    enteredAt?: string;
    timerEndsAt?: string;
    anonymous: boolean;
    phases: BoardPhase<K>[];
  };
  me: { name: string; facilitator: boolean };
  roster: { name: string; role: string; facilitator: boolean }[];
  counts: Record<'facts' | 'questions' | 'answers' | 'ideas' | 'steps' | 'debrief', number>;
  facts: { id: string; text: string }[];
  questions: { id: string; text: string; author?: string; answers: string[] }[];
  brainstorm: {
    key: string;
    text: string;
    ideas: { id: string; text: string; author?: string; barrier?: string }[];
  }[];
  plan: {
    primaryGoal?: string;
    concurrentGoal?: string;
    draft: boolean;
    steps: { id: string; text: string; owner: string; dueDate: string; status: string }[];
  };
}

/** The tab API's answer for a chat without a roundtable. */
export interface NoBoard {
  roundtable: null;
}
