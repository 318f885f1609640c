import type { ChildRecord } from './child-types.js';
import { fidelityCheck } from './fidelity.js';
import { type ChildFact, childFacts } from './programme-child.js';
import type { BarrierRegisterEntry } from './records.js';
import type {
  ActionPlan,
  AgencySettings,
  BarrierCategory,
  CaseSummary,
  Contribution,
  PlanStep,
  Roundtable,
  StepStatus,
} from './types.js';

/**
 * The programme view's monthly aggregates: compact facts (ids, dates, statuses, counts; no case alias,
 * no names of families) computed from a tenant's roundtables by the scheduler, so that a page load reads
 * a few aggregate documents instead of the tenant's roundtables. Practice roundtables never count.
 */

/** One ended roundtable: its fidelity items and the learning-log answers of its debrief. */
export interface RoundtableFact {
  startedAt: string;
  office?: string;
  fidelity: { label: string; ok: boolean }[];
  /** Debrief answers to "What did you learn that you will use on other cases?", anonymised. */
  learning: string[];
  /** The plan is still a draft (no family-team meeting recorded) since the roundtable ended. */
  draftSince?: string;
}

/** One plan step (of the newest plan that holds it). */
export interface StepFact {
  office?: string;
  dueDate: string;
  status: StepStatus;
  /** When it was marked done (its follow-up history, else its last change). */
  doneAt?: string;
  /** The supervisor was told it is overdue with no update. */
  escalated: boolean;
}

/** A barrier of the register, without its text. */
export interface BarrierFact {
  category: BarrierCategory;
  raisedAt: string;
  status: BarrierRegisterEntry['status'];
  resolvedAt?: string;
  owner?: string;
  office?: string;
  /** The register entry's id (the page links it to the barrier's actions). */
  id: string;
}

/** A tenant's aggregate for one month: roundtables started, children of cases first discussed, steps due, barriers raised in it. */
export interface ProgrammeMonth {
  month: string;
  roundtables: RoundtableFact[];
  steps: StepFact[];
  /** The children (not plans) of the cases whose first roundtable started in the month. */
  children: ChildFact[];
  barriers: BarrierFact[];
}

/** Everything the aggregation reads of one roundtable. */
export interface RoundtableSources {
  rt: Roundtable;
  plan?: ActionPlan;
  summary?: CaseSummary;
  contributions: Contribution[];
}

const month = (iso: string) => iso.slice(0, 7);
const officeOf = (rt: Roundtable) => (typeof rt.office === 'string' && rt.office ? rt.office : undefined);

/** Removes the case alias, children's aliases and roster names from a learning answer. */
export function anonymise(text: string, names: string[]): string {
  let out = text;
  for (const n of [...new Set(names)]
    .filter((x) => x.trim().length >= 2)
    .sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '[…]');
  }
  return out.replace(/\s+/g, ' ').trim().slice(0, 500);
}

function learningOf(s: RoundtableSources): string[] {
  // Kept at `end` without authors; before that (or from older roundtables) the debrief's answers themselves.
  const answers = s.rt.learning
    ? s.rt.learning
    : s.contributions
        .filter((c) => c.kind === 'debrief' && !c.withdrawn && c.prompt === 'learning')
        .map((c) => c.text);
  const names = [
    s.rt.caseAlias,
    ...(s.summary?.children.map((c) => c.alias) ?? []),
    ...s.rt.roster.map((r) => r.name),
    ...s.rt.roster.flatMap((r) => r.name.split(/\s+/)),
  ];
  return answers.map((t) => anonymise(t, names)).filter(Boolean);
}

/** The fidelity items as the debrief stored them (`fidelity` on the roundtable), else the check run now. */
function fidelityOf(
  s: RoundtableSources,
  settings: AgencySettings,
  ended: Date,
): { label: string; ok: boolean }[] {
  if (s.rt.fidelity && s.rt.fidelity.length > 0)
    return s.rt.fidelity.map((f) => ({ label: f.item, ok: f.passed }));
  return fidelityCheck(s.rt, s.contributions, settings, ended).map((f) => ({ label: f.label, ok: f.ok }));
}

function doneAt(step: PlanStep): string | undefined {
  if (step.status !== 'done') return undefined;
  const marked = (step.updates ?? []).filter((u) => u.status === 'done').at(-1);
  return marked?.at ?? step.updatedAt;
}

/** The first roundtable of each case (follow-ups point at their previous one). */
function rootOf(id: string, byId: Map<string, RoundtableSources>): string {
  let cur = id;
  for (let hops = 0; hops < 100; hops++) {
    const prev = byId.get(cur)?.rt.followUpOf;
    if (!prev || !byId.has(prev)) return cur;
    cur = prev;
  }
  return cur;
}

/**
 * A tenant's monthly aggregates from its roundtables (ended, not practice), its child records, the barrier
 * register and the ids of steps whose owner's supervisor was told they are overdue.
 */
export function programmeMonths(
  sources: RoundtableSources[],
  barriers: BarrierRegisterEntry[],
  escalatedStepIds: Set<string>,
  settings: AgencySettings,
  childRecords: ChildRecord[] = [],
): ProgrammeMonth[] {
  const counted = sources.filter((s) => !s.rt.practice && s.rt.status === 'ended');
  const months = new Map<string, ProgrammeMonth>();
  const at = (iso: string) => {
    const m = month(iso);
    let found = months.get(m);
    if (!found) {
      found = { month: m, roundtables: [], steps: [], children: [], barriers: [] };
      months.set(m, found);
    }
    return found;
  };
  const byId = new Map(counted.map((s) => [s.rt.id, s]));
  for (const s of counted) {
    const office = officeOf(s.rt);
    const ended = new Date(s.rt.endedAt ?? s.rt.createdAt);
    const plan = s.plan;
    const draft = plan?.draft && !plan.familyReview && !plan.supersededBy && !plan.closed;
    at(s.rt.createdAt).roundtables.push({
      startedAt: s.rt.createdAt,
      ...(office ? { office } : {}),
      fidelity: fidelityOf(s, settings, ended),
      learning: learningOf(s),
      ...(draft ? { draftSince: s.rt.endedAt ?? s.rt.createdAt } : {}),
    });
    for (const c of s.contributions) {
      if (c.kind !== 'step' || c.withdrawn || c.proposed || !c.dueDate) continue;
      // A superseded plan's open steps were carried into the follow-up's plan: counted there.
      if (plan?.supersededBy && c.status !== 'done' && c.status !== 'dropped') continue;
      const done = doneAt(c);
      at(c.dueDate).steps.push({
        ...(office ? { office } : {}),
        dueDate: c.dueDate.slice(0, 10),
        status: c.status,
        ...(done ? { doneAt: done } : {}),
        escalated: escalatedStepIds.has(c.id),
      });
    }
  }
  const chains = new Map<string, RoundtableSources[]>();
  for (const s of counted) {
    const root = rootOf(s.rt.id, byId);
    chains.set(root, [...(chains.get(root) ?? []), s]);
  }
  for (const chain of chains.values()) chain.sort((a, b) => a.rt.createdAt.localeCompare(b.rt.createdAt));
  for (const fact of childFacts([...chains.values()], childRecords, settings))
    at(fact.firstAt).children.push(fact);
  const practice = new Set(sources.filter((s) => s.rt.practice).map((s) => s.rt.id));
  for (const b of barriers) {
    if (practice.has(b.roundtableId)) continue;
    const office = officeOf(byId.get(b.roundtableId)?.rt ?? ({} as Roundtable));
    const resolved =
      b.status === 'resolved' ? b.notes.filter((n) => n.status === 'resolved').at(-1) : undefined;
    at(b.raisedAt).barriers.push({
      id: b.id,
      category: b.category,
      raisedAt: b.raisedAt,
      status: b.status,
      ...(resolved || b.status === 'resolved' ? { resolvedAt: resolved?.at ?? b.updatedAt } : {}),
      ...(b.owner ? { owner: b.owner.name } : {}),
      ...(office ? { office } : {}),
    });
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}
