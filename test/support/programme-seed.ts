/**
 * A seeded programme for the programme view's tests, browser test and benchmark: cases (a first
 * roundtable, sometimes a follow-up), plan steps, barriers and escalations as plain specs, written
 * straight into the database in the shapes the stores write. Deterministic (a seeded PRNG), so the
 * tests compute their expected figures from the specs, independently of the aggregation code.
 */
import type { Database } from '@azure/cosmos';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import { type ChildSpec, childDocument, childSpecs } from './programme-seed-children.js';

export type { ChildSpec } from './programme-seed-children.js';

export interface StepSpec {
  id: string;
  dueDate: string;
  status: 'not-started' | 'in-progress' | 'done' | 'blocked' | 'dropped';
  doneAt?: string;
  escalated: boolean;
}
export interface RoundtableSpec {
  id: string;
  createdAt: string;
  /** All five brainstorm questions got ideas (else only four). */
  allQuestions: boolean;
  steps: StepSpec[];
  draft: boolean;
  learning: string[];
}
export interface CaseSpec {
  alias: string;
  tenantId: string;
  office?: string;
  practice: boolean;
  goal: string;
  children: string[];
  ratingAt: string;
  latest: string;
  permanency?: { at: string; outcome: string };
  roundtables: RoundtableSpec[];
  /** The children's records (new shape); unset on old-shape cases. */
  records?: ChildSpec[];
}
export interface BarrierSpec {
  id: string;
  roundtableId: string;
  tenantId: string;
  category: string;
  raisedAt: string;
  status: 'open' | 'escalated' | 'in-progress' | 'resolved';
  resolvedAt?: string;
  owner?: string;
}
export interface ProgrammeSeed {
  cases: CaseSpec[];
  barriers: BarrierSpec[];
}

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const GOALS = ['reunification', 'adoption', 'guardianship', 'relative-placement', 'appla'];
const RATINGS = ['poor', 'fair', 'good', 'very-good'];
const OUTCOMES = ['reunification', 'adoption', 'guardianship', 'relative-placement'];
const CATEGORIES = ['policy', 'legal', 'funding', 'practice', 'resources', 'other'];

/** A programme of `cases` cases over the `months` months before `now`, `stepsEach` steps per roundtable. */
export function makeProgramme(opts: {
  now: Date;
  cases: number;
  months: number;
  stepsEach: number;
  tenantId: string;
  offices?: string[];
  /** Cases in another tenant and practice cases, which must never count. */
  noise?: { otherTenant: string; count: number };
  seed?: number;
}): ProgrammeSeed {
  const rnd = prng(opts.seed ?? 16);
  // Child records come from their own stream, so that the cases, steps and barriers stay as they were.
  const crnd = prng((opts.seed ?? 16) * 31 + 7);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  const now = opts.now.getTime();
  const cases: CaseSpec[] = [];
  const barriers: BarrierSpec[] = [];
  const total = opts.cases + (opts.noise?.count ?? 0) * 2;
  for (let i = 0; i < total; i++) {
    const noise = i >= opts.cases;
    const practice = noise && (i - opts.cases) % 2 === 1;
    const tenantId = noise && !practice ? (opts.noise?.otherTenant ?? opts.tenantId) : opts.tenantId;
    const first = now - Math.floor(rnd() * opts.months * 30 + 20) * DAY;
    const alias = `C${i}.X`;
    const children = rnd() < 0.3 ? [`${alias}a`, `${alias}b`] : [alias];
    // Goal 'appla' is rare so that its counts fall under the suppression threshold.
    const goal = i % 40 === 7 ? 'appla' : pick(GOALS.slice(0, 4));
    const perm = rnd() < 0.45;
    const permAt = first + Math.floor(rnd() * 500 + 30) * DAY;
    const roundtables: RoundtableSpec[] = [];
    const count = rnd() < 0.25 ? 2 : 1;
    for (let r = 0; r < count; r++) {
      const createdAt = first + r * 120 * DAY;
      if (createdAt > now - DAY) break;
      const id = `rt-seed-${i}-${r}`;
      const steps: StepSpec[] = [];
      for (let s = 0; s < opts.stepsEach; s++) {
        const due = createdAt + Math.floor(rnd() * 150 + 5) * DAY;
        const status = pick(['not-started', 'in-progress', 'done', 'done', 'blocked', 'dropped'] as const);
        const doneAt = status === 'done' ? iso(due + Math.floor(rnd() * 30 - 18) * DAY) : undefined;
        steps.push({
          id: `step-${i}-${r}-${s}`,
          dueDate: iso(due).slice(0, 10),
          status,
          ...(doneAt ? { doneAt } : {}),
          escalated: status !== 'done' && rnd() < 0.2,
        });
      }
      roundtables.push({
        id,
        createdAt: iso(createdAt),
        allQuestions: i % 3 !== 0,
        steps,
        draft: r === count - 1 && rnd() < 0.3,
        learning: r === 0 && i % 4 === 0 ? [`With ${alias} we learned to call the aunt in week one`] : [],
      });
      if (rnd() < 0.5) {
        const raised = createdAt + 60 * 60_000;
        const status = pick(['open', 'escalated', 'in-progress', 'resolved'] as const);
        const resolved = raised + Math.floor(rnd() * 90 + 1) * DAY;
        barriers.push({
          id: `bar-seed-${i}-${r}`,
          roundtableId: id,
          tenantId,
          category: pick(CATEGORIES),
          raisedAt: iso(raised),
          status: status === 'resolved' && resolved > now ? 'in-progress' : status,
          ...(status === 'resolved' && resolved <= now ? { resolvedAt: iso(resolved) } : {}),
          ...(rnd() < 0.7 ? { owner: pick(['Dana Director', 'Lee Leader']) } : {}),
        });
      }
    }
    const office = opts.offices?.length ? opts.offices[i % opts.offices.length] : undefined;
    const ratingAt = pick(RATINGS);
    const permanency =
      perm && permAt <= now ? { at: iso(permAt), outcome: pick(OUTCOMES) as string } : undefined;
    const latest = permanency ? 'achieved' : pick(RATINGS);
    // Two cases in three have child records; siblings can end differently (one adopted, one aged out).
    const records = i % 3 === 2 ? undefined : childSpecs(crnd, children, first, now, !!permanency);
    cases.push({
      alias,
      tenantId,
      ...(office ? { office } : {}),
      practice,
      goal,
      children,
      ratingAt,
      latest,
      ...(permanency ? { permanency } : {}),
      roundtables,
      ...(records ? { records } : {}),
    });
  }
  return { cases, barriers };
}

const someone = { id: '29:seed-facilitator', name: 'Sam Facilitator' };

/** The database documents of a seeded programme, by container. */
export function programmeDocuments(seed: ProgrammeSeed) {
  const roundtables: Record<string, unknown>[] = [];
  const reminders: Record<string, unknown>[] = [];
  const programme: Record<string, unknown>[] = [];
  const phases = ['welcome', 'present', 'clarify', 'brainstorm', 'plan', 'debrief'].map((key) => ({
    key,
    plannedMinutes: 10,
    spentMs: 8 * 60_000,
    visited: true,
  }));
  for (const c of seed.cases) {
    c.roundtables.forEach((r, n) => {
      const last = n === c.roundtables.length - 1;
      const endedAt = iso(Date.parse(r.createdAt) + 2 * 3600_000);
      roundtables.push({
        id: r.id,
        type: 'roundtable',
        roundtableId: r.id,
        caseAlias: c.alias,
        status: 'ended',
        phaseIndex: 5,
        revision: 1,
        phases,
        startedBy: someone,
        facilitatorIds: [someone.id],
        roster: [{ ...someone, role: 'facilitator', joinedAt: r.createdAt }],
        anonymous: false,
        chat: {
          conversationId: `19:seed-${r.id}@thread.v2`,
          tenantId: c.tenantId,
          serviceUrl: 'http://127.0.0.1/',
          reference: {},
        },
        cardIds: {},
        createdAt: r.createdAt,
        endedAt,
        ...(c.practice ? { practice: true } : {}),
        ...(n > 0 ? { followUpOf: c.roundtables[n - 1]?.id } : {}),
        ...(c.office ? { office: c.office } : {}),
        ...(r.learning.length ? { learning: r.learning } : {}),
      });
      const ratings = Object.fromEntries(c.children.map((ch) => [ch, n === 0 ? c.ratingAt : c.latest]));
      roundtables.push({
        id: 'plan',
        type: 'plan',
        roundtableId: r.id,
        primaryGoal: c.goal,
        ratings,
        draft: r.draft,
        ratingHistory: [
          { at: endedAt, by: someone, ratings, occasion: n === 0 ? 'roundtable' : 'followup-roundtable' },
          ...(last
            ? [
                {
                  at: iso(Date.parse(endedAt) + 10 * DAY),
                  by: someone,
                  ratings: Object.fromEntries(c.children.map((ch) => [ch, c.latest])),
                  occasion: 'review',
                },
              ]
            : []),
        ],
        ...(last ? {} : { supersededBy: c.roundtables[n + 1]?.id }),
        ...(last && c.permanency
          ? { closed: { at: c.permanency.at, by: someone, outcome: c.permanency.outcome } }
          : {}),
      });
      roundtables.push({
        id: 'case-summary',
        type: 'case-summary',
        roundtableId: r.id,
        children: c.children.map((alias) => ({ alias })),
        timeInCare: '',
        placement: '',
        legalStatus: '',
        currentGoal: '',
        connections: '',
        strengths: '',
        needs: '',
        tried: '',
        updatedBy: someone,
        updatedAt: r.createdAt,
      });
      const questions = DEFAULT_SETTINGS.questions.slice(0, r.allQuestions ? 5 : 4);
      for (const q of questions) {
        roundtables.push({
          id: `idea-${r.id}-${q.key}`,
          type: 'contribution',
          roundtableId: r.id,
          kind: 'idea',
          questionKey: q.key,
          author: someone,
          text: 'An idea',
          createdAt: r.createdAt,
          updatedAt: r.createdAt,
        });
      }
      for (const s of r.steps) {
        roundtables.push({
          id: s.id,
          type: 'contribution',
          roundtableId: r.id,
          kind: 'step',
          author: someone,
          owner: someone,
          text: 'A step',
          dueDate: s.dueDate,
          status: s.status,
          ...(s.id.endsWith('-0') ? { ideaId: `idea-${r.id}-q5` } : {}),
          updates: s.doneAt ? [{ at: s.doneAt, by: someone, status: 'done' }] : [],
          createdAt: r.createdAt,
          updatedAt: s.doneAt ?? r.createdAt,
        });
        if (s.escalated)
          reminders.push({
            id: `rem-esc-${s.id}`,
            ownerId: '29:seed-supervisor',
            roundtableId: r.id,
            caseAlias: c.alias,
            kind: 'escalation',
            stepId: s.id,
            dueAt: s.dueDate,
            status: 'sent',
            attempts: 1,
            createdAt: s.dueDate,
          });
      }
    });
  }
  for (const c of seed.cases)
    for (const child of c.records ?? []) roundtables.push(childDocument(c, child, someone));
  for (const b of seed.barriers) {
    programme.push({
      id: b.id,
      type: 'barrier',
      roundtableId: b.roundtableId,
      caseAlias: 'seed',
      category: b.category,
      text: 'A barrier',
      raisedAt: b.raisedAt,
      raisedBy: someone.id,
      status: b.status,
      ...(b.owner ? { owner: { id: `29:${b.owner}`, name: b.owner } } : {}),
      notes: b.resolvedAt ? [{ at: b.resolvedAt, by: someone, status: 'resolved' }] : [],
      source: 'brainstorm',
      tenantId: b.tenantId,
      updatedAt: b.resolvedAt ?? b.raisedAt,
    });
  }
  return { roundtables, reminders, programme };
}

/** Writes a seeded programme into the database, `parallel` creates at a time. */
export async function writeProgramme(
  database: Database,
  seed: ProgrammeSeed,
  parallel = 16,
): Promise<number> {
  const docs = programmeDocuments(seed);
  let n = 0;
  for (const [container, list] of Object.entries(docs)) {
    const c = database.container(container);
    for (let i = 0; i < list.length; i += parallel) {
      await Promise.all(list.slice(i, i + parallel).map((d) => c.items.create(d)));
      n += Math.min(parallel, list.length - i);
    }
  }
  return n;
}
