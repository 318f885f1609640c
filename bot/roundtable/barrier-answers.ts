import type { DomainContext } from './context.js';
import { withEtagRetry } from './etag-retry.js';
import { cleanText, isIsoDate, isKnownIdShape } from './input.js';
import { checkNames } from './name-check.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, inThisChat, isFacilitator, rosterRole } from './permissions.js';
import { currentPhase } from './phases.js';
import {
  BARRIER_ANSWERS,
  type BarrierAnswer,
  type BarrierAnswerKind,
  type SystemicBarrier,
} from './records.js';
import type { BarrierCategory, Person, Roundtable } from './types.js';

export interface BarrierAnswerInput {
  kind: unknown;
  decision?: unknown;
  ownerId?: unknown;
  dueDate?: unknown;
  /** The writer pressed "Keep as written" after the full-name warning (name-check.ts). */
  keepNames?: boolean;
  /** The answer already saved may be replaced (ticked on the card); without it a saved answer stays. */
  replace?: boolean;
}

/** The id of the answer document for a barrier-flagged idea (one per idea). */
export function barrierId(ideaId: string): string {
  return `barrier-${ideaId}`;
}

/** The roster's barrier busters: regional/central office, legal, agency leaders. */
export function barrierBusters(rt: Roundtable): Person[] {
  return rt.roster.filter((r) => r.role === 'barrier-buster');
}

/** Barrier busters on the roster answer barriers; a facilitator may record an answer on their behalf. */
export async function mayAnswerBarrier(rt: Roundtable, actor: Actor): Promise<boolean> {
  return rosterRole(rt, actor.person.id) === 'barrier-buster' || (await isFacilitator(rt, actor));
}

/** Barrier busting in the room: a barrier buster's (or a facilitator's) answer to a barrier-flagged idea. */
export async function recordBarrierAnswer(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  ideaId: string,
  input: BarrierAnswerInput,
): Promise<Outcome<SystemicBarrier>> {
  // AUTH
  const rt = isKnownIdShape(roundtableId) ? (await ctx.store.getRoundtable(roundtableId))?.value : undefined;
  if (!rt || !inThisChat(rt, actor))
    return fail('not-found', 'This card belongs to a roundtable of another chat.');
  if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
  const phase = currentPhase(rt).key;
  if (phase !== 'brainstorm' && phase !== 'plan') {
    return fail('closed', 'Barriers are answered during the brainstorm and the plan.');
  }
  if (!(await mayAnswerBarrier(rt, actor))) {
    return fail(
      'forbidden',
      'Barrier busters on the roster answer barriers (or a facilitator on their behalf). Join as barrier buster first.',
    );
  }
  // VALIDATION
  const idea = isKnownIdShape(ideaId) ? (await ctx.store.getContribution(rt.id, ideaId))?.value : undefined;
  if (idea?.kind !== 'idea' || idea.withdrawn) return fail('not-found', 'That idea no longer exists.');
  if (!idea.barrier) return fail('invalid', 'That idea is not marked as a systemic barrier.');
  const kind = BARRIER_ANSWERS.find((k) => k === input.kind);
  if (!kind) return fail('invalid', 'Unknown answer.');
  const answer: BarrierAnswer = { kind, by: actor.person, at: ctx.now().toISOString() };
  if (kind === 'solved-now') {
    const decision = cleanText(input.decision, 'The decision', ctx.settings.maxTextLength);
    if (!decision.ok)
      return fail(
        'invalid',
        `Say what was decided (for example the waiver granted): ${decision.failure.message}`,
      );
    // The decision is shown to everyone in the chat and goes to the register: the full-name check applies.
    const names = checkNames([decision.value], ctx.settings.nameCheck, input.keepNames === true);
    if (!names.ok) return names;
    answer.decision = decision.value;
  }
  if (kind === 'needs-decision') {
    const owner = barrierBusters(rt).find((b) => b.id === input.ownerId);
    if (!owner)
      return fail('invalid', 'Choose who takes the decision up, among the barrier busters on the roster.');
    if (!isIsoDate(input.dueDate)) return fail('invalid', 'Give the date the decision is due.');
    if (input.dueDate < ctx.now().toISOString().slice(0, 10))
      return fail('invalid', 'The due date is in the past.');
    answer.owner = {
      id: owner.id,
      name: owner.name,
      ...(owner.aadObjectId ? { aadObjectId: owner.aadObjectId } : {}),
    };
    answer.dueDate = input.dueDate;
  }
  // RESOLUTION
  return withEtagRetry(async () => {
    const current = await ctx.records.getBarrier(rt.id, barrierId(idea.id));
    // One click never replaces a saved answer (a "Needs decision" taken up by someone): it is confirmed.
    if (current && input.replace !== true)
      return fail(
        'invalid',
        `This barrier is already answered (${ANSWER_WORDS[current.value.answer.kind]}, by ${current.value.answer.by.name}). Tick "Replace the saved answer" and press again to change it.`,
      );
    const now = ctx.now().toISOString();
    const barrier: SystemicBarrier = {
      id: barrierId(idea.id),
      roundtableId: rt.id,
      ideaId: idea.id,
      caseAlias: rt.caseAlias,
      category: idea.barrier as BarrierCategory,
      text: idea.text,
      raisedBy: idea.author,
      answer,
      inRegister: kind === 'needs-decision',
      registerStatus: kind === 'needs-decision' ? 'open' : kind === 'solved-now' ? 'decided' : 'withdrawn',
      practice: rt.practice === true,
      createdAt: current?.value.createdAt ?? now,
      updatedAt: now,
    };
    await ctx.records.putBarrier(barrier, current?.etag);
    await ctx.store.addAudit({
      id: `audit-${crypto.randomUUID()}`,
      roundtableId: rt.id,
      at: now,
      actorId: actor.person.id,
      event: `barrier.${kind}`,
      subject: idea.id,
    });
    return ok(barrier, NOTICES[kind]);
  });
}

/** The answers recorded for a roundtable's barrier-flagged ideas. */
export async function listBarrierAnswers(
  ctx: DomainContext,
  roundtableId: string,
): Promise<SystemicBarrier[]> {
  return ctx.records.listBarriers(roundtableId);
}

/** The register leaders work from: practice roundtables never appear in it. */
export async function barrierAnswerRegister(ctx: DomainContext): Promise<SystemicBarrier[]> {
  return (await ctx.records.barrierRegister()).filter((b) => !b.practice && b.inRegister);
}

const ANSWER_WORDS: Record<BarrierAnswerKind, string> = {
  'solved-now': 'solved now',
  'needs-decision': 'needs a policy/legal decision',
  'not-a-barrier': 'not a barrier',
};

const NOTICES: Record<BarrierAnswerKind, string> = {
  'solved-now': 'Recorded: solved in the room.',
  'needs-decision': 'Recorded: needs a policy/legal decision; it is in the barrier register.',
  'not-a-barrier': 'Recorded: not a barrier.',
};
