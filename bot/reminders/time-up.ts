/**
 * A phase's time box running out is said in the chat once, even when nobody acts then: every scheduler pass asks
 * the store which active roundtables have a time box that ended and was not said yet, and redraws their phase card;
 * the redraw posts the line once (a flag on the roundtable document, claimed under its etag: phases.ts `timeUpDue`).
 * A pass that finds none costs one query; nothing is armed per time box and nothing lives in a timer.
 */
import type { Logger } from '../log.js';
import type { RoundtableStore } from '../roundtable/ports.js';

export class TimeUpSweep {
  constructor(
    private readonly deps: {
      roundtables: Pick<RoundtableStore, 'timeBoxesRunOut'>;
      /** Redraws the roundtable's current phase card (which posts the line once) and waits for it. */
      redraw: (roundtableId: string) => Promise<void>;
      log: Logger;
    },
  ) {}

  /** Never fails the pass: the reminders of the pass go out whatever happens here (the next pass tries again). */
  async run(now: Date): Promise<void> {
    try {
      for (const id of await this.deps.roundtables.timeBoxesRunOut(now)) await this.deps.redraw(id);
    } catch (err) {
      this.deps.log.warn(
        { event: 'time-up.sweep-failed', err: (err as Error)?.name },
        'time boxes not checked',
      );
    }
  }
}
