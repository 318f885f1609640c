import { EtagConflict, StoreUnavailable, type Versioned } from '../roundtable/ports.js';
import { DueQueue } from './due-queue.js';
import type { FollowUpService } from './follow-up.js';
import type { FollowUpStore } from './ports.js';
import type { Reminder } from './types.js';

/** Tries of the write that records a sent reminder, a growing pause apart (ms, the first about this long). */
const FINISH_ATTEMPTS = 3;
const FINISH_PAUSE_MS = 50;
/**
 * Tries of a claim the database did not confirm, the same pause apart. Connections the server closed after the
 * same idle time fail together (the 10,000 drain met four resets in one pass of each instance); one more try on
 * another connection takes the reminder. Safe: the claim is guarded by the etag, so a first try that did reach the
 * database makes the second a lost claim (412), and the reminder goes out once its lease runs out.
 */
const CLAIM_ATTEMPTS = 2;
/**
 * Claims the database did not confirm after CLAIM_ATTEMPTS (a dropped connection, an outage: StoreUnavailable) that
 * one pass puts off before it stops: such a claim is left for a later pass (taken or not, its lease runs out), more
 * mean the database is down and the pass ends (the loop runs the next).
 */
const CLAIM_FAULTS_PER_PASS = 3;

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
  /** Claims the database did not confirm (a transient fault): left for a later pass. */
  deferred: number;
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
  /**
   * This instance's part of the due list (its slot of N, bot/teams/outgoing/instance-slot.ts), if it holds one:
   * it works the reminders of its own people first and then helps with the others' from the far end, so
   * instances rarely race for one reminder. Without it, each works the whole list in a random order.
   */
  part?: () => { index: number; count: number } | undefined;
  /**
   * While a pass has run less than this (ms), it fetches the next due reminders when its queue runs low instead
   * of ending (only after a full batch: a shorter one held everything due). Default 50 s, under the tick.
   */
  refillForMs?: number;
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
  private wrappingUp = false;
  /** True when the last pass stopped fetching with reminders still due (its time ran out): run the next soon. */
  morePending = false;

  constructor(private readonly opts: SchedulerOptions) {
    this.now = opts.now ?? (() => new Date());
    this.random = opts.random ?? Math.random;
  }

  /** One pass: claim what is due, send it, record the result. Safe to run on every instance at once. */
  async tick(): Promise<TickResult> {
    const result = emptyResult();
    if (this.opts.retention) result.deleted = await this.opts.retention.sweep(this.now());
    for (const pass of this.opts.passes ?? []) await pass.run(this.now());
    const started = Date.now();
    const batch = this.opts.batchSize ?? 100;
    const queue = new DueQueue(this.opts.part?.(), this.random);
    let full = true;
    const fetch = async (): Promise<void> => {
      const due = await this.opts.store.dueReminders(this.now(), batch);
      // A shorter batch held everything due; a batch of nothing new would only be fetched again.
      full = queue.add(due.filter((r) => this.canRun(r.value))) > 0 && due.length >= batch;
    };
    await fetch();
    this.morePending = false;
    const refill = async (): Promise<boolean> => {
      if (!full || this.wrappingUp) return false;
      if (Date.now() - started >= (this.opts.refillForMs ?? 50_000)) {
        this.morePending = true;
        return false;
      }
      await fetch();
      return true;
    };
    await this.work(queue, result, refill);
    return result;
  }

  /** Stops fetching more in the running pass (the instance is stopping): what is claimed still finishes. */
  wrapUp(): void {
    this.wrappingUp = true;
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
    const queue = new DueQueue(undefined, this.random, false);
    queue.add(
      found.filter((f): f is Versioned<Reminder> => !!f && isDue(f.value, now) && this.canRun(f.value)),
    );
    await this.work(queue, result);
    return result;
  }

  /**
   * Runs `queue` through process() with the configured number of sends in flight. A failure (the database
   * under a claim or a finish) is thrown only once every send in flight has finished and been recorded: a
   * send never outlives the pass that started it (an instance stopping after the pass cuts nothing off).
   */
  private async work(queue: DueQueue, result: TickResult, refill?: () => Promise<boolean>): Promise<void> {
    const concurrency = Math.max(1, this.opts.concurrency ?? 8);
    // One fetch at a time, started while the queue still holds two rounds of work, so that the sends in flight and
    // those queued cover its round trip (a due query over a large container can take seconds).
    let refilling: Promise<boolean> | undefined;
    const more = (): Promise<boolean> => {
      if (!refill) return Promise.resolve(false);
      refilling ??= refill().finally(() => {
        refilling = undefined;
      });
      return refilling;
    };
    const worker = async () => {
      for (;;) {
        if (queue.size <= 2 * concurrency) void more().catch(() => false);
        let next = queue.next();
        if (!next && refill && (await more())) next = queue.next();
        if (!next) {
          if (refilling && (await refilling)) continue;
          return;
        }
        const claimed = await this.claim(next.found);
        if (claimed instanceof StoreUnavailable) {
          if (++result.deferred > CLAIM_FAULTS_PER_PASS) throw claimed;
        } else if (claimed) await this.process(claimed, result);
        else {
          // Another instance claimed it first (a skipped claim, never a double send).
          result.skipped++;
          if (next.helping) queue.metOwner();
        }
      }
    };
    const done = await Promise.allSettled(Array.from({ length: concurrency }, worker));
    const failed = done.find((d): d is PromiseRejectedResult => d.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Runs ticks until nothing is due (tests and the bench use it; production ticks on an interval). */
  async drain(maxTicks = 1000): Promise<TickResult> {
    const total = emptyResult();
    for (let i = 0; i < maxTicks; i++) {
      const r = await this.tick();
      for (const k of Object.keys(total) as (keyof TickResult)[]) total[k] += r[k];
      if (r.claimed === 0 && r.skipped === 0 && r.deferred === 0) break;
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

  /** Claims the reminder under its etag: undefined when another instance did first; the fault when unconfirmed. */
  private async claim(
    found: Versioned<Reminder>,
  ): Promise<Versioned<Reminder> | undefined | StoreUnavailable> {
    const now = this.now();
    const claimed: Reminder = {
      ...found.value,
      attempts: found.value.attempts + 1,
      claimedBy: this.opts.instanceId,
      claimUntil: new Date(now.getTime() + this.opts.followUp.settings.leaseSeconds * 1000).toISOString(),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.opts.store.replaceReminder(claimed, found.etag);
      } catch (err) {
        if (err instanceof EtagConflict) return undefined;
        if (!(err instanceof StoreUnavailable)) throw err;
        if (attempt >= CLAIM_ATTEMPTS) return err;
        await this.pause(attempt);
      }
    }
  }

  /** A moment before another try: a connection the server closed is seen closed by then, and the try takes another. */
  private pause(attempt: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, FINISH_PAUSE_MS * attempt * (0.5 + this.random())));
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
        await this.pause(attempt);
      }
    }
  }

  /** Runs one reminder this instance claimed, and records how it ended. */
  private async process(claimed: Versioned<Reminder>, result: TickResult): Promise<void> {
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
  return { claimed: 0, sent: 0, unreachable: 0, retried: 0, failed: 0, skipped: 0, deferred: 0, deleted: 0 };
}

/** Pending, due at `now`, and not leased by an instance (the store's dueReminders, for one document). */
function isDue(r: Reminder, now: Date): boolean {
  const iso = now.toISOString();
  return r.status === 'pending' && r.dueAt <= iso && (r.claimUntil === undefined || r.claimUntil < iso);
}

function errorKind(err: unknown): string {
  const e = err as { name?: unknown; statusCode?: unknown };
  return [e?.name, e?.statusCode].filter((x) => x !== undefined).join(':') || 'error';
}
