import { errorName } from './error-name.js';
import type { Logger } from './log.js';
import type { ReminderScheduler } from './reminders/scheduler.js';
import { inBackground } from './store/database.js';

/**
 * Runs reminder passes on an interval; a pass never overlaps the previous one. A pass that stopped fetching with
 * reminders still due (a backlog longer than its time) is followed by the next at once, not a tick later.
 */
export function startReminderLoop(
  scheduler: Pick<ReminderScheduler, 'tick' | 'wrapUp' | 'morePending'>,
  seconds: number,
  log: Logger,
) {
  if (seconds <= 0) return { stop: async () => {} };
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const pass = () => {
    if (busy || stopped) return;
    busy = true;
    // Background work: Cosmos DB throttling is retried with the longer policy (bot/store/database.ts).
    running = inBackground(() => scheduler.tick())
      .then((r) => {
        if (r.claimed > 0 || r.deleted > 0) log.info({ event: 'reminders.tick', ...r }, 'reminders sent');
      })
      .catch((err) =>
        log.warn({ event: 'reminders.tick.failed', err: errorName(err) }, 'reminder pass failed'),
      )
      .finally(() => {
        busy = false;
        if (scheduler.morePending && !stopped) setTimeout(pass, 0).unref();
      });
  };
  const timer = setInterval(pass, seconds * 1000);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      // The pass in flight stops fetching more; what it claimed still finishes and is recorded.
      scheduler.wrapUp();
      await running;
    },
  };
}
