/**
 * The structured, versioned export of a roundtable's plan for the state's system of record
 * (docs/schema/roundtable-plan.v1.schema.json, docs/exchange.md), built from the one record of what the
 * roundtable holds (bot/roundtable/roundtable-record.ts). People are Entra object ids; display names only when
 * the agency allows them (`names`).
 */
import type { CaseFileRecord } from '../roundtable/export.js';
import type { BarrierAnswer } from '../roundtable/records.js';
import type { Person, PlanStep, RatingOccasion } from '../roundtable/types.js';
import { PLAN_SCHEMA_VERSION } from './plan-schema.js';

/** How an export names people and what it adds. */
export interface PlanExportOptions {
  /** Display names beside the Entra object ids (EXPORT_DISPLAY_NAMES). */
  names: boolean;
  /** The protected case number of the system of record, when the plan owners set it. */
  caseNumber?: string;
}

type ExportPerson = { entraObjectId: string | null; displayName?: string };
type Rating = { at: string; occasion?: RatingOccasion; rating: string };

/** One plan as the schema describes it (kept loose here: the schema is the contract, checked on every export). */
export type PlanJson = Record<string, unknown> & { schemaVersion: string; roundtableId: string };

const personOf = (p: Person, names: boolean): ExportPerson => ({
  entraObjectId: p.aadObjectId ?? null,
  ...(names ? { displayName: p.name } : {}),
});

const opt = <K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> =>
  (v === undefined || v === '' ? {} : { [key]: v }) as Partial<Record<K, V>>;

function answerOf(a: BarrierAnswer | undefined, names: boolean) {
  if (!a) return null;
  return {
    kind: a.kind,
    ...opt('decision', a.decision),
    ...(a.owner ? { owner: personOf(a.owner, names) } : {}),
    ...opt('dueDate', a.dueDate),
    at: a.at,
    by: personOf(a.by, names),
  };
}

function stepOf(
  step: PlanStep,
  idea: { id: string; questionKey: string; text: string } | undefined,
  names: boolean,
) {
  return {
    id: step.id,
    text: step.text,
    owner: personOf(step.owner, names),
    dueDate: step.dueDate,
    status: step.status,
    ...opt('reason', step.reason),
    // v1's supporter is a string: an older step's free text, or the roster person's name when names are allowed.
    ...opt(
      'supporter',
      typeof step.supporter === 'string' ? step.supporter : names ? step.supporter?.name : undefined,
    ),
    ...opt('suggested', step.suggested),
    createdAt: step.createdAt,
    ...(step.carriedFrom ? { carriedFrom: step.carriedFrom } : {}),
    fromIdea: idea ? { id: idea.id, questionKey: idea.questionKey, text: idea.text } : null,
    statusHistory: (step.updates ?? []).map((u) => ({
      at: u.at,
      by: personOf(u.by, names),
      ...opt('status', u.status),
      ...opt('dueDate', u.dueDate),
      ...opt('note', u.note),
    })),
  };
}

/** The case number on this plan, else on the latest earlier plan of the case the exporter may see. */
function caseNumberOf(record: CaseFileRecord): string | undefined {
  return (
    record.plan.caseNumber ?? [...record.earlier].reverse().find((e) => e.plan?.caseNumber)?.plan?.caseNumber
  );
}

/** The plan of one roundtable as a version-1 record. */
export function planJson(record: CaseFileRecord, opts: PlanExportOptions): PlanJson {
  const { held, plan, roundtable: rt } = record;
  const names = opts.names;
  const history = plan.ratingHistory ?? [];
  const ratingsOf = (alias: string): Rating[] => {
    const dated = history.flatMap((h) => {
      const rating = h.ratings[alias];
      return rating ? [{ at: h.at, ...opt('occasion', h.occasion), rating }] : [];
    });
    const now = plan.ratings[alias];
    if (!dated.length && now) return [{ at: plan.updatedAt ?? rt.endedAt ?? rt.createdAt, rating: now }];
    return dated;
  };
  const status = plan.closed ? 'closed' : plan.draft ? 'draft' : 'final';
  const review = held.familyReview;
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    exportedAt: record.exportedAt,
    roundtableId: rt.id,
    tenantId: rt.chat.tenantId ?? null,
    ...opt('caseNumber', opts.caseNumber ?? caseNumberOf(record)),
    caseAlias: rt.caseAlias,
    kind: held.kind,
    ...opt('followUpOf', rt.followUpOf),
    ...opt('office', rt.office),
    dates: {
      created: rt.createdAt,
      ...opt('scheduledFor', rt.scheduledFor),
      ...opt('opened', rt.openedAt),
      ...opt('ended', rt.endedAt),
    },
    roles: held.roles.map((r) => ({
      entraObjectId: r.aadObjectId ?? null,
      role: r.role,
      facilitator: r.facilitator,
      ...(names ? { displayName: r.name } : {}),
    })),
    children: held.children.map((c) => ({
      alias: c.alias,
      ...opt('age', c.age),
      ...opt('currentRating', c.rating?.key),
      ratings: ratingsOf(c.alias),
    })),
    goals: { primary: plan.primaryGoal ?? null, concurrent: plan.concurrentGoal ?? null },
    ratingScale: record.settings.ratingScale.map((r) => ({ key: r.key, label: r.label })),
    ratingHistory: history.map((h) => ({
      at: h.at,
      ...opt('occasion', h.occasion),
      by: personOf(h.by, names),
      ratings: h.ratings,
    })),
    steps: held.steps.map((s) => stepOf(s.step, s.idea, names)),
    barriers: held.barriers.map((b) => ({
      ideaId: b.idea.id,
      category: b.category,
      text: b.idea.text,
      answer: answerOf(b.answer, names),
      inRegister: b.inRegister,
    })),
    familyReview: review
      ? {
          date: review.date,
          participants: review.participants,
          changes: review.changes,
          ...opt('youthTookPart', review.youthTookPart),
          ...opt('youthSaid', review.youthSaid),
          recordedAt: review.recordedAt,
          recordedBy: personOf(review.recordedBy, names),
        }
      : null,
    planStatus: status,
    ...(plan.closed
      ? { closed: { at: plan.closed.at, outcome: plan.closed.outcome, ...opt('reason', plan.closed.reason) } }
      : {}),
    ...opt('supersededBy', plan.supersededBy),
    fidelity: held.fidelity.map((f) => ({ item: f.label, passed: f.ok, detail: f.detail })),
  };
}
