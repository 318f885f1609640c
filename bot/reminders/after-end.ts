import { retryOnConflict } from '../roundtable/etag-retry.js';
import type { Actor } from '../roundtable/permissions.js';
import type { RoundtableStore } from '../roundtable/ports.js';
import type { AfterEndWork, Roundtable } from '../roundtable/types.js';
import type { FollowUpService } from './follow-up.js';
import { dueHandOver } from './hand-over.js';
import type { ReminderToSend, ScheduledJobs } from './scheduler.js';
import type { Reminder } from './types.js';

/** How long a job armed by an `end` whose write has not landed waits for it (the click lasts 15 s at most). */
const ARMED_WINDOW_MS = 10 * 60_000;

/** Thrown (and retried with backoff) while a just-armed job finds its roundtable not ended yet. */
export class EndNotStoredYet extends Error {
  constructor() {
    super('the roundtable has not ended yet');
    this.name = 'EndNotStoredYet';
  }
}

export interface AfterEndDeps {
  roundtables: RoundtableStore;
  followUp: FollowUpService;
  /** The plan's ratings join the history; a follow-up takes over the previous plan (idempotent by ids). */
  takeover?: (roundtableId: string, actor: Actor) => Promise<unknown>;
  /** Barrier-flagged ideas join the register (idempotent: one entry id per idea). */
  register?: (roundtableId: string) => Promise<unknown>;
  /** Posts a line in a roundtable's own chat (the previous roundtable's, once). */
  tellChat?: (rt: Roundtable, text: string) => Promise<unknown>;
  /** Sends reminders now through the scheduler's claim (the hand-over). */
  sendNow: (reminders: ReminderToSend[]) => Promise<unknown>;
  now?: () => Date;
}

/**
 * The work after `end`, as a job the scheduler claims under its etag lease (a reminder document armed by the
 * write that ends the roundtable, whose `afterEnd.due` says it is owed). Every step is idempotent — by the ids of
 * what it writes, or by a marker recorded after it — so a fault or a kill anywhere delays it and a later run
 * resumes it: the ratings history and the follow-up's takeover, the previous plan's reminders cancelled and its
 * chat told once, the barrier register, the reminders planned from the end, and the hand-over sent through claims.
 */
export class AfterEndJobs implements ScheduledJobs {
  private readonly now: () => Date;

  constructor(private readonly deps: AfterEndDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  handles(reminder: Reminder): boolean {
    return reminder.kind === 'after-end';
  }

  keepsTrying(): boolean {
    return true;
  }

  async afterRun(): Promise<void> {}

  async run(job: Reminder): Promise<'sent'> {
    const rt = (await this.deps.roundtables.getRoundtable(job.roundtableId))?.value;
    if (!rt) return 'sent'; // deleted: nothing follows
    const work = rt.afterEnd;
    if (rt.status !== 'ended' || !work) {
      // Armed just before the write that ends it: that write may still be on its way, or it failed.
      if (rt.status === 'active' && this.now().getTime() - Date.parse(job.createdAt) < ARMED_WINDOW_MS) {
        throw new EndNotStoredYet();
      }
      return 'sent';
    }
    if (!work.due) return 'sent';
    const actor: Actor = { person: work.by, conversationId: rt.chat.conversationId };
    await this.deps.takeover?.(rt.id, actor);
    if (rt.followUpOf) await this.previousPlan(rt, rt.followUpOf, work);
    await this.deps.register?.(rt.id);
    const planned = await this.deps.followUp.planAtEnd(rt.id);
    const handOver = dueHandOver(planned, this.now());
    if (handOver.length > 0) {
      await this.deps.sendNow(
        handOver.map((p) => (p.etag ? { value: p.reminder, etag: p.etag } : p.reminder)),
      );
    }
    await this.record(rt.id, (w) => ({ ...w, due: false }));
    return 'sent';
  }

  /** The previous plan's reminders stop (its open steps carry on in the follow-up) and its chat is told, once. */
  private async previousPlan(rt: Roundtable, previousId: string, work: AfterEndWork): Promise<void> {
    await this.deps.followUp.cancel(previousId, () => true);
    if (work.done.includes('told-previous-chat')) return;
    const previous = (await this.deps.roundtables.getRoundtable(previousId))?.value;
    if (previous && this.deps.tellChat) {
      await this.deps.tellChat(
        previous,
        `The follow-up roundtable for ${rt.caseAlias} has ended: its plan now takes over this roundtable's plan, ` +
          'and this plan’s reminders have stopped (its open steps carry on in the follow-up).',
      );
    }
    await this.record(rt.id, (w) => ({ ...w, done: [...w.done, 'told-previous-chat'] }));
  }

  /** Records progress on the roundtable document under its etag (no revision change: cards stay current). */
  private async record(roundtableId: string, change: (w: AfterEndWork) => AfterEndWork): Promise<void> {
    await retryOnConflict(
      async () => {
        const current = await this.deps.roundtables.getRoundtable(roundtableId);
        const work = current?.value.afterEnd;
        if (!current || !work) return;
        await this.deps.roundtables.replaceRoundtable(
          { ...current.value, afterEnd: change(work) },
          current.etag,
        );
      },
      {
        attempts: 8,
        exhausted: () => {
          throw new Error('after-end progress lost every etag race');
        },
      },
    );
  }
}
