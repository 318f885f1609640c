/**
 * The per-app share paced on a schedule (issue #28): instances whose shares sum to the budget stay within it
 * in every sliding second at Teams' end, on a simulated clock with late wake-ups and travel jitter.
 */
import assert from 'node:assert/strict';
import { APP_PACE, appShare, RateLimiter } from '../../bot/teams/outgoing/rate-limiter.js';

/** The most times in any window of `ms` (times sorted). */
function peak(times: number[], ms: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= ms) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** A deterministic number source in [0, 1). */
function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

/**
 * A simulated clock shared by several limiters: `sleep` wakes up to `lateMs` late (a busy event loop), and
 * `run` advances time from timer to timer until `until`.
 */
function simulation(lateMs: number, random: () => number) {
  let now = 0;
  const timers: { at: number; wake: () => void }[] = [];
  return {
    now: () => now,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        timers.push({ at: now + ms + random() * lateMs, wake });
      }),
    async run(until: number): Promise<void> {
      for (;;) {
        await new Promise((r) => setImmediate(r));
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > until) return;
        timers.shift();
        now = Math.max(now, next.at);
        next.wake();
      }
    },
  };
}

/**
 * Two instances, each always with work (4 senders waiting), for `seconds`; each request reaches Teams after
 * up to `travelMs`. Returns the arrival times at Teams, sorted.
 */
async function twoInstances(
  make: (index: number, clock: { now: () => number; sleep: (ms: number) => Promise<void> }) => RateLimiter,
  seconds: number,
  lateMs: number,
  travelMs: number,
): Promise<number[]> {
  const random = seeded(7);
  const sim = simulation(lateMs, random);
  const arrivals: number[] = [];
  const limiters = [0, 1].map((i) => make(i, sim));
  let stop = false;
  const senders = limiters.flatMap((limiter) =>
    Array.from({ length: 4 }, async () => {
      while (!stop) {
        await limiter.acquire();
        if (!stop) arrivals.push(sim.now() + random() * travelMs);
      }
    }),
  );
  await sim.run(seconds * 1000);
  stop = true;
  await sim.run(Number.POSITIVE_INFINITY);
  await Promise.all(senders);
  return arrivals.filter((t) => t <= seconds * 1000).sort((a, b) => a - b);
}

describe('rate limiter: the per-app share paced on a schedule', () => {
  it('gives the remainder of the budget to the first slots: the shares sum to it (13 + 12 of 25)', () => {
    assert.deepEqual(appShare(2, 25, 0), [{ limit: 13, ms: 1000 }]);
    assert.deepEqual(appShare(2, 25, 1), [{ limit: 12, ms: 1000 }]);
    assert.deepEqual(
      [0, 1, 2].map((i) => appShare(3, 25, i)[0]?.limit),
      [9, 8, 8],
    );
    assert.deepEqual(appShare(2), [{ limit: 12, ms: 1000 }], 'without a slot: floor(25/2)');
    assert.deepEqual(appShare(2, 25, 5), [{ limit: 12, ms: 1000 }], 'a slot outside 0..N-1 gets no extra');
  });

  it('two paced instances (13 + 12) never exceed 25 in any second at Teams, and send ≥ 95 % of 25/s', async () => {
    const arrivals = await twoInstances(
      (i, clock) => new RateLimiter({ ...clock, global: appShare(2, 25, i), pace: APP_PACE }),
      60,
      10,
      20,
    );
    assert.ok(peak(arrivals, 1_000) <= 25, `at most 25 in any second (saw ${peak(arrivals, 1_000)})`);
    const rate = arrivals.length / 60;
    assert.ok(rate >= 0.95 * 25, `≥ 23.75/s (saw ${rate.toFixed(2)}/s)`);
  });

  it('the quarter-spread shares (12 + 12) arrive up to 30 in one second with the same jitter', async () => {
    const arrivals = await twoInstances(
      (_, clock) => new RateLimiter({ ...clock, global: appShare(2), spread: 4 }),
      60,
      10,
      20,
    );
    assert.ok(peak(arrivals, 1_000) > 25, `the old pacing bunches (saw ${peak(arrivals, 1_000)})`);
  });

  it('a paced instance keeps its share in every second of its own sends, and its rate', async () => {
    let now = 0;
    const limiter = new RateLimiter({
      now: () => now,
      sleep: async (ms) => {
        now += ms + APP_PACE.slackMs / 2; // every wake-up late, within the slack: the schedule holds
      },
      global: appShare(2, 25, 0),
      pace: APP_PACE,
    });
    const times: number[] = [];
    for (let i = 0; i < 260; i++) {
      await limiter.acquire();
      times.push(now);
    }
    assert.ok(peak(times, 1_000) <= 13, `≤ 13 in any second (saw ${peak(times, 1_000)})`);
    const interval = (1_000 + APP_PACE.marginMs) / 13;
    const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
    assert.ok(span <= 259 * interval + 10, `late wake-ups do not slow the schedule (${span} ms)`);
  });

  it('a changed share applies at once and the sends already made still count', async () => {
    let now = 0;
    const limiter = new RateLimiter({
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
      global: appShare(2, 25),
      pace: APP_PACE,
    });
    const times: number[] = [];
    for (let i = 0; i < 24; i++) {
      await limiter.acquire();
      times.push(now);
    }
    limiter.setAppShare(appShare(2, 25, 0));
    for (let i = 0; i < 39; i++) {
      await limiter.acquire();
      times.push(now);
    }
    assert.ok(peak(times, 1_000) <= 13, `≤ 13 in any second across the change (saw ${peak(times, 1_000)})`);
    const after = times.slice(24);
    const gap = ((after.at(-1) ?? 0) - (after[0] ?? 0)) / (after.length - 1);
    const interval = (1_000 + APP_PACE.marginMs) / 13;
    assert.ok(
      Math.abs(gap - interval) < 1,
      `paced at 13 per second and margin after the change (${gap} ms apart)`,
    );
  });
});
