/**
 * Where the roster is kept (issue #28: forty people pressing Join at once must not contend on one document).
 * Each person's entry is a member document of their own in the roundtable's partition: a join creates or
 * replaces only that one, under its own etag. The roundtable document keeps a copy of the roster as of its
 * last write (`Roundtable.roster` as stored: for roundtables stored before member documents, the whole
 * roster), which the cross-roundtable queries by role read; a member document overrides that copy for its
 * person. So every change to a role with rights (or to a facilitator's entry) writes both: the member
 * document first, then the roundtable document under its etag, as before. A join as participant or scribe,
 * or a request for a role, writes only the member document and leaves `revision` alone (nobody's open card
 * turns stale).
 */
import type { DomainContext } from './context.js';
import { withEtagRetry } from './etag-retry.js';
import { fail, type Outcome } from './outcome.js';
import { EtagConflict } from './ports.js';
import type { Role, RosterEntry, Roundtable } from './types.js';

/** A member document as the store keeps it: the person's entry, or `null` once they were taken off the roster. */
export interface RosterMember {
  personId: string;
  entry: RosterEntry | null;
}

/** Roles without rights: a change between them touches only the person's member document. */
const OPEN: readonly Role[] = ['other', 'scribe'];

/** The same entry, whatever the order of its fields. */
export function sameEntry(a: RosterEntry | undefined | null, b: RosterEntry | undefined | null): boolean {
  if (!a || !b) return !a && !b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = (a as unknown as Record<string, unknown>)[k];
    const y = (b as unknown as Record<string, unknown>)[k];
    if (x !== y) return false;
  }
  return true;
}

/**
 * The roster readers see: the roundtable document's copy, each person's member document in place of their
 * entry there (a removed person left out), then members the copy does not hold, by when they joined.
 */
export function assembleRoster(stored: RosterEntry[], members: RosterMember[]): RosterEntry[] {
  if (members.length === 0) return stored;
  const byPerson = new Map(members.map((m) => [m.personId, m.entry]));
  const roster: RosterEntry[] = [];
  for (const e of stored) {
    if (!byPerson.has(e.id)) roster.push(e);
    else {
      const m = byPerson.get(e.id);
      if (m) roster.push(m);
    }
  }
  const inCopy = new Set(stored.map((e) => e.id));
  const added = members
    .filter((m): m is { personId: string; entry: RosterEntry } => m.entry !== null && !inCopy.has(m.personId))
    .map((m) => m.entry)
    .sort((a, b) => order(a.joinedAt, b.joinedAt) || order(a.id, b.id));
  return [...roster, ...added];
}

/** Ordinal order of two strings (ISO times and ids: no locale rules, which cost CPU on every read). */
function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Entries that differ between two rosters, by person: [before, after] (undefined: not on that roster). */
function changes(before: RosterEntry[], after: RosterEntry[]): [string, RosterEntry?, RosterEntry?][] {
  const was = new Map(before.map((e) => [e.id, e]));
  const now = new Map(after.map((e) => [e.id, e]));
  const out: [string, RosterEntry?, RosterEntry?][] = [];
  for (const id of new Set([...was.keys(), ...now.keys()])) {
    const a = was.get(id);
    const b = now.get(id);
    if (!sameEntry(a, b)) out.push([id, a, b]);
  }
  return out;
}

/** Does the change give or take a role with rights (or facilitation)? Then the roundtable document keeps it too. */
export function touchesRights(before: RosterEntry[], after: RosterEntry[]): boolean {
  return changes(before, after).some(
    ([, a, b]) => (a !== undefined && !OPEN.includes(a.role)) || (b !== undefined && !OPEN.includes(b.role)),
  );
}

/**
 * Writes each changed entry to its person's member document, under that document's etag, checking that it
 * still says what `before` (as read) said: a change made meanwhile is an EtagConflict, so the caller reads
 * again and decides again. Taken off the roster: the document says so (`null`), for readers of older copies.
 */
export async function writeRoster(
  ctx: DomainContext,
  roundtableId: string,
  before: RosterEntry[],
  after: RosterEntry[],
): Promise<void> {
  for (const [personId, was, next] of changes(before, after)) {
    const stored = await ctx.store.getMember(roundtableId, personId);
    if (stored && !sameEntry(stored.value, was ?? null)) throw new EtagConflict('roster entry');
    await ctx.store.putMember(roundtableId, personId, next ?? null, stored?.etag);
  }
}

/**
 * A roster change: reads the roundtable (and roster), applies `change`, writes the changed entries to their
 * member documents; only when rights change (`touchesRights`) is the roundtable document written too, its
 * revision bumped. Retries lost races, like `updateRoundtable`.
 */
export function changeRoster(
  ctx: DomainContext,
  id: string,
  change: (rt: Roundtable) => Promise<Outcome<Roundtable>> | Outcome<Roundtable>,
): Promise<Outcome<Roundtable>> {
  // An earlier attempt wrote a rights change to member documents, then lost the roundtable document's race:
  // this attempt finds the change made, and still owes the roundtable document its copy.
  let owed = false;
  return withEtagRetry(async () => {
    const current = await ctx.store.getRoundtable(id);
    if (!current) return fail('not-found', 'That roundtable no longer exists.');
    const result = await change(current.value);
    if (!result.ok) return result;
    const bumped = (rt: Roundtable) => ({
      ...rt,
      revision: Math.max(rt.revision, current.value.revision + 1),
    });
    if (result.value === current.value) {
      if (!owed) return result;
      const next = bumped(current.value);
      await ctx.store.replaceRoundtable(next, current.etag);
      return { ...result, value: next };
    }
    const before = current.value.roster;
    const after = result.value.roster;
    await writeRoster(ctx, id, before, after);
    const document = touchesRights(before, after) || rosterAside(current.value, result.value);
    if (!document) return result;
    owed = true;
    const next = bumped(result.value);
    await ctx.store.replaceRoundtable(next, current.etag);
    return { ...result, value: next };
  });
}

/** Did the change touch anything besides the roster (facilitators, removed people, chat members)? */
function rosterAside(before: Roundtable, after: Roundtable): boolean {
  const { roster: _a, revision: _r, ...b } = before;
  const { roster: _b, revision: _s, ...a } = after;
  return JSON.stringify(b) !== JSON.stringify(a);
}
