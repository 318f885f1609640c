/**
 * ONE source for what a roundtable holds, as the room saw it: the case file (Word), the structured plan export
 * (JSON, docs/schema/roundtable-plan.v1.schema.json) and, later, the cards' summary read it from here. Pure: no I/O.
 */
import { type FidelityItem, type FidelityRecord, fidelityOf } from './fidelity.js';
import type { BarrierAnswer, Preparation, SystemicBarrier } from './records.js';
import type {
  ActionPlan,
  AgencySettings,
  BarrierCategory,
  BrainstormIdea,
  CaseSummary,
  Contribution,
  DebriefAnswer,
  FamilyReview,
  PlanStep,
  Role,
  Roundtable,
} from './types.js';

/** How a role reads in a record (the Word case file, the export's `roleLabel`). */
export const ROLE_TITLES: Record<Role, string> = {
  facilitator: 'Facilitator',
  caseworker: 'Caseworker',
  supervisor: 'Supervisor',
  'master-practitioner': 'Master practitioner',
  'external-consultant': 'Permanency consultant (external)',
  'barrier-buster': 'Barrier buster',
  scribe: 'Scribe',
  other: 'Participant',
  youth: 'Youth',
  'support-person': 'Support person (chosen by the youth)',
};

/** A person on the roster as the record lists them (the Teams id, the Entra object id when known). */
export interface RecordRole {
  id: string;
  aadObjectId?: string;
  name: string;
  role: Role;
  roleLabel: string;
  facilitator: boolean;
}

/** A child of the case: alias, age, the current rating (key and label) where there is one. */
export interface RecordChild {
  alias: string;
  age?: number;
  rating?: { key: string; label: string };
}

/** What the youth, the family and others said before the roundtable (the preparation). */
export interface RecordVoice {
  youthLiving: string;
  youthMatters: string;
  family: string;
  stakeholders: string;
}

/** A clarifying question with its answers. */
export interface RecordQuestion {
  question: Contribution;
  answers: Contribution[];
}

/** A barrier-flagged idea and the barrier buster's answer, if any. */
export interface RecordBarrier {
  idea: BrainstormIdea;
  category: BarrierCategory;
  answer?: BarrierAnswer;
  inRegister: boolean;
}

/** A plan step with the idea it came from. */
export interface RecordStep {
  step: PlanStep;
  idea?: BrainstormIdea;
}

/** Everything a roundtable holds, in the order the room saw it. */
export interface RoundtableRecord {
  roundtable: Roundtable;
  kind: 'roundtable' | 'follow-up';
  roles: RecordRole[];
  children: RecordChild[];
  caseSummary?: CaseSummary;
  voice?: RecordVoice;
  facts: Contribution[];
  questions: RecordQuestion[];
  ideas: BrainstormIdea[];
  barriers: RecordBarrier[];
  plan: ActionPlan;
  steps: RecordStep[];
  familyReview?: FamilyReview;
  debrief: DebriefAnswer[];
  /** The whole fidelity check, with every fact it reads (the same lines as the end card). */
  fidelity: FidelityItem[];
  /** The rating scale's label for a key (unknown keys read as themselves). */
  ratingLabel: (key: string) => string;
}

function live<K extends Contribution['kind']>(all: Contribution[], kind: K) {
  return all.filter((c): c is Extract<Contribution, { kind: K }> => c.kind === kind && !c.withdrawn);
}

function voiceOf(prep: Preparation | undefined): RecordVoice | undefined {
  if (!prep) return undefined;
  return {
    youthLiving: prep.youthLiving,
    youthMatters: prep.youthMatters,
    family: prep.family,
    stakeholders: prep.stakeholders,
  };
}

function barrierOf(idea: BrainstormIdea, answers: SystemicBarrier[]): RecordBarrier | undefined {
  if (!idea.barrier) return undefined;
  const found = answers.find((b) => b.ideaId === idea.id);
  return {
    idea,
    category: idea.barrier,
    ...(found ? { answer: found.answer } : {}),
    inRegister: found?.inRegister ?? false,
  };
}

/** What a roundtable holds, from what a view reads (the roundtable's documents, its preparation, its barriers). */
export function roundtableRecord(
  view: FidelityRecord,
  settings: AgencySettings,
  now: Date,
): RoundtableRecord {
  const rt = view.roundtable;
  const contributions = view.contributions;
  const ratingLabel = (key: string) => settings.ratingScale.find((r) => r.key === key)?.label ?? key;
  const ideas = live(contributions, 'idea');
  const answers = live(contributions, 'answer');
  const summaryChildren = view.caseSummary?.children ?? [];
  const children: RecordChild[] = (summaryChildren.length ? summaryChildren : [{ alias: rt.caseAlias }]).map(
    (c) => {
      const key = view.plan.ratings[c.alias];
      return {
        alias: c.alias,
        ...(c.age !== undefined ? { age: c.age } : {}),
        ...(key ? { rating: { key, label: ratingLabel(key) } } : {}),
      };
    },
  );
  const voice = voiceOf(view.preparation);
  return {
    roundtable: rt,
    kind: rt.followUpOf ? 'follow-up' : 'roundtable',
    roles: rt.roster.map((r) => ({
      id: r.id,
      ...(r.aadObjectId ? { aadObjectId: r.aadObjectId } : {}),
      name: r.name,
      role: r.role,
      roleLabel: ROLE_TITLES[r.role],
      facilitator: rt.facilitatorIds.includes(r.id),
    })),
    children,
    ...(view.caseSummary ? { caseSummary: view.caseSummary } : {}),
    ...(voice ? { voice } : {}),
    facts: live(contributions, 'fact'),
    questions: live(contributions, 'question').map((q) => ({
      question: q,
      answers: answers.filter((a) => a.questionId === q.id),
    })),
    ideas,
    barriers: ideas.flatMap((i) => barrierOf(i, view.barriers ?? []) ?? []),
    plan: view.plan,
    steps: live(contributions, 'step')
      .filter((s) => !s.proposed)
      .map((step) => {
        const idea = step.ideaId ? ideas.find((i) => i.id === step.ideaId) : undefined;
        return { step, ...(idea ? { idea } : {}) };
      }),
    ...(view.plan.familyReview ? { familyReview: view.plan.familyReview } : {}),
    debrief: live(contributions, 'debrief'),
    fidelity: fidelityOf(view, settings, now, rt.status === 'ended'),
    ratingLabel,
  };
}
