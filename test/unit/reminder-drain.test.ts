/**
 * The reminder drain (issue #28): instances work their own part of the due list first (few lost claims), a pass
 * fetches more when its queue runs low instead of ending, the loop runs the next pass at once when one stopped
 * with work left, and instance slots are held by lease. In memory, with a fixed clock.
 */
import assert from 'node:assert/strict';
import { startReminderLoop } from '../../bot/reminder-loop.js';
import { DueQueue, partOf } from '../../bot/reminders/due-queue.js';
import { FollowUpService } from '../../bot/reminders/follow-up.js';
import { ReminderScheduler, type ScheduledJobs, type TickResult } from '../../bot/reminders/scheduler.js';
import type { Reminder } from '../../bot/reminders/types.js';
import { DEFAULT_FOLLOW_UP, DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import { MemoryCardLeases } from '../../bot/store/memory/memory-card-leases.js';
import { MemoryDatabase } from '../../bot/store/memory/memory-database.js';
import { MemoryFollowUpStore } from '../../bot/store/memory/memory-follow-up-store.js';
import { MemoryRoundtableStore } from '../../bot/store/memory/memory-roundtable-store.js';
import { budgetSlot, InstanceSlot } from '../../bot/teams/outgoing/instance-slot.js';
import type { Window } from '../../bot/teams/outgoing/rate-limiter.js';

const NOW = new Date('2026-12-07T15:00:00Z');

/** A deterministic number source in [0, 1). */
function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

/** `people` × `each` due reminders in one in-memory store. */
async function world(people: number, each: number) {
  const database = new MemoryDatabase();
  const store = new MemoryFollowUpStore(database);
  const followUp = new FollowUpService({
    roundtables: new MemoryRoundtableStore(database),
    followUps: store,
    settings: DEFAULT_FOLLOW_UP,
    agency: DEFAULT_SETTINGS,
    now: () => NOW,
  });
  for (let p = 0; p < people; p++) {
    for (let n = 0; n < each; n++) {
      const reminder: Reminder = {
        id: `rem-${p}-${n}`,
        ownerId: `29:person-${p}`,
        roundtableId: 'rt-1',
        caseAlias: 'D.1',
        kind: 'due',
        stepId: `step-${p}-${n}`,
        dueAt: '2026-12-07T14:00:00.000Z',
        status: 'pending',
        attempts: 0,
        createdAt: '2026-12-01T10:00:00.000Z',
      };
      await store.createReminder(reminder);
    }
  }
  return { database, store, followUp };
}

/** A job that takes every reminder: records it and lets the event loop turn (sends interleave). */
function recorder(sent: string[]): ScheduledJobs {
  return {
    handles: () => true,
    run: async (r) => {
      sent.push(r.id);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return 'sent';
    },
    afterRun: async () => {},
  };
}

/** Two instances draining one store at once; their parts when `parts`. */
async function twoInstances(parts: boolean) {
  const { store, followUp } = await world(100, 5);
  const sent: string[] = [];
  const results = await Promise.all(
    [0, 1].map((index) =>
      new ReminderScheduler({
        store,
        followUp,
        delivery: { deliver: async () => 'sent', reportUnreachable: async () => {} },
        jobs: recorder(sent),
        instanceId: `i${index}`,
        now: () => NOW,
        batchSize: 100,
        concurrency: 8,
        random: seeded(index + 1),
        ...(parts ? { part: () => ({ index, count: 2 }) } : {}),
      }).drain(),
    ),
  );
  return { sent, skipped: results.reduce((n, r: TickResult) => n + r.skipped, 0) };
}

describe('reminder drain: parts, refill, loop and instance slots', () => {
  it('two instances working their own parts first send each reminder once with few lost claims', async () => {
    const random = await twoInstances(false);
    const parted = await twoInstances(true);
    for (const run of [random, parted]) {
      assert.equal(run.sent.length, 500, 'every reminder sent');
      assert.equal(new Set(run.sent).size, 500, 'none twice');
    }
    assert.ok(
      parted.skipped * 4 <= random.skipped,
      `lost claims ${parted.skipped} with parts against ${random.skipped} in random order`,
    );
    assert.ok(parted.skipped <= 50, `at most 1 in 10 (${parted.skipped} of 500)`);
  });

  it('a part holds the same people on every instance, and its own come first', () => {
    const items = Array.from({ length: 40 }, (_, i) => ({
      value: { id: `r${i}`, ownerId: `29:p${i % 10}` } as Reminder,
      etag: '',
    }));
    const queue = new DueQueue({ index: 1, count: 2 }, seeded(1));
    assert.equal(queue.add(items), 40);
    assert.equal(queue.add(items), 0, 'a reminder already queued in this pass is not added again');
    const order: { owner: string; helping: boolean }[] = [];
    for (let q = queue.next(); q; q = queue.next())
      order.push({ owner: q.found.value.ownerId, helping: q.helping });
    const firstHelp = order.findIndex((o) => o.helping);
    assert.ok(firstHelp > 0, 'own reminders first');
    assert.ok(order.slice(0, firstHelp).every((o) => partOf(o.owner, 2) === 1));
    assert.ok(order.slice(firstHelp).every((o) => o.helping && partOf(o.owner, 2) === 0));
  });

  it('a pass fetches the next due reminders when its queue runs low, until its time is up', async () => {
    const { store, followUp } = await world(7, 5);
    let fetches = 0;
    const counted = Object.assign(Object.create(store) as MemoryFollowUpStore, {
      dueReminders: (now: Date, max: number) => {
        fetches++;
        return store.dueReminders(now, max);
      },
    });
    const sent: string[] = [];
    const make = (refillForMs?: number) =>
      new ReminderScheduler({
        store: counted,
        followUp,
        delivery: { deliver: async () => 'sent', reportUnreachable: async () => {} },
        jobs: recorder(sent),
        instanceId: 'a',
        now: () => NOW,
        batchSize: 10,
        concurrency: 2,
        ...(refillForMs === undefined ? {} : { refillForMs }),
      });
    const stopped = make(0);
    const first = await stopped.tick();
    assert.equal(first.sent, 10, 'with no time to refill: one batch');
    assert.equal(stopped.morePending, true, 'and it says more is due');
    const whole = make();
    fetches = 0;
    const rest = await whole.tick();
    assert.equal(rest.sent, 25, 'one pass sends everything due, batch after batch');
    assert.equal(whole.morePending, false);
    assert.ok(fetches >= 3 && fetches <= 5, `fetched in batches of 10 (${fetches} fetches)`);
    assert.equal(new Set(sent).size, 35);
  });

  it('the loop runs the next pass at once after one that stopped with work left; stop wraps the pass up', async () => {
    const log = { info: () => {}, warn: () => {} } as unknown as Parameters<typeof startReminderLoop>[2];
    let ticks = 0;
    let wrapped = false;
    let second: () => void = () => {};
    const secondTick = new Promise<void>((resolve) => {
      second = resolve;
    });
    const scheduler = {
      morePending: false,
      tick: async (): Promise<TickResult> => {
        ticks++;
        scheduler.morePending = ticks === 1;
        if (ticks === 2) second();
        return {
          claimed: 1,
          sent: 1,
          unreachable: 0,
          retried: 0,
          failed: 0,
          skipped: 0,
          deferred: 0,
          deleted: 0,
        };
      },
      wrapUp: () => {
        wrapped = true;
      },
    };
    const loop = startReminderLoop(scheduler, 0.05, log);
    const started = Date.now();
    await secondTick;
    // The first tick comes after 50 ms; the second follows it at once, not 50 ms later.
    assert.ok(Date.now() - started < 95, `second pass at once (${Date.now() - started} ms)`);
    await loop.stop();
    assert.ok(wrapped, 'stop wraps up the pass in flight');
  });

  it('instances hold one slot each by lease: the share sums to the budget; a freed or expired slot is taken over', async () => {
    let now = 0;
    const leases = new MemoryCardLeases(new MemoryDatabase(), () => now);
    const shares: number[] = [];
    const limiter = { setAppShare: (w: Window[]) => shares.push(w[0]?.limit ?? 0) };
    const a = budgetSlot(limiter, leases, 'a', 2, 25);
    const b = new InstanceSlot(leases, 'b', 2, { leaseMs: 60_000 });
    const c = new InstanceSlot(leases, 'c', 2, { leaseMs: 60_000 });
    assert.equal(await a.claim(), 0);
    assert.deepEqual(shares, [13], 'slot 0 of 2 takes 13 of 25');
    assert.equal(await b.claim(), 1);
    assert.equal(await c.claim(), undefined, 'a third instance has no slot');
    assert.deepEqual(c.part(), undefined);
    await b.stop();
    assert.equal(await c.claim(), 1, 'a freed slot is taken');
    assert.deepEqual(c.part(), { index: 1, count: 2 });
    now += 30_000;
    assert.equal(await a.claim(), 0, 'renewed by its holder');
    now += 30_000;
    assert.equal(await c.claim(), 1);
    now += 31_000;
    assert.equal(await b.claim(), 0, "a lease not renewed in time is another's");
    assert.equal(await a.claim(), undefined, 'its old holder learns it lost it');
    assert.deepEqual(shares, [13, 12], 'and goes back to the floor share');
  });
});
