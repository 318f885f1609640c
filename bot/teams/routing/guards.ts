import { mayAnswerBarrier } from '../../roundtable/barrier-answers.js';
import { isLeader } from '../../roundtable/barrier-register.js';
import { isRecordsOfficer } from '../../roundtable/deletion.js';
import { getInvitation } from '../../roundtable/invitations.js';
import type { Failure, Outcome } from '../../roundtable/outcome.js';
import {
  type Actor,
  isFacilitator,
  isPlanOwner,
  rosterRole,
  sameTenant,
} from '../../roundtable/permissions.js';
import { getRoundtable } from '../../roundtable/roundtables.js';
import type { Roundtable } from '../../roundtable/types.js';
import { holds } from '../../roundtable/youth-rules.js';
import type { Grants, GuardName, Where } from './route-types.js';
import type { HandlerDeps } from './turn.js';

/** What a guard sees: the person, the roundtable found through this chat or card, and the ids the input names. */
export interface GuardInput {
  deps: HandlerDeps;
  actor: Actor;
  rt?: Roundtable;
  /** The roundtable (and step, invitation) a 1:1 card's action names: the guard reads only what it needs. */
  subject?: { rt?: string; step?: string; inv?: string };
}

/** A guard's answer: the grant (what it read to decide), or the refusal. */
export type GuardResult<G extends GuardName> = Outcome<Grants[G]>;

interface Guard<G extends GuardName> {
  /** Who passes, in the practice's words. */
  who: string;
  /** Who help says the command is for (help groups commands by it). */
  audience: 'facilitator' | 'facilitator or caseworker' | 'agency leaders' | 'records officers' | 'everyone';
  /** Checked before the handler runs; a refusal names no case content. */
  check: (g: GuardInput, refusal?: string) => Promise<GuardResult<G>>;
}

const FACILITATOR_ONLY =
  'Only a facilitator can do that. Ask the facilitator, or ask them to add you with `facilitator add`.';

const refuse = (failure: Failure) => ({ ok: false as const, failure });
const forbidden = (message: string) => refuse({ code: 'forbidden', message });
const grant = <T>(value: T) => ({ ok: true as const, value });

const NOT_FOUND: Failure = { code: 'not-found', message: 'That roundtable was not found.' };
const NO_ROUNDTABLE: Failure = { code: 'not-found', message: 'No roundtable of this chat.' };

/** A guard that passes on the chat's roundtable when `may` says so. */
const onRoundtable =
  <G extends GuardName>(may: (rt: Roundtable, actor: Actor) => Promise<boolean>, fallback: string) =>
  async (g: Pick<GuardInput, 'rt' | 'actor'>, refusal?: string): Promise<GuardResult<G>> => {
    if (!g.rt) return refuse(NO_ROUNDTABLE);
    return (await may(g.rt, g.actor)) ? grant({ rt: g.rt } as Grants[G]) : forbidden(refusal ?? fallback);
  };

/** The chat's roundtable, whose own rule the domain checks on the fresh documents (an idea's author, a proposer). */
const domainChecks = <G extends GuardName>(g: GuardInput): Promise<GuardResult<G>> =>
  Promise.resolve(g.rt ? grant({ rt: g.rt } as Grants[G]) : refuse(NO_ROUNDTABLE));

/**
 * A 1:1 follow-up card's roundtable: its caseworker, supervisor or facilitator (one point read of the
 * roundtable), else, for step verbs, the step's owner (one point read of the step); everyone else: not found.
 */
async function followUpMember<G extends 'step-owner' | 'follow-up-reviewer' | 'caseworker-or-supervisor'>(
  g: GuardInput,
  stepOwner: boolean,
): Promise<GuardResult<G>> {
  const store = g.deps.followUp?.roundtables;
  const id = g.subject?.rt;
  if (!store || !id) return refuse(NOT_FOUND);
  const rt = (await store.getRoundtable(id))?.value;
  if (!rt || !sameTenant(rt, g.actor)) return refuse(NOT_FOUND);
  const me = g.actor.person.id;
  if (rt.removedIds?.includes(me)) return refuse(NOT_FOUND); // left the roundtable's chat: no 1:1 card acts for them
  const step = g.subject?.step;
  const granted = grant({ rt, ...(step ? { step } : {}) } as Grants[G]);
  const role = rosterRole(rt, me);
  if (role === 'caseworker' || role === 'supervisor' || rt.facilitatorIds.includes(me)) return granted;
  if (!stepOwner || !step) return refuse(NOT_FOUND);
  const found = (await store.getContribution(id, step))?.value;
  return found?.kind === 'step' && found.owner.id === me ? granted : refuse(NOT_FOUND);
}

/** Is the person one of the agency's records officers (RECORDS_OFFICER_IDS)? */
const recordsOfficer = (g: GuardInput): boolean =>
  g.deps.programme ? isRecordsOfficer(g.deps.domain, g.actor.person) : false;

/** Every guard a route can name. */
export const GUARDS: { [G in GuardName]: Guard<G> } = {
  anyone: {
    who: 'anyone who can message the bot (the domain still applies its own rules)',
    audience: 'everyone',
    check: async () => grant({}),
  },
  'chat-member': {
    who: "the roundtable is this chat's: found through this chat, or the card's roundtable belongs to it",
    audience: 'everyone',
    check: onRoundtable(async () => true, ''),
  },
  facilitator: {
    who: 'a facilitator of the chat’s roundtable: its starter, a co-facilitator, or the meeting organizer',
    audience: 'facilitator',
    check: onRoundtable(isFacilitator, FACILITATOR_ONLY),
  },
  'plan-owner': {
    who: 'the caseworker or supervisor on the roster, or a facilitator on their behalf',
    audience: 'everyone',
    check: onRoundtable(
      isPlanOwner,
      'The caseworker and supervisor do that (or a facilitator on their behalf).',
    ),
  },
  'barrier-buster': {
    who: 'a barrier buster on the roster, or a facilitator on their behalf',
    audience: 'everyone',
    check: onRoundtable(
      mayAnswerBarrier,
      'Barrier busters on the roster do that (or a facilitator on their behalf).',
    ),
  },
  'facilitator-or-caseworker': {
    who: 'a facilitator or the caseworker on the roster',
    audience: 'facilitator or caseworker',
    check: async (g): Promise<GuardResult<'facilitator-or-caseworker'>> => {
      const exports = g.deps.programme?.exports;
      if (!g.rt || !exports) return forbidden('The facilitator and the caseworker can export the case file.');
      const may = await exports.mayExport(g.actor, g.rt);
      return may.ok ? grant({ rt: g.rt }) : refuse(may.failure);
    },
  },
  'records-officer': {
    who: 'one of the agency’s records officers configured by the admin (RECORDS_OFFICER_IDS)',
    audience: 'records officers',
    check: (g, refusal) =>
      onRoundtable<'records-officer'>(
        async () => recordsOfficer(g),
        'Only the agency’s records officers do that.',
      )(g, refusal),
  },
  'facilitator-or-records-officer': {
    who: 'a records officer (RECORDS_OFFICER_IDS), or a facilitator for a practice roundtable or within DELETE_WINDOW_DAYS of its start (the domain checks the window and any legal hold)',
    audience: 'facilitator',
    check: (g, refusal) =>
      onRoundtable<'facilitator-or-records-officer'>(
        async (rt, actor) => recordsOfficer(g) || (await isFacilitator(rt, actor)),
        FACILITATOR_ONLY,
      )(g, refusal),
  },
  leader: {
    who: 'an agency leader configured by the admin (LEADER_IDS); the register is their own tenant’s',
    audience: 'agency leaders',
    check: async (g, refusal): Promise<GuardResult<'leader'>> =>
      g.deps.programme && isLeader(g.deps.domain, g.actor.person)
        ? grant({ ...(g.actor.tenantId ? { tenantId: g.actor.tenantId } : {}) })
        : forbidden(refusal ?? 'The barrier register is for agency leaders.'),
  },
  'leader-or-records-officer': {
    who: 'an agency leader (LEADER_IDS) or records officer (RECORDS_OFFICER_IDS); their own tenant’s plans',
    audience: 'records officers',
    check: async (g, refusal): Promise<GuardResult<'leader-or-records-officer'>> =>
      (g.deps.programme && isLeader(g.deps.domain, g.actor.person)) || recordsOfficer(g)
        ? grant({ ...(g.actor.tenantId ? { tenantId: g.actor.tenantId } : {}) })
        : forbidden(refusal ?? 'The bulk plan export is for agency leaders and records officers.'),
  },
  'idea-author': {
    who: 'the idea’s author (the domain checks it on the idea)',
    audience: 'everyone',
    check: domainChecks,
  },
  'plan-owner-or-proposer': {
    who: 'a plan owner, or the step’s author while it is a proposal (the domain checks it on the step)',
    audience: 'everyone',
    check: domainChecks,
  },
  'step-owner': {
    who: 'the step’s owner, or the caseworker, the supervisor or a facilitator of the step’s roundtable',
    audience: 'everyone',
    check: (g) => followUpMember(g, true),
  },
  'follow-up-reviewer': {
    who: 'the caseworker, the supervisor or a facilitator of the reviewed roundtable',
    audience: 'everyone',
    check: (g) => followUpMember(g, false),
  },
  'caseworker-or-supervisor': {
    who: 'the caseworker, the supervisor or a facilitator of the roundtable',
    audience: 'everyone',
    check: (g) => followUpMember(g, false),
  },
  invitee: {
    who: 'the person invited: checked on the invitation (one point read) before the roundtable is read',
    audience: 'everyone',
    check: async (g): Promise<GuardResult<'invitee'>> => {
      const { rt, inv } = g.subject ?? {};
      const invitation = rt && inv ? await getInvitation(g.deps.domain, rt, inv) : undefined;
      if (!invitation) return refuse({ code: 'not-found', message: 'That invitation no longer exists.' });
      return invitation.person.id === g.actor.person.id
        ? grant({ invitation })
        : forbidden('This invitation is for someone else.');
    },
  },
  'youth-or-facilitator': {
    who: 'the youth on the roster or a facilitator; in a youth-centred roundtable also a guest without an agency account, where the guest list (anonymous.ts) lets them in (their own goals only)',
    audience: 'everyone',
    check: onRoundtable(
      async (rt, actor) =>
        holds(rt, actor.person.id, 'youth') ||
        (actor.anonymous === true && rt.youthCentred === true) ||
        (actor.anonymous !== true && (await isFacilitator(rt, actor))),
      'The youth does that (or a facilitator, for the youth).',
    ),
  },
  preparer: {
    who: 'the preparer (their own draft only); attaching: on the roster of that roundtable, same tenant',
    audience: 'everyone',
    check: async (g): Promise<GuardResult<'preparer'>> => {
      // Preparing: the domain reads only the person's own draft. Attaching: the named roundtable's roster.
      if (!g.subject?.rt) return grant({});
      const rt = await getRoundtable(g.deps.domain, g.subject.rt);
      const me = g.actor.person.id;
      return rt &&
        sameTenant(rt, g.actor) &&
        (rt.roster.some((r) => r.id === me) || rt.facilitatorIds.includes(me))
        ? grant({ rt })
        : refuse(NOT_FOUND);
    },
  },
};

/**
 * The facilitator guard on a roundtable already found: the bot's `facilitator` routes and the tab API's
 * facilitator controls run this same check.
 */
export const facilitatorGuard = (rt: Roundtable, actor: Actor): Promise<GuardResult<'facilitator'>> =>
  onRoundtable<'facilitator'>(isFacilitator, FACILITATOR_ONLY)({ rt, actor });

/** Runs a route's guard: the grant, or the refusal. */
export function runGuard<G extends GuardName>(
  name: G,
  g: GuardInput,
  refusal?: string,
): Promise<GuardResult<G>> {
  return (GUARDS[name] as Guard<G>).check(g, refusal);
}

/** Does the chat kind fit the route's `where`? */
export function fitsWhere(where: Where, personal: boolean | undefined): boolean {
  return where === 'any' || (where === 'personal') === (personal === true);
}
