/** The per-app share sent evenly (issue #28): a quarter of it per quarter window, at the same rate. */
import assert from 'node:assert/strict';
import { appShare, RateLimiter } from '../../bot/teams/outgoing/rate-limiter.js';

function peak(times: number[], ms: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= ms) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('rate limiter: the per-app share spread over its window', () => {
  it('sends a spread share evenly (at most a quarter per 250 ms) at the full rate', async () => {
    let now = 0;
    const limiter = new RateLimiter({
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
      global: appShare(2),
      spread: 4,
    });
    const times: number[] = [];
    for (let i = 0; i < 120; i++) {
      await limiter.acquire();
      times.push(now);
    }
    assert.equal(peak(times, 1_000), 12, '12 per second: the share');
    assert.equal(peak(times, 250), 3, 'a quarter of it per 250 ms');
    assert.ok((times.at(-1) ?? 0) < 10_000, `120 sends in under 10 s (${times.at(-1)} ms): the rate is kept`);
  });
});
