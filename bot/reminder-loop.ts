import type { Logger } from './log.js';
import type { ReminderScheduler } from './reminders/scheduler.js';
import { inBackground } from './store/database.js';
import { errorName } from './teams/outgoing/publisher.js';

/** Runs reminder passes on an interval; a pass never overlaps the previous one. */
export function startReminderLoop(scheduler: ReminderScheduler, seconds: number, log: Logger) {
  if (seconds <= 0) return { stop: async () => {} };
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
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
      });
  }, seconds * 1000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
