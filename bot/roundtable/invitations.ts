import { createHash } from 'node:crypto';
import type { DomainContext } from './context.js';
import { withEtagRetry } from './etag-retry.js';
import { isKnownIdShape } from './input.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, inThisChat, isFacilitator } from './permissions.js';
import { scheduleAhead } from './phases.js';
import type { Invitation } from './records.js';
import { giveInvitedRole, parseRole, roleWord } from './roles.js';
import { type Person, ROLES, type Role, type Roundtable } from './types.js';

/** The ground rules every invitation carries (PRT.md "Welcome and overview"). */
export const GROUND_RULES = [
  'Everything discussed is confidential; cards use the case alias only.',
  'Future-focused: no critique of past work.',
  'One child (or one sibling group), one plan.',
  'Everyone may suggest ideas; the caseworker and supervisor own the plan.',
  'Name systemic barriers openly, so leaders can take them up.',
];

const MAX_INVITEES = 20;

/** The answer to a second press on an invitation card. */
export const ALREADY_ANSWERED =
  'You already answered this invitation; ask the facilitator if something changed.';

/** The id of a person's invitation in a roundtable (one per person). */
export function invitationId(personId: string): string {
  return `inv-${createHash('sha256').update(personId).digest('hex').slice(0, 32)}`;
}

/** "2026-06-01" or "2026-06-01 14:00" (local time as typed); not in the past. */
export function parseMeetingTime(raw: string, now: Date): Outcome<string> {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(raw.trim());
  if (!m?.[1] || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) {
    return fail(
      'invalid',
      'Give the meeting date as YYYY-MM-DD, optionally with the time: `2026-06-01 14:00`.',
    );
  }
  if (m[2] !== undefined && (Number(m[2]) > 23 || Number(m[3]) > 59))
    return fail('invalid', 'That time does not exist.');
  if (m[1] < now.toISOString().slice(0, 10)) return fail('invalid', 'The meeting date is in the past.');
  return ok(m[2] === undefined ? m[1] : `${m[1]} ${m[2].padStart(2, '0')}:${m[3]}`);
}

// Invitations before the meeting: the facilitator invites, each invitee confirms or declines in a 1:1 chat.

/** `invite [role] @people on <date> [time]`: stores one invitation per person; returns those to send. */
export async function invite(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  people: Person[],
  rawRole: string | undefined,
  rawWhen: string | undefined,
): Promise<Outcome<Invitation[]>> {
  // AUTH
  const rt = (await ctx.store.getRoundtable(roundtableId))?.value;
  if (!rt || !inThisChat(rt, actor)) return fail('not-found', 'No roundtable is running in this chat.');
  if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
  if (!(await isFacilitator(rt, actor)))
    return fail('forbidden', 'Only a facilitator can invite participants.');
  // VALIDATION
  const invitees = [
    ...new Map(people.filter((p) => p.id !== actor.person.id).map((p) => [p.id, p])).values(),
  ];
  if (invitees.length === 0) {
    return fail(
      'invalid',
      'Mention the people to invite: `invite @name @name on 2026-06-01 14:00` (optionally a role first: `invite caseworker @name on …`).',
    );
  }
  if (invitees.length > MAX_INVITEES)
    return fail('invalid', `Invite at most ${MAX_INVITEES} people at once.`);
  let role: Role | undefined;
  if (rawRole) {
    role = parseRole(rawRole);
    if (!role) return fail('invalid', `A role is one of: ${ROLES.join(', ')}.`);
  }
  let when = rt.scheduledFor;
  if (rawWhen) {
    const parsed = parseMeetingTime(rawWhen, ctx.now());
    if (!parsed.ok) return parsed;
    when = parsed.value;
  }
  if (!when) return fail('invalid', 'Say when the meeting is: `invite @name on 2026-06-01 14:00`.');
  // RESOLUTION
  if (when !== rt.scheduledFor) {
    const scheduled = await scheduleMeeting(ctx, rt.id, when);
    if (!scheduled.ok) return scheduled;
  }
  const out: Invitation[] = [];
  for (const person of invitees) {
    const saved = await withEtagRetry(async () => {
      const current = await ctx.records.getInvitation(rt.id, invitationId(person.id));
      const before = current?.value;
      const sameMeeting = before?.meetingAt === when && before.status !== 'unreachable';
      const inv: Invitation = {
        id: invitationId(person.id),
        roundtableId: rt.id,
        caseAlias: rt.caseAlias,
        person,
        ...(role ? { role } : before?.role ? { role: before.role } : {}),
        invitedBy: actor.person,
        invitedAt: ctx.now().toISOString(),
        meetingAt: when,
        timeZone: ctx.settings.followUp.defaultTimeZone,
        status: sameMeeting ? before.status : 'invited',
        ...(sameMeeting && before.respondedAt ? { respondedAt: before.respondedAt } : {}),
      };
      await ctx.records.putInvitation(inv, current?.etag);
      return ok(inv);
    });
    if (!saved.ok) return saved;
    out.push(saved.value);
  }
  return ok(out);
}

async function scheduleMeeting(
  ctx: DomainContext,
  roundtableId: string,
  when: string,
): Promise<Outcome<Roundtable>> {
  return withEtagRetry(async () => {
    const current = await ctx.store.getRoundtable(roundtableId);
    if (!current) return fail('not-found', 'That roundtable no longer exists.');
    // Started ahead of the meeting: the clock waits until the facilitator opens it (phases.ts).
    const next = {
      ...scheduleAhead(current.value, when, ctx.now()),
      scheduledFor: when,
      revision: current.value.revision + 1,
    };
    await ctx.store.replaceRoundtable(next, current.etag);
    return ok(next);
  });
}

/** The invitee answers from their 1:1 card; only they can. */
export async function respondToInvitation(
  ctx: DomainContext,
  person: Person,
  roundtableId: string,
  id: string,
  yes: boolean,
): Promise<Outcome<Invitation>> {
  if (!isKnownIdShape(roundtableId) || !isKnownIdShape(id))
    return fail('not-found', 'That invitation no longer exists.');
  const rt = (await ctx.store.getRoundtable(roundtableId))?.value;
  if (!rt) return fail('not-found', 'That roundtable no longer exists.');
  if (rt.status !== 'active')
    return fail('closed', `The roundtable for ${rt.caseAlias} has already taken place.`);
  let already = false;
  const answered = await withEtagRetry(async () => {
    const current = await ctx.records.getInvitation(roundtableId, id);
    if (!current) return fail('not-found', 'That invitation no longer exists.');
    if (current.value.person.id !== person.id)
      return fail('forbidden', 'This invitation is for someone else.');
    // An invitation is answered once (a new meeting time sends a new one): an old card changes nothing.
    if (
      current.value.respondedAt ||
      current.value.status === 'confirmed' ||
      current.value.status === 'declined'
    ) {
      already = true;
      return ok(current.value, ALREADY_ANSWERED);
    }
    const inv: Invitation = {
      ...current.value,
      status: yes ? 'confirmed' : 'declined',
      respondedAt: ctx.now().toISOString(),
    };
    await ctx.records.putInvitation(inv, current.etag);
    return ok(inv, yes ? 'Thank you: your place is confirmed.' : 'Thank you for letting us know.');
  });
  if (already || !answered.ok || !yes || !answered.value.role) return answered;
  // The role the facilitator chose when inviting is the invitee's once they confirm (unless changed since).
  const given = await giveInvitedRole(ctx, answered.value);
  if (!given.ok) {
    return given.failure.code === 'stale'
      ? ok(answered.value, `Thank you: your place is confirmed. ${given.failure.message}`)
      : answered;
  }
  return ok(answered.value, `Thank you: your place is confirmed, as ${roleWord(answered.value.role)}.`);
}

/** Teams refused the 1:1 message (app not installed): recorded, so the facilitator sees it. */
export async function markInvitationUnreachable(
  ctx: DomainContext,
  roundtableId: string,
  id: string,
): Promise<void> {
  await withEtagRetry(async () => {
    const current = await ctx.records.getInvitation(roundtableId, id);
    if (!current) return ok(undefined);
    await ctx.records.putInvitation({ ...current.value, status: 'unreachable' }, current.etag);
    return ok(undefined);
  });
}

/** The role `personId` was invited with, while their invitation stands (not declined); for joining. */
export async function invitedRole(
  ctx: DomainContext,
  roundtableId: string,
  personId: string,
): Promise<{ role: Role; at: string } | undefined> {
  if (!isKnownIdShape(roundtableId)) return undefined;
  const inv = (await ctx.records.getInvitation(roundtableId, invitationId(personId)))?.value;
  if (!inv?.role || inv.status === 'declined' || inv.person.id !== personId) return undefined;
  return { role: inv.role, at: inv.invitedAt };
}

/** A roundtable's invitations (each invitee's answer and its role). */
export async function listInvitations(ctx: DomainContext, roundtableId: string): Promise<Invitation[]> {
  return ctx.records.listInvitations(roundtableId);
}

/** One invitation, by roundtable and id (an unknown id shape is simply not found). */
export async function getInvitation(
  ctx: DomainContext,
  roundtableId: string,
  id: string,
): Promise<Invitation | undefined> {
  if (!isKnownIdShape(roundtableId) || !isKnownIdShape(id)) return undefined;
  return (await ctx.records.getInvitation(roundtableId, id))?.value;
}
