import type { Failure } from './outcome.js';
import type { Person, Role, Roundtable } from './types.js';

/** The person acting, as the edge knows them, in the chat the action came from. */
export interface Actor {
  person: Person;
  conversationId: string;
  /** The tenant the edge verified for this request (activity or token); every query is scoped to it. */
  tenantId?: string;
  /** Teams gave no Entra object id: an anonymous meeting participant (no agency account; #29, docs/security.md). */
  anonymous?: boolean;
  /** Asks Teams whether the person organises the meeting; undefined where there is no meeting. */
  isMeetingOrganizer?: () => Promise<boolean>;
  /** The language of the person's Teams (a code of locales/), kept on their roster entry when they join. */
  lang?: string;
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

/**
 * THE tenant rule, for the bot and the tab API alike: the tenant the edge verified for this request is the
 * roundtable's. Tenant ids are GUIDs, compared without case; an unknown tenant (local mode) matches only an unknown
 * one (the development sign-in, local mode only, is let through by its callers). Everything else is "not found".
 */
export function inTenant(rtTenantId: string | undefined, requestTenantId: string | undefined): boolean {
  // Ids come from outside: anything but a string (a crafted object) names no tenant we know.
  const bad = (t: unknown) => t !== undefined && typeof t !== 'string';
  if (bad(rtTenantId) || bad(requestTenantId)) return false;
  // Strict: a known tenant matches only itself; no tenant (local mode) matches only no tenant.
  return (requestTenantId ?? '').toLowerCase() === (rtTenantId ?? '').toLowerCase();
}

/** The actor's verified tenant is the roundtable's (`inTenant`). */
export function sameTenant(rt: Pick<Roundtable, 'chat'>, actor: Pick<Actor, 'tenantId'>): boolean {
  return inTenant(rt.chat.tenantId, actor.tenantId);
}

/**
 * One entry of the access log: who asked (actor id, tenant), which route, which roundtable, and whether it was
 * allowed. Written by the one pipeline (bot commands, card actions, tab routes) right after the guard.
 */
export interface AccessEntry {
  /** The Teams user id (29:…) or, on the tab, the token's object id. */
  actorId: string;
  /** The Entra object id, where Teams gave one with the Teams id (the log keeps it in preference). */
  aadObjectId?: string;
  tenantId?: string;
  /** The route: `command.next`, `card.phase.next`, `GET /api/tab/board`. */
  route: string;
  roundtableId?: string;
  caseAlias?: string;
  allowed: boolean;
  /** A refusal's failure code (`forbidden`, `not-found`, `invalid`, …). */
  reason?: string;
}

/**
 * The access log port: every allowed request and every refusal passes it (never what people typed). Answers
 * the failure when the entry could not be written: the caller then refuses and shows nothing ("try again").
 */
export type RecordAccess = (entry: AccessEntry) => Failure | undefined | Promise<Failure | undefined>;
