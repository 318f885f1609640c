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
 * `my steps`: open steps owned by these people, overdue first, then by due date. `practice`: the person's own
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
  return out.sort((a, b) => b.overdueDays - a.overdueDays || a.step.dueDate.localeCompare(b.step.dueDate));
}

/** `team steps`: steps of the roundtables where this person is the supervisor on the roster. */
export async function teamSteps(ctx: FollowUpContext, supervisorId: string): Promise<OwnedStep[]> {
  const ids = await ctx.followUps.roundtablesWhere(supervisorId, 'supervisor');
  const owners = new Set<string>();
  for (const id of ids) {
    for (const c of await ctx.roundtables.listContributions(id)) {
      if (c.kind === 'step' && c.owner.id !== supervisorId) owners.add(c.owner.id);
    }
  }
  const idSet = new Set(ids);
  return (await openSteps(ctx, [...owners])).filter((s) => idSet.has(s.roundtable.id));
}
