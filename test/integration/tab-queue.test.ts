import assert from 'node:assert/strict';
import { people, TEST_TENANT_ID } from '../support/activities.js';
import { TestClock } from '../support/clock.js';
import { Harness } from '../support/harness.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { tabFetch } from '../support/tab-world.js';

/**
 * The coordinator's queue over HTTP with Teams SSO tokens (issue #26): the extract (rows the page parsed from
 * the CSV) is stored for the coordinator's tenant only; a malformed or oversize one gets a clear error and
 * nothing is stored; the queue lists who is due, with Teams' scheduling link.
 */
const OTHER_TENANT = '0b0b0b0b-1111-4222-8333-444444444444';
const { consultant: coordinator, caseworker: cw } = people;
const NOW = '2026-12-02T10:00:00Z';

const row = (n: number, over: Record<string, string> = {}) => ({
  case_number: `C-${n}`,
  alias: `Q${n}.`,
  date_entered_care: '2026-10-01',
  date_of_birth: '2020-01-01',
  age_band: '',
  permanency_goal: 'reunification',
  office: 'North',
  ...over,
});

describe('coordinator queue API: the extract over HTTP (SSO tokens, tenant-scoped)', function () {
  this.timeout(60_000);
  let rig: TabSsoRig;
  let h: Harness;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock(NOW);
    rig = await TabSsoRig.start();
    h = await Harness.start({
      env: {
        ...rig.env(),
        ALLOWED_TENANTS: `${TEST_TENANT_ID},${OTHER_TENANT}`,
        COORDINATOR_IDS: coordinator.aadObjectId,
      },
      auth: rig.auth(),
      now: clock.now,
    });
  });
  afterEach(async () => {
    await h.close();
    await rig.close();
  });

  const extracts = async () =>
    (
      await h.database.database
        .container('programme')
        .items.query("SELECT c.id, c.tenantId FROM c WHERE c.type = 'extract'")
        .fetchAll()
    ).resources as { id: string; tenantId: string }[];

  it('a coordinator uploads the extract and sees who is due, oldest first by office, with a scheduling link; others are refused and nothing is stored', async () => {
    const rows = [
      row(1, { date_entered_care: '2023-01-01', office: 'South' }), // 3 years in care
      row(2, { permanency_goal: 'APPLA' }), // APPLA goal
      row(3, { date_of_birth: '2010-06-01', date_entered_care: '2026-11-01' }), // aged 16
      row(4), // two months in care, aged 6, reunification: not due
    ];
    assert.equal((await tabFetch(h, '/api/tab/queue/extract', undefined, { body: { rows } })).status, 401);
    const refused = await tabFetch(h, '/api/tab/queue/extract', await rig.token(cw), { body: { rows } });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error ?? '', /coordinators/);
    assert.equal((await tabFetch(h, '/api/tab/queue', await rig.token(cw))).status, 403);
    assert.deepEqual(await extracts(), [], 'a refused upload stores nothing');

    const token = await rig.token(coordinator);
    const stored = await tabFetch(h, '/api/tab/queue/extract', token, { body: { rows } });
    assert.equal(stored.status, 200);
    assert.equal(stored.body.children, 4);
    const queue = await tabFetch(h, '/api/tab/queue', token);
    assert.equal(queue.status, 200);
    const offices = queue.body.offices as {
      office: string;
      children: { alias: string; kind: string; scheduleUrl: string }[];
    }[];
    assert.deepEqual(
      offices.map((o) => [o.office, o.children.map((c) => c.alias)]),
      [
        ['North', ['Q2.', 'Q3.']],
        ['South', ['Q1.']],
      ],
    );
    const link = new URL(offices[0]!.children[0]!.scheduleUrl);
    assert.equal(`${link.origin}${link.pathname}`, 'https://teams.microsoft.com/l/meeting/new');
    assert.equal(link.searchParams.get('subject'), 'Q2.', 'the subject is the alias');
    assert.ok(link.searchParams.get('startTime') && link.searchParams.get('endTime'));

    // The same coordinator id with a token of another tenant: that tenant's (empty) queue.
    const other = await tabFetch(
      h,
      '/api/tab/queue',
      await rig.token(coordinator, { tenantId: OTHER_TENANT }),
    );
    assert.equal(other.status, 200);
    assert.equal(other.body.extract, null);
    assert.deepEqual(other.body.offices, []);
    assert.deepEqual(
      (await extracts()).map((e) => e.tenantId),
      [TEST_TENANT_ID],
    );
  });

  it('a malformed or oversize extract gets a clear error and stores nothing', async () => {
    const token = await rig.token(coordinator);
    const bad = await tabFetch(h, '/api/tab/queue/extract', token, {
      body: { rows: [row(1), row(2, { date_entered_care: '01/10/2026' })] },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error ?? '', /Row 3: date_entered_care must be a date \(YYYY-MM-DD\)/);
    assert.ok(!(bad.body.error ?? '').includes('01/10/2026'), 'the error holds no value');
    const noRows = await tabFetch(h, '/api/tab/queue/extract', token, {
      body: { rows: 'case_number,alias' },
    });
    assert.equal(noRows.status, 400);
    assert.match(noRows.body.error ?? '', /no rows\. Its columns: case_number, alias/);
    const many = Array.from({ length: 2001 }, (_, i) => ({
      case_number: `C-${i}`,
      alias: 'A.',
      date_entered_care: '2026-01-01',
      office: 'N',
    }));
    const tooMany = await tabFetch(h, '/api/tab/queue/extract', token, { body: { rows: many } });
    assert.equal(tooMany.status, 400);
    assert.match(tooMany.body.error ?? '', /more than 2000 rows/);
    const huge = Array.from({ length: 1500 }, (_, i) => row(i, { office: 'x'.repeat(99) }));
    const tooBig = await tabFetch(h, '/api/tab/queue/extract', token, { body: { rows: huge } });
    assert.equal(tooBig.status, 413, 'the server refuses a body over its limit before reading it');
    assert.deepEqual(await extracts(), [], 'nothing was stored');
  });

  it('the daily retention pass deletes the extract EXTRACT_RETENTION_DAYS after the upload (30 by default)', async () => {
    const token = await rig.token(coordinator);
    const stored = await tabFetch(h, '/api/tab/queue/extract', token, { body: { rows: [row(1)] } });
    assert.equal(stored.status, 200);
    assert.equal(stored.body.deleteAfter, '2027-01-01T10:00:00.000Z');
    clock.set('2026-12-20T10:00:00Z');
    await h.app.scheduler.drain();
    assert.equal((await extracts()).length, 1, 'kept within its days');
    clock.set('2027-01-02T10:00:00Z');
    await h.app.scheduler.drain();
    assert.deepEqual(await extracts(), [], 'deleted by the daily pass');
    assert.equal((await tabFetch(h, '/api/tab/queue', await rig.token(coordinator))).body.extract, null);
  });
});
