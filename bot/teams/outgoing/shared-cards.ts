import { errorName as name } from '../../error-name.js';
import type { Logger } from '../../log.js';
import type { CardLeases } from './card-leases.js';
import { SOLE_INSTANCE } from './card-leases.js';

/** How long an instance may hold a card's lease for one pass. */
const LEASE_MS = 15_000;

/** One card's loop: a pass runs at a time; asks during a pass mark it dirty, which makes one more pass. */
interface Loop {
  dirty: boolean;
  /** Skip the coalescing window before the next pass (a close, a summary, shutdown). */
  urgent: boolean;
  wake?: () => void;
  done: Promise<void>;
}

export interface SharedCardOptions {
  /** Brings one card up to date in Teams (reads the latest data, renders, edits the posted message). */
  pass: (roundtableId: string, slot: string) => Promise<void>;
  log: Logger;
  /** Coalescing window before a pass (ms): edits while people type into the card are gathered. */
  delayMs?: number;
  /** Card leases across instances (one instance: every lease is granted). */
  leases?: CardLeases;
  /** This instance's name in the leases. */
  instanceId?: string;
}

/**
 * Shared-card updates off the answer path: coalesced per card (one pass at a time, one more when asked
 * meanwhile), gathered over a short window, and with one updater per card across instances.
 */
export class SharedCards {
  private readonly loops = new Map<string, Loop>();
  private draining = false;
  private readonly delayMs: number;
  private readonly leases: CardLeases;
  private readonly instanceId: string;

  constructor(private readonly opts: SharedCardOptions) {
    this.delayMs = opts.delayMs ?? 0;
    this.leases = opts.leases ?? SOLE_INSTANCE;
    this.instanceId = opts.instanceId ?? 'this-instance';
  }

  /** Asks for the card to be brought up to date; returns at once (the pass runs in the background). */
  request(roundtableId: string, slot: string, urgent = false): void {
    const key = `${roundtableId}|${slot}`;
    const loop = this.loops.get(key);
    if (loop) {
      loop.dirty = true;
      if (urgent) {
        loop.urgent = true;
        loop.wake?.();
      }
      return;
    }
    const fresh: Loop = { dirty: true, urgent, done: Promise.resolve() };
    this.loops.set(key, fresh);
    fresh.done = this.run(key, fresh, roundtableId, slot).finally(() => this.loops.delete(key));
  }

  /** Resolves when no pass is pending or running; windows are cut short so that it comes soon. */
  async idle(): Promise<void> {
    while (this.loops.size > 0) {
      for (const loop of this.loops.values()) {
        loop.urgent = true;
        loop.wake?.();
      }
      await Promise.allSettled([...this.loops.values()].map((l) => l.done));
    }
  }

  /** Shutdown: no more windows, every pending pass runs now. */
  drain(): Promise<void> {
    this.draining = true;
    return this.idle();
  }

  /** Cards with a pass pending or running. */
  get pending(): number {
    return this.loops.size;
  }

  private async run(key: string, loop: Loop, roundtableId: string, slot: string): Promise<void> {
    while (loop.dirty) {
      await this.window(loop);
      loop.dirty = false;
      loop.urgent = false;
      if (!(await this.lease(key))) continue; // its holder makes the pass (and re-reads after our write)
      let again = false;
      try {
        // Edits of this card by other instances count in the thread's windows too.
        const wait = this.leases.pace?.(key) ?? 0;
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        await this.opts.pass(roundtableId, slot);
      } catch (err) {
        // The data is stored; a card that could not be updated is updated by the next change.
        this.opts.log.warn(
          { event: 'card.refresh.failed', card: key, err: name(err) },
          'card refresh failed',
        );
      } finally {
        again = await this.leases.release(key, this.instanceId).catch(() => false);
      }
      if (again) loop.dirty = true;
    }
  }

  /** Takes the card's lease; a store fault lets the pass go (a card kept current beats a rare extra edit). */
  private async lease(key: string): Promise<boolean> {
    try {
      return await this.leases.acquire(key, this.instanceId, LEASE_MS);
    } catch (err) {
      this.opts.log.warn({ event: 'card.lease.failed', card: key, err: name(err) }, 'card lease failed');
      return true;
    }
  }

  private async window(loop: Loop): Promise<void> {
    if (this.delayMs <= 0 || loop.urgent || this.draining) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.delayMs);
      loop.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    loop.wake = undefined;
  }
}
