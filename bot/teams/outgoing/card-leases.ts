/**
 * One updater per shared card across instances: before a pass edits a card in Teams, its instance takes
 * the card's lease; an instance that finds it held asks the holder for one more pass instead.
 */
export interface CardLeases {
  /** Takes the card's lease for `ms` (true), or asks its current holder for one more pass (false). */
  acquire(card: string, holder: string, ms: number): Promise<boolean>;
  /** Gives the lease back; true when another instance asked for a pass while it was held. */
  release(card: string, holder: string): Promise<boolean>;
  /**
   * Ms to wait before editing the card so that its edits by every instance keep the thread's windows
   * (the lease document carries the card's recent edit times); 0 when nothing is shared.
   */
  pace?(card: string): number;
}

/** One instance: this instance's own per-card loop is the only updater, so every lease is granted. */
export const SOLE_INSTANCE: CardLeases = {
  acquire: async () => true,
  release: async () => false,
};
