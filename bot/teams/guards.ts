import { mayAnswerBarrier } from '../roundtable/barrier-answers.js';
import type { Failure } from '../roundtable/outcome.js';
import { type Actor, isFacilitator, isPlanOwner, rosterRole } from '../roundtable/permissions.js';
import type { Roundtable } from '../roundtable/types.js';
import type { GuardName, Where } from './route-types.js';
import type { HandlerDeps } from './turn.js';

/** What a guard sees: the person, and the roundtable found through this chat (never case data). */
export interface GuardInput {
  deps: HandlerDeps;
  actor: Actor;
  rt?: Roundtable;
  /** The roundtable (and step) a 1:1 card's action names: the guard reads only its roster, then the step. */
  subject?: { rt: string; step?: string; inv?: string };
}

interface Guard {
  /** Who passes, in the practice's words. */
  who: string;
  /** Checked at the edge before the handler runs; absent where only the domain can tell (it needs the subject). */
  check?: (g: GuardInput, refusal?: string) => Promise<Failure | undefined>;
}

const FACILITATOR_ONLY =
  'Only a facilitator can do that. Ask the facilitator, or ask them to add you with `facilitator add`.';

const forbidden = (message: string): Failure => ({ code: 'forbidden', message });

const NOT_FOUND: Failure = { code: 'not-found', message: 'That roundtable was not found.' };

/** The same tenant: a roundtable of another tenant (or of none, for a tenant's user) is not found. */
export function sameTenant(rt: Roundtable, actor: Actor): boolean {
  return (rt.chat.tenantId ?? '') === (actor.tenantId ?? '');
}

/**
 * A 1:1 follow-up card's roundtable: its caseworker, supervisor or facilitator (one point read of the
 * roundtable), else, for step verbs, the step's owner (one point read of the step); everyone else: not found.
 */
async function followUpMember(g: GuardInput, stepOwner: boolean): Promise<Failure | undefined> {
  const store = g.deps.followUp?.roundtables;
  const id = g.subject?.rt;
  if (!store || !id) return NOT_FOUND;
  const rt = (await store.getRoundtable(id))?.value;
  if (!rt || !sameTenant(rt, g.actor)) return NOT_FOUND;
  const me = g.actor.person.id;
  if (rt.removedIds?.includes(me)) return NOT_FOUND; // left the roundtable's chat: no 1:1 card acts for them
  const role = rosterRole(rt, me);
  if (role === 'caseworker' || role === 'supervisor' || rt.facilitatorIds.includes(me)) return undefined;
  if (!stepOwner || !g.subject?.step) return NOT_FOUND;
  const step = (await store.getContribution(id, g.subject.step))?.value;
  return step?.kind === 'step' && step.owner.id === me ? undefined : NOT_FOUND;
}

/** The records guards (issue #23): records officers hold, release and delete; facilitators delete early on. */
const RECORDS_GUARDS: Pick<Record<GuardName, Guard>, 'records-officer' | 'facilitator-or-records-officer'> = {
  'records-officer': {
    who: 'one of the agency’s records officers configured by the admin (RECORDS_OFFICER_IDS)',
    check: async (g, refusal) =>
      g.rt && g.deps.programme?.deletion.isRecordsOfficer(g.actor.person)
        ? undefined
        : forbidden(refusal ?? 'Only the agency’s records officers do that.'),
  },
  'facilitator-or-records-officer': {
    who: 'a records officer (RECORDS_OFFICER_IDS), or a facilitator for a practice roundtable or within DELETE_WINDOW_DAYS of its start (the domain checks the window and any legal hold)',
    check: async (g, refusal) =>
      g.rt &&
      (g.deps.programme?.deletion.isRecordsOfficer(g.actor.person) || (await isFacilitator(g.rt, g.actor)))
        ? undefined
        : forbidden(refusal ?? FACILITATOR_ONLY),
  },
};

/** Every guard a route can name. */
export const GUARDS: Record<GuardName, Guard> = {
  ...RECORDS_GUARDS,
  anyone: { who: 'anyone who can message the bot (the domain still applies its own rules)' },
  'chat-member': {
    who: "the roundtable is this chat's: found through this chat, or the card's roundtable belongs to it",
    check: async (g) => (g.rt ? undefined : { code: 'not-found', message: 'No roundtable of this chat.' }),
  },
  facilitator: {
    who: 'a facilitator of the chat’s roundtable: its starter, a co-facilitator, or the meeting organizer',
    check: async (g, refusal) =>
      g.rt && (await isFacilitator(g.rt, g.actor)) ? undefined : forbidden(refusal ?? FACILITATOR_ONLY),
  },
  'plan-owner': {
    who: 'the caseworker or supervisor on the roster, or a facilitator on their behalf',
    check: async (g, refusal) =>
      g.rt && (await isPlanOwner(g.rt, g.actor))
        ? undefined
        : forbidden(refusal ?? 'The caseworker and supervisor do that (or a facilitator on their behalf).'),
  },
  'barrier-buster': {
    who: 'a barrier buster on the roster, or a facilitator on their behalf',
    check: async (g, refusal) =>
      g.rt && (await mayAnswerBarrier(g.rt, g.actor))
        ? undefined
        : forbidden(refusal ?? 'Barrier busters on the roster do that (or a facilitator on their behalf).'),
  },
  'facilitator-or-caseworker': {
    who: 'a facilitator or the caseworker on the roster',
    check: async (g) => {
      const exports = g.deps.programme?.exports;
      if (!g.rt || !exports) return forbidden('The facilitator and the caseworker can export the case file.');
      const may = await exports.mayExport(g.actor, g.rt);
      return may.ok ? undefined : may.failure;
    },
  },
  leader: {
    who: 'an agency leader configured by the admin (LEADER_IDS); the register is their own tenant’s',
    check: async (g, refusal) =>
      g.deps.programme?.barriers.isLeader(g.actor.person)
        ? undefined
        : forbidden(refusal ?? 'The barrier register is for agency leaders.'),
  },
  'idea-author': { who: 'the idea’s author (the domain checks it on the idea)' },
  'plan-owner-or-proposer': {
    who: 'a plan owner, or the step’s author while it is a proposal (the domain checks it on the step)',
  },
  'step-owner': {
    who: 'the step’s owner, or the caseworker, the supervisor or a facilitator of the step’s roundtable',
    check: (g) => followUpMember(g, true),
  },
  'follow-up-reviewer': {
    who: 'the caseworker, the supervisor or a facilitator of the reviewed roundtable',
    check: (g) => followUpMember(g, false),
  },
  'caseworker-or-supervisor': {
    who: 'the caseworker, the supervisor or a facilitator of the roundtable',
    check: (g) => followUpMember(g, false),
  },
  invitee: {
    who: 'the person invited: checked on the invitation (one point read) before the roundtable is read',
    check: async (g) => {
      const { rt, inv } = g.subject ?? {};
      const invitation = rt && inv ? await g.deps.service.invitations.get(rt, inv) : undefined;
      if (!invitation) return { code: 'not-found', message: 'That invitation no longer exists.' };
      return invitation.person.id === g.actor.person.id
        ? undefined
        : forbidden('This invitation is for someone else.');
    },
  },
  preparer: {
    who: 'the preparer (their own draft only); attaching: on the roster of that roundtable, same tenant',
    check: async (g) => {
      // Preparing: the domain reads only the person's own draft. Attaching: the named roundtable's roster.
      if (!g.subject?.rt) return undefined;
      const rt = await g.deps.service.get(g.subject.rt);
      const me = g.actor.person.id;
      return rt &&
        sameTenant(rt, g.actor) &&
        (rt.roster.some((r) => r.id === me) || rt.facilitatorIds.includes(me))
        ? undefined
        : NOT_FOUND;
    },
  },
};

/** Runs a route's guard: undefined when the person may go on. */
export async function runGuard(
  name: GuardName,
  g: GuardInput,
  refusal?: string,
): Promise<Failure | undefined> {
  return (await GUARDS[name].check?.(g, refusal)) ?? undefined;
}

/** Does the chat kind fit the route's `where`? */
export function fitsWhere(where: Where, personal: boolean | undefined): boolean {
  return where === 'any' || (where === 'personal') === (personal === true);
}
