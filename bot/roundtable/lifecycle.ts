import { audit, type DomainContext, OTHER_CHAT } from './context.js';
import { retryOnConflict, withEtagRetry } from './etag-retry.js';
import { type FidelityItem, storedFidelity } from './fidelity.js';
import { validateAlias } from './input.js';
import { navigationTarget, type PhaseMove } from './navigation.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, inThisChat, isFacilitator } from './permissions.js';
import {
  closeTiming,
  currentPhase,
  initialPhases,
  isScheduled,
  moveTo,
  openClock,
  type PhaseSequence,
  phaseLabel,
  timeBoxEnd,
} from './phases.js';
import { ensureFamilyMeetingStep } from './plan-ownership.js';
import { PRACTICE_ALIAS, practiceDeleteAfter, practicePreparation } from './practice.js';
import { placePreparation } from './preparation.js';
import type { CardSlot, ChatAddress, Person, Role, Roundtable } from './types.js';

/** Options of `start`: a follow-up roundtable's sequence and predecessor, or the practice case. */
export interface StartOptions {
  sequence?: PhaseSequence;
  followUpOf?: string;
  practice?: boolean;
  /** The office or region (`start <alias> office <name>`). */
  office?: string;
  /** A youth-centred roundtable (`start youth <alias>`, #29). */
  youthCentred?: boolean;
}

const MAX_RETRIES = 8;

/**
 * `start <alias>`: one unfinished roundtable per chat; the starter facilitates; a preparation of the
 * alias is taken over. `start practice` (opts.practice) runs the built-in fictional case.
 */
export async function startRoundtable(
  ctx: DomainContext,
  actor: Actor,
  rawAlias: string,
  chat: ChatAddress,
  opts: StartOptions = {},
): Promise<Outcome<Roundtable>> {
  // `start practice` runs the built-in fictional case (practice.ts) under its PRACTICE alias.
  const alias = opts.practice ? ok(PRACTICE_ALIAS) : validateAlias(rawAlias);
  if (!alias.ok) return alias;
  // The chat pointer is the lock: a roundtable whose pointer write lost the race is deleted and tried again.
  const claimed = await retryOnConflict(
    async (): Promise<Outcome<Roundtable>> => {
      const pointer = await ctx.store.getChat(actor.conversationId);
      if (pointer) {
        const existing = (await ctx.store.getRoundtable(pointer.value.roundtableId))?.value;
        if (existing && existing.status === 'active') {
          return fail(
            'already-running',
            `A roundtable for ${existing.caseAlias} is already running in this chat (${phaseLabel(existing)}). ` +
              'Use `status` to see it, or `end` to close it before starting another.',
          );
        }
      }
      const rt = newRoundtable(ctx, actor, alias.value, chat, opts);
      await ctx.store.createRoundtable(rt);
      try {
        await ctx.store.putChat(
          {
            conversationId: actor.conversationId,
            roundtableId: rt.id,
            history: [...(pointer?.value.history ?? []), rt.id],
          },
          pointer?.etag,
        );
      } catch (err) {
        await ctx.store.deleteRoundtable(rt.id);
        throw err;
      }
      return ok(rt);
    },
    {
      attempts: MAX_RETRIES,
      backoff: false,
      exhausted: () => fail('busy', 'Several people started a roundtable at once; try `status`.'),
    },
  );
  if (!claimed.ok) return claimed;
  const rt = claimed.value;
  await audit(ctx, rt.id, actor, 'roundtable.started');
  // A draft is never picked up by alias: its preparer attaches it (preparation.attach).
  if (opts.practice) await placePreparation(ctx, rt, practicePreparation(new Date(rt.createdAt)));
  return ok(rt);
}

/**
 * Another unfinished roundtable for the same alias in the tenant (`others`: the tenant's roundtables with that
 * alias): a warning that says where, naming only what the starter may know (the phase and starter of a chat
 * they are in; "another chat" otherwise).
 */
export function unfinishedElsewhere(actor: Actor, rt: Roundtable, others: Roundtable[]): string | undefined {
  const other = others.find(
    (o) =>
      o.id !== rt.id &&
      o.status === 'active' &&
      !o.practice &&
      o.caseAlias.toLowerCase() === rt.caseAlias.toLowerCase() &&
      (o.chat.tenantId ?? '') === (rt.chat.tenantId ?? ''),
  );
  if (!other) return undefined;
  const member =
    other.roster.some((r) => r.id === actor.person.id) ||
    (other.chatMembers ?? []).some((m) => m.id === actor.person.id);
  // Someone who is not in that roundtable's chat learns nothing about it, not even that it exists (#23).
  if (!member) return undefined;
  const where = `in a chat you are in (started by ${other.startedBy.name} on ${other.createdAt.slice(0, 10)}, ${phaseLabel(other)})`;
  return `Note: an unfinished roundtable for ${rt.caseAlias} is already running ${where}. If it is the same case, end one of them so the plan is not split.`;
}

function newRoundtable(
  ctx: DomainContext,
  actor: Actor,
  alias: string,
  chat: ChatAddress,
  opts: StartOptions,
): Roundtable {
  const now = ctx.now();
  return {
    id: `rt-${ctx.newId()}`,
    caseAlias: alias,
    status: 'active',
    phaseIndex: 0,
    revision: 1,
    phases: initialPhases(ctx.settings, opts.sequence).map((p, i) =>
      i === 0 ? { ...p, visited: true, enteredAt: now.toISOString(), timerEndsAt: timeBoxEnd(p, now) } : p,
    ),
    startedBy: actor.person,
    facilitatorIds: [actor.person.id],
    roster: [{ ...actor.person, role: 'facilitator', joinedAt: now.toISOString() }],
    anonymous: false,
    chat,
    cardIds: {},
    createdAt: now.toISOString(),
    openedAt: now.toISOString(),
    ...(opts.followUpOf ? { followUpOf: opts.followUpOf } : {}),
    ...(opts.office ? { office: opts.office } : {}),
    ...(opts.youthCentred ? { youthCentred: true } : {}),
    ...(opts.practice ? { practice: true, deleteAfter: practiceDeleteAfter(now, ctx.settings) } : {}),
  };
}

/**
 * Reads the roundtable, applies `change` and writes it back under etag, retrying on conflicts.
 * `change` sees the freshest document each time and may refuse with a failure.
 */
export function updateRoundtable(
  ctx: DomainContext,
  id: string,
  change: (rt: Roundtable) => Promise<Outcome<Roundtable>> | Outcome<Roundtable>,
): Promise<Outcome<Roundtable>> {
  return withEtagRetry(async () => {
    const current = await ctx.store.getRoundtable(id);
    if (!current) return fail('not-found', 'That roundtable no longer exists.');
    const result = await change(current.value);
    if (!result.ok) return result;
    if (result.value === current.value) return result;
    await ctx.store.replaceRoundtable(result.value, current.etag);
    return result;
  });
}

/** AUTH shared by facilitator commands: active roundtable, facilitator, fresh card. */
async function facilitatorGate(
  rt: Roundtable,
  actor: Actor,
  cardRevision?: number,
): Promise<Outcome<Roundtable>> {
  if (!inThisChat(rt, actor)) return fail('not-found', OTHER_CHAT);
  if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
  if (!(await isFacilitator(rt, actor))) {
    return fail(
      'forbidden',
      'Only a facilitator can do that. Ask the facilitator, or ask them to add you with `facilitator add`.',
    );
  }
  if (cardRevision !== undefined && cardRevision !== rt.revision) {
    return fail('stale', 'That card was out of date, so nothing was changed. Here is the current one.');
  }
  return ok(rt);
}

/** `next`, `back`, `go <n>`: facilitator only; a stale card never moves the phase twice. */
export async function navigate(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  to: PhaseMove,
  cardRevision?: number,
): Promise<Outcome<Roundtable>> {
  const moved = await updateRoundtable(ctx, roundtableId, async (rt) => {
    const gate = await facilitatorGate(rt, actor, cardRevision);
    if (!gate.ok) return gate;
    // A scheduled roundtable's first Next opens it: the clock starts in Welcome. A jump (`go`) opens and moves.
    if (isScheduled(gate.value)) {
      const opened = openClock(gate.value, ctx.now());
      if (to === 'next') return ok(opened, OPENED);
      return moveOrStay(opened, to, ctx.now());
    }
    return moveOrStay(rt, to, ctx.now());
  });
  // A new plan starts with the suggested family-team-meeting step (plan-ownership.ts).
  if (moved.ok && currentPhase(moved.value).key === 'plan') {
    await ensureFamilyMeetingStep(ctx, moved.value, actor.person);
  }
  return moved;
}

function moveOrStay(rt: Roundtable, to: PhaseMove, now: Date): Outcome<Roundtable> {
  const target = navigationTarget(rt, to);
  if (!target.ok) return target;
  if (target.value === rt.phaseIndex) return ok(rt, target.notice);
  return ok(moveTo(rt, target.value, now));
}

const OPENED = 'The roundtable is open: the clock and the Welcome time box have started.';

/** `open`: the facilitator opens a roundtable scheduled ahead of its meeting; the clock starts now. */
export async function openRoundtable(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
): Promise<Outcome<Roundtable>> {
  return updateRoundtable(ctx, roundtableId, async (rt) => {
    const gate = await facilitatorGate(rt, actor);
    if (!gate.ok) return gate;
    if (!isScheduled(rt))
      return ok(rt, `The roundtable for ${rt.caseAlias} is already open (${phaseLabel(rt)}).`);
    return ok(openClock(rt, ctx.now()), OPENED);
  });
}

/** `timer <minutes>` sets the current phase's time box; 0 clears it. */
export async function setTimer(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  minutes: number,
): Promise<Outcome<Roundtable>> {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 240) {
    return fail('invalid', 'Give the time box in whole minutes, from 1 to 240 (`timer 0` clears it).');
  }
  return updateRoundtable(ctx, roundtableId, async (rt) => {
    const gate = await facilitatorGate(rt, actor);
    if (!gate.ok) return gate;
    const endsAt = minutes === 0 ? undefined : new Date(ctx.now().getTime() + minutes * 60000).toISOString();
    const phases = rt.phases.map((p, i) => (i === rt.phaseIndex ? { ...p, timerEndsAt: endsAt } : p));
    return ok({ ...rt, phases, revision: rt.revision + 1 });
  });
}

/** `facilitator add @person`. */
export async function addFacilitator(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  person: Person,
): Promise<Outcome<Roundtable>> {
  return updateRoundtable(ctx, roundtableId, async (rt) => {
    const gate = await facilitatorGate(rt, actor);
    if (!gate.ok) return gate;
    if (rt.facilitatorIds.includes(person.id)) return ok(rt, `${person.name} is already a facilitator.`);
    const inRoster = rt.roster.some((r) => r.id === person.id);
    const roster = inRoster
      ? rt.roster
      : [...rt.roster, { ...person, role: 'facilitator' as Role, joinedAt: ctx.now().toISOString() }];
    return ok({
      ...rt,
      roster,
      facilitatorIds: [...rt.facilitatorIds, person.id],
      revision: rt.revision + 1,
    });
  });
}

/** Anonymous mode hides idea authors on cards (the author stays stored for edit rights). */
export async function setAnonymous(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  on: boolean,
): Promise<Outcome<Roundtable>> {
  return updateRoundtable(ctx, roundtableId, async (rt) => {
    const gate = await facilitatorGate(rt, actor);
    if (!gate.ok) return gate;
    if (rt.anonymous === on) return ok(rt);
    return ok({ ...rt, anonymous: on, revision: rt.revision + 1 }, `Anonymous mode is ${on ? 'on' : 'off'}.`);
  });
}

/** The text of `end`'s question: what is missing, and how to confirm. */
export function endQuestion(rt: Roundtable, missing: FidelityItem[]): string {
  const atDebrief = currentPhase(rt).key === 'debrief';
  const lines = missing.map((i) => `${i.label}: ${i.detail}`);
  return (
    `${atDebrief ? '' : 'The debrief has not been reached. '}` +
    (lines.length ? `Missing before you end: ${lines.join('; ')}. ` : '') +
    'Press "Confirm end" (or type `@Roundtable end confirm`) to close the roundtable all the same.'
  );
}

/**
 * `end`: closes the roundtable and stores the fidelity check; without confirmation it lists what the check
 * misses (skipped phases, short phases, the two-hour minimum, goals, ratings, …) and asks first.
 */
export async function closeRoundtable(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  confirmed: boolean,
  cardRevision?: number,
  fidelity: FidelityItem[] = [],
  learning: string[] = [],
): Promise<Outcome<Roundtable>> {
  return updateRoundtable(ctx, roundtableId, async (rt) => {
    const gate = await facilitatorGate(rt, actor, confirmed ? undefined : cardRevision);
    if (!gate.ok) return gate;
    const missing = fidelity.filter((i) => !i.ok);
    const atDebrief = currentPhase(rt).key === 'debrief';
    if (!confirmed && (missing.length > 0 || !atDebrief)) {
      return fail('needs-confirmation', endQuestion(rt, missing));
    }
    const now = ctx.now();
    const ended: Roundtable = {
      ...rt,
      status: 'ended',
      endedAt: now.toISOString(),
      phases: closeTiming(rt, now),
      revision: rt.revision + 1,
      fidelity: storedFidelity(fidelity),
      learning,
      // The follow-on work is due from this very write; the scheduler's job does it and clears `due`.
      afterEnd: { due: true, by: actor.person, done: [] },
    };
    // Its job is armed first: when the end is stored, the scheduler finds the work (bot/reminders/after-end.ts).
    await ctx.store.armAfterEnd(ended, now);
    return ok(ended);
  });
}

/** Records which activity shows a phase's card (so it can be updated in place). */
export async function rememberCard(
  ctx: DomainContext,
  roundtableId: string,
  slot: CardSlot,
  activityId: string,
): Promise<void> {
  await updateRoundtable(ctx, roundtableId, (rt) =>
    rt.cardIds[slot] === activityId ? ok(rt) : ok({ ...rt, cardIds: { ...rt.cardIds, [slot]: activityId } }),
  );
}
