import { isKnownIdShape } from './input.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, inThisChat } from './permissions.js';
import type { RoundtableStore } from './ports.js';
import type { AgencySettings, Roundtable } from './types.js';

/** What the parts of the roundtable service share: storage, settings, the clock and new ids. */
export interface ServiceContext {
  store: RoundtableStore;
  settings: AgencySettings;
  now: () => Date;
  newId: () => string;
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
  ctx: ServiceContext,
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
