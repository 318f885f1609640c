import type { PreparationStore, RoundtableStore } from '../roundtable/ports.js';
import type { FollowUpStore } from './ports.js';

/**
 * Deletes practice roundtables once their `deleteAfter` has passed: every document of the
 * roundtable's partition and its reminders. Run by each reminder pass; safe on several instances
 * at once (deletes of what is already gone are ignored). No in-memory timer holds it.
 */
export class PracticeRetention {
  constructor(
    private readonly records: PreparationStore,
    private readonly roundtables: RoundtableStore,
    private readonly followUps: FollowUpStore,
  ) {}

  /** One pass: returns how many practice roundtables were deleted. */
  async sweep(now: Date): Promise<number> {
    const ids = await this.records.expiredPractice(now);
    for (const id of ids) {
      await this.followUps.deleteRemindersOf(id);
      await this.roundtables.deleteRoundtable(id);
    }
    return ids.length;
  }
}
