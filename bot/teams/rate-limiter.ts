/** Teams' bot limits as sliding windows: per conversation and per app (configurable). */

export interface Window {
  limit: number;
  ms: number;
}

/** Documented Teams limits for one bot in one conversation. */
export const PER_CONVERSATION: Window[] = [
  { limit: 7, ms: 1_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1_800, ms: 3_600_000 },
];

/** Documented overall limit per app per tenant. */
export const PER_APP: Window[] = [{ limit: 50, ms: 1_000 }];

export interface LimiterOptions {
  perConversation?: Window[];
  global?: Window[];
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

class SlidingLog {
  private readonly times: number[] = [];
  constructor(private readonly windows: Window[]) {}

  /** Milliseconds to wait before one more send fits every window (0 = now). */
  wait(now: number): number {
    const longest = Math.max(...this.windows.map((w) => w.ms));
    while (this.times.length && (this.times[0] ?? 0) <= now - longest) this.times.shift();
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = this.times.filter((t) => t > now - w.ms);
      if (inWindow.length >= w.limit) {
        const oldest = inWindow[inWindow.length - w.limit] ?? now;
        wait = Math.max(wait, oldest + w.ms - now);
      }
    }
    return wait;
  }

  record(now: number): void {
    this.times.push(now);
  }

  idleSince(now: number): boolean {
    const longest = Math.max(...this.windows.map((w) => w.ms));
    return this.times.every((t) => t <= now - longest);
  }
}

/** Waits as long as needed so that no window is exceeded, then lets the send go. */
export class RateLimiter {
  private readonly conversations = new Map<string, SlidingLog>();
  private readonly global: SlidingLog;
  private readonly perConversation: Window[];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  constructor(opts: LimiterOptions = {}) {
    this.perConversation = opts.perConversation ?? PER_CONVERSATION;
    this.global = new SlidingLog(opts.global ?? PER_APP);
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Resolves when a send to this conversation is allowed; the slot is taken on return. */
  async acquire(conversationId: string): Promise<void> {
    let log = this.conversations.get(conversationId);
    if (!log) {
      log = new SlidingLog(this.perConversation);
      this.conversations.set(conversationId, log);
    }
    for (;;) {
      // Check and take the slot in one synchronous step, so concurrent callers cannot both take it.
      const now = this.now();
      const wait = Math.max(log.wait(now), this.global.wait(now));
      if (wait <= 0) {
        log.record(now);
        this.global.record(now);
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
