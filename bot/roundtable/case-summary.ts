import { audit, type DomainContext, findForActor } from './context.js';
import { withEtagRetry } from './etag-retry.js';
import { optionalText, parseChildren } from './input.js';
import { checkNames } from './name-check.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, isPlanOwner } from './permissions.js';
import { currentPhase } from './phases.js';
import { emptySummaryText, SUMMARY_TEXT_FIELDS } from './preparation.js';
import { type ActionPlan, type CaseSummary, PERMANENCY_GOALS, type PermanencyGoal } from './types.js';

/** What the case summary card sends. */
export interface CaseSummaryInput {
  children: string;
  timeInCare?: string;
  placement?: string;
  legalStatus?: string;
  currentGoal?: string;
  connections?: string;
  strengths?: string;
  needs?: string;
  tried?: string;
  /** The writer pressed "Keep as written" after the full-name warning. */
  keepNames?: boolean;
}

/** What the goals card sends: the two goals and each child's rating key. */
export interface GoalsInput {
  primaryGoal?: unknown;
  concurrentGoal?: unknown;
  ratings: Record<string, unknown>;
}

/** The caseworker's structured case summary (Present phase). */
export async function saveCaseSummary(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  input: CaseSummaryInput,
): Promise<Outcome<CaseSummary>> {
  // AUTH
  const found = await findForActor(ctx.store, actor, roundtableId);
  if (!found.ok) return found;
  const rt = found.value;
  if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
  if (!(await isPlanOwner(rt, actor))) {
    return fail(
      'forbidden',
      'The caseworker (or supervisor, or a facilitator) fills the case summary. Join as caseworker first.',
    );
  }
  // VALIDATION
  const children = parseChildren(input.children);
  if (!children.ok) return children;
  const summary: CaseSummary = {
    children: children.value,
    ...emptySummaryText(),
    updatedBy: actor.person,
    updatedAt: ctx.now().toISOString(),
  };
  for (const f of SUMMARY_TEXT_FIELDS) {
    const v = optionalText(input[f], `The field "${f}"`, ctx.settings.maxTextLength);
    if (!v.ok) return v;
    summary[f] = v.value ?? '';
  }
  // RESOLUTION
  return withEtagRetry(async () => {
    const current = await ctx.store.getCaseSummary(rt.id);
    // The full-name check on what changed: text kept as written is not warned about again.
    const changed = SUMMARY_TEXT_FIELDS.filter((f) => summary[f] !== (current?.value[f] ?? ''));
    const names = checkNames(
      changed.map((f) => summary[f]),
      ctx.settings.nameCheck,
      input.keepNames === true,
    );
    if (!names.ok) return names;
    await ctx.store.putCaseSummary(rt.id, summary, current?.etag);
    await audit(ctx, rt.id, actor, 'case.saved');
    return ok(summary, 'Case summary saved.');
  });
}

/** Primary and concurrent goal and each child's permanency rating (plan owners only). */
export async function saveGoals(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  input: GoalsInput,
): Promise<Outcome<ActionPlan>> {
  // AUTH
  const found = await findForActor(ctx.store, actor, roundtableId);
  if (!found.ok) return found;
  const rt = found.value;
  if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
  if (currentPhase(rt).key !== 'plan')
    return fail('closed', 'The plan can be changed in the Permanency Action Plan phase.');
  if (!(await isPlanOwner(rt, actor))) {
    return fail(
      'forbidden',
      'The caseworker and supervisor set the goals and ratings (or a facilitator on their behalf).',
    );
  }
  // VALIDATION
  const primary = permanencyGoal(input.primaryGoal);
  if (!primary.ok) return primary;
  const concurrent = permanencyGoal(input.concurrentGoal);
  if (!concurrent.ok) return concurrent;
  const scale = new Set(ctx.settings.ratingScale.map((r) => r.key));
  const summary = (await ctx.store.getCaseSummary(rt.id))?.value;
  const children = summary?.children.length ? summary.children.map((c) => c.alias) : [rt.caseAlias];
  const ratings: Record<string, string> = {};
  for (const [child, value] of Object.entries(input.ratings)) {
    if (value === undefined || value === '') continue;
    if (!children.includes(child))
      return fail('invalid', 'A rating names a child who is not in the case summary.');
    if (typeof value !== 'string' || !scale.has(value))
      return fail('invalid', 'Choose a rating from the scale.');
    ratings[child] = value;
  }
  // RESOLUTION
  return withEtagRetry(async () => {
    const current = await ctx.store.getPlan(rt.id);
    const base = current?.value ?? { ratings: {}, draft: true };
    const plan: ActionPlan = {
      ...base,
      primaryGoal: primary.value ?? base.primaryGoal,
      concurrentGoal: concurrent.value ?? base.concurrentGoal,
      ratings: { ...base.ratings, ...ratings },
      updatedAt: ctx.now().toISOString(),
    };
    await ctx.store.putPlan(rt.id, plan, current?.etag);
    await audit(ctx, rt.id, actor, 'plan.goals');
    return ok(plan, 'Goals and ratings saved.');
  });
}

/** A permanency goal from a card input; blank is none. */
function permanencyGoal(v: unknown): Outcome<PermanencyGoal | undefined> {
  if (v === undefined || v === '') return ok(undefined);
  const g = PERMANENCY_GOALS.find((x) => x === v);
  return g ? ok(g) : fail('invalid', `A permanency goal is one of: ${PERMANENCY_GOALS.join(', ')}.`);
}
