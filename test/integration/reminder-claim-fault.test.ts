/**
 * A reminder pass and claims the database does not confirm (a connection dropped under the etag-guarded replace;
 * the 10,000-reminder drain met it about once per run, and once four at a time): a claim reset once is tried again
 * on another connection and taken in the same pass; one reset on both tries is put off, the pass goes on with the
 * others and a later pass sends it, once. Before, the whole pass failed and its other sends waited (#28).
 */
import assert from 'node:assert/strict';
import { people } from '../support/activities.js';
import { TestClock } from '../support/clock.js';
import { endedWithSteps } from '../support/ended-roundtable.js';
import { Harness } from '../support/harness.js';
import { type ProxiedDatabase, proxiedDatabase } from '../support/proxied-database.js';

const { caseworker: cw, supervisor: sup } = people;

describe('Reminder pass with a claim the database drops', function () {
  this.timeout(60000);
  let db: ProxiedDatabase;
  let clock: TestClock;
  let h: Harness;

  before(async () => {
    db = await proxiedDatabase();
    clock = new TestClock();
    h = await Harness.start({ now: clock.now, database: db.database });
    // Two steps due 3 Dec, one for the caseworker and one for the supervisor (the clock starts on 23 Nov).
    await endedWithSteps(h, [
      { text: 'Ask the aunt about guardianship', owner: cw, due: '2026-12-03' },
      { text: 'Book the family meeting', owner: sup, due: '2026-12-03' },
    ]);
    await h.app.scheduler.tick();
  });
  after(async () => {
    await h?.close();
    await db?.close();
  });

  const count = (who: string) => h.personalCards().get(who)?.length ?? 0;
  /** The claims of the caseworker's reminders (a claim is the replace that sets `claimedBy`). */
  const caseworkerClaim = new RegExp(`"ownerId":"${cw.id}".*"claimedBy"`);

  it('a claim whose connection is reset once is tried again and taken in the same pass; nobody gets one twice', async () => {
    clock.set('2026-11-30T14:00:00Z'); // the pre-due reminders of both steps
    const had = { cw: count(cw.id), sup: count(sup.id) };
    // The caseworker's claim is reset before the database sees it.
    db.proxy.fail({ fault: 'reset', method: 'PUT', path: /colls\/reminders\/docs\//, body: caseworkerClaim });
    const first = await h.app.scheduler.tick();
    assert.equal(db.proxy.injected.length, 1, 'one claim was dropped');
    assert.equal(first.deferred, 0, 'tried again, not put off');
    assert.equal(first.sent, 2, 'both reminders were sent in the same pass');
    const second = await h.app.scheduler.tick();
    assert.equal(second.sent, 0, 'nothing is sent again');
    assert.equal(count(cw.id) - had.cw, 1, 'the caseworker got one reminder');
    assert.equal(count(sup.id) - had.sup, 1, 'the supervisor got one reminder');
  });

  it('the write that records a reminder as sent is reset once: tried again, recorded, never sent twice', async () => {
    clock.set('2026-12-03T14:00:00Z'); // the due reminders of both steps (the pre-due ones went out above or now)
    const cards = () =>
      (h.personalCards().get(cw.id)?.length ?? 0) + (h.personalCards().get(sup.id)?.length ?? 0);
    const had = cards();
    const faults = db.proxy.injected.length;
    db.proxy.fail({
      fault: 'reset',
      method: 'PUT',
      path: /colls\/reminders\/docs\//,
      body: /"status":"sent"/,
    });
    const first = await h.app.scheduler.tick();
    assert.equal(db.proxy.injected.length - faults, 1, 'one record of a sent reminder was reset');
    assert.equal(first.failed + first.retried, 0);
    assert.ok(first.sent >= 2, `both steps' due reminders went out (${first.sent})`);
    const second = await h.app.scheduler.tick();
    assert.equal(second.sent, 0, 'nothing is sent again');
    assert.equal(cards() - had, first.sent, 'one card per reminder sent');
  });

  it('a claim reset on both tries is put off: the pass goes on, the next pass sends it; nobody gets one twice', async () => {
    // Everything up to the due day out first (when this test runs alone), then the overdue nudge to each owner.
    clock.set('2026-12-03T14:00:00Z');
    await h.app.scheduler.drain();
    clock.set('2026-12-10T14:00:00Z');
    const had = { cw: count(cw.id), sup: count(sup.id) };
    const faults = db.proxy.injected.length;
    db.proxy.fail({
      fault: 'reset',
      method: 'PUT',
      path: /colls\/reminders\/docs\//,
      body: caseworkerClaim,
      count: 2,
    });
    const first = await h.app.scheduler.tick();
    assert.equal(db.proxy.injected.length - faults, 2, 'the claim and its second try were dropped');
    assert.equal(first.deferred, 1);
    assert.ok(first.sent >= 1, 'the supervisor’s reminder was sent in the same pass');
    assert.equal(count(cw.id) - had.cw, 0);
    const second = await h.app.scheduler.tick();
    assert.ok(second.sent >= 1, 'the next pass sends the one put off');
    assert.equal(second.deferred, 0);
    assert.equal(count(cw.id) - had.cw, 1, 'the caseworker got one reminder');
    assert.equal(count(sup.id) - had.sup, first.sent + second.sent - 1, 'the supervisor none twice');
    assert.equal((await h.app.scheduler.tick()).sent, 0);
  });
});
