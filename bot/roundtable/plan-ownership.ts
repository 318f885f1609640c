import type { DomainContext } from './context.js';
import { withEtagRetry } from './etag-retry.js';
import { cleanText, dateInDays, isIsoDate, isKnownIdShape } from './input.js';
import { checkNames } from './name-check.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, inThisChat, isPlanOwner, rosterRole } from './permissions.js';
import { currentPhase } from './phases.js';
import type { ActionPlan, AgencySettings, Person, PlanStep, Roundtable } from './types.js';

/** The id of the suggested family-team-meeting step (one per plan, in the roundtable's partition). */
export const FAMILY_MEETING_STEP_ID = 'step-family-team-meeting';
export const FAMILY_MEETING_STEP_TEXT =
  'Hold a family team meeting to review this plan with the youth and family';

/** Who the bot names as the author of what it suggests. */
export const SUGGESTED_BY: Person = { id: 'roundtable-bot', name: 'Suggested by the bot' };

/** The plan is the caseworker's and supervisor's (PRT.md); facilitators act on their behalf. Sync form for 1:1 chats. */
export function ownsPlan(rt: Roundtable, personId: string): boolean {
  const role = rosterRole(rt, personId);
  return role === 'caseworker' || role === 'supervisor' || rt.facilitatorIds.includes(personId);
}

/** A step counts in the plan (and is reminded) only once accepted. */
export function isAccepted(step: PlanStep): boolean {
  return step.proposed !== true;
}

/** Who owns the suggested step: the caseworker on the roster, else the supervisor, else whoever opened the plan. */
function familyMeetingOwner(rt: Roundtable, fallback: Person): Person {
  const entry =
    rt.roster.find((r) => r.role === 'caseworker') ??
    rt.roster.find((r) => r.role === 'supervisor') ??
    fallback;
  return { id: entry.id, name: entry.name, ...(entry.aadObjectId ? { aadObjectId: entry.aadObjectId } : {}) };
}

/** The step a new plan starts with: a family team meeting with the youth and family, due within the configured days. */
export function familyMeetingStep(
  rt: Roundtable,
  settings: AgencySettings,
  now: Date,
  opener: Person,
): PlanStep {
  const iso = now.toISOString();
  return {
    id: FAMILY_MEETING_STEP_ID,
    roundtableId: rt.id,
    kind: 'step',
    author: SUGGESTED_BY,
    text: FAMILY_MEETING_STEP_TEXT,
    owner: familyMeetingOwner(rt, opener),
    dueDate: dateInDays(now, settings.familyTeamMeetingDays),
    status: 'not-started',
    suggested: 'family-team-meeting',
    createdAt: iso,
    updatedAt: iso,
  };
}

export interface StepReviewInput {
  accept: boolean;
  ownerId?: unknown;
  dueDate?: unknown;
}

export interface FamilyReviewInput {
  date: unknown;
  participants: unknown;
  changes: unknown;
  /** "Keep as written" after the full-name warning. */
  keepNames?: boolean;
  /** 'yes' or 'no': did the youth take part (optional). */
  youthTookPart?: unknown;
  /** What the youth said about the plan (optional). */
  youthSaid?: unknown;
}

// Plan ownership: proposals, acceptance, the suggested family team meeting and the review that ends the draft.

/** Creates the suggested step once, when the plan phase first opens (idempotent; a removed one stays removed). */
export async function ensureFamilyMeetingStep(
  ctx: DomainContext,
  rt: Roundtable,
  opener: Person,
): Promise<void> {
  if (currentPhase(rt).key !== 'plan') return;
  await ctx.store.addContribution(familyMeetingStep(rt, ctx.settings, ctx.now(), opener));
}

/** Accept a proposal (optionally changing owner and due date), or change an accepted step: plan owners only. */
export async function reviewPlanStep(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  stepId: string,
  input: StepReviewInput,
): Promise<Outcome<PlanStep>> {
  // AUTH
  const rt = isKnownIdShape(roundtableId) ? (await ctx.store.getRoundtable(roundtableId))?.value : undefined;
  if (!rt || !inThisChat(rt, actor))
    return fail('not-found', 'This card belongs to a roundtable of another chat.');
  if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
  if (currentPhase(rt).key !== 'plan')
    return fail('closed', 'Steps are changed in the Permanency Action Plan phase.');
  if (!(await isPlanOwner(rt, actor))) {
    return fail(
      'forbidden',
      'The plan is the caseworker’s and supervisor’s: only they (or a facilitator on their behalf) accept or change steps. Your step stays a proposal.',
    );
  }
  // VALIDATION
  let owner: Person | undefined;
  if (typeof input.ownerId === 'string' && input.ownerId !== '') {
    const entry = rt.roster.find((r) => r.id === input.ownerId);
    if (!entry) return fail('invalid', 'Choose the step owner from the roster.');
    owner = {
      id: entry.id,
      name: entry.name,
      ...(entry.aadObjectId ? { aadObjectId: entry.aadObjectId } : {}),
    };
  }
  let dueDate: string | undefined;
  if (input.dueDate !== undefined && input.dueDate !== '') {
    if (!isIsoDate(input.dueDate)) return fail('invalid', 'Give the step a due date.');
    if (input.dueDate < ctx.now().toISOString().slice(0, 10))
      return fail('invalid', 'The due date is in the past.');
    dueDate = input.dueDate;
  }
  if (!isKnownIdShape(stepId)) return fail('not-found', 'That step no longer exists.');
  // RESOLUTION
  return withEtagRetry(async () => {
    const current = await ctx.store.getContribution(rt.id, stepId);
    if (current?.value.kind !== 'step' || current.value.withdrawn)
      return fail('not-found', 'That step no longer exists.');
    const step = current.value;
    const changed = (owner && owner.id !== step.owner.id) || (dueDate && dueDate !== step.dueDate);
    if (!input.accept && !changed) return ok(step, 'Nothing to change.');
    if (input.accept && !step.proposed && !changed) return ok(step, 'That step is already in the plan.');
    const next: PlanStep = {
      ...step,
      ...(owner ? { owner } : {}),
      ...(dueDate ? { dueDate } : {}),
      ...(input.accept && step.proposed ? { proposed: false, acceptedBy: actor.person } : {}),
      updatedAt: ctx.now().toISOString(),
    };
    await ctx.store.replaceContribution(next, current.etag);
    await auditPlan(
      ctx,
      rt.id,
      actor.person,
      input.accept && step.proposed ? 'step.accepted' : 'step.changed',
      step.id,
    );
    return ok(next, input.accept && step.proposed ? 'Accepted into the plan.' : 'Step changed.');
  });
}

/**
 * The family team meeting reviewed the plan with the youth and family: records when, who took part
 * and what changed; the plan leaves draft and the suggested step is done.
 */
export async function saveFamilyReview(
  ctx: DomainContext,
  person: Person,
  roundtableId: string,
  input: FamilyReviewInput,
): Promise<Outcome<ActionPlan>> {
  // AUTH
  const rt = isKnownIdShape(roundtableId) ? (await ctx.store.getRoundtable(roundtableId))?.value : undefined;
  if (!rt) return fail('not-found', 'That roundtable no longer exists.');
  if (!ownsPlan(rt, person.id)) {
    return fail('forbidden', 'The caseworker and supervisor record the family team meeting.');
  }
  // VALIDATION
  if (!isIsoDate(input.date)) return fail('invalid', 'Give the date of the family team meeting.');
  if (input.date > ctx.now().toISOString().slice(0, 10))
    return fail('invalid', 'Record the family team meeting once it has taken place.');
  if (input.date < rt.createdAt.slice(0, 10)) return fail('invalid', 'That date is before the roundtable.');
  const participants = cleanText(input.participants, 'Who took part', 500);
  if (!participants.ok) return participants;
  const changes = cleanText(input.changes, 'The changes agreed (or "none")', ctx.settings.maxTextLength);
  if (!changes.ok) return changes;
  const youthSaid =
    typeof input.youthSaid === 'string' && input.youthSaid.trim()
      ? cleanText(input.youthSaid, 'What the youth said', ctx.settings.maxTextLength)
      : ok('');
  if (!youthSaid.ok) return youthSaid;
  const tookPart = input.youthTookPart === 'yes' ? true : input.youthTookPart === 'no' ? false : undefined;
  // The record is echoed onto the plan summary in the group chat: the full-name check applies.
  const names = checkNames(
    [participants.value, changes.value, youthSaid.value],
    ctx.settings.nameCheck,
    input.keepNames === true,
  );
  if (!names.ok) return names;
  const date = input.date;
  // RESOLUTION
  const saved = await withEtagRetry(async () => {
    const current = await ctx.store.getPlan(rt.id);
    const base = current?.value ?? { ratings: {}, draft: true };
    const plan: ActionPlan = {
      ...base,
      draft: false,
      familyReview: {
        date,
        participants: participants.value,
        changes: changes.value,
        ...(tookPart === undefined ? {} : { youthTookPart: tookPart }),
        ...(youthSaid.value ? { youthSaid: youthSaid.value } : {}),
        recordedBy: person,
        recordedAt: ctx.now().toISOString(),
      },
      updatedAt: ctx.now().toISOString(),
    };
    await ctx.store.putPlan(rt.id, plan, current?.etag);
    return ok(plan, 'Family team meeting recorded: the plan is no longer a draft.');
  });
  if (!saved.ok) return saved;
  await completeFamilyMeetingStep(ctx, rt.id, person);
  await auditPlan(ctx, rt.id, person, 'plan.family-review');
  return saved;
}

async function completeFamilyMeetingStep(
  ctx: DomainContext,
  roundtableId: string,
  person: Person,
): Promise<void> {
  await withEtagRetry(async () => {
    const current = await ctx.store.getContribution(roundtableId, FAMILY_MEETING_STEP_ID);
    if (current?.value.kind !== 'step' || current.value.withdrawn || current.value.status === 'done')
      return ok(undefined);
    const at = ctx.now().toISOString();
    const step: PlanStep = {
      ...current.value,
      status: 'done',
      proposed: false,
      updates: [
        ...(current.value.updates ?? []),
        { at, by: person, status: 'done', note: 'Family team meeting recorded' },
      ],
      updatedAt: at,
    };
    await ctx.store.replaceContribution(step, current.etag);
    return ok(undefined);
  });
}

async function auditPlan(
  ctx: DomainContext,
  roundtableId: string,
  person: Person,
  event: string,
  subject?: string,
): Promise<void> {
  await ctx.store.addAudit({
    id: `audit-${crypto.randomUUID()}`,
    roundtableId,
    at: ctx.now().toISOString(),
    actorId: person.id,
    event,
    ...(subject ? { subject } : {}),
  });
}
