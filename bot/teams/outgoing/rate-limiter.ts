/** Teams' bot limits as sliding windows: per thread (conversation) and this instance's share per app. */

export interface Window {
  limit: number;
  ms: number;
}

/** Documented Teams limits for one bot in one thread; posts, edits, deletes and lookups all count. */
export const PER_CONVERSATION: Window[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1_800, ms: 3_600_000 },
];

/** Documented overall limit per app per tenant (an estimate: instances keep below it, see `appShare`). */
export const PER_APP: Window[] = [{ limit: 50, ms: 1_000 }];

/**
 * The per-app budget all instances together allow themselves by default: under 30/s, because Microsoft's
 * newest page says 50 requests per second per app per tenant and older copies 30 (TEAMS_SENDS_PER_SECOND
 * configures it, up to 50).
 */
export const APP_BUDGET_PER_SECOND = 25;

/**
 * This instance's per-second share of the per-app budget `total` (25 by default) with N instances. Without its
 * slot (`index`, 0..N-1, see instance-slot.ts) each takes floor(total/N), so the shares may sum to less than the
 * budget (2 × 12 of 25); with its slot the remainder goes to the first slots (13 + 12), summing to the budget.
 */
export function appShare(instanceCount: number, total = APP_BUDGET_PER_SECOND, index?: number): Window[] {
  const n = Math.max(1, instanceCount);
  const extra = index !== undefined && index >= 0 && index < total % n ? 1 : 0;
  return [{ limit: Math.max(1, Math.floor(total / n) + extra), ms: 1_000 }];
}

/**
 * This instance's share of each per-thread window with N instances: 1/N of it (at least 1). Clicks of one
 * meeting reach any instance, and replies and posts are not coordinated between instances (card edits are,
 * by lease): with N ≤ 7 the instances together stay within every window.
 */
export function threadShare(instanceCount: number, windows: Window[] = PER_CONVERSATION): Window[] {
  const n = Math.max(1, instanceCount);
  return windows.map((w) => ({ limit: Math.max(1, Math.floor(w.limit / n)), ms: w.ms }));
}

/**
 * How each instance paces its per-app share (`pace`): one send every (1000 + 30) / share ms, a wake-up up to
 * 10 ms late kept on schedule. With the shares summing to the budget, Teams receives at most the budget in
 * any second as long as requests travel within 20 ms of each other; the rate is 1000/1030 of the budget (97 %).
 * A wider margin tolerates more jitter for less rate (40 ms: 96 %); the bench measured both under load.
 */
export const APP_PACE = { marginMs: 30, slackMs: 10 };

export interface LimiterOptions {
  perConversation?: Window[];
  global?: Window[];
  /**
   * Added to every per-thread window, so that requests that travel at different speeds still arrive within
   * it (the per-app share keeps its own headroom: 40 of Teams' 50 per second).
   */
  marginMs?: number;
  /**
   * Spreads this instance's per-app share evenly over its window: with `spread` = k, each global window of
   * `limit` per `ms` also allows at most ceil(limit/k) per ms/k (1, the default: no spreading). A full share
   * sent in one burst at the start of each second arrives bunched with the other instances' bursts when
   * requests travel at different speeds; spread out, the instances' sums stay near the budget at Teams' end.
   */
  spread?: number;
  /**
   * Paces this instance's per-app share evenly, one send every (ms + marginMs) / limit of its first global
   * window, on a schedule: a send up to `slackMs` late keeps the schedule (the next is not pushed back), a later
   * one restarts it. The instances' shares then arrive within the budget at Teams' end as long as requests
   * travel within `marginMs − slackMs` of each other, and a send beyond that adds at most one request per
   * instance to a window (a burst, even spread in quarters, would add a quarter share). Replaces `spread`.
   */
  pace?: { marginMs: number; slackMs: number };
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Each window, and (k > 1) a sub-window of ceil(limit/k) per ms/k that spreads it evenly. */
function spreadOut(windows: Window[], k: number): Window[] {
  if (k <= 1) return windows;
  return windows.flatMap((w) => [
    w,
    { limit: Math.ceil(w.limit / k), ms: Math.max(1, Math.floor(w.ms / k)) },
  ]);
}

class SlidingLog {
  private readonly times: number[] = [];
  private readonly longest: number;
  constructor(private readonly windows: Window[]) {
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  /** Milliseconds to wait before one more send fits every window (0 = now). */
  wait(now: number): number {
    while (this.times.length && (this.times[0] ?? 0) <= now - this.longest) this.times.shift();
    let wait = 0;
    for (const w of this.windows) {
      // times is sorted: the send `limit` places back is the one that must leave the window first.
      const oldest = this.times[this.times.length - w.limit];
      if (oldest !== undefined && oldest > now - w.ms) wait = Math.max(wait, oldest + w.ms - now);
    }
    return wait;
  }

  record(now: number): void {
    this.times.push(now);
  }

  /** Takes over another log's send times (a share changed: what was sent still counts). */
  adopt(other: SlidingLog): void {
    this.times.push(...other.times);
  }

  idleSince(now: number): boolean {
    return this.times.every((t) => t <= now - this.longest);
  }
}

/** Waits as long as needed so that no window is exceeded, then lets the call go. */
export class RateLimiter {
  private readonly conversations = new Map<string, SlidingLog>();
  private global: SlidingLog;
  private readonly perConversation: Window[];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly spread: number;
  private readonly pace: { marginMs: number; slackMs: number } | undefined;
  /** Ms between paced sends (0: not paced) and the time the next one is due on the schedule. */
  private interval = 0;
  private due = Number.NEGATIVE_INFINITY;
  constructor(opts: LimiterOptions = {}) {
    const margin = opts.marginMs ?? 0;
    const widen = (ws: Window[]) => ws.map((w) => ({ limit: w.limit, ms: w.ms + margin }));
    this.perConversation = widen(opts.perConversation ?? PER_CONVERSATION);
    this.spread = opts.spread ?? 1;
    this.pace = opts.pace;
    this.global = this.share(opts.global ?? PER_APP);
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Changes this instance's per-app share (it got or lost its slot); the sends already made still count. */
  setAppShare(windows: Window[]): void {
    const old = this.global;
    this.global = this.share(windows);
    this.global.adopt(old);
  }

  /** The per-app log of these windows (spread or paced as configured). */
  private share(windows: Window[]): SlidingLog {
    const first = windows[0];
    this.interval = this.pace && first ? (first.ms + this.pace.marginMs) / first.limit : 0;
    return new SlidingLog(this.pace ? windows : spreadOut(windows, this.spread));
  }

  /** Ms until the paced schedule allows the next send (0 = now). */
  private paceWait(now: number): number {
    return this.interval > 0 ? Math.max(0, this.due - now) : 0;
  }

  private paceTake(now: number): void {
    if (this.interval <= 0) return;
    // Late by up to slackMs: the schedule holds (the next send is one interval after this one's due time).
    this.due = Math.max(this.due, now - (this.pace?.slackMs ?? 0)) + this.interval;
  }

  /**
   * Resolves when a call to this thread is allowed (the app's share only, without a thread);
   * the slot is taken on return.
   */
  async acquire(conversationId?: string): Promise<void> {
    let log: SlidingLog | undefined;
    if (conversationId !== undefined) {
      log = this.conversations.get(conversationId);
      if (!log) {
        log = new SlidingLog(this.perConversation);
        this.conversations.set(conversationId, log);
      }
    }
    for (;;) {
      // Check and take the slot in one synchronous step, so concurrent callers cannot both take it.
      const now = this.now();
      const wait = Math.max(log?.wait(now) ?? 0, this.global.wait(now), this.paceWait(now));
      if (wait <= 0) {
        log?.record(now);
        this.global.record(now);
        this.paceTake(now);
        break;
      }
      await this.sleep(wait);
    }
    if (this.conversations.size > 10_000) {
      const now = this.now();
      for (const [id, l] of this.conversations) if (l.idleSince(now)) this.conversations.delete(id);
    }
  }
}
