/**
 * Each of N instances holds one slot 0..N-1 by lease (the card-lease container, one document per slot), so that
 * their per-app shares can sum to the budget (13 + 12 of 25, see rate-limiter.ts appShare) and the reminder
 * scheduler can work its own part of the due list first. An instance without a slot (more instances running
 * than INSTANCE_COUNT, the database unreachable, its lease lost) takes the floor share and no part.
 */
import type { CardLeases } from './card-leases.js';
import { appShare, type RateLimiter } from './rate-limiter.js';

/** The lease operations the slots need (CosmosCardLeases, or an in-memory one in tests). */
export type SlotLeases = Pick<CardLeases, 'acquire' | 'release'>;

export interface SlotOptions {
  /** How long a slot's lease lasts; it is renewed every third of it. */
  leaseMs?: number;
  /** Told the slot whenever it changes (undefined: none held). */
  onChange?: (index: number | undefined) => void;
}

/** The lease key of slot `index`. */
export function slotKey(index: number): string {
  return `instance-slot-${index}`;
}

export class InstanceSlot {
  private held: number | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly leaseMs: number;

  constructor(
    private readonly leases: SlotLeases,
    private readonly holder: string,
    readonly count: number,
    private readonly opts: SlotOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 60_000;
  }

  /** The slot held now, if any. */
  get index(): number | undefined {
    return this.held;
  }

  /** This instance's part of the work: its slot and the instance count, or undefined without a slot. */
  part(): { index: number; count: number } | undefined {
    return this.held === undefined ? undefined : { index: this.held, count: this.count };
  }

  /** Renews the slot held, or takes the first free one. A database fault leaves the instance without a slot. */
  async claim(): Promise<number | undefined> {
    let next: number | undefined;
    try {
      if (
        this.held !== undefined &&
        (await this.leases.acquire(slotKey(this.held), this.holder, this.leaseMs))
      ) {
        next = this.held;
      } else {
        for (let i = 0; i < this.count && next === undefined; i++) {
          if (await this.leases.acquire(slotKey(i), this.holder, this.leaseMs)) next = i;
        }
      }
    } catch {
      next = undefined;
    }
    if (next !== this.held) {
      this.held = next;
      this.opts.onChange?.(next);
    }
    return next;
  }

  /** Claims now and renews every third of the lease (the timer does not keep the process alive). */
  async start(): Promise<number | undefined> {
    const first = await this.claim();
    this.timer ??= setInterval(() => void this.claim(), Math.max(1_000, this.leaseMs / 3));
    this.timer.unref?.();
    return first;
  }

  /** Stops renewing and frees the slot for the next instance. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const held = this.held;
    if (held === undefined) return;
    this.held = undefined;
    this.opts.onChange?.(undefined);
    await this.leases.release(slotKey(held), this.holder).catch(() => undefined);
  }
}

/**
 * The slot that sets this instance's share of the per-app budget `total` (teamsSendsPerSecond): floor(total/N)
 * until it holds a slot, then its slot's share (the remainder to the first slots), back to the floor if lost.
 */
export function budgetSlot(
  limiter: Pick<RateLimiter, 'setAppShare'>,
  leases: SlotLeases,
  holder: string,
  count: number,
  total: number,
): InstanceSlot {
  return new InstanceSlot(leases, holder, count, {
    onChange: (index) => limiter.setAppShare(appShare(count, total, index)),
  });
}
