import type { Person, Role, Roundtable } from './types.js';

/** The person acting, as the edge knows them, in the chat the action came from. */
export interface Actor {
  person: Person;
  conversationId: string;
  /** The tenant the edge verified for this request (activity or token); every query is scoped to it. */
  tenantId?: string;
  /** Asks Teams whether the person organises the meeting; undefined where there is no meeting. */
  isMeetingOrganizer?: () => Promise<boolean>;
}

/** The person's role on the roundtable's roster, if they joined. */
export function rosterRole(rt: Roundtable, personId: string): Role | undefined {
  return rt.roster.find((r) => r.id === personId)?.role;
}

/** The starter, co-facilitators, and the meeting organizer (asked only when needed). */
export async function isFacilitator(rt: Roundtable, actor: Actor): Promise<boolean> {
  if (rt.facilitatorIds.includes(actor.person.id)) return true;
  if (!actor.isMeetingOrganizer) return false;
  try {
    return await actor.isMeetingOrganizer();
  } catch {
    return false;
  }
}

/** Caseworker and supervisor own the case summary and the plan; the facilitator acts on their behalf. */
export async function isPlanOwner(rt: Roundtable, actor: Actor): Promise<boolean> {
  const role = rosterRole(rt, actor.person.id);
  return role === 'caseworker' || role === 'supervisor' || (await isFacilitator(rt, actor));
}

/** Everything about a roundtable is scoped to its own chat and its own tenant. */
export function inThisChat(rt: Roundtable, actor: Actor): boolean {
  return rt.chat.conversationId === actor.conversationId && sameTenant(rt, actor);
}

/** The actor's verified tenant is the roundtable's (either unknown, as in local mode, counts as the same). */
export function sameTenant(rt: Roundtable, actor: Actor): boolean {
  return !actor.tenantId || !rt.chat.tenantId || actor.tenantId === rt.chat.tenantId;
}
