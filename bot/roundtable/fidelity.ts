import { PHASE_INFO, spentMs } from './phases.js';
import type { Preparation, SystemicBarrier } from './records.js';
import type {
  ActionPlan,
  AgencySettings,
  BrainstormIdea,
  CaseSummary,
  Contribution,
  PlanStep,
  Roundtable,
} from './types.js';
import { questionsOf, youthFidelity } from './youth-rules.js';

/** What else the check reads when the caller has it (a line whose facts are not given is left out). */
export interface FidelityFacts {
  caseSummary?: CaseSummary;
  plan?: ActionPlan;
  /** The preparation with the youth and family; `null` when the caller knows there is none. */
  preparation?: Preparation | null;
  barriers?: SystemicBarrier[];
  /** Checked for `end`: the current phase counts as finished (a phase still running is not "short" otherwise). */
  atEnd?: boolean;
  /** A follow-up roundtable: when the previous roundtable of the case ended (ISO). */
  previousEndedAt?: string;
}

/** The fidelity line of a follow-up roundtable held within the agency's cadence (the programme view reads it). */
export const FOLLOW_UP_ON_TIME = 'Follow-up held on time';

/**
 * Days a follow-up roundtable may come after `followUpRoundtableDays` and still count as on time: the 1:1
 * reminder goes two weeks ahead, and a roundtable needs a two-hour slot that suits every participant.
 */
export const FOLLOW_UP_GRACE_DAYS = 14;

const DAY_MS = 86_400_000;

/** What a roundtable's record gives the check (roundtableView has every part). */
export interface FidelityRecord {
  roundtable: Roundtable;
  contributions: Contribution[];
  caseSummary?: CaseSummary;
  plan: ActionPlan;
  preparation?: Preparation;
  barriers?: SystemicBarrier[];
  /** A follow-up roundtable's previous roundtable (the view's review part). */
  review?: { previous: { createdAt: string; endedAt?: string } };
}

/** The check on a whole record: no preparation means no youth and family voice. */
export function fidelityOf(
  record: FidelityRecord,
  settings: AgencySettings,
  now: Date,
  atEnd = false,
): FidelityItem[] {
  return fidelityCheck(record.roundtable, record.contributions, settings, now, {
    ...(record.caseSummary ? { caseSummary: record.caseSummary } : {}),
    plan: record.plan,
    preparation: record.preparation ?? null,
    barriers: record.barriers ?? [],
    atEnd,
    ...(record.review
      ? { previousEndedAt: record.review.previous.endedAt ?? record.review.previous.createdAt }
      : {}),
  });
}

/** What `end` stores: each line and whether it passed (the programme view counts them). */
export function storedFidelity(items: FidelityItem[]): { item: string; passed: boolean }[] {
  return items.map((i) => ({ item: i.label, passed: i.ok }));
}

/** A phase that took less than this share of its planned minutes was cut short. */
const SHORT_SHARE = 0.5;

/** One line of the fidelity check shown at the debrief. */
export interface FidelityItem {
  label: string;
  ok: boolean;
  detail: string;
}

function live<K extends Contribution['kind']>(
  all: Contribution[],
  kind: K,
): Extract<Contribution, { kind: K }>[] {
  return all.filter((c): c is Extract<Contribution, { kind: K }> => c.kind === kind && !c.withdrawn);
}

/** Did the roundtable stay true to the model? Computed, never typed in. */
export function fidelityCheck(
  rt: Roundtable,
  contributions: Contribution[],
  settings: AgencySettings,
  now: Date,
  facts: FidelityFacts = {},
): FidelityItem[] {
  const ideas: BrainstormIdea[] = live(contributions, 'idea');
  const steps: PlanStep[] = live(contributions, 'step');
  const items: FidelityItem[] = [];

  const questions = questionsOf(rt, settings);
  const unanswered = questions.filter((q) => !ideas.some((i) => i.questionKey === q.key));
  items.push({
    label: 'Every brainstorm question got ideas',
    ok: unanswered.length === 0,
    detail:
      unanswered.length === 0
        ? `${questions.length} of ${questions.length} questions`
        : `no ideas yet for: ${unanswered.map((q) => q.text).join(' / ')}`,
  });

  const youthKeys = new Set(questions.filter((q) => q.youth).map((q) => q.key));
  const youthIdeaIds = new Set(ideas.filter((i) => youthKeys.has(i.questionKey)).map((i) => i.id));
  const youthSteps = steps.filter((s) => s.ideaId && youthIdeaIds.has(s.ideaId));
  items.push({
    label: 'The youth question produced at least one step',
    ok: youthSteps.length > 0,
    detail:
      youthSteps.length > 0 ? `${youthSteps.length} step(s)` : 'no step comes from a youth-engagement idea',
  });

  items.push(...planItems(rt, steps, facts));
  items.push(...peopleItems(rt, ideas, facts));
  items.push(...roleItems(rt));
  items.push(...youthFidelity(rt));
  items.push(...timeItems(rt, settings, now, facts.atEnd === true));
  items.push(...cadenceItems(rt, settings, now, facts));
  return items;
}

/** The two roles of #25: fresh eyes from outside the agency, and a facilitator who does not own the plan. */
function roleItems(rt: Roundtable): FidelityItem[] {
  const removed = new Set(rt.removedIds ?? []);
  const roster = rt.roster.filter((r) => !removed.has(r.id));
  const external = roster.some((r) => r.role === 'external-consultant');
  const internal = roster.some((r) => r.role === 'master-practitioner');
  const owners = new Set(
    roster.filter((r) => r.role === 'caseworker' || r.role === 'supervisor').map((r) => r.id),
  );
  const facilitators = rt.facilitatorIds.filter((id) => !removed.has(id));
  const owning = facilitators.filter((id) => owners.has(id));
  const ownerRoles = [
    ...new Set(
      owning.map((id) =>
        roster.find((r) => r.id === id)?.role === 'supervisor' ? 'supervisor' : 'caseworker',
      ),
    ),
  ];
  return [
    {
      label: 'An external consultant took part',
      ok: external,
      detail: external
        ? 'on the roster'
        : internal
          ? 'a master practitioner took part, but no permanency consultant from outside the agency'
          : 'no permanency consultant from outside the agency on the roster',
    },
    {
      label: 'The facilitator is someone other than the caseworker and supervisor',
      ok: facilitators.length > 0 && owning.length === 0,
      detail:
        facilitators.length === 0
          ? 'no facilitator'
          : owning.length === 0
            ? 'the facilitator does not own the plan'
            : `the ${ownerRoles.join(' and the ')} also facilitates`,
    },
  ];
}

/** A follow-up roundtable: held within the agency's cadence (+ the grace) of the previous one. */
function cadenceItems(
  rt: Roundtable,
  settings: AgencySettings,
  now: Date,
  facts: FidelityFacts,
): FidelityItem[] {
  if (!rt.followUpOf || !facts.previousEndedAt) return [];
  const held = Date.parse(rt.openedAt ?? rt.createdAt);
  const previous = Date.parse(facts.previousEndedAt);
  if (Number.isNaN(held) || Number.isNaN(previous)) return [];
  const days = Math.max(0, Math.floor((Math.min(held, now.getTime()) - previous) / DAY_MS));
  const limit = settings.followUpRoundtableDays + FOLLOW_UP_GRACE_DAYS;
  return [
    {
      label: FOLLOW_UP_ON_TIME,
      ok: days <= limit,
      detail: `${days} days after the previous roundtable; due within ${settings.followUpRoundtableDays} (+${FOLLOW_UP_GRACE_DAYS} days' grace)`,
    },
  ];
}

function planItems(rt: Roundtable, steps: PlanStep[], facts: FidelityFacts): FidelityItem[] {
  const items: FidelityItem[] = [];
  const { plan, caseSummary } = facts;
  if (plan) {
    items.push({
      label: 'The plan has a primary permanency goal',
      ok: plan.primaryGoal !== undefined,
      detail: plan.primaryGoal ?? 'no primary goal chosen',
    });
    // Concurrent planning: a second goal pursued at the same time, so that time is never lost if the first fails.
    items.push({
      label: 'The plan has a concurrent permanency goal',
      ok: plan.concurrentGoal !== undefined,
      detail: plan.concurrentGoal ?? 'no concurrent goal chosen',
    });
    const children = caseSummary?.children ?? [];
    const unrated = children.filter((c) => !plan.ratings[c.alias]);
    items.push({
      label: 'Every child has a permanency rating',
      ok: children.length > 0 && unrated.length === 0,
      detail:
        children.length === 0
          ? 'no child recorded in the case summary'
          : unrated.length === 0
            ? `${children.length} of ${children.length} rated`
            : `not rated: ${unrated.map((c) => c.alias).join(', ')}`,
    });
  }
  const planReached = rt.phases.some((p) => p.key === 'plan' && p.visited);
  const ftm = steps.some((s) => s.suggested === 'family-team-meeting');
  items.push({
    label: 'The family team meeting to review the plan is a step',
    ok: ftm,
    detail: ftm
      ? 'in the plan'
      : planReached
        ? 'the family-team-meeting step was removed'
        : 'the plan was not reached',
  });
  return items;
}

function peopleItems(rt: Roundtable, ideas: BrainstormIdea[], facts: FidelityFacts): FidelityItem[] {
  const items: FidelityItem[] = [];
  if (facts.barriers) {
    const answered = new Set(facts.barriers.map((b) => b.ideaId));
    const open = ideas.filter((i) => i.barrier && !answered.has(i.id));
    items.push({
      label: 'Every systemic barrier got an answer',
      ok: open.length === 0,
      detail:
        open.length === 0
          ? 'none left open'
          : `${open.length} barrier(s) without an answer from a barrier buster`,
    });
  }
  const supervisor = rt.roster.some((r) => r.role === 'supervisor');
  items.push({
    label: 'A supervisor took part',
    ok: supervisor,
    detail: supervisor ? 'on the roster' : 'no supervisor on the roster',
  });
  if (facts.preparation !== undefined) {
    const p = facts.preparation;
    const voice = p ? [p.youthLiving, p.youthMatters, p.family].some((t) => t.trim().length > 0) : false;
    items.push({
      label: 'The youth and family voice was recorded',
      ok: voice,
      detail: voice ? 'in the preparation' : 'nothing recorded of what the youth and family said (`prepare`)',
    });
  }
  return items;
}

/**
 * Time as one line: "5 of 120 minutes; the minimum is 120", with skipped phases and phases cut much shorter
 * than planned named after it (the phases themselves are on the status card).
 */
function timeItems(rt: Roundtable, settings: AgencySettings, now: Date, atEnd: boolean): FidelityItem[] {
  let total = 0;
  let planned = 0;
  const skipped: string[] = [];
  const short: string[] = [];
  rt.phases.forEach((p, i) => {
    const spent = spentMs(p, now);
    total += spent;
    planned += p.plannedMinutes;
    const running = rt.status === 'active' && i === rt.phaseIndex && !atEnd;
    if (!p.visited) skipped.push(PHASE_INFO[p.key].title);
    else if (!running && spent / 60000 < p.plannedMinutes * SHORT_SHARE) short.push(PHASE_INFO[p.key].title);
  });
  const minutes = Math.round(total / 60000);
  const notes = [
    ...(skipped.length ? [`skipped: ${skipped.join(', ')}`] : []),
    ...(short.length ? [`much shorter than planned: ${short.join(', ')}`] : []),
  ];
  return [
    {
      label: `At least the ${settings.minimumMinutes}-minute minimum`,
      ok: minutes >= settings.minimumMinutes,
      detail: [`${minutes} of ${planned} minutes; the minimum is ${settings.minimumMinutes}`, ...notes].join(
        '; ',
      ),
    },
  ];
}
