/**
 * A phase's time box running out is said in the chat once, even when nobody acts then. A job row in `reminders`
 * (one per roundtable: a fixed id in partition `system:time-up:<roundtableId>`) is due when the running time box
 * ends; it is armed, or moved, whenever a phase card is drawn with a running time box. When the scheduler runs it,
 * the phase card is redrawn, and the redraw posts the line once (the flag on the roundtable: phases.ts `timeUpDue`).
 */

import { currentPhase, timeUpDue } from '../roundtable/phases.js';
import { EtagConflict, type RoundtableStore } from '../roundtable/ports.js';
import type { Roundtable } from '../roundtable/types.js';
import type { FollowUpStore } from './ports.js';
import { reminderId } from './reminder-id.js';
import type { ScheduledJobs } from './scheduler.js';
import type { Reminder } from './types.js';

/** Where a roundtable's time-up job is (a point read). */
export function timeUpRef(roundtableId: string): Pick<Reminder, 'ownerId' | 'id'> {
  const ownerId = `system:time-up:${roundtableId}`;
  return { ownerId, id: reminderId('time-up', roundtableId, ownerId, '') };
}

/** Arms the job for the running time box's end (or moves it there); a no-op when it is armed for that end already. */
export async function armTimeUp(store: FollowUpStore, rt: Roundtable, now: Date): Promise<void> {
  const endsAt = currentPhase(rt).timerEndsAt;
  if (rt.status !== 'active' || !endsAt || Date.parse(endsAt) <= now.getTime()) return;
  const job: Reminder = {
    ...timeUpRef(rt.id),
    roundtableId: rt.id,
    caseAlias: rt.caseAlias,
    kind: 'time-up',
    dueAt: endsAt,
    status: 'pending',
    attempts: 0,
    createdAt: now.toISOString(),
  };
  if (await store.createReminder(job)) return;
  const found = await store.getReminder(job.ownerId, job.id);
  if (!found || (found.value.status === 'pending' && found.value.dueAt === endsAt)) return;
  try {
    await store.replaceReminder(job, found.etag);
  } catch (err) {
    if (!(err instanceof EtagConflict)) throw err; // another instance armed it at the same moment
  }
}

/** Runs a roundtable's time-up job: a redraw of its phase card when its time box has run out and is not said yet. */
export class TimeUpJobs implements ScheduledJobs {
  constructor(
    private readonly deps: {
      roundtables: Pick<RoundtableStore, 'getRoundtable'>;
      /** Redraws the roundtable's current phase card (which posts the line once) and waits for it. */
      redraw: (rt: Roundtable) => Promise<void>;
      now: () => Date;
    },
  ) {}

  handles(reminder: Reminder): boolean {
    return reminder.kind === 'time-up';
  }

  async afterRun(): Promise<void> {}

  async run(job: Reminder): Promise<'done'> {
    const rt = (await this.deps.roundtables.getRoundtable(job.roundtableId))?.value;
    if (rt?.status === 'active' && timeUpDue(rt, this.deps.now())) await this.deps.redraw(rt);
    return 'done';
  }
}

/** Arms each roundtable's time-up job once per time box (this instance remembers which ends it armed). */
export function timeBoxArmer(store: FollowUpStore, now: () => Date): (rt: Roundtable) => Promise<void> {
  const armed = new Map<string, string>();
  return async (rt) => {
    const endsAt = currentPhase(rt).timerEndsAt;
    if (!endsAt || armed.get(rt.id) === endsAt) return;
    await armTimeUp(store, rt, now());
    if (armed.size > 10_000) armed.clear();
    armed.set(rt.id, endsAt);
  };
}
