import { audit, type DomainContext, findForActor } from './context.js';
import { withEtagRetry } from './etag-retry.js';
import { cleanText, contributionId, isIsoDate, isKnownIdShape, optionalText, SHORT_MAX } from './input.js';
import { checkNames } from './name-check.js';
import { KIND_PHASE } from './navigation.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, isPlanOwner } from './permissions.js';
import { currentPhase, PHASE_INFO, phaseLabel } from './phases.js';
import { chosenSupporter } from './supporter.js';
import {
  BARRIER_CATEGORIES,
  type BarrierCategory,
  type Contribution,
  type Person,
  type Roundtable,
} from './types.js';
import { questionsOf } from './youth-rules.js';

/** What a contribution submission carries after the edge has read the card inputs. */
export type ContributionInput =
  | { kind: 'fact'; text: string }
  | { kind: 'question'; text: string }
  | { kind: 'answer'; questionId: string; text: string }
  | { kind: 'idea'; questionKey: string; text: string; barrier?: string }
  | { kind: 'step'; text: string; ownerId: string; dueDate: string; supporter?: string; ideaId?: string }
  | { kind: 'debrief'; prompt: 'went-well' | 'change' | 'learning'; text: string };

/** The writer pressed "Keep as written" after the full-name warning (name-check.ts). */
export type KeepNames = { keepNames?: boolean };

/** Adds a fact, question, answer, idea, plan step or debrief answer, once per submission. */
export async function contribute(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  input: ContributionInput & KeepNames,
  submissionKey: string,
): Promise<Outcome<Contribution>> {
  const stored = await contributeAll(ctx, actor, roundtableId, [input], submissionKey);
  if (!stored.ok) return stored;
  return ok(stored.value[0] as Contribution, stored.notice);
}

/**
 * Adds the contributions of one submission (the debrief's answers): every one is validated (length, the
 * full-name check) before any is stored, so a warning on one answer stores none of them.
 */
export async function contributeAll(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  inputs: readonly (ContributionInput & KeepNames)[],
  submissionKey: string,
): Promise<Outcome<Contribution[]>> {
  // AUTH
  const found = await findForActor(ctx.store, actor, roundtableId);
  if (!found.ok) return found;
  const rt = found.value;
  if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
  const phase = currentPhase(rt).key;
  for (const input of inputs) {
    if (KIND_PHASE[input.kind] !== phase) {
      const wanted = PHASE_INFO[KIND_PHASE[input.kind]];
      return fail('closed', `${wanted.title} is not open now; the roundtable is in ${phaseLabel(rt)}.`);
    }
  }
  // VALIDATION
  const built: Contribution[] = [];
  for (const input of inputs) {
    const one = await buildContribution(ctx, rt, actor, input, submissionKey);
    if (!one.ok) return one;
    if (FLOOD_LIMITED.includes(one.value.kind)) {
      const flood = await floodGuard(ctx, rt.id, actor, one.value);
      if (!flood.ok) return flood;
    }
    built.push(one.value);
  }
  // RESOLUTION
  let created = 0;
  for (const c of built) if (await ctx.store.addContribution(c)) created++;
  return ok(built, created === 0 ? 'Already saved.' : undefined);
}

/** The kinds one person could flood a room with: each limited like ideas (`maxIdeasPerMinute` per kind). */
const FLOOD_LIMITED: readonly Contribution['kind'][] = ['idea', 'fact', 'question', 'answer'];
const FLOOD_WORDS: Partial<Record<Contribution['kind'], string>> = {
  idea: 'ideas',
  fact: 'facts',
  question: 'questions',
  answer: 'answers',
};

/**
 * At most `maxIdeasPerMinute` ideas (and as many facts, questions, answers) per person in any 60 s; a replay of
 * a stored contribution is never refused. Counted on the partition the turn read already (no request of its own).
 */
async function floodGuard(
  ctx: DomainContext,
  roundtableId: string,
  actor: Actor,
  c: Contribution,
): Promise<Outcome<true>> {
  const since = new Date(ctx.now().getTime() - 60_000).toISOString();
  const me = actor.person.id;
  const recent =
    c.kind === 'idea'
      ? (await ctx.store.recentIdeasBy(roundtableId, me, since)).length
      : (await ctx.store.listContributions(roundtableId)).filter(
          (x) => x.kind === c.kind && x.author.id === me && x.createdAt > since,
        ).length;
  const max = ctx.settings.maxIdeasPerMinute;
  if (recent >= max && !(await ctx.store.getContribution(roundtableId, c.id))) {
    return fail(
      'too-many',
      `You have added ${max} ${FLOOD_WORDS[c.kind] ?? 'contributions'} in the last minute, the most allowed; this one was NOT saved. Wait a moment and press the button again: what you typed is still in the card.`,
    );
  }
  return ok(true);
}

const LABELS: Record<ContributionInput['kind'], string> = {
  fact: 'The fact',
  question: 'The question',
  answer: 'The answer',
  idea: 'The idea',
  step: 'The step',
  debrief: 'The debrief answer',
};

/** VALIDATION of a submission: the contribution to store, with its replay-safe id. */
async function buildContribution(
  ctx: DomainContext,
  rt: Roundtable,
  actor: Actor,
  input: ContributionInput & KeepNames,
  submissionKey: string,
): Promise<Outcome<Contribution>> {
  const text = cleanText(input.text, LABELS[input.kind], ctx.settings.maxTextLength);
  if (!text.ok) return text;
  // "Supported by" is a roster person chosen from a list, not free text: it is not name-checked.
  const names = checkNames([text.value], ctx.settings.nameCheck, input.keepNames === true);
  if (!names.ok) return names;
  const now = ctx.now().toISOString();
  const author: Person = { ...actor.person };
  // A replay of one submission (double click, retried request) has the same id; a new text never does.
  const idParts = [rt.id, actor.person.id, input.kind, submissionKey, text.value];
  const base = { roundtableId: rt.id, author, text: text.value, createdAt: now, updatedAt: now };
  switch (input.kind) {
    case 'fact':
    case 'question':
      return ok({ ...base, id: contributionId(idParts), kind: input.kind });
    case 'debrief':
      if (input.prompt !== 'went-well' && input.prompt !== 'change' && input.prompt !== 'learning')
        return fail('invalid', 'Unknown debrief prompt.');
      return ok({
        ...base,
        id: contributionId([...idParts, input.prompt]),
        kind: 'debrief',
        prompt: input.prompt,
      });
    case 'answer': {
      const q = isKnownIdShape(input.questionId)
        ? await ctx.store.getContribution(rt.id, input.questionId)
        : undefined;
      if (q?.value.kind !== 'question' || q.value.withdrawn) {
        return fail('invalid', 'That question no longer exists.');
      }
      return ok({
        ...base,
        id: contributionId([...idParts, q.value.id]),
        kind: 'answer',
        questionId: q.value.id,
      });
    }
    case 'idea': {
      const question = questionsOf(rt, ctx.settings).find((q) => q.key === input.questionKey);
      if (!question) return fail('invalid', 'That brainstorm question does not exist.');
      let barrier: BarrierCategory | undefined;
      if (input.barrier !== undefined && input.barrier !== '' && input.barrier !== 'none') {
        barrier = BARRIER_CATEGORIES.find((b) => b === input.barrier);
        if (!barrier)
          return fail('invalid', `A systemic barrier is one of: ${BARRIER_CATEGORIES.join(', ')}.`);
      }
      return ok({
        ...base,
        id: contributionId([...idParts, question.key]),
        kind: 'idea',
        questionKey: question.key,
        ...(barrier ? { barrier } : {}),
      });
    }
    case 'step':
      return buildStep(ctx, rt, actor, input, { ...base, id: contributionId(idParts) });
  }
}

async function buildStep(
  ctx: DomainContext,
  rt: Roundtable,
  actor: Actor,
  input: Extract<ContributionInput, { kind: 'step' }>,
  base: {
    id: string;
    roundtableId: string;
    author: Person;
    text: string;
    createdAt: string;
    updatedAt: string;
  },
): Promise<Outcome<Contribution>> {
  const owner = rt.roster.find((r) => r.id === input.ownerId);
  if (!owner)
    return fail('invalid', 'Choose the step owner from the roster (people who joined the roundtable).');
  if (!isIsoDate(input.dueDate)) return fail('invalid', 'Give the step a due date.');
  const today = ctx.now().toISOString().slice(0, 10);
  if (input.dueDate < today) return fail('invalid', 'The due date is in the past.');
  const supporterValue = optionalText(input.supporter, 'The supporter', SHORT_MAX);
  if (!supporterValue.ok) return supporterValue;
  const supporter = supporterValue.value ? chosenSupporter(rt, supporterValue.value) : undefined;
  if (supporterValue.value && !supporter)
    return fail(
      'invalid',
      'Choose who supports the step from the list (people in this chat), or leave it empty.',
    );
  let ideaId: string | undefined;
  if (input.ideaId) {
    const idea = isKnownIdShape(input.ideaId)
      ? await ctx.store.getContribution(rt.id, input.ideaId)
      : undefined;
    if (idea?.value.kind !== 'idea' || idea.value.withdrawn) {
      return fail('invalid', 'The linked idea no longer exists.');
    }
    ideaId = idea.value.id;
  }
  return ok({
    ...base,
    kind: 'step',
    owner: {
      id: owner.id,
      name: owner.name,
      ...(owner.aadObjectId ? { aadObjectId: owner.aadObjectId } : {}),
    },
    dueDate: input.dueDate,
    ...(supporter ? { supporter } : {}),
    ...(ideaId ? { ideaId } : {}),
    status: 'not-started',
    // Everyone may propose; a step is in the plan once the caseworker or supervisor (or a facilitator) has it.
    ...((await isPlanOwner(rt, actor)) ? {} : { proposed: true }),
  });
}

/** Authors edit their own idea while the brainstorm is open. */
export async function editIdea(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  ideaId: string,
  rawText: unknown,
  keepNames = false,
): Promise<Outcome<Contribution>> {
  const text = cleanText(rawText, 'The idea', ctx.settings.maxTextLength);
  if (!text.ok) return text;
  const names = checkNames([text.value], ctx.settings.nameCheck, keepNames);
  if (!names.ok) return names;
  return changeOwnContribution(
    ctx,
    actor,
    roundtableId,
    ideaId,
    'idea',
    (c) => ({ ...c, text: text.value }),
    'idea.edited',
  );
}

/** Authors withdraw their own idea while the brainstorm is open. */
export async function withdrawIdea(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  ideaId: string,
): Promise<Outcome<Contribution>> {
  return changeOwnContribution(
    ctx,
    actor,
    roundtableId,
    ideaId,
    'idea',
    (c) => ({ ...c, withdrawn: true }),
    'idea.withdrawn',
  );
}

/** Removes a plan step: the caseworker, the supervisor or a facilitator; its author while it is a proposal. */
export async function removeStep(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  stepId: string,
): Promise<Outcome<Contribution>> {
  return changeOwnContribution(
    ctx,
    actor,
    roundtableId,
    stepId,
    'step',
    (c) => ({ ...c, withdrawn: true }),
    'step.removed',
  );
}

async function changeOwnContribution(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  id: string,
  kind: 'idea' | 'step',
  change: (c: Contribution) => Contribution,
  event: string,
): Promise<Outcome<Contribution>> {
  const found = await findForActor(ctx.store, actor, roundtableId);
  if (!found.ok) return found;
  const rt = found.value;
  if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
  if (currentPhase(rt).key !== KIND_PHASE[kind]) {
    return fail('closed', `${PHASE_INFO[KIND_PHASE[kind]].title} is closed, so it can no longer be changed.`);
  }
  if (!isKnownIdShape(id)) return fail('not-found', `That ${kind} no longer exists.`);
  return withEtagRetry(async () => {
    const current = await ctx.store.getContribution(rt.id, id);
    if (!current || current.value.kind !== kind || current.value.withdrawn) {
      return fail('not-found', `That ${kind} no longer exists.`);
    }
    // Ideas: their author. Steps: the plan's owners, or the author while it is still a proposal.
    const mayChange =
      kind === 'step'
        ? (await isPlanOwner(rt, actor)) ||
          (current.value.author.id === actor.person.id &&
            current.value.kind === 'step' &&
            current.value.proposed === true)
        : current.value.author.id === actor.person.id;
    if (!mayChange) {
      return fail(
        'forbidden',
        kind === 'step'
          ? 'The plan is the caseworker’s and supervisor’s: only they (or a facilitator) can remove a step in it.'
          : `Only the author can change this ${kind}.`,
      );
    }
    const next = { ...change(current.value), updatedAt: ctx.now().toISOString() };
    await ctx.store.replaceContribution(next, current.etag);
    await audit(ctx, rt.id, actor, event, id);
    return ok(next);
  });
}
