import assert from 'node:assert/strict';
import type { CardLeases } from '../../bot/teams/outgoing/card-leases.js';
import { uid } from './fixtures.js';

/** The CardLeases contract (one updater per shared card across instances): every implementation passes it. */
export function describeCardLeases(
  name: string,
  makeLeases: (now: () => number) => Promise<CardLeases>,
): void {
  describe(`CardLeases contract: ${name}`, () => {
    it('one holder at a time; a loser marks the card dirty; release tells the holder; an expired lease is free', async () => {
      let now = 1_000;
      const leases = await makeLeases(() => now);
      const [card, other, raced] = [uid('rt'), uid('rt'), uid('rt')].map((rt) => `${rt}|brainstorm`) as [
        string,
        string,
        string,
      ];
      assert.equal(await leases.acquire(card, 'a', 10_000), true);
      assert.equal(await leases.acquire(card, 'b', 10_000), false, 'held by a');
      assert.equal(await leases.acquire(other, 'b', 10_000), true, 'another card is apart');
      assert.equal(await leases.release(card, 'a'), true, 'b asked for a pass meanwhile');
      assert.equal(await leases.acquire(card, 'b', 10_000), true, 'released: b takes it');
      assert.equal(await leases.release(card, 'b'), false, 'nobody asked');
      assert.equal(await leases.acquire(card, 'a', 10_000), true);
      now += 10_001;
      assert.equal(await leases.acquire(card, 'b', 10_000), true, 'a expired lease is free');
      assert.equal(await leases.release(card, 'a'), false, 'a no longer holds it');
      const both = await Promise.all([
        leases.acquire(raced, 'a', 10_000),
        leases.acquire(raced, 'b', 10_000),
      ]);
      assert.equal(both.filter(Boolean).length, 1, 'two instances at once: exactly one holder');
    });

    it("paces a holder by the card's recent edits, whichever instance made them", async () => {
      let now = 100_000;
      const leases = await makeLeases(() => now);
      assert.ok(leases.pace, 'shared leases pace their holders');
      const card = `${uid('rt')}|plan`;
      // Seven edits within a second (Teams' first window), each by a pass that held the lease.
      for (let i = 0; i < 7; i++) {
        assert.equal(await leases.acquire(card, i % 2 ? 'a' : 'b', 5_000), true);
        await leases.release(card, i % 2 ? 'a' : 'b');
        now += 100;
      }
      assert.equal(await leases.acquire(card, 'c', 5_000), true);
      const wait = leases.pace(card);
      assert.ok(wait > 0 && wait <= 1_100, `the eighth edit waits for the 1 s window (${wait} ms)`);
      now += 31_000;
      await leases.release(card, 'c');
      assert.equal(await leases.acquire(card, 'a', 5_000), true);
      assert.equal(leases.pace(card), 0, 'edits older than the windows do not count');
    });
  });
}
