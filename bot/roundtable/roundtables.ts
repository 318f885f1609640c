import { listBarrierAnswers } from './barrier-answers.js';
import { audit, type DomainContext, findForActor } from './context.js';
import { fidelityOf } from './fidelity.js';
import { loadPreviousPlanReview, type PreviousPlanReview } from './follow-up-roundtable.js';
import { isKnownIdShape } from './input.js';
import { invitedRole, listInvitations } from './invitations.js';
import { closeRoundtable, updateRoundtable } from './lifecycle.js';
import { type Outcome, ok } from './outcome.js';
import type { Actor } from './permissions.js';
import { timeUpDue } from './phases.js';
import { preparationVisible, storedPreparation } from './preparation.js';
import type { Invitation, Preparation, SystemicBarrier } from './records.js';
import { joinAs } from './roles.js';
import type { ActionPlan, CaseSummary, Contribution, Roundtable } from './types.js';

/** Everything a card shows about a roundtable, read in one go. */
export interface RoundtableView {
  roundtable: Roundtable;
  contributions: Contribution[];
  caseSummary?: CaseSummary;
  plan: ActionPlan;
  /** The preparation with the youth and family, once its preparer is on the roster (or practice). */
  preparation?: Preparation;
  /** Barrier busters' answers to barrier-flagged ideas. */
  barriers?: SystemicBarrier[];
  invitations?: Invitation[];
  /** A follow-up roundtable: the previous plan and the permanency status history (review phase). */
  review?: PreviousPlanReview;
}

/** The chat's current roundtable, if it has one. */
export async function forChat(ctx: DomainContext, conversationId: string): Promise<Roundtable | undefined> {
  const pointer = await ctx.store.getChat(conversationId);
  if (!pointer) return undefined;
  return (await ctx.store.getRoundtable(pointer.value.roundtableId))?.value;
}

/** A roundtable by id (callers that act for a person use `forActor`, which checks the chat). */
export async function getRoundtable(
  ctx: DomainContext,
  roundtableId: string,
): Promise<Roundtable | undefined> {
  // A crafted id (a tab route's path) is simply not found: it never reaches the database.
  if (!isKnownIdShape(roundtableId)) return undefined;
  return (await ctx.store.getRoundtable(roundtableId))?.value;
}

/** A roundtable by id, only if it belongs to the actor's chat. */
export async function forActor(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
): Promise<Outcome<Roundtable>> {
  return findForActor(ctx.store, actor, roundtableId);
}

/** Everything a card shows, as this turn reads it (its own writes included). */
export async function roundtableView(
  ctx: DomainContext,
  roundtableId: string,
): Promise<RoundtableView | undefined> {
  return ctx.scopes.within(() => readView(ctx, roundtableId));
}

/** The view as storage holds it now, whatever this turn read before (a shared card's update pass). */
export async function freshRoundtableView(
  ctx: DomainContext,
  roundtableId: string,
): Promise<RoundtableView | undefined> {
  return ctx.scopes.fresh(() => readView(ctx, roundtableId));
}

async function readView(ctx: DomainContext, roundtableId: string): Promise<RoundtableView | undefined> {
  const [rt, contributions, caseSummary, plan, barriers, invitations, prepared] = await Promise.all([
    ctx.store.getRoundtable(roundtableId),
    ctx.store.listContributions(roundtableId),
    ctx.store.getCaseSummary(roundtableId),
    ctx.store.getPlan(roundtableId),
    listBarrierAnswers(ctx, roundtableId),
    listInvitations(ctx, roundtableId),
    storedPreparation(ctx, roundtableId),
  ]);
  if (!rt) return undefined;
  const preparation = preparationVisible(rt.value, prepared) ? prepared : undefined;
  const review = await loadPreviousPlanReview(ctx.store, rt.value);
  return {
    roundtable: rt.value,
    contributions,
    caseSummary: caseSummary?.value,
    plan: plan?.value ?? { ratings: {}, draft: true },
    barriers,
    invitations,
    ...(preparation ? { preparation } : {}),
    ...(review ? { review } : {}),
  };
}

/** "Join as" a role; joining again changes the role. */
export async function joinRoundtable(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  rawRole: unknown,
): Promise<Outcome<Roundtable>> {
  // Invited with a role: joining takes it (roles.ts), unless a facilitator changed it since.
  const invited = await invitedRole(ctx, roundtableId, actor.person.id);
  return joinAs(ctx, actor, roundtableId, rawRole, invited);
}

/** `end`: closes the roundtable; lists what the fidelity check misses and asks for confirmation. */
export async function endRoundtable(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  confirmed: boolean,
  cardRevision?: number,
): Promise<Outcome<Roundtable>> {
  // The fidelity check at end reads the whole record (plan, summary, barriers, preparation).
  const record = await roundtableView(ctx, roundtableId);
  const items = record ? fidelityOf(record, ctx.settings, ctx.now(), true) : [];
  // What people learned for other cases is kept on the roundtable as text only (leaders see no author).
  const learning = (record?.contributions ?? []).flatMap((c) =>
    c.kind === 'debrief' && c.prompt === 'learning' && !c.withdrawn ? [c.text] : [],
  );
  return closeRoundtable(ctx, actor, roundtableId, confirmed, cardRevision, items, learning);
}

/**
 * Claims the "time is up" line of the running phase's time box: true for exactly one caller per time box
 * (the flag is written under the document's etag), false when it is not due or already claimed.
 */
export async function claimTimeUp(ctx: DomainContext, roundtableId: string): Promise<boolean> {
  let claimed = false;
  await updateRoundtable(ctx, roundtableId, (rt) => {
    claimed = false;
    const due = timeUpDue(rt, ctx.now());
    if (!due) return ok(rt);
    claimed = true;
    const phases = rt.phases.map((p) => (p === due ? { ...p, timeUpPosted: p.timerEndsAt } : p));
    return ok({ ...rt, phases });
  });
  return claimed;
}

/** Records a structural event (phase move, end, roster) in the audit trail. */
export async function recordEvent(
  ctx: DomainContext,
  roundtableId: string,
  actor: Actor,
  event: string,
  subject?: string,
): Promise<void> {
  await audit(ctx, roundtableId, actor, event, subject);
}
