import assert from 'node:assert/strict';
import { CosmosClient } from '@azure/cosmos';
import sinon from 'sinon';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import { CosmosChildStore } from '../../bot/store/cosmos-child-store.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { people, TEST_TENANT_ID } from '../support/activities.js';
import { CosmosFaultProxy } from '../support/cosmos-fault-proxy.js';
import { describeRequests } from '../support/cosmos-request-log.js';
import { Harness, testDatabase } from '../support/harness.js';
import { type CaseSpec, makeProgramme, writeProgramme } from '../support/programme-seed.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { tabFetch } from '../support/tab-world.js';

/**
 * The programme view counts CHILDREN (issue #25), over HTTP with Teams SSO tokens, on a seed that mixes cases
 * with child records (court dates, exits, siblings ending differently, connections, living moves) and old-shape
 * plans (derived outcomes without a court date). Every expected figure is computed here from the seed's specs.
 * A proxy counts the database requests: a page load reads no child record, the refresh one query for them.
 */

const NOW = new Date('2026-11-20T12:00:00Z');
const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';
const DAY = 86_400_000;
const { leader } = people;
const FROM = '2025-01-01';
const TO = '2026-11-20';
const TO_MONTH_END = '2026-11-30';

type Shown = number | { fewerThan: number };
const round5 = (n: number) => Math.round(n / 5) * 5;
const shown = (n: number): Shown => (n > 0 && n < 5 ? { fewerThan: 5 } : round5(n));
const within = (iso: string) => iso.slice(0, 10) >= FROM && iso.slice(0, 10) <= TO_MONTH_END;
function plusMonths(iso: string, m: number): number {
  const d = new Date(iso);
  d.setUTCMonth(d.getUTCMonth() + m);
  return d.getTime();
}
function percent(part: number, whole: number): number | null {
  const small = (n: number) => n > 0 && n < 5;
  if (whole < 5 || small(part) || small(whole - part)) return null;
  return Math.round((round5(part) / round5(whole)) * 1000) / 10;
}

type Row = { key: string; count: Shown };
interface Permanency {
  children: Shown;
  fromOldPlans: Shown;
  dateNotRecorded: Shown;
  windows: {
    months: number;
    elapsed: Shown;
    achieved: Shown;
    share: { percent: number | null };
    stillWithin: Shown;
    byKind: { key: string; achieved: Shown }[];
  }[];
  medianDays: { days: number | null };
  outcomes: Row[];
  transitions: Row[];
  living: Row[];
  connections: { children: Shown; share: { percent: number | null; of: Shown } };
  byGoal: { goal: string; children: Shown }[];
}

/** One child as the test expects it counted, from the seed's specs alone. */
interface ExpectedChild {
  firstAt: string;
  goal: string;
  old: boolean;
  outcome: 'permanency' | 'exit' | 'in-care' | 'not-recorded';
  type?: string;
  finalisedOn?: string;
  rating: string;
  living: string;
  connection: boolean;
}
/** A move on a scale listed best (least restrictive) first. */
function move(
  scale: string[],
  from: string | undefined,
  to: string | undefined,
  better: string,
  worse: string,
) {
  const a = from === undefined ? -1 : scale.indexOf(from);
  const b = to === undefined ? -1 : scale.indexOf(to);
  return a < 0 || b < 0 ? 'not-recorded' : b < a ? better : b > a ? worse : 'same';
}
function expectedChildren(cases: CaseSpec[]): ExpectedChild[] {
  const ratings = DEFAULT_SETTINGS.ratingScale.map((r) => r.key);
  const living = DEFAULT_SETTINGS.livingScale.map((r) => r.key);
  return cases.flatMap((c) => {
    const firstAt = c.roundtables[0]?.createdAt as string;
    if (!c.records)
      // Old shape: children of the summary, ratings from the plans, the closed plan's outcome without a court date.
      return c.children.map(
        (): ExpectedChild => ({
          firstAt,
          goal: c.goal,
          old: true,
          outcome: c.permanency ? 'permanency' : 'not-recorded',
          ...(c.permanency ? { type: c.permanency.outcome } : {}),
          rating: move(ratings, c.ratingAt, c.latest, 'improved', 'worse'),
          living: 'not-recorded',
          connection: false,
        }),
      );
    return c.records.map(
      (r): ExpectedChild => ({
        firstAt,
        goal: c.goal,
        old: false,
        outcome: r.outcome?.kind ?? 'not-recorded',
        ...(r.outcome && r.outcome.kind !== 'in-care' ? { type: r.outcome.type } : {}),
        ...(r.outcome?.kind === 'permanency' ? { finalisedOn: r.outcome.on } : {}),
        rating: move(ratings, r.ratingAt, r.latest, 'improved', 'worse'),
        living: move(living, r.living[0], r.living.at(-1), 'less-restrictive', 'more-restrictive'),
        connection: r.connections.some((x) => x.committed && !x.removed),
      }),
    );
  });
}

describe('programme view per child (children not plans; court dates; old plans derived)', function () {
  this.timeout(120_000);
  let rig: TabSsoRig;
  let h: Harness;
  let direct: DatabaseHandle;
  let proxy: CosmosFaultProxy;
  let client: CosmosClient;
  /** The request windows [start, end) of the refresh's child-record reads. */
  const childReads: [number, number][] = [];
  let refreshWindow: [number, number] = [0, 0];
  const seed = makeProgramme({
    now: NOW,
    cases: 90,
    months: 26,
    stepsEach: 2,
    tenantId: TEST_TENANT_ID,
    offices: ['North', 'South'],
    noise: { otherTenant: OTHER_TENANT, count: 6 },
  });
  const mine = seed.cases.filter((c) => c.tenantId === TEST_TENANT_ID && !c.practice);
  const url = (q = '') => `/api/tab/programme/figures?from=${FROM}&to=${TO}${q}`;

  before(async () => {
    rig = await TabSsoRig.start();
    direct = await testDatabase();
    proxy = await CosmosFaultProxy.start(direct.endpoint);
    client = new CosmosClient({
      endpoint: proxy.url,
      key: 'test-key',
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    h = await Harness.start({
      env: { ...rig.env(), LEADER_IDS: leader.aadObjectId, OFFICES: 'North,South' },
      auth: rig.auth(),
      now: () => NOW,
      database: {
        database: client.database(direct.database.id),
        client,
        endpoint: proxy.url,
        embedded: true,
        close: async () => client.dispose(),
      },
    });
    // Seeded straight into the server (not through the proxy): only the bot's own requests are counted.
    await writeProgramme(direct.database, seed);
    const original = CosmosChildStore.prototype.childrenOfTenant;
    sinon.replace(CosmosChildStore.prototype, 'childrenOfTenant', async function (this: CosmosChildStore, t) {
      const window: [number, number] = [proxy.requests.length, Number.POSITIVE_INFINITY];
      childReads.push(window);
      try {
        return await original.call(this, t);
      } finally {
        window[1] = proxy.requests.length;
      }
    });
    const start = proxy.requests.length;
    const refreshed = await tabFetch(h, '/api/tab/programme/refresh', await rig.token(leader), {
      method: 'POST',
      body: {},
    });
    refreshWindow = [start, proxy.requests.length];
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  });
  after(async () => {
    sinon.restore();
    await h?.close();
    client?.dispose();
    await proxy?.close();
    await direct?.close();
    await rig?.close();
  });

  it('permanency outcomes per child: legal permanency by the court’s date within 6/12/18 months, by kind; old plans "date not recorded"', async () => {
    const res = await tabFetch(h, url(), await rig.token(leader));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const p = res.body.permanency as Permanency;
    const children = expectedChildren(mine.filter((c) => within(c.roundtables[0]?.createdAt ?? '')));
    assert.ok(children.length > 40, 'the seed has enough children');
    assert.ok(
      children.some((c) => c.old) && children.some((c) => !c.old),
      'the seed mixes cases with child records and old-shape plans',
    );
    assert.ok(
      mine.some(
        (c) =>
          c.records?.some((r) => r.outcome?.kind === 'permanency') &&
          c.records.some((r) => r.outcome?.kind !== 'permanency'),
      ),
      'a sibling group where the children end differently',
    );
    assert.deepEqual(p.children, shown(children.length));
    assert.deepEqual(p.fromOldPlans, shown(children.filter((c) => c.old).length));
    const dated = children.filter((c) => !(c.outcome === 'permanency' && !c.finalisedOn));
    const undated = children.length - dated.length;
    assert.ok(undated >= 5, `old plans with permanency but no court date (${undated})`);
    assert.deepEqual(p.dateNotRecorded, shown(undated));
    for (const months of [6, 12, 18]) {
      const elapsed = dated.filter((c) => plusMonths(c.firstAt, months) <= NOW.getTime());
      const achieved = elapsed.filter(
        (c) => c.finalisedOn !== undefined && Date.parse(c.finalisedOn) <= plusMonths(c.firstAt, months),
      );
      const w = p.windows.find((x) => x.months === months);
      assert.deepEqual(w?.elapsed, shown(elapsed.length), `${months} months: elapsed`);
      assert.deepEqual(w?.achieved, shown(achieved.length), `${months} months: achieved`);
      assert.deepEqual(
        w?.stillWithin,
        shown(dated.length - elapsed.length),
        `${months} months: still within`,
      );
      assert.equal(w?.share.percent, percent(achieved.length, elapsed.length), `${months} months: share`);
      for (const kind of ['reunification', 'adoption', 'guardianship', 'relative-placement'])
        assert.deepEqual(
          w?.byKind.find((k) => k.key === kind)?.achieved,
          shown(achieved.filter((c) => c.type === kind).length),
          `${months} months: ${kind}`,
        );
    }
    const twelve = p.windows.find((x) => x.months === 12);
    assert.ok(
      typeof twelve?.achieved === 'number' && twelve.achieved > 0,
      'some children reached it in 12 months',
    );
    const daysTo = dated
      .filter((c) => c.finalisedOn)
      .map((c) => Math.floor((Date.parse(c.finalisedOn ?? '') - Date.parse(c.firstAt)) / DAY))
      .sort((a, b) => a - b);
    const mid = Math.floor(daysTo.length / 2);
    const med = daysTo.length % 2 ? daysTo[mid] : ((daysTo[mid - 1] ?? 0) + (daysTo[mid] ?? 0)) / 2;
    assert.equal(p.medianDays.days, Math.round(med ?? 0));
    // Where each child stands: every kind of permanency and exit, in care, not recorded.
    const keyOf = (c: ExpectedChild) =>
      c.outcome === 'permanency' || c.outcome === 'exit' ? `${c.outcome}-${c.type}` : c.outcome;
    for (const row of p.outcomes)
      assert.deepEqual(row.count, shown(children.filter((c) => keyOf(c) === row.key).length), row.key);
    assert.ok(
      p.outcomes.filter((o) => o.key.startsWith('exit-')).some((o) => o.count !== 0),
      'exits without permanency are counted',
    );
    assert.equal(
      p.outcomes.length,
      10,
      'four kinds of permanency, four exits, in care, not recorded… and nothing else',
    );
    // Suppression: the rare goal has fewer than 5 children, and the answer says so instead of the count.
    const appla = children.filter((c) => c.goal === 'appla').length;
    assert.ok(appla > 0 && appla < 5, `seed: ${appla} appla children`);
    assert.deepEqual(p.byGoal.find((g) => g.goal === 'appla')?.children, { fewerThan: 5 });
    assert.doesNotMatch(
      JSON.stringify(res.body),
      /C\d+\.X|Protected Name/,
      'no alias or name leaves the server',
    );
  });

  it('rating transitions, committed lifelong connections and less restrictive living, per child', async () => {
    const res = await tabFetch(h, url(), await rig.token(leader));
    const p = res.body.permanency as Permanency;
    const children = expectedChildren(mine.filter((c) => within(c.roundtables[0]?.createdAt ?? '')));
    for (const key of ['improved', 'same', 'worse', 'not-recorded'])
      assert.deepEqual(
        p.transitions.find((t) => t.key === key)?.count,
        shown(children.filter((c) => c.rating === key).length),
        key,
      );
    assert.ok(
      p.transitions.every((t) => typeof t.count === 'number' && t.count > 0),
      'the seed has every transition',
    );
    for (const key of ['less-restrictive', 'same', 'more-restrictive', 'not-recorded'])
      assert.deepEqual(
        p.living.find((t) => t.key === key)?.count,
        shown(children.filter((c) => c.living === key).length),
        key,
      );
    const recorded = children.filter((c) => !c.old);
    const connected = recorded.filter((c) => c.connection).length;
    assert.ok(connected >= 5 && recorded.length - connected >= 5, 'both sides of the connection share');
    assert.deepEqual(p.connections, {
      children: shown(connected),
      share: { percent: percent(connected, recorded.length), of: shown(recorded.length) },
    });
  });

  it('a page load reads only the monthly aggregates; the refresh reads the child records with one query', async () => {
    const start = proxy.requests.length;
    const res = await tabFetch(h, url(), await rig.token(leader));
    assert.equal(res.status, 200);
    // Besides the access log entry every tab call writes: the query plan and one query of the aggregates.
    const load = proxy.requests.slice(start).filter((r) => r.container !== 'access-log');
    assert.deepEqual(
      load.map((r) => `${r.kind} ${r.container}`),
      ['query-plan programme', 'query programme'],
      describeRequests(load),
    );
    assert.equal(childReads.length, 1, 'one read of the tenant’s child records per refresh');
    const [from, to] = childReads[0] as [number, number];
    const reads = proxy.requests.slice(from, to);
    const queries = reads.filter((r) => r.kind === 'query');
    assert.ok(
      reads.every((r) => (r.kind === 'query' || r.kind === 'query-plan') && r.container !== 'programme'),
      describeRequests(reads),
    );
    assert.ok(
      queries.length >= 1 && reads.length <= 3,
      `child records: ${reads.length} requests\n${describeRequests(reads)}`,
    );
    const total = refreshWindow[1] - refreshWindow[0];
    // For the report: what the child records add to the nightly refresh.
    console.log(`      refresh: ${total} database requests, of which child records ${reads.length}`);
  });
});
