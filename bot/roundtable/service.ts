import { BarrierService, type SystemicBarrier } from './barrier-answers.js';
import { loadPreviousPlanReview, type PreviousPlanReview } from './follow-up-roundtable.js';
import {
  cleanText,
  contributionId,
  isIsoDate,
  isKnownIdShape,
  optionalText,
  parseChildren,
  SHORT_MAX,
  validateAlias,
} from './input.js';
import { type Invitation, InvitationService } from './invitations.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, inThisChat, isFacilitator, isPlanOwner } from './permissions.js';
import {
  closeTiming,
  currentPhase,
  initialPhases,
  moveTo,
  PHASE_INFO,
  type PhaseSequence,
  phaseLabel,
  skippedPhases,
} from './phases.js';
import { PlanOwnershipService } from './plan-ownership.js';
import { EtagConflict, type PreparationStore, type RoundtableStore, type Versioned } from './ports.js';
import { PRACTICE_ALIAS, practiceDeleteAfter, practicePreparation } from './practice.js';
import {
  type Preparation,
  PreparationService,
  preparationVisible,
  SUMMARY_TEXT_FIELDS,
} from './preparation.js';
import {
  type ActionPlan,
  type AgencySettings,
  BARRIER_CATEGORIES,
  type BarrierCategory,
  type CaseSummary,
  type ChatAddress,
  type Contribution,
  PERMANENCY_GOALS,
  type PermanencyGoal,
  type Person,
  type PhaseKey,
  ROLES,
  type Role,
  type Roundtable,
} from './types.js';

// moved: bot/roundtable/input.ts (re-exported for the layers that import them from here)
export { cleanText, contributionId, isKnownIdShape, parseChildren, validateAlias } from './input.js';

/** Injected time and ids, so tests control them. */
export interface ServiceDeps {
  store: RoundtableStore;
  /** Preparation drafts, invitations and barrier answers. */
  records: PreparationStore;
  settings: AgencySettings;
  now?: () => Date;
  newId?: () => string;
}

/** Everything a card shows about a roundtable, read in one go. */
export interface RoundtableView {
  roundtable: Roundtable;
  contributions: Contribution[];
  caseSummary?: CaseSummary;
  plan: ActionPlan;
  /** The preparation with the youth and family, once its preparer is on the roster (or practice). */
  preparation?: Preparation;
  /** Barrier busters' answers to barrier-flagged ideas. */
  barriers?: SystemicBarrier[];
  invitations?: Invitation[];
  /** A follow-up roundtable: the previous plan and the permanency status history (review phase). */
  review?: PreviousPlanReview;
}

/** What a contribution submission carries after the edge has read the card inputs. */
export type ContributionInput =
  | { kind: 'fact'; text: string }
  | { kind: 'question'; text: string }
  | { kind: 'answer'; questionId: string; text: string }
  | { kind: 'idea'; questionKey: string; text: string; barrier?: string }
  | { kind: 'step'; text: string; ownerId: string; dueDate: string; supporter?: string; ideaId?: string }
  | { kind: 'debrief'; prompt: 'went-well' | 'change'; text: string };

export interface CaseSummaryInput {
  children: string;
  timeInCare?: string;
  placement?: string;
  legalStatus?: string;
  currentGoal?: string;
  connections?: string;
  strengths?: string;
  needs?: string;
  tried?: string;
}

/** The phase each kind of contribution belongs to. */
const KIND_PHASE: Record<ContributionInput['kind'], PhaseKey> = {
  fact: 'present',
  question: 'clarify',
  answer: 'clarify',
  idea: 'brainstorm',
  step: 'plan',
  debrief: 'debrief',
};

const MAX_RETRIES = 8;

/** After an etag conflict: a short random wait that grows with the attempt, so racing writers spread out. */
function conflictBackoff(attempt: number): Promise<void> {
  const ms = Math.random() * 10 * 2 ** Math.min(attempt, 5);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
/** The roundtable domain: every rule lives here once; the bot and the tab API call it. */
export class RoundtableService {
  readonly settings: AgencySettings;
  private readonly store: RoundtableStore;
  private readonly now: () => Date;
  private readonly newId: () => string;
  /** Preparation with the youth and family before the roundtable. */
  readonly preparation: PreparationService;
  readonly invitations: InvitationService;
  /** Barrier busting in the room. */
  readonly barriers: BarrierService;
  /** Proposals, acceptance, the family team meeting that ends the draft. */
  readonly planOwnership: PlanOwnershipService;

  constructor(deps: ServiceDeps) {
    this.store = deps.store;
    this.settings = deps.settings;
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? (() => crypto.randomUUID());
    this.preparation = new PreparationService(deps.records, this.settings, this.now);
    this.invitations = new InvitationService(this.store, deps.records, this.now);
    this.barriers = new BarrierService(this.store, deps.records, this.settings, this.now);
    this.planOwnership = new PlanOwnershipService(this.store, this.settings, this.now);
  }

  /** The chat's current roundtable, if it has one. */
  async forChat(conversationId: string): Promise<Roundtable | undefined> {
    const pointer = await this.store.getChat(conversationId);
    if (!pointer) return undefined;
    return (await this.store.getRoundtable(pointer.value.roundtableId))?.value;
  }

  /** A roundtable by id (callers that act for a person use `forActor`, which checks the chat). */
  async get(roundtableId: string): Promise<Roundtable | undefined> {
    return (await this.store.getRoundtable(roundtableId))?.value;
  }

  /** A roundtable by id, only if it belongs to the actor's chat. */
  async forActor(actor: Actor, roundtableId: string): Promise<Outcome<Roundtable>> {
    if (!isKnownIdShape(roundtableId))
      return fail('not-found', 'This card belongs to a roundtable of another chat.');
    const rt = (await this.store.getRoundtable(roundtableId))?.value;
    if (!rt || !inThisChat(rt, actor))
      return fail('not-found', 'This card belongs to a roundtable of another chat.');
    return ok(rt);
  }

  async view(roundtableId: string): Promise<RoundtableView | undefined> {
    const [rt, contributions, caseSummary, plan, barriers, invitations, prepared] = await Promise.all([
      this.store.getRoundtable(roundtableId),
      this.store.listContributions(roundtableId),
      this.store.getCaseSummary(roundtableId),
      this.store.getPlan(roundtableId),
      this.barriers.list(roundtableId),
      this.invitations.list(roundtableId),
      this.preparation.stored(roundtableId),
    ]);
    if (!rt) return undefined;
    const preparation = preparationVisible(rt.value, prepared) ? prepared : undefined;
    const review = await loadPreviousPlanReview(this.store, rt.value);
    return {
      roundtable: rt.value,
      contributions,
      caseSummary: caseSummary?.value,
      plan: plan?.value ?? { ratings: {}, draft: true },
      barriers,
      invitations,
      ...(preparation ? { preparation } : {}),
      ...(review ? { review } : {}),
    };
  }

  /**
   * `start <alias>`: one unfinished roundtable per chat; the starter facilitates; a preparation of the
   * alias is taken over. `start practice` (opts.practice) runs the built-in fictional case.
   */
  async start(
    actor: Actor,
    rawAlias: string,
    chat: ChatAddress,
    /** A follow-up roundtable: its phase sequence and the roundtable it follows. */
    opts: { sequence?: PhaseSequence; followUpOf?: string; practice?: boolean } = {},
  ): Promise<Outcome<Roundtable>> {
    // `start practice` runs the built-in fictional case (practice.ts) under its PRACTICE alias.
    const alias = opts.practice ? ok(PRACTICE_ALIAS) : validateAlias(rawAlias);
    if (!alias.ok) return alias;
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const pointer = await this.store.getChat(actor.conversationId);
      if (pointer) {
        const existing = (await this.store.getRoundtable(pointer.value.roundtableId))?.value;
        if (existing && existing.status === 'active') {
          return fail(
            'already-running',
            `A roundtable for ${existing.caseAlias} is already running in this chat (${phaseLabel(existing)}). ` +
              'Use `status` to see it, or `end` to close it before starting another.',
          );
        }
      }
      const now = this.now();
      const rt: Roundtable = {
        id: `rt-${this.newId()}`,
        caseAlias: alias.value,
        status: 'active',
        phaseIndex: 0,
        revision: 1,
        phases: initialPhases(this.settings, opts.sequence).map((p, i) =>
          i === 0 ? { ...p, visited: true, enteredAt: now.toISOString() } : p,
        ),
        startedBy: actor.person,
        facilitatorIds: [actor.person.id],
        roster: [{ ...actor.person, role: 'facilitator', joinedAt: now.toISOString() }],
        anonymous: false,
        chat,
        cardIds: {},
        createdAt: now.toISOString(),
        ...(opts.followUpOf ? { followUpOf: opts.followUpOf } : {}),
        ...(opts.practice ? { practice: true, deleteAfter: practiceDeleteAfter(now, this.settings) } : {}),
      };
      await this.store.createRoundtable(rt);
      try {
        await this.store.putChat(
          {
            conversationId: actor.conversationId,
            roundtableId: rt.id,
            history: [...(pointer?.value.history ?? []), rt.id],
          },
          pointer?.etag,
        );
      } catch (err) {
        await this.store.deleteRoundtable(rt.id);
        if (err instanceof EtagConflict) continue;
        throw err;
      }
      await this.audit(rt.id, actor, 'roundtable.started');
      if (opts.practice) await this.preparation.place(rt, practicePreparation(now));
      else await this.preparation.pickUp(rt);
      return ok(rt);
    }
    return fail('busy', 'Several people started a roundtable at once; try `status`.');
  }

  /**
   * Reads the roundtable, applies `change` and writes it back under etag, retrying on conflicts.
   * `change` sees the freshest document each time and may refuse with a failure.
   */
  private async update(
    id: string,
    change: (rt: Roundtable) => Promise<Outcome<Roundtable>> | Outcome<Roundtable>,
  ): Promise<Outcome<Roundtable>> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const current: Versioned<Roundtable> | undefined = await this.store.getRoundtable(id);
      if (!current) return fail('not-found', 'That roundtable no longer exists.');
      const result = await change(current.value);
      if (!result.ok) return result;
      if (result.value === current.value) return result;
      try {
        await this.store.replaceRoundtable(result.value, current.etag);
        return result;
      } catch (err) {
        if (!(err instanceof EtagConflict)) throw err;
        await conflictBackoff(attempt);
      }
    }
    return fail('busy', 'Many changes arrived at once; please try again.');
  }

  /** AUTH shared by facilitator commands: active roundtable, facilitator, fresh card. */
  private async facilitatorGate(
    rt: Roundtable,
    actor: Actor,
    cardRevision?: number,
  ): Promise<Outcome<Roundtable>> {
    if (!inThisChat(rt, actor))
      return fail('not-found', 'This card belongs to a roundtable of another chat.');
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
  async navigate(
    actor: Actor,
    roundtableId: string,
    to: 'next' | 'back' | number,
    cardRevision?: number,
  ): Promise<Outcome<Roundtable>> {
    const moved = await this.update(roundtableId, async (rt) => {
      const gate = await this.facilitatorGate(rt, actor, cardRevision);
      if (!gate.ok) return gate;
      const last = rt.phases.length - 1;
      const target = to === 'next' ? rt.phaseIndex + 1 : to === 'back' ? rt.phaseIndex - 1 : to;
      if (target > last)
        return fail('invalid', 'The debrief is the last phase. Use `end` to close the roundtable.');
      if (target < 0) return fail('invalid', 'The welcome is the first phase; there is nothing before it.');
      if (target === rt.phaseIndex) {
        return ok(rt, `Already in phase ${target + 1}: ${PHASE_INFO[currentPhase(rt).key].title}.`);
      }
      return ok(moveTo(rt, target, this.now()));
    });
    // A new plan starts with the suggested family-team-meeting step (plan-ownership.ts).
    if (moved.ok && currentPhase(moved.value).key === 'plan') {
      await this.planOwnership.ensureFamilyMeetingStep(moved.value, actor.person);
    }
    return moved;
  }

  /** `timer <minutes>` sets the current phase's time box; 0 clears it. */
  async setTimer(actor: Actor, roundtableId: string, minutes: number): Promise<Outcome<Roundtable>> {
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 240) {
      return fail('invalid', 'Give the time box in whole minutes, from 1 to 240 (`timer 0` clears it).');
    }
    return this.update(roundtableId, async (rt) => {
      const gate = await this.facilitatorGate(rt, actor);
      if (!gate.ok) return gate;
      const endsAt =
        minutes === 0 ? undefined : new Date(this.now().getTime() + minutes * 60000).toISOString();
      const phases = rt.phases.map((p, i) => (i === rt.phaseIndex ? { ...p, timerEndsAt: endsAt } : p));
      return ok({ ...rt, phases, revision: rt.revision + 1 });
    });
  }

  /** `facilitator add @person`. */
  async addFacilitator(actor: Actor, roundtableId: string, person: Person): Promise<Outcome<Roundtable>> {
    return this.update(roundtableId, async (rt) => {
      const gate = await this.facilitatorGate(rt, actor);
      if (!gate.ok) return gate;
      if (rt.facilitatorIds.includes(person.id)) return ok(rt, `${person.name} is already a facilitator.`);
      const inRoster = rt.roster.some((r) => r.id === person.id);
      const roster = inRoster
        ? rt.roster
        : [...rt.roster, { ...person, role: 'facilitator' as Role, joinedAt: this.now().toISOString() }];
      return ok({
        ...rt,
        roster,
        facilitatorIds: [...rt.facilitatorIds, person.id],
        revision: rt.revision + 1,
      });
    });
  }

  /** "Join as" a role; joining again changes the role. */
  async join(actor: Actor, roundtableId: string, rawRole: unknown): Promise<Outcome<Roundtable>> {
    const role = ROLES.find((r) => r === rawRole);
    if (!role) return fail('invalid', 'Choose a role to join as.');
    return this.update(roundtableId, (rt) => {
      if (!inThisChat(rt, actor))
        return fail('not-found', 'This card belongs to a roundtable of another chat.');
      if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
      const existing = rt.roster.find((r) => r.id === actor.person.id);
      if (existing?.role === role) return ok(rt, `You are on the roster as ${role}.`);
      const entry = { ...actor.person, role, joinedAt: existing?.joinedAt ?? this.now().toISOString() };
      const roster = existing ? rt.roster.map((r) => (r.id === entry.id ? entry : r)) : [...rt.roster, entry];
      return ok({ ...rt, roster, revision: rt.revision + 1 }, `Joined as ${role}.`);
    });
  }

  /** Anonymous mode hides idea authors on cards (the author stays stored for edit rights). */
  async setAnonymous(actor: Actor, roundtableId: string, on: boolean): Promise<Outcome<Roundtable>> {
    return this.update(roundtableId, async (rt) => {
      const gate = await this.facilitatorGate(rt, actor);
      if (!gate.ok) return gate;
      if (rt.anonymous === on) return ok(rt);
      return ok(
        { ...rt, anonymous: on, revision: rt.revision + 1 },
        `Anonymous mode is ${on ? 'on' : 'off'}.`,
      );
    });
  }

  /** `end`: closes the roundtable; asks for confirmation when phases were skipped or the debrief is not reached. */
  async end(
    actor: Actor,
    roundtableId: string,
    confirmed: boolean,
    cardRevision?: number,
  ): Promise<Outcome<Roundtable>> {
    return this.update(roundtableId, async (rt) => {
      const gate = await this.facilitatorGate(rt, actor, confirmed ? undefined : cardRevision);
      if (!gate.ok) return gate;
      const skipped = skippedPhases(rt);
      const atDebrief = currentPhase(rt).key === 'debrief';
      if (!confirmed && (skipped.length > 0 || !atDebrief)) {
        const list = skipped.map((k) => PHASE_INFO[k].title).join(', ');
        return fail(
          'needs-confirmation',
          (skipped.length ? `These phases were skipped: ${list}. ` : 'The debrief has not been reached. ') +
            'Type `end confirm` (or press "End anyway") to close the roundtable all the same.',
        );
      }
      const now = this.now();
      return ok({
        ...rt,
        status: 'ended',
        endedAt: now.toISOString(),
        phases: closeTiming(rt, now),
        revision: rt.revision + 1,
      });
    });
  }

  /** Records which activity shows a phase's card (so it can be updated in place). */
  async rememberCard(roundtableId: string, slot: PhaseKey | 'summary', activityId: string): Promise<void> {
    await this.update(roundtableId, (rt) =>
      rt.cardIds[slot] === activityId
        ? ok(rt)
        : ok({ ...rt, cardIds: { ...rt.cardIds, [slot]: activityId } }),
    );
  }

  /** Adds a fact, question, answer, idea, plan step or debrief answer, once per submission. */
  async contribute(
    actor: Actor,
    roundtableId: string,
    input: ContributionInput,
    submissionKey: string,
  ): Promise<Outcome<Contribution>> {
    // AUTH
    const found = await this.forActor(actor, roundtableId);
    if (!found.ok) return found;
    const rt = found.value;
    if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
    const phase = currentPhase(rt).key;
    if (KIND_PHASE[input.kind] !== phase) {
      const wanted = PHASE_INFO[KIND_PHASE[input.kind]];
      return fail('closed', `${wanted.title} is not open now; the roundtable is in ${phaseLabel(rt)}.`);
    }
    // VALIDATION
    const built = await this.buildContribution(rt, actor, input, submissionKey);
    if (!built.ok) return built;
    if (built.value.kind === 'idea') {
      const flood = await this.ideaFloodGuard(rt.id, actor, built.value.id);
      if (!flood.ok) return flood;
    }
    // RESOLUTION
    const created = await this.store.addContribution(built.value);
    return ok(built.value, created ? undefined : 'Already saved.');
  }

  /** At most `maxIdeasPerMinute` ideas per person in any 60 s; a replay of a stored idea is never refused. */
  private async ideaFloodGuard(roundtableId: string, actor: Actor, ideaId: string): Promise<Outcome<true>> {
    const since = new Date(this.now().getTime() - 60_000).toISOString();
    const recent = (await this.store.recentIdeasBy(roundtableId, actor.person.id, since)).length;
    const max = this.settings.maxIdeasPerMinute;
    if (recent >= max && !(await this.store.getContribution(roundtableId, ideaId))) {
      return fail(
        'too-many',
        `You have added ${max} ideas in the last minute, the most allowed; this one was NOT saved. Wait a moment and press the button again: what you typed is still in the card.`,
      );
    }
    return ok(true);
  }

  private async buildContribution(
    rt: Roundtable,
    actor: Actor,
    input: ContributionInput,
    submissionKey: string,
  ): Promise<Outcome<Contribution>> {
    const max = this.settings.maxTextLength;
    const labels: Record<ContributionInput['kind'], string> = {
      fact: 'The fact',
      question: 'The question',
      answer: 'The answer',
      idea: 'The idea',
      step: 'The step',
      debrief: 'The debrief answer',
    };
    const text = cleanText(input.text, labels[input.kind], max);
    if (!text.ok) return text;
    const now = this.now().toISOString();
    const author: Person = { ...actor.person };
    // A replay of one submission (double click, retried request) has the same id; a new text never does.
    const idParts = [rt.id, actor.person.id, input.kind, submissionKey, text.value];
    const base = { roundtableId: rt.id, author, text: text.value, createdAt: now, updatedAt: now };
    switch (input.kind) {
      case 'fact':
      case 'question':
        return ok({ ...base, id: contributionId(idParts), kind: input.kind });
      case 'debrief':
        if (input.prompt !== 'went-well' && input.prompt !== 'change')
          return fail('invalid', 'Unknown debrief prompt.');
        return ok({
          ...base,
          id: contributionId([...idParts, input.prompt]),
          kind: 'debrief',
          prompt: input.prompt,
        });
      case 'answer': {
        const q = isKnownIdShape(input.questionId)
          ? await this.store.getContribution(rt.id, input.questionId)
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
        const question = this.settings.questions.find((q) => q.key === input.questionKey);
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
      case 'step': {
        const owner = rt.roster.find((r) => r.id === input.ownerId);
        if (!owner)
          return fail('invalid', 'Choose the step owner from the roster (people who joined the roundtable).');
        if (!isIsoDate(input.dueDate)) {
          return fail('invalid', 'Give the step a due date.');
        }
        const today = this.now().toISOString().slice(0, 10);
        if (input.dueDate < today) return fail('invalid', 'The due date is in the past.');
        const supporter = optionalText(input.supporter, 'The supporter', SHORT_MAX);
        if (!supporter.ok) return supporter;
        let ideaId: string | undefined;
        if (input.ideaId) {
          const idea = isKnownIdShape(input.ideaId)
            ? await this.store.getContribution(rt.id, input.ideaId)
            : undefined;
          if (idea?.value.kind !== 'idea' || idea.value.withdrawn) {
            return fail('invalid', 'The linked idea no longer exists.');
          }
          ideaId = idea.value.id;
        }
        return ok({
          ...base,
          id: contributionId(idParts),
          kind: 'step',
          owner: {
            id: owner.id,
            name: owner.name,
            ...(owner.aadObjectId ? { aadObjectId: owner.aadObjectId } : {}),
          },
          dueDate: input.dueDate,
          ...(supporter.value ? { supporter: supporter.value } : {}),
          ...(ideaId ? { ideaId } : {}),
          status: 'not-started',
          // Everyone may propose; a step is in the plan once the caseworker or supervisor (or a facilitator) has it.
          ...((await isPlanOwner(rt, actor)) ? {} : { proposed: true }),
        });
      }
    }
  }

  /** Authors edit their own idea while the brainstorm is open. */
  async editIdea(
    actor: Actor,
    roundtableId: string,
    ideaId: string,
    rawText: unknown,
  ): Promise<Outcome<Contribution>> {
    const text = cleanText(rawText, 'The idea', this.settings.maxTextLength);
    if (!text.ok) return text;
    return this.changeOwnContribution(
      actor,
      roundtableId,
      ideaId,
      'idea',
      (c) => ({ ...c, text: text.value }),
      'idea.edited',
    );
  }

  /** Authors withdraw their own idea while the brainstorm is open. */
  async withdrawIdea(actor: Actor, roundtableId: string, ideaId: string): Promise<Outcome<Contribution>> {
    return this.changeOwnContribution(
      actor,
      roundtableId,
      ideaId,
      'idea',
      (c) => ({ ...c, withdrawn: true }),
      'idea.withdrawn',
    );
  }

  /** Removes a plan step: the caseworker, the supervisor or a facilitator; its author while it is a proposal. */
  async removeStep(actor: Actor, roundtableId: string, stepId: string): Promise<Outcome<Contribution>> {
    return this.changeOwnContribution(
      actor,
      roundtableId,
      stepId,
      'step',
      (c) => ({ ...c, withdrawn: true }),
      'step.removed',
    );
  }

  private async changeOwnContribution(
    actor: Actor,
    roundtableId: string,
    id: string,
    kind: 'idea' | 'step',
    change: (c: Contribution) => Contribution,
    event: string,
  ): Promise<Outcome<Contribution>> {
    const found = await this.forActor(actor, roundtableId);
    if (!found.ok) return found;
    const rt = found.value;
    if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
    if (currentPhase(rt).key !== KIND_PHASE[kind]) {
      return fail(
        'closed',
        `${PHASE_INFO[KIND_PHASE[kind]].title} is closed, so it can no longer be changed.`,
      );
    }
    if (!isKnownIdShape(id)) return fail('not-found', `That ${kind} no longer exists.`);
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const current = await this.store.getContribution(rt.id, id);
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
      const next = { ...change(current.value), updatedAt: this.now().toISOString() };
      try {
        await this.store.replaceContribution(next, current.etag);
        await this.audit(rt.id, actor, event, id);
        return ok(next);
      } catch (err) {
        if (!(err instanceof EtagConflict)) throw err;
        await conflictBackoff(attempt);
      }
    }
    return fail('busy', 'Many changes arrived at once; please try again.');
  }

  /** The caseworker's structured case summary (Present phase). */
  async saveCaseSummary(
    actor: Actor,
    roundtableId: string,
    input: CaseSummaryInput,
  ): Promise<Outcome<CaseSummary>> {
    const found = await this.forActor(actor, roundtableId);
    if (!found.ok) return found;
    const rt = found.value;
    if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
    if (!(await isPlanOwner(rt, actor))) {
      return fail(
        'forbidden',
        'The caseworker (or supervisor, or a facilitator) fills the case summary. Join as caseworker first.',
      );
    }
    const children = parseChildren(input.children);
    if (!children.ok) return children;
    const max = this.settings.maxTextLength;
    const fields = SUMMARY_TEXT_FIELDS;
    const summary: CaseSummary = {
      children: children.value,
      timeInCare: '',
      placement: '',
      legalStatus: '',
      currentGoal: '',
      connections: '',
      strengths: '',
      needs: '',
      tried: '',
      updatedBy: actor.person,
      updatedAt: this.now().toISOString(),
    };
    for (const f of fields) {
      const v = optionalText(input[f], `The field "${f}"`, max);
      if (!v.ok) return v;
      summary[f] = v.value ?? '';
    }
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const current = await this.store.getCaseSummary(rt.id);
      try {
        await this.store.putCaseSummary(rt.id, summary, current?.etag);
        await this.audit(rt.id, actor, 'case.saved');
        return ok(summary, 'Case summary saved.');
      } catch (err) {
        if (!(err instanceof EtagConflict)) throw err;
        await conflictBackoff(attempt);
      }
    }
    return fail('busy', 'Many changes arrived at once; please try again.');
  }

  /** Primary and concurrent goal and each child's permanency rating (plan owners only). */
  async saveGoals(
    actor: Actor,
    roundtableId: string,
    input: { primaryGoal?: unknown; concurrentGoal?: unknown; ratings: Record<string, unknown> },
  ): Promise<Outcome<ActionPlan>> {
    const found = await this.forActor(actor, roundtableId);
    if (!found.ok) return found;
    const rt = found.value;
    if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
    if (currentPhase(rt).key !== 'plan')
      return fail('closed', 'The plan can be changed in the Permanency Action Plan phase.');
    if (!(await isPlanOwner(rt, actor))) {
      return fail(
        'forbidden',
        'The caseworker and supervisor set the goals and ratings (or a facilitator on their behalf).',
      );
    }
    const goal = (v: unknown): Outcome<PermanencyGoal | undefined> => {
      if (v === undefined || v === '') return ok(undefined);
      const g = PERMANENCY_GOALS.find((x) => x === v);
      return g ? ok(g) : fail('invalid', `A permanency goal is one of: ${PERMANENCY_GOALS.join(', ')}.`);
    };
    const primary = goal(input.primaryGoal);
    if (!primary.ok) return primary;
    const concurrent = goal(input.concurrentGoal);
    if (!concurrent.ok) return concurrent;
    const scale = new Set(this.settings.ratingScale.map((r) => r.key));
    const summary = (await this.store.getCaseSummary(rt.id))?.value;
    const children = summary?.children.length ? summary.children.map((c) => c.alias) : [rt.caseAlias];
    const ratings: Record<string, string> = {};
    for (const [child, value] of Object.entries(input.ratings)) {
      if (value === undefined || value === '') continue;
      if (!children.includes(child))
        return fail('invalid', 'A rating names a child who is not in the case summary.');
      if (typeof value !== 'string' || !scale.has(value))
        return fail('invalid', 'Choose a rating from the scale.');
      ratings[child] = value;
    }
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const current = await this.store.getPlan(rt.id);
      const base = current?.value ?? { ratings: {}, draft: true };
      const plan: ActionPlan = {
        ...base,
        primaryGoal: primary.value ?? base.primaryGoal,
        concurrentGoal: concurrent.value ?? base.concurrentGoal,
        ratings: { ...base.ratings, ...ratings },
        updatedAt: this.now().toISOString(),
      };
      try {
        await this.store.putPlan(rt.id, plan, current?.etag);
        await this.audit(rt.id, actor, 'plan.goals');
        return ok(plan, 'Goals and ratings saved.');
      } catch (err) {
        if (!(err instanceof EtagConflict)) throw err;
        await conflictBackoff(attempt);
      }
    }
    return fail('busy', 'Many changes arrived at once; please try again.');
  }

  private async audit(roundtableId: string, actor: Actor, event: string, subject?: string): Promise<void> {
    await this.store.addAudit({
      id: `audit-${this.newId()}`,
      roundtableId,
      at: this.now().toISOString(),
      actorId: actor.person.id,
      event,
      ...(subject ? { subject } : {}),
    });
  }

  /** Records a structural event (phase move, end, roster) in the audit trail. */
  async recordEvent(roundtableId: string, actor: Actor, event: string, subject?: string): Promise<void> {
    await this.audit(roundtableId, actor, event, subject);
  }
}
