/**
 * The order in which one instance works the due reminders of a pass (bot/reminders/scheduler.ts). Instances
 * read the same due list; a reminder two of them try is claimed by one and costs the other a lost claim (a
 * conditional replace answered 412, never a send). With its part (slot `index` of `count`), an instance works
 * its own people's reminders first in a fixed order, then helps with the others' from the far end of that same
 * order, and stops helping at the first lost claim (it met their owner). Without a part: a random order.
 */
import type { Versioned } from '../roundtable/ports.js';
import type { Reminder } from './types.js';

/** FNV-1a, 32 bits: the same number for the same text on every instance. */
export function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The slot whose part holds this person's reminders. */
export function partOf(ownerId: string, count: number): number {
  return textHash(ownerId) % Math.max(1, count);
}

export interface Queued {
  found: Versioned<Reminder>;
  /** True for another instance's part (a lost claim there means its owner got this far). */
  helping: boolean;
}

export class DueQueue {
  private readonly own: Versioned<Reminder>[] = [];
  private help: Versioned<Reminder>[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly part: { index: number; count: number } | undefined,
    private readonly random: () => number,
    private readonly shuffled = true,
  ) {}

  get size(): number {
    return this.own.length + this.help.length;
  }

  /** Adds the reminders not seen before in this pass; returns how many. */
  add(items: Versioned<Reminder>[]): number {
    const fresh = items.filter((r) => !this.seen.has(r.value.id));
    for (const r of fresh) this.seen.add(r.value.id);
    const part = this.part;
    if (!part || part.count <= 1) {
      this.own.push(...(this.shuffled ? shuffle(fresh, this.random) : fresh));
      return fresh.length;
    }
    const order = (r: Versioned<Reminder>) => textHash(r.value.id);
    const mine = fresh.filter((r) => partOf(r.value.ownerId, part.count) === part.index);
    const others = fresh.filter((r) => partOf(r.value.ownerId, part.count) !== part.index);
    this.own.push(...mine.sort((a, b) => order(a) - order(b)));
    this.help.push(...others.sort((a, b) => order(b) - order(a)));
    return fresh.length;
  }

  /** The next reminder to try: this instance's own first. */
  next(): Queued | undefined {
    const own = this.own.shift();
    if (own) return { found: own, helping: false };
    const help = this.help.shift();
    return help ? { found: help, helping: true } : undefined;
  }

  /** A claim in another's part was lost: its owner works there, the rest is theirs (a later fetch shows what is left). */
  metOwner(): void {
    this.help = [];
  }
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
