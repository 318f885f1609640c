import { type PreparationStore, type RoundtableStore, StoreUnavailable } from '../roundtable/ports.js';
import { draftPartitionsOf } from '../roundtable/preparation.js';
import type { FollowUpStore } from './ports.js';

/**
 * Deletes practice roundtables once their `deleteAfter` has passed: every document of the
 * roundtable's partition and its reminders. Run by each reminder pass; safe on several instances
 * at once (deletes of what is already gone are ignored). No in-memory timer holds it.
 */
export class PracticeRetention {
  /** The UTC day this instance last ran the housekeeping (a throttle only: the deletions are idempotent). */
  private housekept = '';

  constructor(
    private readonly records: PreparationStore,
    private readonly roundtables: RoundtableStore,
    private readonly followUps: FollowUpStore,
    /** The daily pass over every other kind of document (bot/roundtable/retention-rules.ts), once a day. */
    private readonly housekeeping?: { sweep(now: Date): Promise<unknown> },
  ) {}

  /** One pass: returns how many practice roundtables were deleted (and, once a day, runs the housekeeping). */
  async sweep(now: Date): Promise<number> {
    const today = now.toISOString().slice(0, 10);
    if (this.housekeeping && this.housekept !== today) {
      try {
        await this.housekeeping.sweep(now);
        this.housekept = today;
      } catch (err) {
        // The store is busy: the next pass tries again; the practice clean-up below still runs.
        if (!(err instanceof StoreUnavailable)) throw err;
      }
    }
    const ids = await this.records.expiredPractice(now);
    let deleted = 0;
    for (const id of ids) {
      const rt = (await this.roundtables.getRoundtable(id))?.value;
      // A legal hold stops retention, practice included.
      if (rt?.legalHold) continue;
      // Drafts its people kept for the practice alias go with it.
      for (const partition of rt ? draftPartitionsOf(rt) : []) {
        if (await this.records.getPreparation(partition)) await this.records.deletePreparation(partition);
      }
      await this.followUps.deleteRemindersOf(id);
      await this.roundtables.deleteRoundtable(id);
      deleted++;
    }
    return deleted;
  }
}
