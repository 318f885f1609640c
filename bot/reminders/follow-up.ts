import type { ChildRecordStore } from '../roundtable/child-types.js';
import type { Outcome } from '../roundtable/outcome.js';
import { EtagConflict, type RoundtableStore } from '../roundtable/ports.js';
import type {
  ActionPlan,
  AgencySettings,
  FollowUpSettings,
  Person,
  PersonRecord,
  PlanStep,
  Roundtable,
} from '../roundtable/types.js';
import type { FollowUpContext } from './follow-up-context.js';
import { type ReviewInput, reviewOf, reviewsFor, saveReview } from './follow-up-review.js';
import { PersonRecords } from './person-records.js';
import type { FollowUpStore } from './ports.js';
import {
  cancelReminders,
  type PlannedAtEnd,
  planAfterSent,
  planEndOfRoundtable,
  planReminders,
  stillRelevant,
  supervisors,
} from './reminder-trail.js';
import type { PlannedReminder } from './schedule.js';
import { findStep, type OwnedStep, openSteps, teamSteps } from './step-queries.js';
import { type StepChange, updateStep } from './step-updates.js';
import type { Reminder } from './types.js';

export interface FollowUpDeps {
  roundtables: RoundtableStore;
  followUps: FollowUpStore;
  settings: FollowUpSettings;
  agency: AgencySettings;
  now?: () => Date;
  /** Each child's permanency record (#25): reviews write their ratings and outcomes there too. */
  children?: ChildRecordStore;
  /** Runs a roundtable's after-end job now, in the background, under the scheduler's lease (wired by bot/app.ts). */
  kickAfterEnd?: (roundtableId: string) => void;
}

/** Follow-up of a Permanency Action Plan: who gets reminded when, and step updates from 1:1 chats. */
export class FollowUpService {
  readonly settings: FollowUpSettings;
  private readonly ctx: FollowUpContext;
  private readonly people: PersonRecords;
  private readonly kickAfterEnd?: (roundtableId: string) => void;

  constructor(deps: FollowUpDeps) {
    this.settings = deps.settings;
    if (deps.kickAfterEnd) this.kickAfterEnd = deps.kickAfterEnd;
    this.ctx = {
      roundtables: deps.roundtables,
      followUps: deps.followUps,
      settings: deps.settings,
      agency: deps.agency,
      now: deps.now ?? (() => new Date()),
      ...(deps.children ? { children: deps.children } : {}),
    };
    this.people = new PersonRecords(this.ctx);
  }

  /** The roster's supervisors (escalations and the whole plan go to them). */
  supervisors(rt: Roundtable): Person[] {
    return supervisors(rt);
  }

  /** Creates reminders (idempotent by id) in each recipient's working hours (`immediate`: as planned). */
  plan(rt: Roundtable, planned: PlannedReminder[], opts: { immediate?: boolean } = {}): Promise<number> {
    return planReminders(this.ctx, rt, planned, opts);
  }

  /** When a roundtable ends: each owner gets their steps, supervisors the plan, and the trail is scheduled; returns those created. */
  async roundtableEnded(roundtableId: string): Promise<Reminder[]> {
    return (await this.planAtEnd(roundtableId)).flatMap((p) => (p.etag ? [p.reminder] : []));
  }

  /** The same, idempotent (planned from when it ended): every reminder planned, with its etag when created now. */
  planAtEnd(roundtableId: string): Promise<PlannedAtEnd[]> {
    return planEndOfRoundtable(this.ctx, roundtableId);
  }

  /** The roundtable ended: its after-end job runs now in the background (without the port, at the next pass). */
  afterEndNow(roundtableId: string): void {
    this.kickAfterEnd?.(roundtableId);
  }

  /** What to do after a reminder was sent: the next overdue nudge, an escalation, the next review. */
  afterSent(reminder: Reminder): Promise<void> {
    return planAfterSent(this.ctx, reminder);
  }

  /** One step of a roundtable's plan (undefined when it is not a step). */
  step(roundtableId: string, stepId: string): Promise<PlanStep | undefined> {
    return findStep(this.ctx, roundtableId, stepId);
  }

  /** Is this reminder still worth sending? (a done, dropped or removed step's reminders are not) */
  stillRelevant(reminder: Reminder): Promise<boolean> {
    return stillRelevant(this.ctx, reminder);
  }

  /** One-click updates from reminder cards: status, blocked/dropped with reason, new due date, a note. */
  updateStep(
    person: Person,
    roundtableId: string,
    stepId: string,
    change: StepChange,
  ): Promise<Outcome<PlanStep>> {
    return updateStep(this.ctx, person, roundtableId, stepId, change);
  }

  /** People whose reminders for this roundtable Teams refused (for `status`). */
  unreachable(roundtableId: string): Promise<Person[]> {
    return this.people.unreachable(roundtableId);
  }

  /** Reminders that failed after every retry (shown in `status`, queued again by `reminders retry`). */
  failedCount(roundtableId: string): Promise<number> {
    return this.people.failedCount(roundtableId);
  }

  /** Unreachable people and failed reminders of a roundtable, from one read of its reminders (`status`). */
  reminderHealth(roundtableId: string): Promise<{ unreachable: Person[]; failed: number }> {
    return this.people.health(roundtableId);
  }

  /** `reminders retry`: failed and undeliverable reminders of a roundtable are queued again. */
  retryFailed(roundtableId: string): Promise<number> {
    return this.people.retryFailed(roundtableId);
  }

  /**
   * A follow-up that had taken this plan over was deleted: its cancelled reminders are pending again (each is
   * still checked when due) and any missing ones are planned. Nothing for a closed or still superseded plan.
   */
  async restorePlan(roundtableId: string): Promise<number> {
    const plan = (await this.ctx.roundtables.getPlan(roundtableId))?.value;
    if (!plan || plan.closed || plan.supersededBy) return 0;
    let restored = 0;
    for (const r of await this.ctx.followUps.remindersOf(roundtableId)) {
      if (r.value.status !== 'cancelled') continue;
      try {
        await this.ctx.followUps.replaceReminder({ ...r.value, status: 'pending' }, r.etag);
        restored++;
      } catch (err) {
        if (!(err instanceof EtagConflict)) throw err;
      }
    }
    const planned = await planEndOfRoundtable(this.ctx, roundtableId, this.ctx.now());
    return restored + planned.filter((p) => p.etag !== undefined).length;
  }

  /** Cancels pending reminders of a roundtable that match. */
  cancel(roundtableId: string, match: (r: Reminder) => boolean): Promise<number> {
    return cancelReminders(this.ctx, roundtableId, match);
  }

  /** Open steps owned by these people, overdue first, then by due date. */
  openSteps(ownerIds: string[], opts: { practice?: boolean } = {}): Promise<OwnedStep[]> {
    return openSteps(this.ctx, ownerIds, opts);
  }

  /** `team steps`: steps of the roundtables where this person is the supervisor on the roster. */
  teamSteps(supervisorId: string): Promise<OwnedStep[]> {
    return teamSteps(this.ctx, supervisorId);
  }

  /** Ids of the roundtables whose roster names this person as supervisor (the personal app's "Team steps"). */
  supervisedBy(personId: string): Promise<string[]> {
    return this.ctx.followUps.roundtablesWhere(personId, 'supervisor');
  }

  /** Plans this person reviews (caseworker or supervisor on the roster) that are still open. */
  reviewsFor(personId: string): ReturnType<typeof reviewsFor> {
    return reviewsFor(this.ctx, personId);
  }

  /** Everything a follow-up review card shows. */
  review(roundtableId: string) {
    return reviewOf(this.ctx, roundtableId);
  }

  /** Records a follow-up review: each child's rating now, and optionally closes the plan with an outcome. */
  saveReview(person: Person, roundtableId: string, input: ReviewInput): Promise<Outcome<ActionPlan>> {
    return saveReview(this.ctx, person, roundtableId, input);
  }

  /** Remembers how to reach a person: merged into what is stored, written only when something changed. */
  touchPerson(seen: Omit<PersonRecord, 'updatedAt'>): Promise<void> {
    return this.people.touch(seen);
  }

  /** Stores a person record as given (delivery uses it after creating a 1:1 chat). */
  recordPerson(person: PersonRecord): Promise<void> {
    return this.people.record(person);
  }

  /** The stored record of a person. */
  person(id: string): Promise<PersonRecord | undefined> {
    return this.people.get(id);
  }
}
