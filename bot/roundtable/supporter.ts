/** A plan step's "Supported by": a person chosen in the people picker; steps from before the picker hold free text. */
import type { Person, PlanStep, Roundtable } from './types.js';

/** The supporter's name as cards, pages and the case file show it (free text of an older step as it was typed). */
export function supporterName(step: Pick<PlanStep, 'supporter'>): string {
  const s = step.supporter;
  if (s === undefined) return '';
  return typeof s === 'string' ? s : s.name;
}

/**
 * The person a "Supported by" value names: a chat member or roster person by id or Teams (AAD) object id, as the
 * people picker sends it; or (older cards sent free text) a roster person by display name. Undefined otherwise.
 */
export function chosenSupporter(
  rt: Pick<Roundtable, 'roster' | 'chatMembers'>,
  value: string,
): Person | undefined {
  const v = value.trim().toLowerCase();
  if (!v) return undefined;
  const known = [...rt.roster, ...(rt.chatMembers ?? [])];
  const found =
    known.find((p) => p.id.toLowerCase() === v) ??
    known.find((p) => p.aadObjectId?.toLowerCase() === v) ??
    rt.roster.find((p) => p.name.trim().toLowerCase() === v);
  if (!found) return undefined;
  return { id: found.id, name: found.name, ...(found.aadObjectId ? { aadObjectId: found.aadObjectId } : {}) };
}
