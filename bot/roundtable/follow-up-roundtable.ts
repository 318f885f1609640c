import { appendChildRatings, childrenOf, ensureChildRecords } from './child-record.js';
import { audit, type DomainContext, findForActor } from './context.js';
import { BUSY, retryOnConflict } from './etag-retry.js';
import { contributionId, validateAlias } from './input.js';
import { startRoundtable } from './lifecycle.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, inThisChat, isPlanOwner } from './permissions.js';
import { currentPhase } from './phases.js';
import type { RoundtableStore } from './ports.js';
import type { ActionPlan, ChatAddress, PlanStep, RatingOccasion, Roundtable } from './types.js';

/** One row of a child's permanency status history: when, on what occasion, each child's rating key. */
export interface PermanencyHistoryRow {
  at: string;
  occasion: RatingOccasion;
  ratings: Record<string, string>;
}

/** What the review phase of a follow-up roundtable shows: the previous plan and the rating history. */
export interface PreviousPlanReview {
  previous: { id: string; createdAt: string; endedAt?: string };
  /** Every step of the previous plan (withdrawn ones excepted), with its follow-up history. */
  steps: PlanStep[];
  children: string[];
  /** Oldest first, across every roundtable of the case (this one included). */
  history: PermanencyHistoryRow[];
  /** Each child's rating in this follow-up roundtable so far. */
  current: Record<string, string>;
}

/** Practice roundtables (`practice: true`) never count in programme views. */
export function isPractice(rt: Roundtable): boolean {
  return (rt as Roundtable & { practice?: boolean }).practice === true;
}

/** Open steps carry over: not done, not dropped, not withdrawn. */
function isOpenStep(s: PlanStep): boolean {
  return !s.withdrawn && s.status !== 'done' && s.status !== 'dropped';
}

const MAX_CHAIN = 25;
const MAX_RETRIES = 6;

/** The roundtables of one case, oldest first, following `followUpOf` back from `rt` (included). */
export async function caseChain(store: RoundtableStore, rt: Roundtable): Promise<Roundtable[]> {
  const chain = [rt];
  let at = rt;
  while (at.followUpOf && chain.length < MAX_CHAIN) {
    const prev = (await store.getRoundtable(at.followUpOf))?.value;
    if (!prev) break;
    chain.unshift(prev);
    at = prev;
  }
  return chain;
}

/** The permanency status history over a chain of plans, oldest first. */
export function permanencyHistory(
  chain: { roundtable: Roundtable; plan?: ActionPlan }[],
): PermanencyHistoryRow[] {
  const rows: PermanencyHistoryRow[] = [];
  for (const { roundtable, plan } of chain) {
    if (!plan) continue;
    const entries = plan.ratingHistory ?? [];
    for (const e of entries) rows.push({ at: e.at, occasion: e.occasion ?? 'review', ratings: e.ratings });
    // Plans that ended before ratings were recorded at the end still show their ratings once.
    if (entries.length === 0 && Object.keys(plan.ratings).length > 0 && roundtable.status === 'ended') {
      rows.push({
        at: roundtable.endedAt ?? roundtable.createdAt,
        occasion: roundtable.followUpOf ? 'followup-roundtable' : 'roundtable',
        ratings: plan.ratings,
      });
    }
  }
  return rows.sort((a, b) => a.at.localeCompare(b.at));
}

/** Reads what the review phase shows; undefined for a roundtable that follows none. */
export async function loadPreviousPlanReview(
  store: RoundtableStore,
  rt: Roundtable,
): Promise<PreviousPlanReview | undefined> {
  if (!rt.followUpOf) return undefined;
  const chain = await caseChain(store, rt);
  const previous = chain.length >= 2 ? chain[chain.length - 2] : undefined;
  const plans = await Promise.all(chain.map(async (r) => (await store.getPlan(r.id))?.value));
  const steps = previous
    ? (await store.listContributions(previous.id)).filter(
        (c): c is PlanStep => c.kind === 'step' && !c.withdrawn,
      )
    : [];
  const summary = (await store.getCaseSummary(rt.id))?.value;
  return {
    previous: previous
      ? {
          id: previous.id,
          createdAt: previous.createdAt,
          ...(previous.endedAt ? { endedAt: previous.endedAt } : {}),
        }
      : { id: rt.followUpOf, createdAt: rt.createdAt },
    steps,
    children: summary?.children.length ? summary.children.map((c) => c.alias) : [rt.caseAlias],
    history: permanencyHistory(chain.map((r, i) => ({ roundtable: r, plan: plans[i] }))),
    current: plans[plans.length - 1]?.ratings ?? {},
  };
}

// Follow-up roundtables: start one linked to the previous, re-rate in the review, carry open steps over.

/**
 * The previous roundtable of a case: the newest ended roundtable with that alias in the starter's tenant
 * (this chat's first, then any) of which the starter was a facilitator, the caseworker or the supervisor.
 * Any other case is not found, exactly as if none existed (its existence stays hidden).
 */
export async function findPreviousRoundtable(
  ctx: DomainContext,
  actor: Actor,
  alias: string,
  tenantId: string | undefined,
): Promise<Roundtable | undefined> {
  const tenant = actor.tenantId ?? tenantId;
  const me = actor.person.id;
  const linkable = (rt: Roundtable) =>
    rt.status === 'ended' &&
    !isPractice(rt) &&
    rt.caseAlias.toLowerCase() === alias.toLowerCase() &&
    (rt.chat.tenantId ?? '') === (tenant ?? '') &&
    (rt.facilitatorIds.includes(me) ||
      rt.roster.some((r) => r.id === me && (r.role === 'caseworker' || r.role === 'supervisor')));
  const pointer = await ctx.store.getChat(actor.conversationId);
  for (const id of [...(pointer?.value.history ?? [])].reverse()) {
    const rt = (await ctx.store.getRoundtable(id))?.value;
    if (rt && linkable(rt)) return rt;
  }
  const found = (await ctx.programme.roundtablesByAlias(alias, tenant))
    .filter(linkable)
    .sort((a, b) => (b.endedAt ?? b.createdAt).localeCompare(a.endedAt ?? a.createdAt));
  return found[0];
}

/** The tenant's roundtables with this case alias (the `start` warning about another unfinished one). */
export function roundtablesWithAlias(
  ctx: DomainContext,
  alias: string,
  tenantId: string | undefined,
): Promise<Roundtable[]> {
  return ctx.programme.roundtablesByAlias(alias, tenantId);
}

/** `start followup <alias>`: a roundtable whose review phase goes over the previous plan of the case. */
export async function startFollowUp(
  ctx: DomainContext,
  actor: Actor,
  rawAlias: string,
  chat: ChatAddress,
): Promise<Outcome<Roundtable>> {
  // VALIDATION
  const alias = validateAlias(rawAlias);
  if (!alias.ok) return alias;
  // AUTH + RESOLUTION of the link: only a case the starter can see
  const previous = await findPreviousRoundtable(ctx, actor, alias.value, chat.tenantId);
  if (!previous) {
    return fail(
      'not-found',
      `I found no ended roundtable for ${alias.value} that you facilitated or were the caseworker or supervisor of. ` +
        'A follow-up needs the previous roundtable to have ended; check the alias, or use `start <case alias>` for a first roundtable.',
    );
  }
  // RESOLUTION
  const started = await startRoundtable(ctx, actor, previous.caseAlias, chat, {
    sequence: 'followup',
    followUpOf: previous.id,
  });
  if (!started.ok) return started;
  const summary = (await ctx.store.getCaseSummary(previous.id))?.value;
  if (summary && !(await ctx.store.getCaseSummary(started.value.id))) {
    // One attempt: a summary that someone saved meanwhile wins.
    await retryOnConflict(() => ctx.store.putCaseSummary(started.value.id, summary), {
      attempts: 1,
      exhausted: () => undefined,
    });
  }
  await audit(ctx, started.value.id, actor, 'roundtable.followup', previous.id);
  return ok(started.value);
}

/** Review phase: the caseworker or supervisor (or a facilitator) re-rates each child's permanency status. */
export async function saveReviewRatings(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  input: Record<string, unknown>,
): Promise<Outcome<ActionPlan>> {
  // AUTH
  const found = await findForActor(ctx.store, actor, roundtableId);
  if (!found.ok) return found;
  const rt = found.value;
  if (!inThisChat(rt, actor)) return fail('not-found', 'This card belongs to a roundtable of another chat.');
  if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
  if (currentPhase(rt).key !== 'review')
    return fail('closed', 'Ratings are re-rated in the review phase of a follow-up roundtable.');
  if (!(await isPlanOwner(rt, actor))) {
    return fail(
      'forbidden',
      'The caseworker and supervisor re-rate permanency status (or a facilitator on their behalf).',
    );
  }
  // VALIDATION
  const summary = (await ctx.store.getCaseSummary(rt.id))?.value;
  const children = summary?.children.length ? summary.children.map((c) => c.alias) : [rt.caseAlias];
  const scale = new Set(ctx.settings.ratingScale.map((r) => r.key));
  const ratings: Record<string, string> = {};
  for (const [child, value] of Object.entries(input)) {
    if (value === undefined || value === '') continue;
    if (!children.includes(child)) return fail('invalid', 'A rating names a child who is not in the case.');
    if (typeof value !== 'string' || !scale.has(value))
      return fail('invalid', 'Choose each rating from the scale.');
    ratings[child] = value;
  }
  if (Object.keys(ratings).length === 0) return fail('invalid', 'Rate at least one child.');
  // RESOLUTION: one entry per follow-up roundtable, replaced when re-rated again in the meeting
  const now = ctx.now().toISOString();
  return retryOnConflict(
    async (): Promise<Outcome<ActionPlan>> => {
      const current = await ctx.store.getPlan(rt.id);
      const base: ActionPlan = current?.value ?? { ratings: {}, draft: true };
      const history = (base.ratingHistory ?? []).filter((e) => e.occasion !== 'followup-roundtable');
      const merged = {
        ...(base.ratingHistory ?? []).find((e) => e.occasion === 'followup-roundtable')?.ratings,
        ...ratings,
      };
      const plan: ActionPlan = {
        ...base,
        ratings: { ...base.ratings, ...ratings },
        ratingHistory: [
          ...history,
          { at: now, by: actor.person, ratings: merged, occasion: 'followup-roundtable' },
        ],
        updatedAt: now,
      };
      await ctx.store.putPlan(rt.id, plan, current?.etag);
      await audit(ctx, rt.id, actor, 'review.rated');
      return ok(plan, 'Permanency status re-rated.');
    },
    { attempts: MAX_RETRIES, backoff: false, exhausted: () => fail('busy', BUSY) },
  );
}

/**
 * After a roundtable ends: its plan's ratings join the history, and a follow-up takes over the
 * previous plan — open steps are copied into the new plan (same owner, due date, status and
 * history) and the previous plan is marked superseded, so its reminders stop. Idempotent.
 */
export async function carryOverAfterEnd(
  ctx: DomainContext,
  roundtableId: string,
  actor: Actor,
): Promise<{ carried: number }> {
  const rt = (await ctx.store.getRoundtable(roundtableId))?.value;
  if (rt?.status !== 'ended') return { carried: 0 };
  await recordRatingsAtEnd(ctx, rt, actor);
  await childRatingsAtEnd(ctx, rt, actor);
  if (!rt.followUpOf) return { carried: 0 };
  const previous = (await ctx.store.getRoundtable(rt.followUpOf))?.value;
  if (!previous) return { carried: 0 };
  const now = ctx.now().toISOString();
  let carried = 0;
  const open = (await ctx.store.listContributions(previous.id)).filter(
    (c): c is PlanStep => c.kind === 'step' && isOpenStep(c),
  );
  for (const step of open) {
    const copy: PlanStep = {
      ...step,
      id: contributionId([rt.id, 'carried', step.id]),
      roundtableId: rt.id,
      carriedFrom: { roundtableId: previous.id, stepId: step.id },
      updates: [
        ...(step.updates ?? []),
        { at: now, by: actor.person, note: 'Carried over into the follow-up plan.' },
      ],
      updatedAt: now,
    };
    if (await ctx.store.addContribution(copy)) carried++;
  }
  await retryOnConflict(
    async () => {
      const current = await ctx.store.getPlan(previous.id);
      const base: ActionPlan = current?.value ?? { ratings: {}, draft: true };
      if (base.supersededBy === rt.id) return;
      await ctx.store.putPlan(previous.id, { ...base, supersededBy: rt.id, updatedAt: now }, current?.etag);
    },
    { attempts: MAX_RETRIES, backoff: false, exhausted: () => undefined },
  );
  return { carried };
}

/**
 * Each child of the case has a record listing this roundtable, and the ratings set in the meeting join it,
 * dated by the end (idempotent: the same roundtable, occasion and date are one rating). Throws on an outage or
 * lost races: the after-end job runs it again.
 */
async function childRatingsAtEnd(ctx: DomainContext, rt: Roundtable, actor: Actor): Promise<void> {
  if (rt.practice === true) return;
  const summary = (await ctx.store.getCaseSummary(rt.id))?.value;
  const children = childrenOf(rt, summary);
  await ensureChildRecords(ctx, rt, children);
  const plan = (await ctx.store.getPlan(rt.id))?.value;
  if (!plan || Object.keys(plan.ratings).length === 0) return;
  const rated = Object.fromEntries(
    Object.entries(plan.ratings).filter(([child]) => children.includes(child)),
  );
  await appendChildRatings(ctx, rt, rated, {
    at: rt.endedAt ?? ctx.now().toISOString(),
    by: actor.person,
    occasion: rt.followUpOf ? 'followup-roundtable' : 'roundtable',
  });
}

/** The ratings set in the meeting become a dated history entry (once per roundtable). */
async function recordRatingsAtEnd(ctx: DomainContext, rt: Roundtable, actor: Actor): Promise<void> {
  const occasion: RatingOccasion = rt.followUpOf ? 'followup-roundtable' : 'roundtable';
  await retryOnConflict(
    async () => {
      const current = await ctx.store.getPlan(rt.id);
      if (!current || Object.keys(current.value.ratings).length === 0) return;
      const base = current.value;
      const history = (base.ratingHistory ?? []).filter((e) => e.occasion !== occasion);
      const plan: ActionPlan = {
        ...base,
        ratingHistory: [
          ...history,
          { at: rt.endedAt ?? ctx.now().toISOString(), by: actor.person, ratings: base.ratings, occasion },
        ],
      };
      await ctx.store.putPlan(rt.id, plan, current.etag);
    },
    { attempts: MAX_RETRIES, backoff: false, exhausted: () => undefined },
  );
}
