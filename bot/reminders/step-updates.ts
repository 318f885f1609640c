import { cleanText, isIsoDate } from '../roundtable/input.js';
import { checkNames } from '../roundtable/name-check.js';
import { fail, type Outcome, ok } from '../roundtable/outcome.js';
import { rosterRole } from '../roundtable/permissions.js';
import { inReports } from '../roundtable/practice.js';
import type { Person, PlanStep, Roundtable, StepStatus, StepUpdate } from '../roundtable/types.js';
import { type FollowUpContext, retryFollowUp } from './follow-up-context.js';
import { cancelReminders, planReminders, supporterOf } from './reminder-trail.js';
import { isOpen, stepReminders, supporterReminders } from './schedule.js';

/**
 * A change to a step asked from a reminder card or `my steps`. `keepNames`: the writer pressed "Keep as
 * written" after the full-name warning on the reason or note.
 */
export type StepChange = (
  | { kind: 'status'; status: Extract<StepStatus, 'done' | 'in-progress' | 'not-started'> }
  | { kind: 'blocked'; reason: unknown }
  | { kind: 'dropped'; reason: unknown }
  | { kind: 'due'; dueDate: unknown }
  | { kind: 'note'; note: unknown }
) & { keepNames?: boolean };

/** Owner, the roster's caseworker and supervisor, and facilitators may update a step. */
function mayUpdate(rt: Roundtable, step: PlanStep, person: Person): boolean {
  if (rt.removedIds?.includes(person.id)) return false; // left the roundtable's chat (#23)
  const role = rosterRole(rt, person.id);
  return (
    step.owner.id === person.id ||
    role === 'caseworker' ||
    role === 'supervisor' ||
    rt.facilitatorIds.includes(person.id)
  );
}

/** One-click updates from reminder cards: status, blocked/dropped with reason, new due date, a note. */
export async function updateStep(
  ctx: FollowUpContext,
  person: Person,
  roundtableId: string,
  stepId: string,
  change: StepChange,
): Promise<Outcome<PlanStep>> {
  const rt = (await ctx.roundtables.getRoundtable(roundtableId))?.value;
  if (!rt) return fail('not-found', 'That roundtable no longer exists.');
  const now = ctx.now();
  let update: StepUpdate = { at: now.toISOString(), by: person };
  let text: string | undefined;
  switch (change.kind) {
    case 'status':
      update = { ...update, status: change.status };
      break;
    case 'blocked':
    case 'dropped': {
      const reason = cleanText(change.reason, 'The reason', 500);
      if (!reason.ok) return fail('invalid', `Say why the step is ${change.kind}: ${reason.failure.message}`);
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
      const note = cleanText(change.note, 'The note', ctx.agency.maxTextLength);
      if (!note.ok) return note;
      update = { ...update, note: note.value };
      break;
    }
  }
  // A reason or note is shown to the plan's owners, on the follow-up roundtable's review card in its group chat
  // and in the case file: the full-name check applies.
  const typed = text ?? update.note;
  const names = checkNames([typed], ctx.agency.nameCheck, change.keepNames === true);
  if (!names.ok) return names;
  const written = await retryFollowUp(async () => {
    const current = await ctx.roundtables.getContribution(rt.id, stepId);
    if (current?.value.kind !== 'step' || current.value.withdrawn) {
      return fail('not-found', 'That step is no longer in the plan.');
    }
    const step = current.value;
    if (!mayUpdate(rt, step, person)) {
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
    await ctx.roundtables.replaceContribution(next, current.etag);
    return ok(next);
  });
  if (!written.ok) return written;
  const next = written.value;
  await ctx.roundtables.addAudit({
    id: `audit-${crypto.randomUUID()}`,
    roundtableId: rt.id,
    at: now.toISOString(),
    actorId: person.id,
    event: `step.${change.kind}`,
    subject: next.id,
  });
  await reschedule(ctx, rt, next, change);
  return written;
}

/** Done/dropped steps stop being reminded; a new due date gets a new trail. */
async function reschedule(
  ctx: FollowUpContext,
  rt: Roundtable,
  step: PlanStep,
  change: StepChange,
): Promise<void> {
  const stop = !isOpen(step) || change.kind === 'due';
  if (stop) await cancelReminders(ctx, rt.id, (r) => r.stepId === step.id && r.kind !== 'escalation');
  if (change.kind === 'due' && isOpen(step) && inReports(rt)) {
    await planReminders(
      ctx,
      rt,
      supporterReminders(stepReminders(step, ctx.now(), ctx.settings), supporterOf(rt, step)),
    );
  }
}
