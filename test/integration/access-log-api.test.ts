/**
 * The security officer's access log over real HTTP with Teams SSO tokens (two allowed tenants): officers see
 * their own tenant's entries only; a leader, a caseworker and no token are refused; the filters, the pages and
 * the CSV (columns, RFC 4180 quoting, no spreadsheet formulas). Entries are written as the pipeline will write
 * them (recordAccess) into the Cosmos access log.
 */
import assert from 'node:assert/strict';
import { ACCESS_CSV_COLUMNS } from '../../bot/roundtable/access-log.js';
import type { TabAccessLogPage } from '../../tab/src/access-log-types.js';
import {
  type AccessLogWorld,
  OTHER_TENANT,
  officers,
  startAccessLogWorld,
} from '../support/access-log-world.js';
import { type Person, people, TEST_TENANT_ID } from '../support/activities.js';
import { TabSsoRig } from '../support/tab-sso.js';

const { caseworker: cw, leader, facilitator: fac, outsider } = people;
const DAY = '2026-11-';
const PERIOD = 'from=2026-11-01&to=2026-11-30';

describe('access log API (officers, own tenant, filters, CSV)', function () {
  this.timeout(60_000);
  let rig: TabSsoRig;
  let w: AccessLogWorld;

  const get = async (path: string, as: Person | null, tenantId?: string) => {
    const token = as ? await rig.token(as, tenantId ? { tenantId } : {}) : undefined;
    const res = await fetch(`${w.url}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  };
  const page = async (query: string, as = officers.ours, tenantId?: string) => {
    const res = await get(`/api/tab/access-log?${query}`, as, tenantId);
    assert.equal(res.status, 200, res.text);
    return JSON.parse(res.text) as TabAccessLogPage;
  };

  before(async () => {
    rig = await TabSsoRig.start();
    w = await startAccessLogWorld(rig);
    const rt = { id: 'rt-jt-0001', caseAlias: 'J.T.' };
    await w.record({
      actor: cw,
      route: 'GET /api/tab/board',
      kind: 'read',
      roundtable: rt,
      at: new Date(`${DAY}02T09:00:00Z`),
    });
    await w.record({
      actor: fac,
      route: 'plan.finalise',
      kind: 'change',
      roundtable: rt,
      at: new Date(`${DAY}03T09:00:00Z`),
    });
    await w.record({
      actor: cw,
      route: 'GET /api/export',
      kind: 'export',
      roundtable: rt,
      at: new Date(`${DAY}04T09:00:00Z`),
    });
    await w.record({
      actor: outsider,
      route: 'GET /api/tab/board',
      kind: 'read',
      roundtable: rt,
      refused: 403,
      at: new Date(`${DAY}05T09:00:00Z`),
    });
    await w.record({
      actor: cw,
      route: 'GET /api/tab/roundtables/:id/view',
      kind: 'read',
      roundtable: { id: 'rt-formula-01', caseAlias: '=1+2,"x"' },
      at: new Date(`${DAY}06T09:00:00Z`),
    });
    // Outside the period, and another tenant's.
    await w.record({
      actor: cw,
      route: 'GET /api/tab/board',
      kind: 'read',
      roundtable: rt,
      at: new Date('2026-10-31T23:59:59Z'),
    });
    await w.record({
      actor: officers.theirs,
      tenantId: OTHER_TENANT,
      route: 'GET /api/tab/board',
      kind: 'read',
      roundtable: { id: 'rt-other-001', caseAlias: 'O.T.' },
      at: new Date(`${DAY}07T09:00:00Z`),
    });
  });
  after(async () => {
    await w?.close();
    await rig?.close();
  });

  it("access log API: an officer sees their own tenant's entries, newest first; the other tenant's officer sees only theirs", async () => {
    const ours = await page(PERIOD);
    assert.equal(ours.tenantId, TEST_TENANT_ID);
    assert.deepEqual(
      ours.entries.map((e) => `${e.at.slice(8, 10)} ${e.route} ${e.outcome}`),
      [
        '06 GET /api/tab/roundtables/:id/view allowed',
        '05 GET /api/tab/board refused',
        '04 GET /api/export allowed',
        '03 plan.finalise allowed',
        '02 GET /api/tab/board allowed',
      ],
    );
    assert.deepEqual(ours.entries[1], {
      id: ours.entries[1]?.id,
      at: `${DAY}05T09:00:00.000Z`,
      actorId: outsider.aadObjectId,
      route: 'GET /api/tab/board',
      kind: 'refusal',
      roundtableId: 'rt-jt-0001',
      caseAlias: 'J.T.',
      outcome: 'refused',
      code: '403',
    });
    const theirs = await page(PERIOD, officers.theirs, OTHER_TENANT);
    assert.equal(theirs.tenantId, OTHER_TENANT);
    assert.deepEqual(
      theirs.entries.map((e) => e.caseAlias),
      ['O.T.'],
    );
    // An officer's id with a token of the other tenant reads that tenant only.
    const crossed = await page(PERIOD, officers.ours, OTHER_TENANT);
    assert.deepEqual(
      crossed.entries.map((e) => e.caseAlias),
      ['O.T.'],
    );
  });

  it('access log API: a leader, a caseworker and a facilitator are refused (403), no token is 401, and the refusal names no case', async () => {
    for (const who of [leader, cw, fac]) {
      for (const path of [`/api/tab/access-log?${PERIOD}`, `/api/tab/access-log/csv?${PERIOD}`]) {
        const res = await get(path, who);
        assert.equal(res.status, 403, `${who.name} ${path}`);
        assert.match(res.text, /security officers/);
        assert.ok(!res.text.includes('J.T.') && !res.text.includes('rt-jt'), res.text);
      }
    }
    assert.equal((await get(`/api/tab/access-log?${PERIOD}`, null)).status, 401);
    assert.equal((await get(`/api/tab/access-log/csv?${PERIOD}`, null)).status, 401);
  });

  it('access log API: filters by case alias, person, refusals only and period; a period must be given and at most a year', async () => {
    const alias = await page(`${PERIOD}&alias=j.t.`);
    assert.deepEqual(
      alias.entries.map((e) => e.at.slice(8, 10)),
      ['05', '04', '03', '02'],
    );
    const person = await page(`${PERIOD}&person=${cw.aadObjectId}`);
    assert.deepEqual(
      person.entries.map((e) => e.at.slice(8, 10)),
      ['06', '04', '02'],
    );
    const refused = await page(`${PERIOD}&refused=1`);
    assert.deepEqual(
      refused.entries.map((e) => e.actorId),
      [outsider.aadObjectId],
    );
    const both = await page(`${PERIOD}&alias=J.T.&person=${cw.aadObjectId}&refused=1`);
    assert.deepEqual(both.entries, []);
    const oct = await page('from=2026-10-31&to=2026-11-02');
    assert.deepEqual(
      oct.entries.map((e) => e.at.slice(5, 10)),
      ['11-02', '10-31'],
    );
    for (const bad of [
      '',
      'from=2026-11-01',
      'from=2025-01-01&to=2026-11-30',
      'from=2026-11-31&to=2026-12-01',
    ]) {
      const res = await get(`/api/tab/access-log?${bad}`, officers.ours);
      assert.equal(res.status, 400, bad);
    }
    assert.equal(
      (await get(`/api/tab/access-log?${PERIOD}&person=Carlos%20Caseworker`, officers.ours)).status,
      400,
    );
  });

  it('access log API: pages follow the continuation without skipping or repeating', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const p = await page(`${PERIOD}&limit=2${after ? `&after=${after}` : ''}`);
      seen.push(...p.entries.map((e) => e.at.slice(8, 10)));
      after = p.continuation;
      if (!after) break;
    }
    assert.deepEqual(seen, ['06', '05', '04', '03', '02']);
    assert.equal((await get(`/api/tab/access-log?${PERIOD}&after=not%20ours!`, officers.ours)).status, 400);
  });

  it('access log API: the CSV has the columns, RFC 4180 quoting and no formula cells; officers only', async () => {
    const res = await get(`/api/tab/access-log/csv?${PERIOD}`, officers.ours);
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(
      res.headers.get('content-disposition') ?? '',
      /attachment; filename="access-log-2026-11-01-to-2026-11-30\.csv"/,
    );
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const lines = res.text.split('\r\n');
    assert.equal(lines[0], ACCESS_CSV_COLUMNS.map((c) => `"${c}"`).join(','));
    assert.equal(lines.length, 1 + 5 + 1, 'header, five entries, final CRLF');
    assert.equal(lines.at(-1), '');
    assert.ok(
      lines[1]?.startsWith(
        `"${DAY}06T09:00:00.000Z","${cw.aadObjectId}","${TEST_TENANT_ID}","GET /api/tab/roundtables/:id/view","read","rt-formula-01","'=1+2,""x""","allowed","",`,
      ),
      lines[1],
    );
    assert.ok(lines[2]?.includes('"refusal","rt-jt-0001","J.T.","refused","403"'), lines[2]);
    for (const line of lines.slice(1, -1)) assert.ok(!/(^|,)"[=+\-@]/.test(line), `formula cell in ${line}`);
    assert.ok(!res.text.includes('O.T.'), "no other tenant's entry");
    const refused = await get(`/api/tab/access-log/csv?${PERIOD}&refused=true`, officers.ours);
    assert.equal(refused.text.split('\r\n').length, 1 + 1 + 1);
  });
});
