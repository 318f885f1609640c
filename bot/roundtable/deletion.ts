import { forgetRoundtableInChildren } from './child-record.js';
import type { DomainContext } from './context.js';
import { retryOnConflict, withEtagRetry } from './etag-retry.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, inThisChat, isFacilitator } from './permissions.js';
import { StoreUnavailable } from './ports.js';
import { draftPartitionsOf } from './preparation.js';
import type { DeletionRecord } from './records.js';
import type { Person, Roundtable } from './types.js';

export type { DeletionRules } from './context.js';

const DAY = 86_400_000;

function sameAlias(typed: string, alias: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(typed) === norm(alias);
}

// Deleting a roundtable and everything about it; the rules of who may and when.

/**
 * `delete roundtable` in the roundtable's chat: a facilitator only, and only when the typed
 * confirmation names the case alias (`delete roundtable <alias>`). Without it: needs-confirmation.
 */
export async function requestDeletion(
  ctx: DomainContext,
  actor: Actor,
  rt: Roundtable,
  confirmation: string,
): Promise<Outcome<DeletionRecord>> {
  // AUTH
  if (!inThisChat(rt, actor)) return fail('not-found', 'No roundtable of this chat to delete.');
  const officer = isRecordsOfficer(ctx, actor.person);
  if (!officer && !(await isFacilitator(rt, actor))) {
    return fail('forbidden', 'Only a facilitator of this roundtable can delete it.');
  }
  if (rt.legalHold) {
    return fail(
      'forbidden',
      `The roundtable for ${rt.caseAlias} is on legal hold: nothing of it is deleted until a records officer releases the hold.`,
    );
  }
  if (!officer && !rt.practice && !inMistakeWindow(ctx, rt)) {
    return fail(
      'forbidden',
      `A facilitator deletes a roundtable only within ${ctx.deletion.rules.deleteWindowDays} days of its start (for mistakes). ` +
        'After that it is kept as the agency’s records rules say: retention deletes it, or the agency’s records officer.',
    );
  }
  // VALIDATION
  if (!confirmation.trim()) {
    return fail(
      'needs-confirmation',
      `This deletes the roundtable for ${rt.caseAlias} and everything in it: case summary, questions, ideas, ` +
        'plan and steps, debrief, its reminders and its entries in the barrier register. It cannot be undone. ' +
        `To confirm, type \`@Roundtable delete roundtable ${rt.caseAlias}\`.`,
    );
  }
  if (!sameAlias(confirmation, rt.caseAlias)) {
    return fail(
      'invalid',
      `The confirmation must name this roundtable's case alias exactly: \`delete roundtable ${rt.caseAlias}\`. Nothing was deleted.`,
    );
  }
  // RESOLUTION
  return ok(
    await deleteRoundtableNow(ctx, rt.id, actor.person.id, officer ? 'records-officer' : 'facilitator'),
    `The roundtable for ${rt.caseAlias} was deleted.`,
  );
}

/** Is this person one of the agency's records officers (RECORDS_OFFICER_IDS)? */
export function isRecordsOfficer(ctx: DomainContext, person: Person): boolean {
  return !!person.aadObjectId && ctx.deletion.rules.officerIds.includes(person.aadObjectId.toLowerCase());
}

/** Within the facilitator's deletion window after `start`? */
function inMistakeWindow(ctx: DomainContext, rt: Roundtable): boolean {
  const started = Date.parse(rt.createdAt);
  return ctx.now().getTime() - started <= ctx.deletion.rules.deleteWindowDays * DAY;
}

/**
 * `legal hold` / `legal hold release` in the roundtable's chat: a records officer only. While held, neither
 * retention nor anyone deletes the roundtable. Audited in the roundtable's trail.
 */
export async function setLegalHold(
  ctx: DomainContext,
  actor: Actor,
  rt: Roundtable,
  hold: boolean,
): Promise<Outcome<Roundtable>> {
  // AUTH
  if (!inThisChat(rt, actor)) return fail('not-found', 'No roundtable of this chat.');
  if (!isRecordsOfficer(ctx, actor.person))
    return fail('forbidden', 'Only the agency’s records officers put a roundtable on legal hold.');
  // RESOLUTION, on the fresh document
  let changed = false;
  const result = await withEtagRetry(async () => {
    const current = await ctx.store.getRoundtable(rt.id);
    if (!current) return fail('not-found', 'That roundtable no longer exists.');
    if (!!current.value.legalHold === hold) return ok(current.value);
    changed = true;
    const { legalHold: _gone, ...rest } = current.value;
    const next: Roundtable = hold
      ? { ...rest, legalHold: { by: actor.person.id, at: ctx.now().toISOString() } }
      : rest;
    await ctx.store.replaceRoundtable(next, current.etag);
    return ok(next);
  });
  if (!result.ok) return result;
  if (changed) {
    await ctx.store.addAudit({
      id: `audit-${ctx.newId()}`,
      roundtableId: rt.id,
      at: ctx.now().toISOString(),
      actorId: actor.person.id,
      event: hold ? 'legal-hold.placed' : 'legal-hold.released',
    });
  }
  const what = hold
    ? `The roundtable for ${rt.caseAlias} is on legal hold: retention and deletion wait until a records officer releases it.`
    : `The legal hold on the roundtable for ${rt.caseAlias} is released: the records rules apply again.`;
  return ok(
    result.value,
    changed ? what : hold ? 'It is already on legal hold.' : 'It is not on legal hold.',
  );
}

/** Removes every document of the roundtable, its reminders and barrier entries, then records the deletion. */
export async function deleteRoundtableNow(
  ctx: DomainContext,
  roundtableId: string,
  actorId: string,
  trigger: DeletionRecord['trigger'],
): Promise<DeletionRecord> {
  const { programme } = ctx;
  const rt = (await ctx.store.getRoundtable(roundtableId))?.value;
  // A follow-up deleted by its facilitator gives the previous plan back its follow-up.
  if (rt?.followUpOf && trigger === 'facilitator') await restorePrevious(ctx, rt.followUpOf, rt.id);
  const reminders = await programme.deleteRemindersOf(roundtableId);
  const barriers = await programme.deleteBarriersOf(roundtableId);
  const drafts = rt ? await deleteDrafts(ctx, rt) : 0;
  const documents = (await programme.deleteRoundtableDocuments(roundtableId)) + drafts;
  if (rt) await forgetRoundtableInChildren(ctx, rt);
  if (rt) await forgetInChat(ctx, rt);
  if (rt && !rt.practice) await recomputeAfterDeletion(ctx, rt);
  const record: DeletionRecord = {
    id: `del-${ctx.newId()}`,
    roundtableId,
    at: ctx.now().toISOString(),
    actorId,
    trigger,
    documents,
    reminders: reminders.deleted,
    barriers,
  };
  await programme.addDeletion(record);
  return record;
}

/** The aggregates without the deleted roundtable; when the store is down, the nightly recompute does it. */
async function recomputeAfterDeletion(ctx: DomainContext, rt: Roundtable): Promise<void> {
  try {
    await ctx.deletion.afterDelete?.(rt);
  } catch (err) {
    if (!(err instanceof StoreUnavailable)) throw err;
  }
}

/** The unattached drafts its people kept for its alias (the youth's and family's words). */
async function deleteDrafts(ctx: DomainContext, rt: Roundtable): Promise<number> {
  const store = ctx.records;
  if (!store) return 0;
  let n = 0;
  for (const partition of draftPartitionsOf(rt)) {
    if (!(await store.getPreparation(partition))) continue;
    await store.deletePreparation(partition);
    n++;
  }
  return n;
}

/** The previous plan is no longer superseded by the deleted follow-up (its reminders are restored by the caller). */
async function restorePrevious(ctx: DomainContext, previousId: string, followUpId: string): Promise<void> {
  await retryOnConflict(
    async () => {
      const current = await ctx.store.getPlan(previousId);
      if (!current || current.value.supersededBy !== followUpId) return;
      const { supersededBy: _gone, ...plan } = current.value;
      await ctx.store.putPlan(previousId, { ...plan, updatedAt: ctx.now().toISOString() }, current.etag);
    },
    { attempts: 6, backoff: false, exhausted: () => undefined },
  );
}

/** The chat pointer forgets the roundtable (its history holds ids only, but a deleted id helps nobody). */
async function forgetInChat(ctx: DomainContext, rt: Roundtable): Promise<void> {
  await retryOnConflict(
    async () => {
      const pointer = await ctx.store.getChat(rt.chat.conversationId);
      if (!pointer?.value.history.includes(rt.id)) return;
      const history = pointer.value.history.filter((id) => id !== rt.id);
      const roundtableId =
        pointer.value.roundtableId === rt.id
          ? (history[history.length - 1] ?? rt.id)
          : pointer.value.roundtableId;
      await ctx.store.putChat({ ...pointer.value, roundtableId, history }, pointer.etag);
    },
    { attempts: 6, backoff: false, exhausted: () => undefined },
  );
}

/**
 * Retention: each roundtable is judged by its OWN plan: deleted when that plan closed more than
 * `retentionDays` ago (never because a later roundtable of the case closed). Run by the scheduler.
 */
export async function sweepRetention(ctx: DomainContext): Promise<{ deleted: number; links: number }> {
  const { programme } = ctx;
  const { retentionDays } = ctx.deletion;
  const now = ctx.now();
  const links = await programme.deleteExpiredDownloads(now.toISOString());
  if (retentionDays <= 0) return { deleted: 0, links };
  const cutoff = new Date(now.getTime() - retentionDays * DAY).toISOString();
  let deleted = 0;
  for (const id of await programme.closedPlansBefore(cutoff)) {
    // A legal hold stops retention until a records officer releases it.
    if ((await ctx.store.getRoundtable(id))?.value.legalHold) continue;
    await deleteRoundtableNow(ctx, id, 'system:retention', 'retention');
    deleted++;
  }
  return { deleted, links };
}
