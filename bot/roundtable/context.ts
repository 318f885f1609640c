import type { ChildRecordStore } from './child-types.js';
import { isKnownIdShape } from './input.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, inThisChat } from './permissions.js';
import type { PreparationStore, ProgrammeStore, ReadScopes, RoundtableStore } from './ports.js';
import type { AgencySettings, Roundtable } from './types.js';

/** Who deletes after the mistake window, and how long that window is (bot/config-records.ts). */
export interface DeletionRules {
  /** Entra object ids (lower case) of the records officers: they delete, and hold and release. */
  officerIds: string[];
  /** Days after `start` in which a facilitator may delete a roundtable that is not practice. */
  deleteWindowDays: number;
}

/** The records rules of deleting roundtables, and what follows a deletion. */
export interface DeletionPolicy {
  /** Days after a plan closes that its roundtables are deleted (0: never). */
  retentionDays: number;
  rules: DeletionRules;
  /** After a deletion: the programme aggregates drop its figures and learning text at once (a recompute). */
  afterDelete?: (rt: Roundtable) => Promise<unknown>;
}

/** Default: no records officers, a 7-day window, no retention. */
const NO_DELETION: DeletionPolicy = { retentionDays: 0, rules: { officerIds: [], deleteWindowDays: 7 } };

/** What every domain operation takes first: storage, settings, the clock, new ids and read scopes. */
export interface DomainContext {
  store: RoundtableStore;
  /** Preparation drafts, invitations and barrier answers. */
  records: PreparationStore;
  /** Queries across roundtables (by alias, the barrier register, deletion records). */
  programme: ProgrammeStore;
  /** Each child's permanency record across the case's roundtables (child-types.ts). */
  children: ChildRecordStore;
  settings: AgencySettings;
  now: () => Date;
  newId: () => string;
  /** Scopes of reads (bot/store/read-scope.ts): a view reads each roundtable's documents once. */
  scopes: ReadScopes;
  deletion: DeletionPolicy;
  /** Entra object ids of the agency leaders (LEADER_IDS): the barrier register is theirs. */
  leaderIds: string[];
}

/** The ports a domain context is made of; time, ids and scopes default to the real ones. */
export interface DomainPorts {
  store: RoundtableStore;
  records: PreparationStore;
  programme: ProgrammeStore;
  children: ChildRecordStore;
  settings: AgencySettings;
  now?: () => Date;
  newId?: () => string;
  scopes?: ReadScopes;
  deletion?: DeletionPolicy;
  leaderIds?: string[];
}

/** Without scopes (in-memory stores), every read goes to the store. */
const NO_SCOPES: ReadScopes = { fresh: (work) => work(), within: (work) => work() };

/** The one context the domain operations take (tests pass their clock and ids). */
export function domainContext(ports: DomainPorts): DomainContext {
  return {
    store: ports.store,
    records: ports.records,
    programme: ports.programme,
    children: ports.children,
    settings: ports.settings,
    now: ports.now ?? (() => new Date()),
    newId: ports.newId ?? (() => crypto.randomUUID()),
    scopes: ports.scopes ?? NO_SCOPES,
    deletion: ports.deletion ?? NO_DELETION,
    leaderIds: ports.leaderIds ?? [],
  };
}

/** The answer for a card or id of a roundtable that is not this chat's. */
export const OTHER_CHAT = 'This card belongs to a roundtable of another chat.';

/** A roundtable by id, only if it belongs to the actor's chat. */
export async function findForActor(
  store: RoundtableStore,
  actor: Actor,
  roundtableId: string,
): Promise<Outcome<Roundtable>> {
  if (!isKnownIdShape(roundtableId)) return fail('not-found', OTHER_CHAT);
  const rt = (await store.getRoundtable(roundtableId))?.value;
  if (!rt || !inThisChat(rt, actor)) return fail('not-found', OTHER_CHAT);
  return ok(rt);
}

/** Adds an entry to the roundtable's audit trail: who, when, which event, which id (never text). */
export async function audit(
  ctx: DomainContext,
  roundtableId: string,
  actor: Actor,
  event: string,
  subject?: string,
): Promise<void> {
  await ctx.store.addAudit({
    id: `audit-${ctx.newId()}`,
    roundtableId,
    at: ctx.now().toISOString(),
    actorId: actor.person.id,
    event,
    ...(subject ? { subject } : {}),
  });
}
