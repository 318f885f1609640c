import type { Container, Database } from '@azure/cosmos';
import type { CONTAINERS } from './cosmos-documents.js';

/** A card's lease: who updates it until when, and whether someone asked for one more pass. */
interface LeaseDoc {
  id: string;
  type: 'card-lease';
  holder: string;
  /** Epoch ms; an expired lease is free (its holder died or is slow). */
  until: number;
  dirty: boolean;
  /** Epoch ms of the card's recent edits (last 30 s), by whichever instance held the lease. */
  edits?: number[];
  _etag?: string;
}

/** Teams' per-thread windows (7/1 s, 8/2 s, 60/30 s), each widened by 100 ms for travel time. */
const WINDOWS = [
  { limit: 7, ms: 1_100 },
  { limit: 8, ms: 2_100 },
  { limit: 60, ms: 30_100 },
];

const ATTEMPTS = 5;

/** Leases live beside the other small by-id documents (partition key `/id`). */
const LEASE_CONTAINER: keyof typeof CONTAINERS = 'programme';

function status(err: unknown): number | undefined {
  const code = (err as { code?: unknown; statusCode?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Card leases as one small document per card in the `programme` container (partition `/id`), changed
 * only under its etag (If-Match), so two instances can never both hold one.
 */
export class CosmosCardLeases {
  private readonly container: Container;
  /** The edit times read with each lease we hold. */
  private readonly held = new Map<string, number[]>();
  constructor(
    database: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.container = database.container(LEASE_CONTAINER);
  }

  /** Takes the lease for `ms` when it is free, expired or already ours; else marks the card dirty for its holder. */
  async acquire(card: string, holder: string, ms: number): Promise<boolean> {
    const id = leaseId(card);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await this.read(id);
      const now = this.now();
      if (!current) {
        if (await this.create({ id, type: 'card-lease', holder, until: now + ms, dirty: false })) return true;
        continue;
      }
      const free = current.until <= now || current.holder === holder;
      const edits = (current.edits ?? []).filter((t) => t > now - 31_000);
      const next: LeaseDoc = free
        ? { id, type: 'card-lease', holder, until: now + ms, dirty: false, edits }
        : { ...strip(current), dirty: true };
      if (await this.replace(next, current._etag ?? '')) {
        if (free) this.held.set(card, edits);
        return free;
      }
    }
    return false;
  }

  /** Frees the lease if we hold it; true when another instance marked it dirty meanwhile. */
  async release(card: string, holder: string): Promise<boolean> {
    const id = leaseId(card);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await this.read(id);
      if (!current || current.holder !== holder) return current?.dirty ?? false;
      // The pass that held the lease edited the card once: record it for the next holder's pacing.
      const edits = [...(current.edits ?? []), this.now()].filter((t) => t > this.now() - 31_000);
      this.held.delete(card);
      const freed: LeaseDoc = { ...strip(current), until: 0, dirty: false, edits };
      if (await this.replace(freed, current._etag ?? '')) return current.dirty;
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

  private async read(id: string): Promise<LeaseDoc | undefined> {
    try {
      const { resource } = await this.container.item(id, id).read<LeaseDoc>();
      return resource ?? undefined;
    } catch (err) {
      if (status(err) === 404) return undefined;
      throw err;
    }
  }

  private async create(doc: LeaseDoc): Promise<boolean> {
    try {
      await this.container.items.create(doc);
      return true;
    } catch (err) {
      if (status(err) === 409) return false;
      throw err;
    }
  }

  private async replace(doc: LeaseDoc, etag: string): Promise<boolean> {
    try {
      await this.container.item(doc.id, doc.id).replace(doc, {
        accessCondition: { type: 'IfMatch', condition: etag },
      });
      return true;
    } catch (err) {
      if (status(err) === 412 || status(err) === 404) return false;
      throw err;
    }
  }
}

function leaseId(card: string): string {
  return `card-lease|${card}`;
}

function strip(doc: LeaseDoc): LeaseDoc {
  return {
    id: doc.id,
    type: 'card-lease',
    holder: doc.holder,
    until: doc.until,
    dirty: doc.dirty,
    edits: doc.edits ?? [],
  };
}
