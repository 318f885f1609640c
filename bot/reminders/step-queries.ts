import { inReports } from '../roundtable/practice.js';
import type { PlanStep, Roundtable } from '../roundtable/types.js';
import type { FollowUpContext } from './follow-up-context.js';
import { daysOverdue, isOpen } from './schedule.js';

/** A step with the roundtable it belongs to, for 1:1 cards. */
export interface OwnedStep {
  step: PlanStep;
  roundtable: Roundtable;
  overdueDays: number;
}

/** One step of a roundtable's plan (undefined when it is not a step). */
export async function findStep(
  ctx: FollowUpContext,
  roundtableId: string,
  stepId: string,
): Promise<PlanStep | undefined> {
  const found = await ctx.roundtables.getContribution(roundtableId, stepId);
  return found?.value.kind === 'step' ? found.value : undefined;
}

/**
 * `my steps`: open steps owned by these people, by due date (overdue first). `practice`: the person's own
 * practice roundtables too (their alias says PRACTICE; they never reach a report).
 */
export async function openSteps(
  ctx: FollowUpContext,
  ownerIds: string[],
  opts: { practice?: boolean } = {},
): Promise<OwnedStep[]> {
  const steps = (await ctx.followUps.stepsOwnedBy(ownerIds)).filter(isOpen);
  const now = ctx.now();
  const out: OwnedStep[] = [];
  const cache = new Map<string, Roundtable | undefined>();
  const superseded = new Map<string, boolean>();
  for (const step of steps) {
    if (!cache.has(step.roundtableId)) {
      cache.set(step.roundtableId, (await ctx.roundtables.getRoundtable(step.roundtableId))?.value);
    }
    const roundtable = cache.get(step.roundtableId);
    if (roundtable?.status !== 'ended' || (!inReports(roundtable) && !opts.practice)) continue;
    if (!superseded.has(step.roundtableId)) {
      superseded.set(
        step.roundtableId,
        !!(await ctx.roundtables.getPlan(step.roundtableId))?.value.supersededBy,
      );
    }
    if (superseded.get(step.roundtableId)) continue;
    out.push({ step, roundtable, overdueDays: daysOverdue(step, now) });
  }
  return out.sort(byDueDate);
}

/** By due date, earliest (so overdue) first; then by case alias. */
function byDueDate(a: OwnedStep, b: OwnedStep): number {
  return (
    a.step.dueDate.localeCompare(b.step.dueDate) ||
    a.roundtable.caseAlias.localeCompare(b.roundtable.caseAlias)
  );
}

/**
 * A supervisor's view: steps grouped by their owner (the caseworker), owners with overdue steps first (most
 * overdue first), then by name; each owner's steps by due date.
 */
export function byOwner(steps: OwnedStep[]): OwnedStep[] {
  const groups = new Map<string, OwnedStep[]>();
  for (const s of [...steps].sort(byDueDate)) {
    const list = groups.get(s.step.owner.id) ?? [];
    list.push(s);
    groups.set(s.step.owner.id, list);
  }
  const worst = (g: OwnedStep[]) => Math.max(0, ...g.map((s) => s.overdueDays));
  return [...groups.values()]
    .sort(
      (a, b) =>
        Number(worst(b) > 0) - Number(worst(a) > 0) ||
        worst(b) - worst(a) ||
        (a[0]?.step.owner.name ?? '').localeCompare(b[0]?.step.owner.name ?? ''),
    )
    .flat();
}

/** `team steps`: steps of the roundtables where this person is the supervisor on the roster, by owner. */
export async function teamSteps(ctx: FollowUpContext, supervisorId: string): Promise<OwnedStep[]> {
  const ids = await ctx.followUps.roundtablesWhere(supervisorId, 'supervisor');
  const owners = new Set<string>();
  for (const id of ids) {
    for (const c of await ctx.roundtables.listContributions(id)) {
      if (c.kind === 'step' && c.owner.id !== supervisorId) owners.add(c.owner.id);
    }
  }
  const idSet = new Set(ids);
  return byOwner((await openSteps(ctx, [...owners])).filter((s) => idSet.has(s.roundtable.id)));
}
