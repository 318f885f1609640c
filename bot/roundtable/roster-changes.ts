/**
 * Roster changes that take rights away: `facilitator remove @x`, someone leaving the roundtable's chat, and
 * handing a plan to a new caseworker or supervisor after `end` (caseworkers change jobs during follow-up).
 */

import { audit, type DomainContext, OTHER_CHAT } from './context.js';
import { withEtagRetry } from './etag-retry.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, inThisChat, isFacilitator, rosterRole } from './permissions.js';
import { LAST_FACILITATOR, roleWord } from './roles.js';
import { changeRoster } from './roster.js';
import type { Person, PlanStep, Role, RosterEntry, Roundtable } from './types.js';

/** The roles a plan is handed over in. */
export const HANDOVER_ROLES = ['caseworker', 'supervisor'] as const satisfies readonly Role[];
export type HandoverRole = (typeof HANDOVER_ROLES)[number];

/** `facilitator remove @x`: a facilitator takes co-facilitator rights away; never from the last facilitator. */
export async function removeFacilitator(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  person: Person,
): Promise<Outcome<Roundtable>> {
  let changed = false;
  const result = await changeRoster(ctx, roundtableId, async (rt) => {
    // AUTH on the fresh document
    if (!inThisChat(rt, actor)) return fail('not-found', OTHER_CHAT);
    if (!(await isFacilitator(rt, actor)))
      return fail('forbidden', 'Only a facilitator can take facilitator rights away.');
    // VALIDATION
    if (!rt.facilitatorIds.includes(person.id)) {
      return fail(
        'invalid',
        `${person.name} is not a co-facilitator here (the Teams meeting's organizer always facilitates).`,
      );
    }
    if (rt.facilitatorIds.length === 1) return fail('invalid', LAST_FACILITATOR);
    // RESOLUTION
    changed = true;
    const now = ctx.now().toISOString();
    const roster = rt.roster.map((r) =>
      r.id === person.id && r.role === 'facilitator' ? { ...r, role: 'other' as Role, roleSetAt: now } : r,
    );
    return ok(
      {
        ...rt,
        roster,
        facilitatorIds: rt.facilitatorIds.filter((id) => id !== person.id),
      },
      `${person.name} is no longer a facilitator.`,
    );
  });
  if (result.ok && changed) await audit(ctx, roundtableId, actor, 'facilitator.removed', person.id);
  return result;
}

/**
 * Teams says these people left the roundtable's chat: they lose their roles and facilitator rights and are
 * remembered as removed, so no 1:1 card of this roundtable acts for them (guards check `removedIds`).
 */
export async function removeFromChat(
  ctx: DomainContext,
  roundtableId: string,
  personIds: string[],
): Promise<Outcome<Roundtable>> {
  const gone = new Set(personIds);
  let removed: string[] = [];
  const result = await changeRoster(ctx, roundtableId, (rt) => {
    removed = [...gone].filter(
      (id) =>
        rt.roster.some((r) => r.id === id) || rt.facilitatorIds.includes(id) || !rt.removedIds?.includes(id),
    );
    if (removed.length === 0) return ok(rt);
    return ok({
      ...rt,
      roster: rt.roster.filter((r) => !gone.has(r.id)),
      facilitatorIds: rt.facilitatorIds.filter((id) => !gone.has(id)),
      removedIds: [...new Set([...(rt.removedIds ?? []), ...gone])].slice(-500),
    });
  });
  if (result.ok) {
    const system = { person: { id: 'system:teams', name: 'Teams' }, conversationId: '' };
    for (const id of removed) await audit(ctx, roundtableId, system, 'roster.left-chat', id);
  }
  return result;
}

/** Who may hand the plan over: a facilitator, or its caseworker or supervisor on the roster. */
async function mayHandOver(rt: Roundtable, actor: Actor): Promise<boolean> {
  const role = rosterRole(rt, actor.person.id);
  return role === 'caseworker' || role === 'supervisor' || (await isFacilitator(rt, actor));
}

/** What a hand-over changed: the roundtable, who held the role before, and the steps that moved to the new owner. */
export interface HandOver {
  roundtable: Roundtable;
  previous: Person[];
  movedSteps: string[];
}

/**
 * `handover caseworker|supervisor @person` in the roundtable's chat, after `end`: the new person holds the role
 * (the previous holders become participants), and the open steps the previous holders owned move to them.
 */
export async function handOverPlan(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  role: HandoverRole,
  person: Person,
): Promise<Outcome<HandOver>> {
  let previous: Person[] = [];
  const result = await changeRoster(ctx, roundtableId, async (rt) => {
    // AUTH
    if (!inThisChat(rt, actor)) return fail('not-found', OTHER_CHAT);
    if (!(await mayHandOver(rt, actor)))
      return fail('forbidden', 'The caseworker, the supervisor or a facilitator hands a plan over.');
    // VALIDATION
    if (rt.status !== 'ended') {
      return fail(
        'invalid',
        `The roundtable is still running: give the role with \`role @name ${role}\`; hand the plan over after \`end\`.`,
      );
    }
    if (rt.removedIds?.includes(person.id))
      return fail('invalid', `${person.name} has left this chat; add them to the chat first.`);
    if (rosterRole(rt, person.id) === role)
      return fail('invalid', `${person.name} is already the ${roleWord(role)}.`);
    // RESOLUTION
    const now = ctx.now().toISOString();
    previous = rt.roster.filter((r) => r.role === role && r.id !== person.id);
    const roster: RosterEntry[] = rt.roster
      .filter((r) => r.id !== person.id)
      .map((r) => (r.role === role ? { ...r, role: 'other' as Role, roleSetAt: now } : r));
    const existing = rt.roster.find((r) => r.id === person.id);
    roster.push({ ...(existing ?? { ...person, joinedAt: now }), ...person, role, roleSetAt: now });
    return ok({ ...rt, roster });
  });
  if (!result.ok) return result;
  const movedSteps = await moveSteps(ctx, roundtableId, new Set(previous.map((p) => p.id)), person);
  await audit(ctx, roundtableId, actor, `plan.handed-over.${role}`, person.id);
  return ok(
    { roundtable: result.value, previous: previous.map(({ id, name }) => ({ id, name })), movedSteps },
    `${person.name} is now the ${roleWord(role)} of the plan for ${result.value.caseAlias}` +
      (movedSteps.length > 0 ? `; ${movedSteps.length} open step(s) moved to them.` : '.'),
  );
}

/** The open steps owned by `from` now belong to `to` (each under its own etag). */
async function moveSteps(
  ctx: DomainContext,
  roundtableId: string,
  from: Set<string>,
  to: Person,
): Promise<string[]> {
  if (from.size === 0) return [];
  const moved: string[] = [];
  const steps = (await ctx.store.listContributions(roundtableId)).filter(
    (c): c is PlanStep => c.kind === 'step' && from.has(c.owner.id) && !c.withdrawn,
  );
  for (const step of steps) {
    if (step.status === 'done' || step.status === 'dropped') continue;
    const saved = await withEtagRetry(async () => {
      const current = await ctx.store.getContribution(roundtableId, step.id);
      if (current?.value.kind !== 'step' || !from.has(current.value.owner.id)) return ok(false);
      const owner: Person = {
        id: to.id,
        name: to.name,
        ...(to.aadObjectId ? { aadObjectId: to.aadObjectId } : {}),
      };
      await ctx.store.replaceContribution(
        { ...current.value, owner, updatedAt: ctx.now().toISOString() },
        current.etag,
      );
      return ok(true);
    });
    if (saved.ok && saved.value) moved.push(step.id);
  }
  return moved;
}
