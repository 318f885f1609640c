import { EtagConflict } from '../../roundtable/ports.js';
import type { MemoryContainer, MemoryDatabase } from './memory-database.js';

/** A card's lease: who updates it until when, and whether someone asked for one more pass. */
interface Lease {
  id: string;
  type: 'card-lease';
  holder: string;
  /** Epoch ms; an expired lease is free. */
  until: number;
  dirty: boolean;
  /** Epoch ms of the card's recent edits (last 30 s). */
  edits: number[];
}

/** Teams' per-thread windows (7/1 s, 8/2 s, 60/30 s), each widened by 100 ms, as bot/store/cosmos-card-lease.ts. */
const WINDOWS = [
  { limit: 7, ms: 1_100 },
  { limit: 8, ms: 2_100 },
  { limit: 60, ms: 30_100 },
];

const ATTEMPTS = 5;

/**
 * Card leases in memory (the CardLeases port of bot/teams/outgoing/card-leases.ts), one document per card in the
 * shared database's `programme` container changed only under its etag, as CosmosCardLeases does: apps on
 * one MemoryDatabase never both hold a card.
 */
export class MemoryCardLeases {
  private readonly container: MemoryContainer;
  private readonly held = new Map<string, number[]>();

  constructor(
    database: MemoryDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.container = database.container('programme');
  }

  /** Takes the lease for `ms` when it is free, expired or already ours; else marks the card dirty for its holder. */
  async acquire(card: string, holder: string, ms: number): Promise<boolean> {
    const id = `card-lease|${card}`;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = this.container.read<Lease>(id, id);
      const now = this.now();
      if (!current) {
        const lease: Lease = { id, type: 'card-lease', holder, until: now + ms, dirty: false, edits: [] };
        if (this.container.create(id, { ...lease })) return true;
        continue;
      }
      const free = current.value.until <= now || current.value.holder === holder;
      const edits = current.value.edits.filter((t) => t > now - 31_000);
      const next: Lease = free
        ? { id, type: 'card-lease', holder, until: now + ms, dirty: false, edits }
        : { ...current.value, dirty: true };
      if (this.replace(next, current.etag)) {
        if (free) this.held.set(card, edits);
        return free;
      }
    }
    return false;
  }

  /** Frees the lease if we hold it; true when another instance marked it dirty meanwhile. */
  async release(card: string, holder: string): Promise<boolean> {
    const id = `card-lease|${card}`;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = this.container.read<Lease>(id, id);
      if (!current || current.value.holder !== holder) return current?.value.dirty ?? false;
      const now = this.now();
      const edits = [...current.value.edits, now].filter((t) => t > now - 31_000);
      this.held.delete(card);
      if (this.replace({ ...current.value, until: 0, dirty: false, edits }, current.etag))
        return current.value.dirty;
    }
    return true;
  }

  /** Ms to wait so that one more edit keeps every thread window, given the edits recorded in the lease. */
  pace(card: string): number {
    const edits = this.held.get(card) ?? [];
    const now = this.now();
    let wait = 0;
    for (const w of WINDOWS) {
      const oldest = edits[edits.length - w.limit];
      if (oldest !== undefined && oldest > now - w.ms) wait = Math.max(wait, oldest + w.ms - now);
    }
    return wait;
  }

  private replace(lease: Lease, etag: string): boolean {
    try {
      this.container.write(lease.id, { ...lease }, etag, 'card lease');
      return true;
    } catch (err) {
      if (err instanceof EtagConflict) return false;
      throw err;
    }
  }
}
