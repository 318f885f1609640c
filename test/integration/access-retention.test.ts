/**
 * The access log's retention through the real scheduler and the Cosmos-compatible server: the daily housekeeping
 * pass (bot/reminders/access-retention.ts) removes entries older than AUDIT_RETENTION_DAYS and keeps the rest,
 * once a UTC day. Deleting a roundtable is tested in access-log-pipeline.test.ts.
 */
import assert from 'node:assert/strict';
import { accessEntry } from '../../bot/roundtable/access-log.js';
import { CosmosAccessLog } from '../../bot/store/cosmos-access-log.js';
import { TestClock } from '../support/clock.js';
import { Harness } from '../support/harness.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const DAY = 86_400_000;

describe('access log retention (the scheduler, Cosmos-compatible server)', function () {
  this.timeout(60000);
  let h: Harness;
  let clock: TestClock;
  before(async () => {
    clock = new TestClock();
    h = await Harness.start({ now: clock.now, env: { AUDIT_RETENTION_DAYS: '30' } });
  });
  after(async () => {
    await h?.close();
  });

  it('access retention: the daily pass purges entries older than AUDIT_RETENTION_DAYS, keeps newer ones, and runs again the next day', async () => {
    const log = new CosmosAccessLog(h.database.database, { retentionDays: 30 });
    const now = clock.now();
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
    const entry = (daysAgo: number) =>
      accessEntry({
        actor: { id: '00000000-0000-4000-8000-000000000002', tenantId: TENANT },
        route: 'GET /api/tab/board',
        kind: 'read',
        roundtable: { id: 'rt-retention', caseAlias: 'R.T.' },
        at: at(daysAgo),
      });
    const old = entry(40);
    const recent = entry(2);
    await log.append(old);
    await log.append(recent);
    const ids = async () => {
      const { resources } = await h.database.database
        .container('access-log')
        .items.query<{ id: string }>('SELECT c.id FROM c')
        .fetchAll();
      return resources.map((r) => r.id);
    };
    clock.set(new Date(now.getTime() + DAY).toISOString());
    await h.app.scheduler.drain();
    const left = await ids();
    assert.ok(!left.includes(old.id), 'the entry past the retention is purged');
    assert.ok(left.includes(recent.id), 'the entry within it is kept');
    // Once a UTC day: an entry past the retention, stored after the day's pass, stays until the next day's.
    const later = entry(31);
    await log.append(later);
    clock.set(new Date(now.getTime() + DAY + 60_000).toISOString());
    await h.app.scheduler.drain();
    assert.ok((await ids()).includes(later.id), 'kept until the next daily pass');
    clock.set(new Date(now.getTime() + 2 * DAY).toISOString());
    await h.app.scheduler.drain();
    assert.ok(!(await ids()).includes(later.id), 'purged by the next day’s pass');
  });
});
