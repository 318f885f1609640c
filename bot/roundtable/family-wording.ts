/**
 * A plan step in the family's words (the family handout, issue #29 item 3): a plan owner gives a step a wording per
 * language, stored on the step; the handout prints it instead of the team's words. Name-checked like other text.
 */
import type { DomainContext } from './context.js';
import { withEtagRetry } from './etag-retry.js';
import { cleanText, isKnownIdShape } from './input.js';
import { checkNames } from './name-check.js';
import { fail, type Outcome, ok } from './outcome.js';
import { ownsPlan } from './plan-ownership.js';
import type { Person, PlanStep } from './types.js';

/** The longest family wording of a step (a sentence or two on a printed page). */
export const MAX_FAMILY_WORDING = 300;
/** A language code as locales/ names its folders (`en`, `es`, `pt-BR`). */
const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

export interface FamilyWordingInput {
  lang: unknown;
  /** The wording; empty clears it (the team's words are printed again). */
  text: unknown;
  keepNames?: boolean;
}

/** Sets (or clears) a step's wording in one language: the plan's caseworker, supervisor or a facilitator. */
export async function saveFamilyWording(
  ctx: DomainContext,
  person: Person,
  roundtableId: string,
  stepId: string,
  input: FamilyWordingInput,
): Promise<Outcome<PlanStep>> {
  // AUTH
  const rt = isKnownIdShape(roundtableId) ? (await ctx.store.getRoundtable(roundtableId))?.value : undefined;
  if (!rt) return fail('not-found', 'That roundtable no longer exists.');
  if (!ownsPlan(rt, person.id) || rt.removedIds?.includes(person.id))
    return fail('forbidden', 'The plan’s caseworker and supervisor word the steps for the family.');
  // VALIDATION
  if (typeof input.lang !== 'string' || !LANG.test(input.lang)) return fail('invalid', 'Which language?');
  const lang = input.lang;
  const clearing = typeof input.text === 'string' && input.text.trim() === '';
  const text = clearing ? ok('') : cleanText(input.text, 'The family’s wording', MAX_FAMILY_WORDING);
  if (!text.ok) return text;
  const names = checkNames([text.value], ctx.settings.nameCheck, input.keepNames === true);
  if (!names.ok) return names;
  if (!isKnownIdShape(stepId)) return fail('not-found', 'That step is no longer in the plan.');
  // RESOLUTION
  const saved = await withEtagRetry(async () => {
    const current = await ctx.store.getContribution(rt.id, stepId);
    if (current?.value.kind !== 'step' || current.value.withdrawn || current.value.proposed)
      return fail('not-found', 'That step is no longer in the plan.');
    const { [lang]: _old, ...others } = current.value.familyText ?? {};
    const familyText = clearing ? others : { ...others, [lang]: text.value };
    const step: PlanStep = { ...current.value, familyText, updatedAt: ctx.now().toISOString() };
    await ctx.store.replaceContribution(step, current.etag);
    return ok(step, clearing ? 'The team’s words are printed again.' : 'Saved for the family handout.');
  });
  if (!saved.ok) return saved;
  await ctx.store.addAudit({
    id: `audit-${crypto.randomUUID()}`,
    roundtableId: rt.id,
    at: ctx.now().toISOString(),
    actorId: person.id,
    event: 'step.family-wording',
    subject: stepId,
  });
  return saved;
}
