import { EtagConflict } from '../roundtable/ports.js';
import { inReports } from '../roundtable/practice.js';
import { chosenSupporter } from '../roundtable/supporter.js';
import type { Person, PlanStep, Roundtable } from '../roundtable/types.js';
import type { FollowUpContext } from './follow-up-context.js';
import { reminderId } from './reminder-id.js';
import { roundtableDueReminders } from './roundtable-due-plan.js';
import {
  isOpen,
  nextWorkingTime,
  type PlannedReminder,
  stepReminders,
  supporterReminders,
} from './schedule.js';
import { findStep } from './step-queries.js';
import type { Reminder } from './types.js';

const DAY = 86_400_000;

/** A practice roundtable's reminders: only the hand-over right after the session, and only on its day. */
function practiceReminderDue(rt: Roundtable, reminder: Reminder, now: Date): boolean {
  const ended = Date.parse(rt.endedAt ?? rt.createdAt);
  return (reminder.kind === 'assigned' || reminder.kind === 'plan') && now.getTime() - ended < DAY;
}

/** The roster's supervisors (escalations and the whole plan go to them). */
export function supervisors(rt: Roundtable): Person[] {
  return rt.roster.filter((r) => r.role === 'supervisor');
}

/** Creates reminders (idempotent by id) in each recipient's working hours (`immediate`: as planned). */
export async function planReminders(
  ctx: FollowUpContext,
  rt: Roundtable,
  planned: PlannedReminder[],
  opts: { immediate?: boolean } = {},
): Promise<number> {
  return (await createReminders(ctx, rt, planned, opts)).filter((p) => p.etag !== undefined).length;
}

/** A reminder planned at `end`: with its etag when this call created it, without when it existed already. */
export interface PlannedAtEnd {
  reminder: Reminder;
  etag?: string;
}

/** Creates reminders like planReminders and returns every one planned, each with its etag when this call created it. */
async function createReminders(
  ctx: FollowUpContext,
  rt: Roundtable,
  planned: PlannedReminder[],
  opts: { immediate?: boolean } = {},
): Promise<PlannedAtEnd[]> {
  const out: PlannedAtEnd[] = [];
  const zones = new Map<string, string | undefined>();
  for (const p of planned) {
    if (!zones.has(p.recipientId))
      zones.set(p.recipientId, (await ctx.followUps.getPerson(p.recipientId))?.timeZone);
    const dueAt = opts.immediate
      ? p.notBefore
      : nextWorkingTime(p.notBefore, zones.get(p.recipientId), ctx.settings);
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
      createdAt: ctx.now().toISOString(),
    };
    const added = await ctx.followUps.addReminder(reminder);
    out.push(added ? { reminder, etag: added.etag } : { reminder });
  }
  return out;
}

/**
 * When a roundtable ends: each owner gets their steps, supervisors the plan, and the trail is scheduled.
 * Planned from `at` (default: when it ended), so planning again (the after-end job resumed after a fault)
 * plans the same reminders, by id, and creates none twice. Returns every reminder planned.
 */
export async function planEndOfRoundtable(
  ctx: FollowUpContext,
  roundtableId: string,
  at?: Date,
): Promise<PlannedAtEnd[]> {
  const rt = (await ctx.roundtables.getRoundtable(roundtableId))?.value;
  if (rt?.status !== 'ended') return [];
  const steps = (await ctx.roundtables.listContributions(rt.id)).filter(
    (c): c is PlanStep => c.kind === 'step' && isOpen(c),
  );
  const now = at ?? new Date(rt.endedAt ?? ctx.now().toISOString());
  const planned: PlannedReminder[] = [];
  for (const owner of new Set(steps.map((s) => s.owner.id))) {
    planned.push({ kind: 'assigned', recipientId: owner, notBefore: now });
  }
  if (!inReports(rt)) {
    // Practice: the people who took part see what follow-up looks like, at once, and nothing follows the session.
    for (const sup of supervisors(rt)) planned.push({ kind: 'plan', recipientId: sup.id, notBefore: now });
    return createReminders(ctx, rt, planned, { immediate: true });
  }
  for (const step of steps)
    planned.push(...supporterReminders(stepReminders(step, now, ctx.settings), supporterOf(rt, step)));
  for (const sup of supervisors(rt)) planned.push({ kind: 'plan', recipientId: sup.id, notBefore: now });
  const reviewers = rt.roster.filter((r) => r.role === 'caseworker' || r.role === 'supervisor');
  const firstReview = new Date(now.getTime() + ctx.settings.reviewEveryDays * DAY);
  for (const r of reviewers) planned.push({ kind: 'review', recipientId: r.id, notBefore: firstReview });
  planned.push(...roundtableDueReminders(rt, now, ctx.agency.followUpRoundtableDays));
  return createReminders(ctx, rt, planned);
}

/** What to do after a reminder was sent: the next overdue nudge, an escalation, the next review. */
export async function planAfterSent(ctx: FollowUpContext, reminder: Reminder): Promise<void> {
  // Only an overdue nudge and a review plan anything: the others read nothing.
  if (reminder.kind !== 'review' && !(reminder.kind === 'overdue' && reminder.stepId)) return;
  const rt = (await ctx.roundtables.getRoundtable(reminder.roundtableId))?.value;
  if (!rt || !inReports(rt)) return;
  const now = ctx.now();
  if (reminder.kind === 'overdue' && reminder.stepId) {
    const step = await findStep(ctx, rt.id, reminder.stepId);
    if (!step || !isOpen(step)) return;
    const next: PlannedReminder[] = [
      {
        kind: 'overdue',
        recipientId: step.owner.id,
        stepId: step.id,
        notBefore: new Date(Date.parse(reminder.dueAt) + ctx.settings.overdueEveryDays * DAY),
      },
    ];
    const dueEnd = Date.parse(`${step.dueDate}T23:59:59Z`);
    const lastUpdate = Math.max(
      Date.parse(step.updatedAt),
      ...(step.updates ?? []).map((u) => Date.parse(u.at)),
    );
    const overdueDays = (now.getTime() - dueEnd) / DAY;
    if (overdueDays >= ctx.settings.escalateAfterDays && lastUpdate <= dueEnd) {
      for (const sup of supervisors(rt)) {
        // One escalation per step and supervisor (the key has no time in it).
        next.push({ kind: 'escalation', recipientId: sup.id, stepId: step.id, notBefore: now });
      }
    }
    await planReminders(
      ctx,
      rt,
      next.filter((n) => n.kind !== 'escalation'),
    );
    for (const e of next.filter((n) => n.kind === 'escalation')) await escalate(ctx, rt, e);
  }
  if (reminder.kind === 'review') {
    const plan = (await ctx.roundtables.getPlan(rt.id))?.value;
    if (plan?.closed) return;
    await planReminders(ctx, rt, [
      {
        kind: 'review',
        recipientId: reminder.ownerId,
        notBefore: new Date(Date.parse(reminder.dueAt) + ctx.settings.reviewEveryDays * DAY),
      },
      // A plan that ended before follow-up roundtables were reminded gets them here (idempotent by id).
      ...roundtableDueReminders(rt, now, ctx.agency.followUpRoundtableDays),
    ]);
  }
}

async function escalate(ctx: FollowUpContext, rt: Roundtable, e: PlannedReminder): Promise<void> {
  const dueAt = nextWorkingTime(
    e.notBefore,
    (await ctx.followUps.getPerson(e.recipientId))?.timeZone,
    ctx.settings,
  );
  await ctx.followUps.createReminder({
    id: reminderId('escalation', rt.id, e.recipientId, e.stepId ?? ''),
    ownerId: e.recipientId,
    roundtableId: rt.id,
    caseAlias: rt.caseAlias,
    kind: 'escalation',
    ...(e.stepId ? { stepId: e.stepId } : {}),
    dueAt: dueAt.toISOString(),
    status: 'pending',
    attempts: 0,
    createdAt: ctx.now().toISOString(),
  });
}

/** Is this reminder still worth sending? (a done, dropped or removed step's reminders are not) */
export async function stillRelevant(ctx: FollowUpContext, reminder: Reminder): Promise<boolean> {
  // Its roster plays no part here: the roundtable document alone (a point read, not a query over its partition).
  const rt = (await ctx.roundtables.getRoundtable(reminder.roundtableId, { roster: false }))?.value;
  if (rt && !inReports(rt) && !practiceReminderDue(rt, reminder, ctx.now())) return false;
  // A follow-up roundtable took the plan over: its own reminders follow the carried steps.
  if ((await ctx.roundtables.getPlan(reminder.roundtableId))?.value.supersededBy) return false;
  if (reminder.stepId) {
    const step = await findStep(ctx, reminder.roundtableId, reminder.stepId);
    return !!step && isOpen(step);
  }
  if (reminder.kind === 'review') {
    const plan = (await ctx.roundtables.getPlan(reminder.roundtableId))?.value;
    return !plan?.closed;
  }
  return true;
}

/** Cancels pending reminders of a roundtable that match (one try each: one changed meanwhile is skipped). */
export async function cancelReminders(
  ctx: FollowUpContext,
  roundtableId: string,
  match: (r: Reminder) => boolean,
): Promise<number> {
  let cancelled = 0;
  for (const r of await ctx.followUps.remindersOf(roundtableId)) {
    if (r.value.status !== 'pending' || !match(r.value)) continue;
    try {
      await ctx.followUps.replaceReminder({ ...r.value, status: 'cancelled' }, r.etag);
      cancelled++;
    } catch (err) {
      if (!(err instanceof EtagConflict)) throw err;
    }
  }
  return cancelled;
}

/**
 * The person a step's "Supported by" names, unless it is the owner: the person chosen (matched by id); an older
 * step's free text is matched to a roster member by id or display name.
 */
export function supporterOf(rt: Roundtable, step: PlanStep): string | undefined {
  const s = step.supporter;
  if (s === undefined) return undefined;
  const id = typeof s === 'string' ? chosenSupporter(rt, s)?.id : s.id;
  return id && id !== step.owner.id ? id : undefined;
}
