import { EtagConflict, StoreUnavailable, type Versioned } from '../roundtable/ports.js';
import type { FollowUpService } from './follow-up.js';
import type { FollowUpStore } from './ports.js';
import type { Reminder } from './types.js';

/** Tries of the write that records a sent reminder. */
const FINISH_ATTEMPTS = 3;

/** How reminders reach people (implemented by the Teams edge). */
export interface ReminderDelivery {
  /** Sends the reminder's card in a 1:1 chat. `unreachable`: Teams refused (403/404). Throws on transient faults. */
  deliver(reminder: Reminder): Promise<'sent' | 'unreachable'>;
  /** Tells the roundtable's facilitator and supervisor, once per person, that someone cannot be reached. */
  reportUnreachable(reminder: Reminder): Promise<void>;
}

export interface TickResult {
  claimed: number;
  sent: number;
  unreachable: number;
  retried: number;
  failed: number;
  skipped: number;
  /** Practice roundtables deleted by the retention pass. */
  deleted: number;
}

export interface SchedulerOptions {
  store: FollowUpStore;
  followUp: FollowUpService;
  delivery: ReminderDelivery;
  /** This instance's name in leases. */
  instanceId: string;
  now?: () => Date;
  /** Reminders claimed per tick. */
  batchSize?: number;
  /** Sends in flight at once within a tick. */
  concurrency?: number;
  random?: () => number;
  /** Housekeeping run at the start of every pass (the practice retention); returns documents deleted. */
  retention?: { sweep(now: Date): Promise<number> };
  /** Other work of every pass (a time box that ran out is said in its chat: bot/reminders/time-up.ts). */
  passes?: { run(now: Date): Promise<void> }[];
  /** Scheduled jobs that are reminder documents but not 1:1 step reminders (digest, retention, after-end). */
  jobs?: ScheduledJobs | ScheduledJobs[];
}

/** Runs reminder documents of its own kinds instead of delivering them (bot/reminders/programme-jobs.ts). */
export interface ScheduledJobs {
  handles(reminder: Reminder): boolean;
  /** Does the job; `unreachable` when its one recipient cannot be reached. Throws on transient faults (retried). */
  run(reminder: Reminder): Promise<'sent' | 'unreachable'>;
  /** After a successful run: schedule the next occurrence. */
  afterRun(reminder: Reminder): Promise<void>;
  /** True for a job that must never be given up: retried with backoff past maxAttempts (the after-end job). */
  keepsTrying?(reminder: Reminder): boolean;
}

/** A reminder to send now: where it is (read first), or as just created with its etag (claimed without a read). */
export type ReminderToSend = Pick<Reminder, 'ownerId' | 'id'> | Versioned<Reminder>;

/** Sends due reminders: claims each with an etag-guarded lease so two instances never send one twice. */
export class ReminderScheduler {
  private readonly now: () => Date;
  private readonly random: () => number;

  constructor(private readonly opts: SchedulerOptions) {
    this.now = opts.now ?? (() => new Date());
    this.random = opts.random ?? Math.random;
  }

  /** One pass: claim what is due, send it, record the result. Safe to run on every instance at once. */
  async tick(): Promise<TickResult> {
    const result = emptyResult();
    if (this.opts.retention) result.deleted = await this.opts.retention.sweep(this.now());
    for (const pass of this.opts.passes ?? []) await pass.run(this.now());
    const due = await this.opts.store.dueReminders(this.now(), this.opts.batchSize ?? 100);
    // Instances read the same due list: each works through it in its own random order, so they
    // rarely race for the same reminder (a lost race is only a skipped claim, never a double send).
    await this.work(
      shuffle(
        due.filter((r) => this.canRun(r.value)),
        this.random,
      ),
      result,
    );
    return result;
  }

  /**
   * Sends these reminders now if they are still due (the after-end job and its hand-over): each goes through the
   * same etag-guarded claim, retry and unreachable path as a tick, so a tick on any instance never sends one twice
   * and one Teams throttled is retried by the scheduler later. One given with its etag is claimed without a read.
   */
  async sendNow(reminders: ReminderToSend[]): Promise<TickResult> {
    const result = emptyResult();
    const now = this.now();
    const found = await Promise.all(
      reminders.map((r) => ('etag' in r ? Promise.resolve(r) : this.opts.store.getReminder(r.ownerId, r.id))),
    );
    await this.work(
      found.filter((f): f is Versioned<Reminder> => !!f && isDue(f.value, now) && this.canRun(f.value)),
      result,
    );
    return result;
  }

  /**
   * Runs `queue` through process() with the configured number of sends in flight. A failure (the database
   * under a claim or a finish) is thrown only once every send in flight has finished and been recorded: a
   * send never outlives the pass that started it (an instance stopping after the pass cuts nothing off).
   */
  private async work(queue: Versioned<Reminder>[], result: TickResult): Promise<void> {
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await this.process(next, result);
    };
    const done = await Promise.allSettled(
      Array.from({ length: Math.max(1, this.opts.concurrency ?? 8) }, worker),
    );
    const failed = done.find((d): d is PromiseRejectedResult => d.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Runs ticks until nothing is due (tests and the bench use it; production ticks on an interval). */
  async drain(maxTicks = 1000): Promise<TickResult> {
    const total = emptyResult();
    for (let i = 0; i < maxTicks; i++) {
      const r = await this.tick();
      for (const k of Object.keys(total) as (keyof TickResult)[]) total[k] += r[k];
      if (r.claimed === 0 && r.skipped === 0) break;
    }
    return total;
  }

  /** An after-end job is left to a scheduler that has its handler (one without would take it for a 1:1 reminder). */
  private canRun(reminder: Reminder): boolean {
    return reminder.kind !== 'after-end' || this.jobFor(reminder) !== undefined;
  }

  private jobFor(reminder: Reminder): ScheduledJobs | undefined {
    const jobs = this.opts.jobs;
    return (Array.isArray(jobs) ? jobs : jobs ? [jobs] : []).find((j) => j.handles(reminder));
  }

  private async claim(found: Versioned<Reminder>): Promise<Versioned<Reminder> | undefined> {
    const now = this.now();
    const claimed: Reminder = {
      ...found.value,
      attempts: found.value.attempts + 1,
      claimedBy: this.opts.instanceId,
      claimUntil: new Date(now.getTime() + this.opts.followUp.settings.leaseSeconds * 1000).toISOString(),
    };
    try {
      return await this.opts.store.replaceReminder(claimed, found.etag);
    } catch (err) {
      if (err instanceof EtagConflict) return undefined;
      throw err;
    }
  }

  /**
   * Records how a claimed reminder ended. Tried again on a storage fault (FINISH_ATTEMPTS in all): a send whose
   * record is lost is sent again once the lease runs out, so one failed write must not cost a second message.
   */
  private async finish(claimed: Versioned<Reminder>, change: Partial<Reminder>): Promise<void> {
    const { claimedBy: _by, claimUntil: _until, ...rest } = claimed.value;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.opts.store.replaceReminder({ ...rest, ...change } as Reminder, claimed.etag);
        return;
      } catch (err) {
        // Our lease ran out and another instance took the reminder over (or an earlier try was applied).
        if (err instanceof EtagConflict) return;
        if (!(err instanceof StoreUnavailable) || attempt >= FINISH_ATTEMPTS) throw err;
      }
    }
  }

  private async process(found: Versioned<Reminder>, result: TickResult): Promise<void> {
    const claimed = await this.claim(found);
    if (!claimed) {
      result.skipped++;
      return;
    }
    result.claimed++;
    const reminder = claimed.value;
    const { followUp, delivery } = this.opts;
    const job = this.jobFor(reminder);
    if (!job && !(await followUp.stillRelevant(reminder))) {
      await this.finish(claimed, { status: 'cancelled' });
      return;
    }
    let outcome: 'sent' | 'unreachable';
    try {
      outcome = job ? await job.run(reminder) : await delivery.deliver(reminder);
    } catch (err) {
      const settings = followUp.settings;
      if (reminder.attempts >= settings.maxAttempts && !job?.keepsTrying?.(reminder)) {
        await this.finish(claimed, { status: 'failed', lastError: errorKind(err) });
        result.failed++;
        return;
      }
      // Exponential backoff with jitter; the reminder stays pending with a later due time.
      const delay = Math.min(3600_000, 30_000 * 2 ** (reminder.attempts - 1)) * (0.5 + this.random());
      await this.finish(claimed, {
        dueAt: new Date(this.now().getTime() + delay).toISOString(),
        lastError: errorKind(err),
      });
      result.retried++;
      return;
    }
    if (outcome === 'unreachable') {
      await this.finish(claimed, { status: 'undeliverable', lastError: 'unreachable' });
      if (!job) await delivery.reportUnreachable(reminder);
      result.unreachable++;
      return;
    }
    await this.finish(claimed, { status: 'sent', sentAt: this.now().toISOString() });
    result.sent++;
    if (job) await job.afterRun(reminder);
    else await followUp.afterSent(reminder);
  }
}

function emptyResult(): TickResult {
  return { claimed: 0, sent: 0, unreachable: 0, retried: 0, failed: 0, skipped: 0, deleted: 0 };
}

/** Pending, due at `now`, and not leased by an instance (the store's dueReminders, for one document). */
function isDue(r: Reminder, now: Date): boolean {
  const iso = now.toISOString();
  return r.status === 'pending' && r.dueAt <= iso && (r.claimUntil === undefined || r.claimUntil < iso);
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

function errorKind(err: unknown): string {
  const e = err as { name?: unknown; statusCode?: unknown };
  return [e?.name, e?.statusCode].filter((x) => x !== undefined).join(':') || 'error';
}
