import { createHash } from 'node:crypto';
import { assembleRoster, type RosterMember } from '../roundtable/roster.js';
import type { RosterEntry, Roundtable } from '../roundtable/types.js';

/**
 * Member documents (bot/roundtable/roster.ts): one per person on a roundtable's roster, in its partition of
 * the `roundtables` container, `type: 'member'`. Shared by the Cosmos and the in-memory store.
 */

/** The `type` of a member document. */
export const MEMBER_TYPE = 'member';

/** A member document's id: Teams ids hold characters Cosmos ids may not, so the person's id is hashed. */
export function memberDocId(personId: string): string {
  return `member-${createHash('sha256').update(personId).digest('hex').slice(0, 40)}`;
}

/** The stored member document of a person. */
export function memberDoc(roundtableId: string, personId: string, entry: RosterEntry | null) {
  return { id: memberDocId(personId), type: MEMBER_TYPE, roundtableId, personId, entry };
}

/** What a stored member document says (anything else found under the id is not one). */
export function asMember(doc: Record<string, unknown> | undefined): RosterMember | undefined {
  if (!doc || doc.type !== MEMBER_TYPE || typeof doc.personId !== 'string') return undefined;
  return { personId: doc.personId, entry: (doc.entry as RosterEntry | null | undefined) ?? null };
}

/** The roundtable with its roster assembled from its stored copy and the member documents. */
export function withMembers(rt: Roundtable, docs: Record<string, unknown>[]): Roundtable {
  const members = docs.flatMap((d) => {
    const m = asMember(d);
    return m ? [m] : [];
  });
  return members.length === 0 ? rt : { ...rt, roster: assembleRoster(rt.roster ?? [], members) };
}
