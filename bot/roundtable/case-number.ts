/**
 * The case number of the state's system of record: a protected field the plan owners set in their 1:1 chat
 * (`case number <alias> <number>`), kept on the plan, exported in the plan record, never shown on a chat card.
 */
import { withEtagRetry } from './etag-retry.js';
import { validateAlias } from './input.js';
import { fail, type Outcome, ok } from './outcome.js';
import type { Actor } from './permissions.js';
import { ownsPlan } from './plan-ownership.js';
import type { ProgrammeStore, RoundtableStore } from './ports.js';

/** Letters, digits and a few separators, as case systems number cases. */
export const CASE_NUMBER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

/** The one refusal for "no such alias" and "not yours": nobody learns whether a case exists. */
const NOT_YOURS =
  'You are not the caseworker, supervisor or facilitator of a roundtable with that case alias (a case number is set by the plan owners).';

/** `case number <alias> <number>`: the plan of the latest roundtable of the alias that the actor owns. */
export async function setCaseNumber(
  stores: { roundtables: RoundtableStore; programme: ProgrammeStore },
  actor: Actor,
  rawAlias: string,
  rawNumber: string,
  now: () => Date,
): Promise<Outcome<{ caseAlias: string }>> {
  // VALIDATION
  const alias = validateAlias(rawAlias);
  if (!alias.ok)
    return fail(
      'invalid',
      'In your 1:1 chat with me, type `case number <case alias> <number>`, for example `case number J.T. 2024-118`.',
    );
  if (!CASE_NUMBER_PATTERN.test(rawNumber))
    return fail('invalid', 'A case number is 1 to 64 letters, digits, dots, dashes or slashes.');
  // AUTH: only roundtables of the actor's tenant that they own
  const mine = (await stores.programme.roundtablesByAlias(alias.value, actor.tenantId))
    .filter((rt) => !rt.practice && ownsPlan(rt, actor.person.id))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const rt = mine[0];
  if (!rt) return fail('forbidden', NOT_YOURS);
  // RESOLUTION
  return withEtagRetry(async () => {
    const current = await stores.roundtables.getPlan(rt.id);
    const plan = current?.value ?? { ratings: {}, draft: true };
    await stores.roundtables.putPlan(
      rt.id,
      { ...plan, caseNumber: rawNumber, updatedAt: now().toISOString() },
      current?.etag,
    );
    return ok(
      { caseAlias: rt.caseAlias },
      `Case number saved for ${rt.caseAlias}. It is kept out of every chat card.`,
    );
  });
}
