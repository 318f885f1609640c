import {
  type ChildOutcomeInput,
  closedFromChildren,
  parseChildOutcome,
} from '../roundtable/child-outcome.js';
import {
  appendChildRatings,
  chainChildView,
  childrenOf,
  type PlanWithChildren,
  recordChildOutcomes,
} from '../roundtable/child-record.js';
import type { ChildOutcome } from '../roundtable/child-types.js';
import { cleanText } from '../roundtable/input.js';
import { checkNames } from '../roundtable/name-check.js';
import { fail, type Outcome, ok } from '../roundtable/outcome.js';
import { rosterRole } from '../roundtable/permissions.js';
import {
  type ActionPlan,
  type Person,
  PLAN_OUTCOMES,
  type PlanOutcome,
  type PlanStep,
  type Roundtable,
} from '../roundtable/types.js';
import { type FollowUpContext, retryFollowUp } from './follow-up-context.js';
import { cancelReminders } from './reminder-trail.js';

/** Everything a follow-up review card shows (`children: false`: without the children's records, for lists). */
export async function reviewOf(
  ctx: FollowUpContext,
  roundtableId: string,
  opts: { children?: boolean } = {},
) {
  const rt = (await ctx.roundtables.getRoundtable(roundtableId))?.value;
  if (!rt) return undefined;
  const plan = (await ctx.roundtables.getPlan(rt.id))?.value ?? { ratings: {}, draft: true };
  const steps = (await ctx.roundtables.listContributions(rt.id)).filter(
    (c): c is PlanStep => c.kind === 'step' && !c.withdrawn,
  );
  const childViews =
    opts.children === false
      ? []
      : await chainChildView(
          { store: ctx.roundtables, ...(ctx.children ? { children: ctx.children } : {}) },
          rt,
        );
  return { roundtable: rt, plan, steps, childViews };
}

/**
 * `my reviews`: plans this person reviews (caseworker or supervisor on the roster) that are still open, their
 * own practice plans included (marked by the PRACTICE alias; a 1:1 list is no report).
 */
export async function reviewsFor(
  ctx: FollowUpContext,
  personId: string,
): Promise<{ roundtable: Roundtable; plan: ActionPlan; steps: PlanStep[] }[]> {
  const ids = new Set([
    ...(await ctx.followUps.roundtablesWhere(personId, 'caseworker')),
    ...(await ctx.followUps.roundtablesWhere(personId, 'supervisor')),
  ]);
  const out = [];
  for (const id of ids) {
    const review = await reviewOf(ctx, id, { children: false });
    if (review && !review.plan.closed && !review.plan.supersededBy && review.roundtable.status === 'ended')
      out.push(review);
  }
  return out;
}

/**
 * What the review card sends: ratings per child, each child's outcome (`childOutcomes`); `keepNames` after the
 * full-name warning. `outcome` and `reason` (one outcome for the whole plan) are what cards posted before #25
 * send: accepted, and each child's outcome is then derived without a court date.
 */
export interface ReviewInput {
  ratings: Record<string, unknown>;
  childOutcomes?: Record<string, ChildOutcomeInput>;
  outcome?: unknown;
  reason?: unknown;
  keepNames?: boolean;
}

/**
 * Records a follow-up review: each child's rating now (dated, on the plan and the child's record) and each child's
 * outcome; the plan closes when no child is still in care.
 */
export async function saveReview(
  ctx: FollowUpContext,
  person: Person,
  roundtableId: string,
  input: ReviewInput,
): Promise<Outcome<ActionPlan>> {
  const rt = (await ctx.roundtables.getRoundtable(roundtableId))?.value;
  if (!rt) return fail('not-found', 'That roundtable no longer exists.');
  const role = rosterRole(rt, person.id);
  if (role !== 'caseworker' && role !== 'supervisor' && !rt.facilitatorIds.includes(person.id)) {
    return fail('forbidden', 'The caseworker and supervisor record follow-up reviews.');
  }
  const scale = new Set(ctx.agency.ratingScale.map((r) => r.key));
  const ratings: Record<string, string> = {};
  for (const [child, value] of Object.entries(input.ratings)) {
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || !scale.has(value))
      return fail('invalid', 'Choose each rating from the scale.');
    ratings[child] = value;
  }
  const summary = (await ctx.roundtables.getCaseSummary(rt.id))?.value;
  const children = childrenOf(rt, summary);
  const outcomes: Record<string, ChildOutcome> = {};
  const reasons: string[] = [];
  for (const [child, raw] of Object.entries(input.childOutcomes ?? {})) {
    if (!children.includes(child)) return fail('invalid', 'An outcome names a child who is not in the case.');
    const parsed = parseChildOutcome(child, raw, person, ctx.now());
    if (!parsed.ok) return parsed;
    if (!parsed.value) continue;
    outcomes[child] = parsed.value;
    if (parsed.value.kind === 'exit' && parsed.value.reason) reasons.push(parsed.value.reason);
  }
  if (reasons.length > 0) {
    const names = checkNames(reasons, ctx.agency.nameCheck, input.keepNames === true);
    if (!names.ok) return names;
  }
  let closed: ActionPlan['closed'];
  if (input.outcome !== undefined && input.outcome !== '') {
    const outcome = PLAN_OUTCOMES.find((o) => o === input.outcome) as PlanOutcome | undefined;
    if (!outcome) return fail('invalid', 'Choose how the plan ended.');
    let reason: string | undefined;
    if (outcome === 'other') {
      const r = cleanText(input.reason, 'The reason for closing', 500);
      if (!r.ok) return r;
      // The reason is stored with the plan: the full-name check applies to it as to every free text.
      const names = checkNames([r.value], ctx.agency.nameCheck, input.keepNames === true);
      if (!names.ok) return names;
      reason = r.value;
    }
    closed = { at: ctx.now().toISOString(), by: person, outcome, ...(reason ? { reason } : {}) };
  }
  const recording = Object.keys(outcomes).length > 0;
  if (Object.keys(ratings).length === 0 && !closed && !recording)
    return fail('invalid', "Rate at least one child or record a child's outcome.");
  // A plan is closed after its roundtable ended, once: closing again does not move the retention clock (#23).
  if ((closed || recording) && rt.status !== 'ended')
    return fail(
      'closed',
      `The roundtable for ${rt.caseAlias} is still running: end it first, then close its plan.`,
    );
  const at = ctx.now().toISOString();
  const written = await retryFollowUp(async () => {
    const current = await ctx.roundtables.getPlan(rt.id);
    const base: PlanWithChildren = current?.value ?? { ratings: {}, draft: true };
    const childOutcomes = recording ? { ...base.childOutcomes, ...outcomes } : base.childOutcomes;
    const closedNow =
      closed ?? (recording ? closedFromChildren(children, childOutcomes ?? {}, person, at) : undefined);
    const plan: PlanWithChildren = {
      ...base,
      ratings: { ...base.ratings, ...ratings },
      ratingHistory: [
        ...(base.ratingHistory ?? []),
        ...(Object.keys(ratings).length ? [{ at, by: person, ratings, occasion: 'review' as const }] : []),
      ],
      ...(childOutcomes ? { childOutcomes } : {}),
      ...(closedNow && !base.closed ? { closed: closedNow } : {}),
      updatedAt: at,
    };
    await ctx.roundtables.putPlan(rt.id, plan, current?.etag);
    return ok(plan);
  });
  if (!written.ok) return written;
  // The plan holds the review; each child's record gets it too (the child view reads the plan when this fails).
  if (ctx.children) {
    const deps = { children: ctx.children, now: ctx.now };
    await appendChildRatings(deps, rt, ratings, { at, by: person, occasion: 'review' });
    await recordChildOutcomes(deps, rt, outcomes);
  }
  const nowClosed = written.value.closed !== undefined;
  if (nowClosed) await cancelReminders(ctx, rt.id, () => true);
  const notice = nowClosed
    ? 'Plan closed; follow-up reminders stopped.'
    : recording
      ? 'Review saved. The plan stays open while a child is still in care.'
      : 'Review saved.';
  return ok(written.value, notice);
}
