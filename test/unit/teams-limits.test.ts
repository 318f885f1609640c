/**
 * The pieces that keep the bot within Teams' limits, on a virtual clock: the limiter's windows, the
 * retry policy, and the shared-card loop (coalescing, window, one more pass when asked meanwhile).
 */
import assert from 'node:assert/strict';
import { createLogger } from '../../bot/log.js';
import type { CardLeases } from '../../bot/teams/outgoing/card-leases.js';
import {
  APP_BUDGET_PER_SECOND,
  appShare,
  PER_CONVERSATION,
  RateLimiter,
  threadShare,
} from '../../bot/teams/outgoing/rate-limiter.js';
import { type RetryPolicy, retryDelayMs, sendWithRetry } from '../../bot/teams/outgoing/sender.js';
import { SharedCards } from '../../bot/teams/outgoing/shared-cards.js';

/** A virtual clock: sleeping advances it. */
function virtualClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

/** The most times in any window of `ms`. */
function peak(times: number[], ms: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= ms) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

function teamsError(status: number, retryAfter?: string) {
  return Object.assign(new Error(`HTTP ${status}`), {
    statusCode: status,
    response: { headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } },
  });
}

describe("Teams' limits: limiter, retries, shared-card loop", () => {
  it('keeps every per-thread window, the 8 per 2 s one included', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ...clock, global: [{ limit: 1000, ms: 1000 }] });
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      await limiter.acquire('19:thread');
      times.push(clock.now());
    }
    assert.ok(
      PER_CONVERSATION.some((w) => w.limit === 8 && w.ms === 2_000),
      'the 8/2 s window is listed',
    );
    for (const w of PER_CONVERSATION) assert.ok(peak(times, w.ms) <= w.limit, `${w.limit}/${w.ms} ms`);
    assert.equal(peak(times, 2_000), 8);
  });

  it("takes this instance's share of the per-app budget: 25/N per second (under 30 in total)", async () => {
    assert.deepEqual(appShare(1), [{ limit: APP_BUDGET_PER_SECOND, ms: 1000 }]);
    assert.ok(APP_BUDGET_PER_SECOND < 30, 'the default total stays under the older documented 30/s');
    assert.deepEqual(appShare(2), [{ limit: 12, ms: 1000 }]);
    assert.deepEqual(
      appShare(3, 50),
      [{ limit: 16, ms: 1000 }],
      'TEAMS_SENDS_PER_SECOND=50 raises the total',
    );
    assert.deepEqual(appShare(1, 10), [{ limit: 10, ms: 1000 }], 'TEAMS_SENDS_PER_SECOND lowers it');
    const clock = virtualClock();
    const limiter = new RateLimiter({ ...clock, global: appShare(2) });
    const times: number[] = [];
    for (let i = 0; i < 100; i++) {
      await limiter.acquire(i % 2 ? undefined : `19:t${i}`);
      times.push(clock.now());
    }
    assert.equal(peak(times, 1000), 12);
  });

  it('a margin widens every per-thread window (not the per-app share)', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ ...clock, marginMs: 100 });
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      await limiter.acquire('19:thread');
      times.push(clock.now());
    }
    assert.ok(peak(times, 1_100) <= 7);
    assert.ok(peak(times, 2_100) <= 8);
    const app = new RateLimiter({ ...clock, marginMs: 100, global: [{ limit: 20, ms: 1000 }] });
    const appTimes: number[] = [];
    for (let i = 0; i < 60; i++) {
      await app.acquire(`19:t${i}`);
      appTimes.push(clock.now());
    }
    assert.equal(peak(appTimes, 1000), 20);
  });

  it('retries 412, 429, 502, 503, 504 (honouring Retry-After, with jitter), not 400; 403/404 are unreachable', async () => {
    const waits: number[] = [];
    const policy: RetryPolicy = {
      attempts: 4,
      maxWaitMs: 30_000,
      baseDelayMs: 100,
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
    };
    for (const status of [412, 429, 502, 503, 504]) {
      let calls = 0;
      const result = await sendWithRetry(async () => {
        calls++;
        if (calls < 3) throw teamsError(status);
        return 'ok';
      }, policy);
      assert.equal(result, 'ok');
      assert.equal(calls, 3, `${status} is retried`);
    }
    let bad = 0;
    await assert.rejects(
      sendWithRetry(async () => {
        bad++;
        throw teamsError(400);
      }, policy),
    );
    assert.equal(bad, 1, '400 is not retried');
    await assert.rejects(
      sendWithRetry(async () => {
        throw teamsError(404);
      }, policy),
      { name: 'RecipientUnavailable' },
    );
    // Retry-After is honoured (20 s), plus a little jitter; without it, exponential backoff with jitter.
    assert.equal(retryDelayMs(teamsError(429, '20'), 1, policy), 20_000 + 25);
    assert.equal(retryDelayMs(teamsError(503), 3, policy), 400 + 100);
    // A before-hook (the limiter) runs before every attempt.
    let slots = 0;
    let tries = 0;
    await sendWithRetry(
      async () => {
        tries++;
        if (tries < 2) throw teamsError(502);
      },
      policy,
      async () => {
        slots++;
      },
    );
    assert.equal(slots, 2);
  });

  it('coalesces a card: asks during a pass make exactly one more pass; different cards run apart', async () => {
    const passes: string[] = [];
    let release: () => void = () => undefined;
    let gate = new Promise<void>((r) => {
      release = r;
    });
    const cards = new SharedCards({
      log: createLogger('silent'),
      pass: async (rt, slot) => {
        passes.push(`${rt}|${slot}`);
        await gate;
      },
    });
    cards.request('rt-1', 'brainstorm');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(passes, ['rt-1|brainstorm']);
    for (let i = 0; i < 10; i++) cards.request('rt-1', 'brainstorm');
    cards.request('rt-2', 'brainstorm');
    gate = Promise.resolve();
    release();
    await cards.idle();
    assert.deepEqual(passes.sort(), ['rt-1|brainstorm', 'rt-1|brainstorm', 'rt-2|brainstorm']);
  });

  it('gathers edits over the window; an urgent ask (a close) and idle() cut it short', async () => {
    let passes = 0;
    const cards = new SharedCards({
      log: createLogger('silent'),
      delayMs: 60_000,
      pass: async () => {
        passes++;
      },
    });
    for (let i = 0; i < 5; i++) cards.request('rt-1', 'brainstorm');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(passes, 0, 'still gathering');
    cards.request('rt-1', 'brainstorm', true);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(passes, 1, 'the urgent ask ran at once, with the gathered ones');
    cards.request('rt-1', 'clarify');
    await cards.idle();
    assert.equal(passes, 2);
  });

  it('with a lease held elsewhere, this instance leaves the pass to the holder; a dirty release makes one more', async () => {
    const log: string[] = [];
    let held = true;
    let dirtyOnce = true;
    const leases: CardLeases = {
      acquire: async (card) => {
        log.push(`acquire ${card} ${held ? 'lost' : 'won'}`);
        return !held;
      },
      release: async () => {
        const dirty = dirtyOnce;
        dirtyOnce = false;
        return dirty;
      },
    };
    let passes = 0;
    const cards = new SharedCards({
      log: createLogger('silent'),
      leases,
      pass: async () => {
        passes++;
      },
    });
    cards.request('rt-1', 'brainstorm');
    await cards.idle();
    assert.equal(passes, 0, 'the holder makes the pass');
    held = false;
    cards.request('rt-1', 'brainstorm');
    await cards.idle();
    assert.equal(passes, 2, 'another instance asked meanwhile: one more pass');
    assert.deepEqual(log, [
      'acquire rt-1|brainstorm lost',
      'acquire rt-1|brainstorm won',
      'acquire rt-1|brainstorm won',
    ]);
  });

  it('with N instances each keeps 1/N of every per-thread window, so together they stay within Teams’', () => {
    assert.deepEqual(
      threadShare(2).map((w) => `${w.limit}/${w.ms}`),
      ['3/1000', '4/2000', '30/30000', '900/3600000'],
    );
    assert.deepEqual(threadShare(1), PER_CONVERSATION);
  });
});
