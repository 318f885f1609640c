import { listBarrierAnswers } from './barrier-answers.js';
import { type CaseSummaryInput, type GoalsInput, saveCaseSummary, saveGoals } from './case-summary.js';
import { audit, type DomainContext, type DomainPorts, domainContext, findForActor } from './context.js';
import {
  type ContributionInput,
  contribute,
  contributeAll,
  editIdea,
  type KeepNames,
  removeStep,
  withdrawIdea,
} from './contributions.js';
import { fidelityOf } from './fidelity.js';
import { loadPreviousPlanReview, type PreviousPlanReview } from './follow-up-roundtable.js';
import { isKnownIdShape } from './input.js';
import { invitedRole, listInvitations } from './invitations.js';
import {
  addFacilitator,
  end,
  navigate,
  open,
  rememberCard,
  type StartOptions,
  setAnonymous,
  setTimer,
  start,
  updateRoundtable,
} from './lifecycle.js';
import type { PhaseMove } from './navigation.js';
import { type Outcome, ok } from './outcome.js';
import type { Actor } from './permissions.js';
import { timeUpDue } from './phases.js';
import type { ReadScopes, RoundtableStore } from './ports.js';
import { preparationVisible, storedPreparation } from './preparation.js';
import type { Invitation, Preparation, SystemicBarrier } from './records.js';
import { answerRoleRequest, assignRole, joinRoundtable, rememberChatMembers } from './roles.js';
import {
  type HandOver,
  type HandoverRole,
  handOverPlan,
  removeFacilitator,
  removeFromChat,
} from './roster-changes.js';
import type {
  ActionPlan,
  AgencySettings,
  CardSlot,
  CaseSummary,
  ChatAddress,
  Contribution,
  Person,
  Roundtable,
} from './types.js';

/** Injected time and ids, so tests control them. */
export type ServiceDeps = DomainPorts;

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

/** The roundtable domain: every rule lives here once; the bot and the tab API call it. */
export class RoundtableService {
  readonly settings: AgencySettings;
  private readonly store: RoundtableStore;
  private readonly now: () => Date;
  private readonly scopes: ReadScopes;
  /** The context the domain operations take (preparation, invitations, barrier answers, plan ownership). */
  readonly domain: DomainContext;
  private readonly ctx: DomainContext;

  constructor(deps: ServiceDeps) {
    this.domain = domainContext(deps);
    this.ctx = this.domain;
    this.store = this.domain.store;
    this.settings = this.domain.settings;
    this.now = this.domain.now;
    this.scopes = this.domain.scopes;
  }

  /** The chat's current roundtable, if it has one. */
  async forChat(conversationId: string): Promise<Roundtable | undefined> {
    const pointer = await this.store.getChat(conversationId);
    if (!pointer) return undefined;
    return (await this.store.getRoundtable(pointer.value.roundtableId))?.value;
  }

  /** A roundtable by id (callers that act for a person use `forActor`, which checks the chat). */
  async get(roundtableId: string): Promise<Roundtable | undefined> {
    // A crafted id (a tab route's path) is simply not found: it never reaches the database.
    if (!isKnownIdShape(roundtableId)) return undefined;
    return (await this.store.getRoundtable(roundtableId))?.value;
  }

  /** A roundtable by id, only if it belongs to the actor's chat. */
  async forActor(actor: Actor, roundtableId: string): Promise<Outcome<Roundtable>> {
    return findForActor(this.store, actor, roundtableId);
  }

  /** Everything a card shows, as this turn reads it (its own writes included). */
  async view(roundtableId: string): Promise<RoundtableView | undefined> {
    return this.scopes.within(() => this.readView(roundtableId));
  }

  /** The view as storage holds it now, whatever this turn read before (a shared card's update pass). */
  async freshView(roundtableId: string): Promise<RoundtableView | undefined> {
    return this.scopes.fresh(() => this.readView(roundtableId));
  }

  private async readView(roundtableId: string): Promise<RoundtableView | undefined> {
    const [rt, contributions, caseSummary, plan, barriers, invitations, prepared] = await Promise.all([
      this.store.getRoundtable(roundtableId),
      this.store.listContributions(roundtableId),
      this.store.getCaseSummary(roundtableId),
      this.store.getPlan(roundtableId),
      listBarrierAnswers(this.ctx, roundtableId),
      listInvitations(this.ctx, roundtableId),
      storedPreparation(this.ctx, roundtableId),
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
    opts: StartOptions = {},
  ): Promise<Outcome<Roundtable>> {
    return start(this.ctx, actor, rawAlias, chat, opts);
  }

  /** `next`, `back`, `go <n>`: facilitator only; a stale card never moves the phase twice. */
  async navigate(
    actor: Actor,
    roundtableId: string,
    to: PhaseMove,
    cardRevision?: number,
  ): Promise<Outcome<Roundtable>> {
    return navigate(this.ctx, actor, roundtableId, to, cardRevision);
  }

  /** `open`: a roundtable scheduled ahead of its meeting starts its clock. */
  async open(actor: Actor, roundtableId: string): Promise<Outcome<Roundtable>> {
    return open(this.ctx, actor, roundtableId);
  }

  /** `timer <minutes>` sets the current phase's time box; 0 clears it. */
  async setTimer(actor: Actor, roundtableId: string, minutes: number): Promise<Outcome<Roundtable>> {
    return setTimer(this.ctx, actor, roundtableId, minutes);
  }

  /** `facilitator add @person`. */
  async addFacilitator(actor: Actor, roundtableId: string, person: Person): Promise<Outcome<Roundtable>> {
    return addFacilitator(this.ctx, actor, roundtableId, person);
  }

  /** "Join as" a role; joining again changes the role. */
  async join(actor: Actor, roundtableId: string, rawRole: unknown): Promise<Outcome<Roundtable>> {
    // Invited with a role: joining takes it (roles.ts), unless a facilitator changed it since.
    const invited = await invitedRole(this.ctx, roundtableId, actor.person.id);
    return joinRoundtable(this.ctx, updateRoundtable, actor, roundtableId, rawRole, invited);
  }

  /** A facilitator gives `person` a role (roles are given, not taken). */
  async assignRole(
    actor: Actor,
    roundtableId: string,
    person: Person,
    rawRole: unknown,
  ): Promise<Outcome<Roundtable>> {
    return assignRole(this.ctx, updateRoundtable, actor, roundtableId, person, rawRole);
  }

  /** A facilitator confirms or declines someone's request for a role. */
  async answerRoleRequest(
    actor: Actor,
    roundtableId: string,
    personId: string,
    confirm: boolean,
  ): Promise<Outcome<Roundtable>> {
    return answerRoleRequest(this.ctx, updateRoundtable, actor, roundtableId, personId, confirm);
  }

  /** `facilitator remove @person`: never the last facilitator. */
  async removeFacilitator(actor: Actor, roundtableId: string, person: Person): Promise<Outcome<Roundtable>> {
    return removeFacilitator(this.ctx, updateRoundtable, actor, roundtableId, person);
  }

  /** Teams says these people left the roundtable's chat: their roles and rights end. */
  async removeFromChat(roundtableId: string, personIds: string[]): Promise<Outcome<Roundtable>> {
    return removeFromChat(this.ctx, updateRoundtable, roundtableId, personIds);
  }

  /** `handover caseworker|supervisor @person` after `end`: the plan and its open steps change hands. */
  async handOverPlan(
    actor: Actor,
    roundtableId: string,
    role: HandoverRole,
    person: Person,
  ): Promise<Outcome<HandOver>> {
    return handOverPlan(this.ctx, updateRoundtable, actor, roundtableId, role, person);
  }

  /** Keeps the chat's members (names and ids) for the people picker. */
  async rememberChatMembers(roundtableId: string, members: Person[]): Promise<void> {
    return rememberChatMembers(this.ctx, updateRoundtable, roundtableId, members);
  }

  /** Anonymous mode hides idea authors on cards (the author stays stored for edit rights). */
  async setAnonymous(actor: Actor, roundtableId: string, on: boolean): Promise<Outcome<Roundtable>> {
    return setAnonymous(this.ctx, actor, roundtableId, on);
  }

  /** `end`: closes the roundtable; lists what the fidelity check misses and asks for confirmation. */
  async end(
    actor: Actor,
    roundtableId: string,
    confirmed: boolean,
    cardRevision?: number,
  ): Promise<Outcome<Roundtable>> {
    // The fidelity check at end reads the whole record (plan, summary, barriers, preparation).
    const record = await this.view(roundtableId);
    const items = record ? fidelityOf(record, this.settings, this.now(), true) : [];
    // What people learned for other cases is kept on the roundtable as text only (leaders see no author).
    const learning = (record?.contributions ?? []).flatMap((c) =>
      c.kind === 'debrief' && c.prompt === 'learning' && !c.withdrawn ? [c.text] : [],
    );
    return end(this.ctx, actor, roundtableId, confirmed, cardRevision, items, learning);
  }

  /**
   * Claims the "time is up" line of the running phase's time box: true for exactly one caller per time box
   * (the flag is written under the document's etag), false when it is not due or already claimed.
   */
  async claimTimeUp(roundtableId: string): Promise<boolean> {
    let claimed = false;
    await updateRoundtable(this.ctx, roundtableId, (rt) => {
      claimed = false;
      const due = timeUpDue(rt, this.ctx.now());
      if (!due) return ok(rt);
      claimed = true;
      const phases = rt.phases.map((p) => (p === due ? { ...p, timeUpPosted: p.timerEndsAt } : p));
      return ok({ ...rt, phases });
    });
    return claimed;
  }

  /** Records which activity shows a phase's card (so it can be updated in place). */
  async rememberCard(roundtableId: string, slot: CardSlot, activityId: string): Promise<void> {
    await rememberCard(this.ctx, roundtableId, slot, activityId);
  }

  /** Adds a fact, question, answer, idea, plan step or debrief answer, once per submission. */
  async contribute(
    actor: Actor,
    roundtableId: string,
    input: ContributionInput & KeepNames,
    submissionKey: string,
  ): Promise<Outcome<Contribution>> {
    return contribute(this.ctx, actor, roundtableId, input, submissionKey);
  }

  /** Adds the contributions of one submission (the debrief's answers): all are validated before any is stored. */
  async contributeAll(
    actor: Actor,
    roundtableId: string,
    inputs: readonly (ContributionInput & KeepNames)[],
    submissionKey: string,
  ): Promise<Outcome<Contribution[]>> {
    return contributeAll(this.ctx, actor, roundtableId, inputs, submissionKey);
  }

  /** Authors edit their own idea while the brainstorm is open. */
  async editIdea(
    actor: Actor,
    roundtableId: string,
    ideaId: string,
    rawText: unknown,
    keepNames = false,
  ): Promise<Outcome<Contribution>> {
    return editIdea(this.ctx, actor, roundtableId, ideaId, rawText, keepNames);
  }

  /** Authors withdraw their own idea while the brainstorm is open. */
  async withdrawIdea(actor: Actor, roundtableId: string, ideaId: string): Promise<Outcome<Contribution>> {
    return withdrawIdea(this.ctx, actor, roundtableId, ideaId);
  }

  /** Removes a plan step: the caseworker, the supervisor or a facilitator; its author while it is a proposal. */
  async removeStep(actor: Actor, roundtableId: string, stepId: string): Promise<Outcome<Contribution>> {
    return removeStep(this.ctx, actor, roundtableId, stepId);
  }

  /** The caseworker's structured case summary (Present phase). */
  async saveCaseSummary(
    actor: Actor,
    roundtableId: string,
    input: CaseSummaryInput,
  ): Promise<Outcome<CaseSummary>> {
    return saveCaseSummary(this.ctx, actor, roundtableId, input);
  }

  /** Primary and concurrent goal and each child's permanency rating (plan owners only). */
  async saveGoals(actor: Actor, roundtableId: string, input: GoalsInput): Promise<Outcome<ActionPlan>> {
    return saveGoals(this.ctx, actor, roundtableId, input);
  }

  /** Records a structural event (phase move, end, roster) in the audit trail. */
  async recordEvent(roundtableId: string, actor: Actor, event: string, subject?: string): Promise<void> {
    await audit(this.ctx, roundtableId, actor, event, subject);
  }
}
