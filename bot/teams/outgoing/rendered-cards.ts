import type { AdaptiveCard } from '../../../cards/kit.js';

/**
 * How many rendered cards are kept: a phase card of a large roundtable is ~50 KB in memory, plus the view its
 * form is drawn from (~150 KB with 200 contributions). Sharing needs few: the edit pass and its refresh
 * invokes come within a few seconds of the answer.
 */
const MAX_ENTRIES = 32;
/** How long a rendered card is kept after its last use: it serves the edit pass and the refresh invokes after it. */
const KEEP_MS = 30_000;

interface Entry {
  /** Everything the card was rendered from (see `CardRenderer.card`): equal versions, the same card. */
  version: string;
  card: AdaptiveCard;
  usedAt: number;
}

/** Renders and reuses, counted (a test asserts one render per change). */
export interface RenderCounts {
  /** Phase cards rendered (a miss, or a card with a notice, which is never kept). */
  rendered: number;
  /** Phase cards served from an earlier rendering of the same version. */
  reused: number;
  /** Form messages rendered. */
  forms: number;
}

/**
 * The phase cards rendered lately, one per (roundtable, phase, read-only), each under the version it was drawn
 * from: the click's answer, the coalesced edit of the shared card and the refresh invokes it causes share one
 * rendering while nothing it shows has changed. A cache only: a miss renders, losing it costs time, never
 * correctness. A card served from it is shared: callers copy before changing it (card-tools do), and it is
 * frozen so that a change by mistake fails loudly instead of reaching another person's card.
 */
export class RenderedCards {
  private readonly entries = new Map<string, Entry>();
  readonly counts: RenderCounts = { rendered: 0, reused: 0, forms: 0 };

  constructor(private readonly clock: () => number = Date.now) {}

  /** The card kept under `slot` when it was rendered from `version`; else `render()`, kept. */
  get(slot: string, version: string, render: () => AdaptiveCard): AdaptiveCard {
    const now = this.clock();
    const kept = this.entries.get(slot);
    if (kept && kept.version === version && now - kept.usedAt <= KEEP_MS) {
      kept.usedAt = now;
      // Most recently used last: the oldest is dropped first.
      this.entries.delete(slot);
      this.entries.set(slot, kept);
      this.counts.reused++;
      return kept.card;
    }
    const card = deepFreeze(render());
    this.counts.rendered++;
    this.entries.delete(slot);
    this.entries.set(slot, { version, card, usedAt: now });
    this.evict(now);
    return card;
  }

  /** Counts a card rendered without keeping it (a notice on it, or a phase whose card reads the clock). */
  once(render: () => AdaptiveCard): AdaptiveCard {
    this.counts.rendered++;
    return render();
  }

  /** Cards kept now. */
  get size(): number {
    return this.entries.size;
  }

  private evict(now: number): void {
    for (const [slot, entry] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && now - entry.usedAt <= KEEP_MS) break;
      this.entries.delete(slot);
    }
  }
}

/** Freezes a card and everything in it (plain JSON data). */
function deepFreeze<T>(node: T): T {
  if (typeof node !== 'object' || node === null || Object.isFrozen(node)) return node;
  for (const value of Object.values(node)) deepFreeze(value);
  return Object.freeze(node);
}

/** One cache per app (its domain context), shared by the renderers of every turn and of the update passes. */
const PER_APP = new WeakMap<object, RenderedCards>();

/** The rendered cards of the app whose domain context is `owner`. */
export function renderedCardsOf(owner: object): RenderedCards {
  let cards = PER_APP.get(owner);
  if (!cards) {
    cards = new RenderedCards();
    PER_APP.set(owner, cards);
  }
  return cards;
}
