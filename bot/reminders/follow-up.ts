import { createHash } from 'node:crypto';
import { isIsoDate, retryOnConflict } from '../roundtable/etag-retry.js';
import { fail, type Outcome, ok } from '../roundtable/outcome.js';
import { rosterRole } from '../roundtable/permissions.js';
import { inReports } from '../roundtable/practice.js';
import { cleanText } from '../roundtable/service.js';
import {
  type ActionPlan,
  type AgencySettings,
  type Person,
  PLAN_OUTCOMES,
  type PlanOutcome,
  type PlanStep,
  type Roundtable,
  type StepStatus,
  type StepUpdate,
} from '../roundtable/types.js';
import { EtagConflict, type FollowUpStore, type RoundtableStore } from '../store/ports.js';
import { daysOverdue, isOpen, nextWorkingTime, type PlannedReminder, stepReminders } from './schedule.js';
import type { FollowUpSettings, PersonRecord, Reminder, ReminderKind } from './types.js';

const DAY = 86_400_000;

/** A practice roundtable's reminders: only the hand-over right after the session, and only on its day. */
function practiceReminderDue(rt: Roundtable, reminder: Reminder, now: Date): boolean {
  const ended = Date.parse(rt.endedAt ?? rt.createdAt);
  return (reminder.kind === 'assigned' || reminder.kind === 'plan') && now.getTime() - ended < DAY;
}

/** Etag retries of a step update or a review: 6 attempts without waiting, then `busy`. */
function retryFollowUp<T>(attempt: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  return retryOnConflict(attempt, {
    attempts: 6,
    backoff: false,
    exhausted: () => fail('busy', 'Many changes arrived at once; please try again.'),
  });
}

/** A change to a step asked from a reminder card or `my steps`. */
export type StepChange =
  | { kind: 'status'; status: Extract<StepStatus, 'done' | 'in-progress' | 'not-started'> }
  | { kind: 'blocked'; reason: unknown }
  | { kind: 'dropped'; reason: unknown }
  | { kind: 'due'; dueDate: unknown }
  | { kind: 'note'; note: unknown };

/** A step with the roundtable it belongs to, for 1:1 cards. */
export interface OwnedStep {
  step: PlanStep;
  roundtable: Roundtable;
  overdueDays: number;
}

export interface FollowUpDeps {
  roundtables: RoundtableStore;
  followUps: FollowUpStore;
  settings: FollowUpSettings;
  agency: AgencySettings;
  now?: () => Date;
}

/** A reminder's id from what makes it unique: scheduling twice (two instances, a retry) creates it once. */
export function reminderId(
  kind: ReminderKind,
  roundtableId: string,
  recipientId: string,
  key: string,
): string {
  const hash = createHash('sha256')
    .update([kind, roundtableId, recipientId, key].join('\u0000'))
    .digest('hex');
  return `rem-${hash.slice(0, 32)}`;
}

/** Follow-up of a Permanency Action Plan: who gets reminded when, and step updates from 1:1 chats. */
export class FollowUpService {
  readonly settings: FollowUpSettings;
  private readonly roundtables: RoundtableStore;
  private readonly followUps: FollowUpStore;
  private readonly agency: AgencySettings;
  private readonly now: () => Date;
  /** People seen by this instance, to skip writes that change nothing (a cache; the store is the truth). */
  private readonly known = new Map<string, PersonRecord>();

  constructor(deps: FollowUpDeps) {
    this.roundtables = deps.roundtables;
    this.followUps = deps.followUps;
    this.settings = deps.settings;
    this.agency = deps.agency;
    this.now = deps.now ?? (() => new Date());
  }

  /** The roster's supervisors (escalations and the whole plan go to them). */
  supervisors(rt: Roundtable): Person[] {
    return rt.roster.filter((r) => r.role === 'supervisor');
  }

  /** Creates reminders (idempotent by id) in each recipient's working hours (`immediate`: as planned). */
  async plan(
    rt: Roundtable,
    planned: PlannedReminder[],
    opts: { immediate?: boolean } = {},
  ): Promise<number> {
    let created = 0;
    const zones = new Map<string, string | undefined>();
    for (const p of planned) {
      if (!zones.has(p.recipientId))
        zones.set(p.recipientId, (await this.followUps.getPerson(p.recipientId))?.timeZone);
      const dueAt = opts.immediate
        ? p.notBefore
        : nextWorkingTime(p.notBefore, zones.get(p.recipientId), this.settings);
      const reminder: Reminder = {
        id: reminderId(p.kind, rt.id, p.recipientId, `${p.stepId ?? ''}|${p.notBefore.toISOString()}`),
        ownerId: p.recipientId,
        roundtableId: rt.id,
        caseAlias: rt.caseAlias,
        kind: p.kind,
        ...(p.stepId ? { stepId: p.stepId } : {}),
        dueAt: dueAt.toISOString(),
        status: 'pending',
        attempts: 0,
        createdAt: this.now().toISOString(),
      };
      if (await this.followUps.createReminder(reminder)) created++;
    }
    return created;
  }

  /** When a roundtable ends: each owner gets their steps, supervisors the plan, and the trail is scheduled. */
  async roundtableEnded(roundtableId: string): Promise<number> {
    const rt = (await this.roundtables.getRoundtable(roundtableId))?.value;
    if (rt?.status !== 'ended') return 0;
    const steps = (await this.roundtables.listContributions(rt.id)).filter(
      (c): c is PlanStep => c.kind === 'step' && isOpen(c),
    );
    const now = this.now();
    const planned: PlannedReminder[] = [];
    for (const owner of new Set(steps.map((s) => s.owner.id))) {
      planned.push({ kind: 'assigned', recipientId: owner, notBefore: now });
    }
    if (!inReports(rt)) {
      // Practice: the people who took part see what follow-up looks like, at once, and nothing follows the session.
      for (const sup of this.supervisors(rt))
        planned.push({ kind: 'plan', recipientId: sup.id, notBefore: now });
      return this.plan(rt, planned, { immediate: true });
    }
    for (const step of steps) planned.push(...stepReminders(step, now, this.settings));
    for (const sup of this.supervisors(rt))
      planned.push({ kind: 'plan', recipientId: sup.id, notBefore: now });
    const reviewers = rt.roster.filter((r) => r.role === 'caseworker' || r.role === 'supervisor');
    const firstReview = new Date(now.getTime() + this.settings.reviewEveryDays * DAY);
    for (const r of reviewers) planned.push({ kind: 'review', recipientId: r.id, notBefore: firstReview });
    return this.plan(rt, planned);
  }

  /** What to do after a reminder was sent: the next overdue nudge, an escalation, the next review. */
  async afterSent(reminder: Reminder): Promise<void> {
    const rt = (await this.roundtables.getRoundtable(reminder.roundtableId))?.value;
    if (!rt || !inReports(rt)) return;
    const now = this.now();
    if (reminder.kind === 'overdue' && reminder.stepId) {
      const step = await this.step(rt.id, reminder.stepId);
      if (!step || !isOpen(step)) return;
      const next: PlannedReminder[] = [
        {
          kind: 'overdue',
          recipientId: step.owner.id,
          stepId: step.id,
          notBefore: new Date(Date.parse(reminder.dueAt) + this.settings.overdueEveryDays * DAY),
        },
      ];
      const dueEnd = Date.parse(`${step.dueDate}T23:59:59Z`);
      const lastUpdate = Math.max(
        Date.parse(step.updatedAt),
        ...(step.updates ?? []).map((u) => Date.parse(u.at)),
      );
      const overdueDays = (now.getTime() - dueEnd) / DAY;
      if (overdueDays >= this.settings.escalateAfterDays && lastUpdate <= dueEnd) {
        for (const sup of this.supervisors(rt)) {
          // One escalation per step and supervisor (the key has no time in it).
          next.push({ kind: 'escalation', recipientId: sup.id, stepId: step.id, notBefore: now });
        }
      }
      await this.plan(
        rt,
        next.filter((n) => n.kind !== 'escalation'),
      );
      for (const e of next.filter((n) => n.kind === 'escalation')) await this.escalate(rt, e);
    }
    if (reminder.kind === 'review') {
      const plan = (await this.roundtables.getPlan(rt.id))?.value;
      if (plan?.closed) return;
      await this.plan(rt, [
        {
          kind: 'review',
          recipientId: reminder.ownerId,
          notBefore: new Date(Date.parse(reminder.dueAt) + this.settings.reviewEveryDays * DAY),
        },
      ]);
    }
  }

  private async escalate(rt: Roundtable, e: PlannedReminder): Promise<void> {
    const dueAt = nextWorkingTime(
      e.notBefore,
      (await this.followUps.getPerson(e.recipientId))?.timeZone,
      this.settings,
    );
    await this.followUps.createReminder({
      id: reminderId('escalation', rt.id, e.recipientId, e.stepId ?? ''),
      ownerId: e.recipientId,
      roundtableId: rt.id,
      caseAlias: rt.caseAlias,
      kind: 'escalation',
      ...(e.stepId ? { stepId: e.stepId } : {}),
      dueAt: dueAt.toISOString(),
      status: 'pending',
      attempts: 0,
      createdAt: this.now().toISOString(),
    });
  }

  async step(roundtableId: string, stepId: string): Promise<PlanStep | undefined> {
    const found = await this.roundtables.getContribution(roundtableId, stepId);
    return found?.value.kind === 'step' ? found.value : undefined;
  }

  /** Is this reminder still worth sending? (a done, dropped or removed step's reminders are not) */
  async stillRelevant(reminder: Reminder): Promise<boolean> {
    const rt = (await this.roundtables.getRoundtable(reminder.roundtableId))?.value;
    if (rt && !inReports(rt) && !practiceReminderDue(rt, reminder, this.now())) return false;
    // A follow-up roundtable took the plan over: its own reminders follow the carried steps.
    if ((await this.roundtables.getPlan(reminder.roundtableId))?.value.supersededBy) return false;
    if (reminder.stepId) {
      const step = await this.step(reminder.roundtableId, reminder.stepId);
      return !!step && isOpen(step);
    }
    if (reminder.kind === 'review') {
      const plan = (await this.roundtables.getPlan(reminder.roundtableId))?.value;
      return !plan?.closed;
    }
    return true;
  }

  /** Owner, the roster's caseworker and supervisor, and facilitators may update a step. */
  private mayUpdate(rt: Roundtable, step: PlanStep, person: Person): boolean {
    const role = rosterRole(rt, person.id);
    return (
      step.owner.id === person.id ||
      role === 'caseworker' ||
      role === 'supervisor' ||
      rt.facilitatorIds.includes(person.id)
    );
  }

  /** One-click updates from reminder cards: status, blocked/dropped with reason, new due date, a note. */
  async updateStep(
    person: Person,
    roundtableId: string,
    stepId: string,
    change: StepChange,
  ): Promise<Outcome<PlanStep>> {
    const rt = (await this.roundtables.getRoundtable(roundtableId))?.value;
    if (!rt) return fail('not-found', 'That roundtable no longer exists.');
    const now = this.now();
    let update: StepUpdate = { at: now.toISOString(), by: person };
    let text: string | undefined;
    switch (change.kind) {
      case 'status':
        update = { ...update, status: change.status };
        break;
      case 'blocked':
      case 'dropped': {
        const reason = cleanText(change.reason, 'The reason', 500);
        if (!reason.ok)
          return fail('invalid', `Say why the step is ${change.kind}: ${reason.failure.message}`);
        update = { ...update, status: change.kind };
        text = reason.value;
        break;
      }
      case 'due': {
        if (!isIsoDate(change.dueDate)) return fail('invalid', 'Choose the new due date.');
        if (change.dueDate < now.toISOString().slice(0, 10))
          return fail('invalid', 'The new due date is in the past.');
        update = { ...update, dueDate: change.dueDate };
        break;
      }
      case 'note': {
        const note = cleanText(change.note, 'The note', this.agency.maxTextLength);
        if (!note.ok) return note;
        update = { ...update, note: note.value };
        break;
      }
    }
    const written = await retryFollowUp(async () => {
      const current = await this.roundtables.getContribution(rt.id, stepId);
      if (current?.value.kind !== 'step' || current.value.withdrawn) {
        return fail('not-found', 'That step is no longer in the plan.');
      }
      const step = current.value;
      if (!this.mayUpdate(rt, step, person)) {
        return fail(
          'forbidden',
          "Only the step's owner, the caseworker, the supervisor or a facilitator can update it.",
        );
      }
      const next: PlanStep = {
        ...step,
        ...(update.status ? { status: update.status } : {}),
        ...(update.dueDate ? { dueDate: update.dueDate } : {}),
        ...(text !== undefined ? { reason: text } : {}),
        updates: [...(step.updates ?? []), text !== undefined ? { ...update, note: text } : update],
        updatedAt: now.toISOString(),
      };
      await this.roundtables.replaceContribution(next, current.etag);
      return ok(next);
    });
    if (!written.ok) return written;
    const next = written.value;
    await this.roundtables.addAudit({
      id: `audit-${crypto.randomUUID()}`,
      roundtableId: rt.id,
      at: now.toISOString(),
      actorId: person.id,
      event: `step.${change.kind}`,
      subject: next.id,
    });
    await this.reschedule(rt, next, change);
    return written;
  }

  /** Done/dropped steps stop being reminded; a new due date gets a new trail. */
  private async reschedule(rt: Roundtable, step: PlanStep, change: StepChange): Promise<void> {
    const stop = !isOpen(step) || change.kind === 'due';
    if (stop) await this.cancel(rt.id, (r) => r.stepId === step.id && r.kind !== 'escalation');
    if (change.kind === 'due' && isOpen(step) && inReports(rt)) {
      await this.plan(rt, stepReminders(step, this.now(), this.settings));
    }
  }

  /** People whose reminders for this roundtable Teams refused (for `status`). */
  async unreachable(roundtableId: string): Promise<Person[]> {
    const ids = new Set(
      (await this.followUps.remindersOf(roundtableId))
        .filter((r) => r.value.status === 'undeliverable')
        .map((r) => r.value.ownerId),
    );
    const people: Person[] = [];
    for (const id of ids) people.push({ id, name: (await this.followUps.getPerson(id))?.name ?? 'Someone' });
    return people;
  }

  /** Reminders that failed after every retry (shown in `status`, queued again by `reminders retry`). */
  async failedCount(roundtableId: string): Promise<number> {
    return (await this.followUps.remindersOf(roundtableId)).filter((r) => r.value.status === 'failed').length;
  }

  /**
   * `reminders retry`: failed and undeliverable reminders of a roundtable are queued again (in each
   * recipient's working hours), and the chat will be told again if Teams still refuses.
   */
  async retryFailed(roundtableId: string): Promise<number> {
    let queued = 0;
    const retried = new Set<string>();
    for (const r of await this.followUps.remindersOf(roundtableId)) {
      if (r.value.status !== 'failed' && r.value.status !== 'undeliverable') continue;
      const zone = (await this.followUps.getPerson(r.value.ownerId))?.timeZone;
      const { lastError: _error, claimedBy: _by, claimUntil: _until, ...rest } = r.value;
      try {
        await this.followUps.replaceReminder(
          {
            ...rest,
            status: 'pending',
            attempts: 0,
            dueAt: nextWorkingTime(this.now(), zone, this.settings).toISOString(),
          },
          r.etag,
        );
        queued++;
        retried.add(r.value.ownerId);
      } catch (err) {
        if (!(err instanceof EtagConflict)) throw err;
      }
    }
    for (const id of retried) {
      const person = await this.followUps.getPerson(id);
      if (!person?.undeliverableReported?.includes(roundtableId)) continue;
      await this.recordPerson({
        ...person,
        undeliverableReported: person.undeliverableReported.filter((x) => x !== roundtableId),
        updatedAt: this.now().toISOString(),
      });
    }
    return queued;
  }

  /** Cancels pending reminders of a roundtable that match. */
  async cancel(roundtableId: string, match: (r: Reminder) => boolean): Promise<number> {
    let cancelled = 0;
    for (const r of await this.followUps.remindersOf(roundtableId)) {
      if (r.value.status !== 'pending' || !match(r.value)) continue;
      try {
        await this.followUps.replaceReminder({ ...r.value, status: 'cancelled' }, r.etag);
        cancelled++;
      } catch (err) {
        if (!(err instanceof EtagConflict)) throw err;
      }
    }
    return cancelled;
  }

  /** Open steps owned by these people, overdue first, then by due date. */
  async openSteps(ownerIds: string[]): Promise<OwnedStep[]> {
    const steps = (await this.followUps.stepsOwnedBy(ownerIds)).filter(isOpen);
    const now = this.now();
    const out: OwnedStep[] = [];
    const cache = new Map<string, Roundtable | undefined>();
    const superseded = new Map<string, boolean>();
    for (const step of steps) {
      if (!cache.has(step.roundtableId)) {
        cache.set(step.roundtableId, (await this.roundtables.getRoundtable(step.roundtableId))?.value);
      }
      const roundtable = cache.get(step.roundtableId);
      if (roundtable?.status !== 'ended' || !inReports(roundtable)) continue;
      if (!superseded.has(step.roundtableId)) {
        superseded.set(
          step.roundtableId,
          !!(await this.roundtables.getPlan(step.roundtableId))?.value.supersededBy,
        );
      }
      if (superseded.get(step.roundtableId)) continue;
      out.push({ step, roundtable, overdueDays: daysOverdue(step, now) });
    }
    return out.sort((a, b) => b.overdueDays - a.overdueDays || a.step.dueDate.localeCompare(b.step.dueDate));
  }

  /** `team steps`: steps of the roundtables where this person is the supervisor on the roster. */
  async teamSteps(supervisorId: string): Promise<OwnedStep[]> {
    const ids = await this.followUps.roundtablesWhere(supervisorId, 'supervisor');
    const owners = new Set<string>();
    for (const id of ids) {
      for (const c of await this.roundtables.listContributions(id)) {
        if (c.kind === 'step' && c.owner.id !== supervisorId) owners.add(c.owner.id);
      }
    }
    const idSet = new Set(ids);
    return (await this.openSteps([...owners])).filter((s) => idSet.has(s.roundtable.id));
  }

  /** Plans this person reviews (caseworker or supervisor on the roster) that are still open. */
  async reviewsFor(
    personId: string,
  ): Promise<{ roundtable: Roundtable; plan: ActionPlan; steps: PlanStep[] }[]> {
    const ids = new Set([
      ...(await this.followUps.roundtablesWhere(personId, 'caseworker')),
      ...(await this.followUps.roundtablesWhere(personId, 'supervisor')),
    ]);
    const out = [];
    for (const id of ids) {
      const review = await this.review(id);
      if (
        review &&
        !review.plan.closed &&
        !review.plan.supersededBy &&
        review.roundtable.status === 'ended' &&
        inReports(review.roundtable)
      )
        out.push(review);
    }
    return out;
  }

  /** Everything a follow-up review card shows. */
  async review(roundtableId: string) {
    const rt = (await this.roundtables.getRoundtable(roundtableId))?.value;
    if (!rt) return undefined;
    const plan = (await this.roundtables.getPlan(rt.id))?.value ?? { ratings: {}, draft: true };
    const steps = (await this.roundtables.listContributions(rt.id)).filter(
      (c): c is PlanStep => c.kind === 'step' && !c.withdrawn,
    );
    return { roundtable: rt, plan, steps };
  }

  /** Records a follow-up review: each child's rating now, and optionally closes the plan with an outcome. */
  async saveReview(
    person: Person,
    roundtableId: string,
    input: { ratings: Record<string, unknown>; outcome?: unknown; reason?: unknown },
  ): Promise<Outcome<ActionPlan>> {
    const rt = (await this.roundtables.getRoundtable(roundtableId))?.value;
    if (!rt) return fail('not-found', 'That roundtable no longer exists.');
    const role = rosterRole(rt, person.id);
    if (role !== 'caseworker' && role !== 'supervisor' && !rt.facilitatorIds.includes(person.id)) {
      return fail('forbidden', 'The caseworker and supervisor record follow-up reviews.');
    }
    const scale = new Set(this.agency.ratingScale.map((r) => r.key));
    const ratings: Record<string, string> = {};
    for (const [child, value] of Object.entries(input.ratings)) {
      if (value === undefined || value === '') continue;
      if (typeof value !== 'string' || !scale.has(value))
        return fail('invalid', 'Choose each rating from the scale.');
      ratings[child] = value;
    }
    let closed: ActionPlan['closed'];
    if (input.outcome !== undefined && input.outcome !== '') {
      const outcome = PLAN_OUTCOMES.find((o) => o === input.outcome) as PlanOutcome | undefined;
      if (!outcome) return fail('invalid', 'Choose how the plan ended.');
      let reason: string | undefined;
      if (outcome === 'other') {
        const r = cleanText(input.reason, 'The reason for closing', 500);
        if (!r.ok) return r;
        reason = r.value;
      }
      closed = { at: this.now().toISOString(), by: person, outcome, ...(reason ? { reason } : {}) };
    }
    if (Object.keys(ratings).length === 0 && !closed)
      return fail('invalid', 'Rate at least one child or close the plan.');
    const written = await retryFollowUp(async () => {
      const current = await this.roundtables.getPlan(rt.id);
      const base = current?.value ?? { ratings: {}, draft: true };
      const plan: ActionPlan = {
        ...base,
        ratings: { ...base.ratings, ...ratings },
        ratingHistory: [
          ...(base.ratingHistory ?? []),
          ...(Object.keys(ratings).length ? [{ at: this.now().toISOString(), by: person, ratings }] : []),
        ],
        ...(closed ? { closed } : {}),
        updatedAt: this.now().toISOString(),
      };
      await this.roundtables.putPlan(rt.id, plan, current?.etag);
      return ok(plan);
    });
    if (!written.ok) return written;
    if (closed) await this.cancel(rt.id, () => true);
    return ok(written.value, closed ? 'Plan closed; follow-up reminders stopped.' : 'Review saved.');
  }

  /** Remembers how to reach a person: merged into what is stored, written only when something changed. */
  async touchPerson(seen: Omit<PersonRecord, 'updatedAt'>): Promise<void> {
    const stored = this.known.get(seen.id) ?? (await this.followUps.getPerson(seen.id));
    const merged: PersonRecord = { ...(stored ?? {}), ...seen, updatedAt: stored?.updatedAt ?? '' };
    if (seen.personalReference) delete merged.undeliverableSince;
    if (
      stored &&
      JSON.stringify({ ...merged, updatedAt: '' }) === JSON.stringify({ ...stored, updatedAt: '' })
    ) {
      this.known.set(seen.id, stored);
      return;
    }
    const record = { ...merged, updatedAt: this.now().toISOString() };
    await this.followUps.putPerson(record);
    this.remember(record);
  }

  /** Stores a person record as given (delivery uses it after creating a 1:1 chat). */
  async recordPerson(person: PersonRecord): Promise<void> {
    await this.followUps.putPerson(person);
    this.remember(person);
  }

  private remember(person: PersonRecord): void {
    if (this.known.size > 5000) this.known.clear();
    this.known.set(person.id, person);
  }

  async person(id: string): Promise<PersonRecord | undefined> {
    return this.followUps.getPerson(id);
  }
}
