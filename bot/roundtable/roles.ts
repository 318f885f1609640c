/**
 * Roles are given, not taken: anyone in the chat joins as participant or scribe; the roles with rights
 * (caseworker, supervisor, barrier buster, consultant) are given by a facilitator, or asked for and confirmed.
 */
import { audit, type DomainContext, OTHER_CHAT } from './context.js';
import { updateRoundtable } from './lifecycle.js';
import { isUpn } from './meeting-link.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, inThisChat, isFacilitator } from './permissions.js';
import type { Invitation } from './records.js';
import { changeRoster } from './roster.js';
import { type Person, ROLES, type Role, type RosterEntry, type Roundtable } from './types.js';
import { isYouthRole } from './youth-rules.js';

/** Roles anyone in the chat may take on their own. */
export const OPEN_ROLES = ['other', 'scribe'] as const satisfies readonly Role[];

/** Roles with rights over the case (summary, plan, barriers): only a facilitator gives them. */
export const RIGHTS_ROLES = [
  'caseworker',
  'supervisor',
  'barrier-buster',
  'master-practitioner',
  'external-consultant',
] as const satisfies readonly Role[];

/** The roles a facilitator gives on the Welcome card and with `role @person <role>`. */
export const ASSIGNABLE_ROLES = [...RIGHTS_ROLES, ...OPEN_ROLES] as const;

/** Most chat members kept on a roundtable (the people picker's fallback list). */
const MAX_CHAT_MEMBERS = 100;

const SYNONYMS: Record<string, Role> = {
  // The practice's permanency consultant is the external one; the master practitioner is the agency's own (#25).
  consultant: 'external-consultant',
  'permanency-consultant': 'external-consultant',
  'external-consultant': 'external-consultant',
  practitioner: 'master-practitioner',
  participant: 'other',
  support: 'support-person',
};

/** A role as typed or chosen ("barrier buster", "consultant", "participant"), if it is one. */
export function parseRole(raw: unknown): Role | undefined {
  if (typeof raw !== 'string' || raw.length > 40) return undefined;
  const word = raw.trim().toLowerCase().split(/\s+/).join('-');
  return (Object.hasOwn(SYNONYMS, word) ? SYNONYMS[word] : undefined) ?? ROLES.find((r) => r === word);
}

/** Does the role carry rights over the case? */
export function isRightsRole(role: Role): boolean {
  return (RIGHTS_ROLES as readonly Role[]).includes(role);
}

const ROLE_WORDS: Record<Role, string> = {
  facilitator: 'facilitator',
  caseworker: 'caseworker',
  supervisor: 'supervisor',
  'master-practitioner': 'master practitioner',
  'external-consultant': 'consultant',
  'barrier-buster': 'barrier buster',
  scribe: 'scribe',
  other: 'participant',
  youth: 'youth',
  'support-person': 'support person',
};

/** How a role reads in a sentence. */
export function roleWord(role: Role): string {
  return ROLE_WORDS[role];
}

/** The active roundtable of this chat, or why not. */
function activeHere(rt: Roundtable, actor: Actor): Outcome<Roundtable> {
  if (!inThisChat(rt, actor)) return fail('not-found', OTHER_CHAT);
  if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
  return ok(rt);
}

/** The refusal when the last facilitator would lose their rights. */
export const LAST_FACILITATOR =
  'That is the last facilitator of this roundtable: add another with `facilitator add @name` first.';

const FACILITATOR_GIVES =
  'Only a facilitator gives roles. Ask the facilitator, or join as participant and ask for the role.';

/** The roster with `entry` put in place of the person's entry (or added). */
function withEntry(rt: Roundtable, entry: RosterEntry): RosterEntry[] {
  return rt.roster.some((r) => r.id === entry.id)
    ? rt.roster.map((r) => (r.id === entry.id ? entry : r))
    : [...rt.roster, entry];
}

/** The entry without a pending request; `setAt`: a facilitator set the role then (it supersedes invitations). */
function settled(entry: RosterEntry, role: Role, setAt?: string): RosterEntry {
  const { requestedRole: _dropped, ...rest } = entry;
  return { ...rest, role, ...(setAt ? { roleSetAt: setAt } : {}) };
}

/** The roundtable without `personId` among the people removed from the chat (they were given a role again). */
function notRemoved(rt: Roundtable, personId: string): Pick<Roundtable, 'removedIds'> {
  return rt.removedIds?.includes(personId)
    ? { removedIds: rt.removedIds.filter((id) => id !== personId) }
    : {};
}

/**
 * "Join as": participant or scribe at once; a rights role is given to a facilitator, and for anyone else
 * recorded as a request (they join as participant until a facilitator confirms it).
 */
export async function joinAs(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  rawRole: unknown,
  /** The role of the person's invitation and when it was sent (invitations.ts `invitedRole`). */
  invited?: { role: Role; at: string },
): Promise<Outcome<Roundtable>> {
  const role = parseRole(rawRole);
  if (!role) return fail('invalid', 'Choose a role to join as.');
  let event = 'roster.joined';
  let subject: Role = role;
  const result = await changeRoster(ctx, roundtableId, async (rt) => {
    const here = activeHere(rt, actor);
    if (!here.ok) return here;
    const facilitator = await isFacilitator(rt, actor);
    const existing = rt.roster.find((r) => r.id === actor.person.id);
    const joinedAt = existing?.joinedAt ?? ctx.now().toISOString();
    // Who joins, with the language of their Teams (their cards are refreshed in it).
    const me = { ...actor.person, ...(actor.lang ? { lang: actor.lang } : {}) };
    const base: RosterEntry = existing ?? { ...me, role: 'other', joinedAt };
    // Join (as participant) never takes away a role a facilitator gave: only a facilitator changes it.
    const given = (r: Role) => isRightsRole(r) || isYouthRole(r);
    if (!facilitator && existing && given(existing.role) && !isRightsRole(role)) {
      return ok(rt, `You are on the roster as ${roleWord(existing.role)}.`);
    }
    // Invited with a role: joining (as that role, or as participant) takes it; no second request.
    const standing = invited && !(existing?.roleSetAt && existing.roleSetAt >= invited.at);
    if (
      invited &&
      standing &&
      (role === invited.role || role === 'other') &&
      existing?.role !== invited.role
    ) {
      event = 'role.invited';
      subject = invited.role;
      const entry = settled({ ...base, ...me, joinedAt }, invited.role);
      return ok(
        { ...rt, roster: withEntry(rt, entry) },
        `Joined as ${roleWord(invited.role)}, the role you were invited as.`,
      );
    }
    // The youth's and the support person's roles are given (#29), never taken: asked for like a rights role.
    if (facilitator || !(isRightsRole(role) || role === 'facilitator' || isYouthRole(role))) {
      if (existing?.role === role && !existing.requestedRole) {
        return ok(rt, `You are on the roster as ${roleWord(role)}.`);
      }
      event = 'roster.joined';
      const entry = settled({ ...base, ...me, joinedAt }, role);
      return ok({ ...rt, roster: withEntry(rt, entry) }, `Joined as ${roleWord(role)}.`);
    }
    if (role === 'facilitator') {
      return fail('forbidden', 'A facilitator adds co-facilitators with `facilitator add @name`.');
    }
    if (existing?.role === role) return ok(rt, `You are on the roster as ${roleWord(role)}.`);
    event = 'role.requested';
    const entry: RosterEntry = { ...base, ...me, joinedAt, requestedRole: role };
    const as = existing ? roleWord(existing.role) : roleWord('other');
    return ok(
      { ...rt, roster: withEntry(rt, entry) },
      `You are on the roster as ${as}. You asked to be ${roleWord(role)}: a facilitator confirms it on the Welcome card.`,
    );
  });
  if (result.ok) await audit(ctx, roundtableId, actor, event, subject);
  return result;
}

/** A facilitator gives `person` a role (adding them to the roster); a pending request is settled. */
export async function assignRole(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  person: Person,
  rawRole: unknown,
): Promise<Outcome<Roundtable>> {
  const role = parseRole(rawRole);
  if (!role || role === 'facilitator') {
    return fail(
      'invalid',
      'Choose a role: caseworker, supervisor, barrier buster, consultant, scribe or participant (co-facilitators: `facilitator add @name`).',
    );
  }
  const result = await changeRoster(ctx, roundtableId, async (rt) => {
    const here = activeHere(rt, actor);
    if (!here.ok) return here;
    if (!(await isFacilitator(rt, actor))) return fail('forbidden', FACILITATOR_GIVES);
    const existing = rt.roster.find((r) => r.id === person.id);
    // A role without rights (participant, scribe) takes facilitator rights away too; never the last one's.
    const facilitates = rt.facilitatorIds.includes(person.id);
    const dropRights = facilitates && !isRightsRole(role);
    if (dropRights && rt.facilitatorIds.length === 1) return fail('invalid', LAST_FACILITATOR);
    if (existing?.role === role && !existing.requestedRole && !dropRights) {
      return ok(rt, `${existing.name} is already on the roster as ${roleWord(role)}.`);
    }
    const now = ctx.now().toISOString();
    const entry = settled(existing ?? { ...person, role, joinedAt: now }, role, now);
    const facilitatorIds = dropRights
      ? rt.facilitatorIds.filter((id) => id !== person.id)
      : rt.facilitatorIds;
    const still =
      facilitates && !dropRights
        ? ` (still a facilitator: \`facilitator remove @${entry.name}\` takes that away)`
        : '';
    return ok(
      {
        ...rt,
        roster: withEntry(rt, entry),
        facilitatorIds,
        ...notRemoved(rt, person.id),
      },
      `${entry.name} is now ${roleWord(role)}${still}.`,
    );
  });
  if (result.ok) await audit(ctx, roundtableId, actor, 'role.assigned', role);
  return result;
}

/** A facilitator confirms (the role is given) or declines (they stay as they are) a pending request. */
export async function answerRoleRequest(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  personId: string,
  confirm: boolean,
): Promise<Outcome<Roundtable>> {
  let given: Role | undefined;
  const result = await changeRoster(ctx, roundtableId, async (rt) => {
    const here = activeHere(rt, actor);
    if (!here.ok) return here;
    if (!(await isFacilitator(rt, actor))) return fail('forbidden', FACILITATOR_GIVES);
    const entry = rt.roster.find((r) => r.id === personId);
    if (!entry?.requestedRole) return ok(rt, 'That request was already answered.');
    given = entry.requestedRole;
    const next = settled(entry, confirm ? entry.requestedRole : entry.role, ctx.now().toISOString());
    return ok(
      { ...rt, roster: withEntry(rt, next) },
      confirm
        ? `${entry.name} is now ${roleWord(entry.requestedRole)}.`
        : `${entry.name} stays ${roleWord(entry.role)}; the request was declined.`,
    );
  });
  if (result.ok && given) {
    await audit(ctx, roundtableId, actor, confirm ? 'role.confirmed' : 'role.declined', given);
  }
  return result;
}

/** Why a confirmed invitation gave no role: a facilitator changed it since. */
export const SUPERSEDED =
  'A facilitator has set your role since the invitation was sent; ask them to change it.';

/** The invitee confirmed an invitation the facilitator sent with a role: that role is theirs. */
export async function giveInvitedRole(ctx: DomainContext, inv: Invitation): Promise<Outcome<Roundtable>> {
  const role = inv.role;
  if (inv.status !== 'confirmed' || !role) return fail('invalid', 'No role to give.');
  const result = await changeRoster(ctx, inv.roundtableId, (rt) => {
    if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
    const existing = rt.roster.find((r) => r.id === inv.person.id);
    // A facilitator set the role after the invitation was sent: their change stands.
    if (existing?.roleSetAt && existing.roleSetAt >= inv.invitedAt) return fail('stale', SUPERSEDED);
    if (rt.removedIds?.includes(inv.person.id)) return fail('stale', SUPERSEDED);
    const facilitatorIds =
      role === 'facilitator' && !rt.facilitatorIds.includes(inv.person.id)
        ? [...rt.facilitatorIds, inv.person.id]
        : rt.facilitatorIds;
    if (existing?.role === role && facilitatorIds === rt.facilitatorIds) return ok(rt);
    const entry = settled(existing ?? { ...inv.person, role, joinedAt: ctx.now().toISOString() }, role);
    return ok({ ...rt, roster: withEntry(rt, entry), facilitatorIds });
  });
  if (result.ok) {
    await audit(ctx, inv.roundtableId, { person: inv.invitedBy, conversationId: '' }, 'role.invited', role);
  }
  return result;
}

/** Stores the chat's members (names and ids only) for the people picker; unchanged lists are not written. */
export async function rememberChatMembers(
  ctx: DomainContext,
  roundtableId: string,
  members: Person[],
): Promise<void> {
  const list = members.slice(0, MAX_CHAT_MEMBERS).map((m) => ({
    id: String(m.id).slice(0, 200),
    name: String(m.name ?? '').slice(0, 100) || 'Someone',
    ...(m.aadObjectId ? { aadObjectId: String(m.aadObjectId).slice(0, 100) } : {}),
    ...(isUpn(m.upn) ? { upn: m.upn } : {}),
  }));
  await updateRoundtable(ctx, roundtableId, (rt) =>
    JSON.stringify(rt.chatMembers ?? []) === JSON.stringify(list) ? ok(rt) : ok({ ...rt, chatMembers: list }),
  );
}

/**
 * The person a people-picker value names: a chat member's id, or (Teams' Data.Query) their AAD object id;
 * also someone already on the roster.
 */
export function pickedPerson(rt: Roundtable, value: string): Person | undefined {
  const known = [...(rt.chatMembers ?? []), ...rt.roster];
  const found = known.find((p) => p.id === value) ?? known.find((p) => p.aadObjectId === value);
  if (!found) return undefined;
  return { id: found.id, name: found.name, ...(found.aadObjectId ? { aadObjectId: found.aadObjectId } : {}) };
}

/** Pending role requests, oldest first. */
export function roleRequests(rt: Roundtable): (RosterEntry & { requestedRole: Role })[] {
  return rt.roster.filter((r): r is RosterEntry & { requestedRole: Role } => r.requestedRole !== undefined);
}
