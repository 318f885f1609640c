/** The vocabulary of a Permanency Roundtable, as data. No SDK types here. */
import type { PracticeTranslation } from './language-types.js';
import type { SupportChoice, YouthGoal, YouthSettings } from './youth-types.js';

export type { PracticeTranslation } from './language-types.js';
export type { PersonRecord } from './person-record.js';
export type { SupportChoice, YouthGoal, YouthSettings } from './youth-types.js';

/** Every phase any roundtable can have; a roundtable's own sequence is `Roundtable.phases` (see phases.ts). */
export const PHASE_KEYS = [
  'welcome',
  'present',
  'clarify',
  'review',
  'brainstorm',
  'plan',
  'debrief',
] as const;
export type PhaseKey = (typeof PHASE_KEYS)[number];
/** A posted card the bot edits in place: a phase's card, a phase's form message (`<phase>-form`), the summary. */
export type CardSlot = PhaseKey | `${PhaseKey}-form` | 'summary';

export const ROLES = [
  'facilitator',
  'caseworker',
  'supervisor',
  'master-practitioner',
  'barrier-buster',
  /** The practice's permanency consultant from outside the agency ("fresh eyes"); added by #25, after the others. */
  'external-consultant',
  'scribe',
  'other',
  /** A youth-centred roundtable (#29): the youth at the head of the table, and the support person they chose. */
  'youth',
  'support-person',
] as const;
export type Role = (typeof ROLES)[number];

export const BARRIER_CATEGORIES = ['policy', 'legal', 'funding', 'practice', 'resources', 'other'] as const;
export type BarrierCategory = (typeof BARRIER_CATEGORIES)[number];

export const PERMANENCY_GOALS = [
  'reunification',
  'adoption',
  'guardianship',
  'relative-placement',
  'appla',
] as const;
export type PermanencyGoal = (typeof PERMANENCY_GOALS)[number];

export const STEP_STATUSES = ['not-started', 'in-progress', 'done', 'blocked', 'dropped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** A person as Teams names them: AAD object id when known, else the channel user id. */
export interface Person {
  id: string;
  name: string;
  aadObjectId?: string;
  /** User principal name as Teams listed the chat's members (the "Schedule in Teams" attendees); never guessed. */
  upn?: string;
}

/** One phase's timing record inside the roundtable document. */
export interface PhaseState {
  key: PhaseKey;
  plannedMinutes: number;
  /** Accumulated time spent in the phase over all visits, in ms. */
  spentMs: number;
  /** Set while the phase is the current one. */
  enteredAt?: string;
  /** The phase was entered at least once. */
  visited: boolean;
  /** Time box set with `timer`: ISO time at which the box ends. */
  timerEndsAt?: string;
  /** The time box end for which "time is up" was posted in the chat (once per time box, any instance). */
  timeUpPosted?: string;
}

export interface RosterEntry extends Person {
  role: Role;
  joinedAt: string;
  /** A role with rights the person asked for when joining; a facilitator confirms or declines it. */
  requestedRole?: Role;
  /** When a facilitator last set this person's role: an invitation sent before it no longer gives a role. */
  roleSetAt?: string;
  /**
   * The language of the person's Teams when they joined (#29 item 4): a reader whose language is not the agency's
   * gets the shared phase cards refreshed in their own (cards/card-view.ts `refreshUserIds`).
   */
  lang?: string;
}

/** Where the bot can reach the chat the roundtable runs in (kept opaque for the domain). */
export interface ChatAddress {
  conversationId: string;
  tenantId?: string;
  serviceUrl: string;
  /** Serialized conversation reference, owned by the Teams edge. */
  reference: Record<string, unknown>;
}

export type RoundtableStatus = 'active' | 'ended';

/** The roundtable document: one per roundtable, edited under etag. */
export interface Roundtable {
  id: string;
  caseAlias: string;
  status: RoundtableStatus;
  phaseIndex: number;
  /** Bumped on every structural change (phase, roster, settings); cards carry it. */
  revision: number;
  phases: PhaseState[];
  startedBy: Person;
  /** Co-facilitators and the starter (ids). */
  facilitatorIds: string[];
  roster: RosterEntry[];
  /** The chat's members as Teams listed them (names and ids only): the people picker's fallback list. */
  chatMembers?: Person[];
  anonymous: boolean;
  chat: ChatAddress;
  /** Activity id of the latest posted card per phase (and of its form message), and of the summary card. */
  cardIds: Partial<Record<CardSlot, string>>;
  createdAt: string;
  /** When the facilitator opened the meeting (the clock started); unset while scheduled ahead of its meeting. */
  openedAt?: string;
  endedAt?: string;
  /** Set when `end` asked for confirmation because phases were skipped. */
  endRequestedAt?: string;
  /** The fidelity check as it stood at `end` (the programme view counts it). */
  fidelity?: { item: string; passed: boolean }[];
  /** Debrief answers to "What did you learn that you will use on other cases?" (text only, no author). */
  learning?: string[];
  /** A practice roundtable on the built-in fictional case: marked on every card, kept out of reports. */
  practice?: boolean;
  /** When the retention pass deletes it (practice roundtables only). */
  deleteAfter?: string;
  /** Meeting date and time as the facilitator gave it with `invite` ("2026-06-01 14:00"). */
  scheduledFor?: string;
  /** A follow-up roundtable: the id of the previous roundtable of the same case (its plan is reviewed). */
  followUpOf?: string;
  /** The office or region chosen at `start` (programme view filter; OFFICES lists them). */
  office?: string;
  /** People Teams reported removed from the chat: they lost their roles and act on nothing here. */
  removedIds?: string[];
  /** A records officer's legal hold: retention and deletion wait until it is released. */
  legalHold?: { by: string; at: string };
  /** The follow-on work of `end`, recorded in the write that ends it (bot/reminders/after-end.ts runs it). */
  afterEnd?: AfterEndWork;
  /** A youth-centred roundtable (`start youth <alias>`, #29): the youth agenda and questions (youth.ts). */
  youthCentred?: boolean;
  /** The youth's own goals, in the youth's words, first on the plan (youth.ts). */
  youthGoals?: YouthGoal[];
  /** Who holds the support-person role, and how it is known that the youth chose them. */
  supportChosen?: SupportChoice;
}

/** A step of the work after `end` that must not run twice (marked after it ran). */
export type AfterEndStep = 'told-previous-chat';

/** What follows `end` (supersede, register, reminders, hand-over): due until the scheduler's job has done it. */
export interface AfterEndWork {
  due: boolean;
  /** Who ended the roundtable (the ratings history and carried steps name them). */
  by: Person;
  /** Steps done that must not repeat; every other step is idempotent by its documents' ids. */
  done: AfterEndStep[];
}

export type ContributionKind = 'fact' | 'question' | 'answer' | 'idea' | 'step' | 'debrief';

interface ContributionBase {
  id: string;
  roundtableId: string;
  kind: ContributionKind;
  author: Person;
  text: string;
  createdAt: string;
  updatedAt: string;
  withdrawn?: boolean;
}

export interface CaseFact extends ContributionBase {
  kind: 'fact';
}
export interface ClarifyingQuestion extends ContributionBase {
  kind: 'question';
}
export interface QuestionAnswer extends ContributionBase {
  kind: 'answer';
  questionId: string;
}
export interface BrainstormIdea extends ContributionBase {
  kind: 'idea';
  /** Key of the brainstorm question it answers. */
  questionKey: string;
  barrier?: BarrierCategory;
}
export interface PlanStep extends ContributionBase {
  kind: 'step';
  owner: Person;
  dueDate: string;
  /** "Supported by": a roster person, also reminded (older steps hold free text: `supporterName`). */
  supporter?: Person | string;
  ideaId?: string;
  /** A step carried over from the previous plan by a follow-up roundtable. */
  carriedFrom?: { roundtableId: string; stepId: string };
  status: StepStatus;
  /** Why a step is blocked or dropped (PRT.md: both need a reason). */
  reason?: string;
  /** Follow-up history: status changes, new due dates and notes after the roundtable. */
  updates?: StepUpdate[];
  /** Proposed by someone who does not own the plan: not part of the plan (nor reminded) until accepted. */
  proposed?: boolean;
  /** The caseworker, supervisor or facilitator who accepted a proposal. */
  acceptedBy?: Person;
  /** A step the bot suggests when the plan opens. */
  suggested?: 'family-team-meeting';
  /** The step in the family's words, by language code (the family handout; set by a plan owner). */
  familyText?: Record<string, string>;
}

/** One follow-up change to a step (who and when; the note is the only free text). */
export interface StepUpdate {
  at: string;
  by: Person;
  status?: StepStatus;
  dueDate?: string;
  note?: string;
}
export interface DebriefAnswer extends ContributionBase {
  kind: 'debrief';
  /** `learning`: "What did you learn that you will use on other cases?" (optional; kept without author at end). */
  prompt: 'went-well' | 'change' | 'learning';
}

export type Contribution =
  | CaseFact
  | ClarifyingQuestion
  | QuestionAnswer
  | BrainstormIdea
  | PlanStep
  | DebriefAnswer;

export interface ChildSummary {
  alias: string;
  age?: number;
}

/** The structured case summary filled by the caseworker in the Present phase. */
export interface CaseSummary {
  children: ChildSummary[];
  timeInCare: string;
  placement: string;
  legalStatus: string;
  currentGoal: string;
  connections: string;
  strengths: string;
  needs: string;
  tried: string;
  updatedBy: Person;
  updatedAt: string;
}

/** Goals and ratings of the Permanency Action Plan (steps are their own documents). */
export interface ActionPlan {
  primaryGoal?: PermanencyGoal;
  concurrentGoal?: PermanencyGoal;
  /** Child alias → rating key from the agency's scale. */
  ratings: Record<string, string>;
  /** A plan stays a draft until reviewed with the youth and family. */
  draft: boolean;
  updatedAt?: string;
  /** Each child's rating at every follow-up review, oldest first. */
  ratingHistory?: { at: string; by: Person; ratings: Record<string, string>; occasion?: RatingOccasion }[];
  /** Set when a follow-up roundtable took this plan over (its open steps were carried into the new plan). */
  supersededBy?: string;
  /** Set when follow-up ends: permanency achieved (which kind) or closed for another recorded reason. */
  closed?: { at: string; by: Person; outcome: PlanOutcome; reason?: string };
  /** The family team meeting that reviewed the plan with the youth and family; recording it ends the draft. */
  familyReview?: FamilyReview;
  /** PROTECTED: the case number in the state's system of record (set by a plan owner in 1:1; never on a chat card). */
  caseNumber?: string;
}

/** The review of the plan with the youth and family (PRT.md: the plan is a draft until then). */
export interface FamilyReview {
  /** ISO date the meeting took place. */
  date: string;
  participants: string;
  changes: string;
  /** Whether the youth took part in the family team meeting (unset on records made before it was asked). */
  youthTookPart?: boolean;
  /** What the youth said about the plan ('' when not recorded). */
  youthSaid?: string;
  recordedBy: Person;
  recordedAt: string;
}

/** When a rating was recorded: at a roundtable's end, in a follow-up roundtable's review, or a 1:1 review. */
export type RatingOccasion = 'roundtable' | 'followup-roundtable' | 'review';

export const PLAN_OUTCOMES = [
  'reunification',
  'adoption',
  'guardianship',
  'relative-placement',
  'appla',
  'other',
] as const;
/** How a plan's follow-up ended: a kind of permanency achieved, or `other` with a reason. */
export type PlanOutcome = (typeof PLAN_OUTCOMES)[number];

/** A brainstorm question as configured by the agency. */
export interface BrainstormQuestion {
  key: string;
  text: string;
  /** The question about engaging the youth (used by the fidelity check). */
  youth?: boolean;
  /** The same question in plain words, for the youth (youth-centred roundtables). */
  plain?: string;
}

/** The agency's follow-up cadence (defaults from the practice; AGENCY_SETTINGS_FILE may override). */
export interface FollowUpSettings {
  preDueDays: number;
  overdueEveryDays: number;
  escalateAfterDays: number;
  reviewEveryDays: number;
  /** Local hours [start, end) and ISO weekdays (1 = Monday) when reminders may be sent. */
  workingHours: { start: number; end: number; days: number[] } | null;
  defaultTimeZone: string;
  /** Lease an instance holds on a reminder while sending it. */
  leaseSeconds: number;
  /** Attempts before a reminder is marked failed. */
  maxAttempts: number;
}

/** Agency-configurable practice settings. */
export interface AgencySettings {
  phaseMinutes: Record<PhaseKey, number>;
  questions: BrainstormQuestion[];
  /** Permanency status rating tiers, best first, each with its meaning (shown on the rating form). */
  ratingScale: { key: string; label: string; definition?: string }[];
  /** Living situations from least to most restrictive (a child's record; the programme counts moves). */
  livingScale: { key: string; label: string }[];
  /** A follow-up roundtable is due this many days after the previous one, until permanency. */
  followUpRoundtableDays: number;
  maxTextLength: number;
  /** Most brainstorm ideas one person may submit in any 60 seconds (flood guard). */
  maxIdeasPerMinute: number;
  /** Follow-up cadence after the roundtable (reminders, escalation, reviews, working hours). */
  followUp: FollowUpSettings;
  /** The suggested family-team-meeting step is due this many days after the plan opens. */
  familyTeamMeetingDays: number;
  /** Practice roundtables are deleted this many days after they start. */
  practiceRetentionDays: number;
  /** The practice's minimum of uninterrupted focus: a shorter roundtable fails the fidelity check. */
  minimumMinutes: number;
  /** Free text that looks like a person's full name: warn (keep as written is one click), refuse, or off. */
  nameCheck: 'warn' | 'refuse' | 'off';
  /** The youth-centred roundtable's agenda and questions (#29); unset: the defaults in youth-agenda.ts. */
  youth?: YouthSettings;
  /**
   * The language of the cards posted to a meeting chat, which everyone reads (#29 item 4): a code of locales/.
   * Unset: English. A card only one person sees is in that person's Teams language.
   */
  language?: string;
  /**
   * The agency's own translations of its practice words, by language (#29 item 4): without one, the questions,
   * scales and phase names stay verbatim in English (bot/roundtable/settings-language.ts).
   */
  translations?: Record<string, PracticeTranslation>;
  /** The phase names in the reader's language, where the agency gave them (set by `settingsIn`). */
  phaseNames?: Partial<Record<PhaseKey, string>>;
}

/** Which roundtable a chat is running now (one unfinished roundtable per chat). */
export interface ChatPointer {
  conversationId: string;
  /** The chat's current (or last) roundtable. */
  roundtableId: string;
  /** Every roundtable this chat has held, oldest first. */
  history: string[];
}

/** Who changed what in a roundtable: ids and event names only, never typed text. */
export interface AuditEntry {
  id: string;
  roundtableId: string;
  at: string;
  actorId: string;
  event: string;
  /** Ids the event touched (contribution id, phase key, role), never free text. */
  subject?: string;
}
