import assert from 'node:assert/strict';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { MEETING_CHAT_ID, people, TEST_TENANT_ID } from '../support/activities.js';
import { Harness } from '../support/harness.js';
import { makeProgramme, type StepSpec, writeProgramme } from '../support/programme-seed.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { tabFetch } from '../support/tab-world.js';

/**
 * The programme view over HTTP with Teams SSO tokens: leaders only, own tenant only, and every figure
 * checked against numbers computed here from the seed's specs (not by the aggregation code).
 */

const NOW = new Date('2026-11-20T12:00:00Z');
const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';
const { leader, caseworker: cw } = people;
const FROM = '2025-01-01';
/** Any day stands for its whole month: the answer is for January 2025 to November 2026. */
const TO = '2026-11-20';
const TO_MONTH_END = '2026-11-30';

type Shown = number | { fewerThan: number };
/** Counts 1–4 are "fewer than 5"; the others are rounded to the nearest 5 (differences stay multiples of 5). */
const round5 = (n: number) => Math.round(n / 5) * 5;
const shown = (n: number): Shown => (n > 0 && n < 5 ? { fewerThan: 5 } : round5(n));
const within = (iso: string) => iso.slice(0, 10) >= FROM && iso.slice(0, 10) <= TO_MONTH_END;
function percent(part: number, whole: number): number | null {
  const small = (n: number) => n > 0 && n < 5;
  if (whole < 5 || small(part) || small(whole - part)) return null;
  return Math.round((round5(part) / round5(whole)) * 1000) / 10;
}

describe('programme view API (leaders, tenant-scoped, suppressed figures)', function () {
  this.timeout(120_000);
  let rig: TabSsoRig;
  let h: Harness;
  const seed = makeProgramme({
    now: NOW,
    cases: 90,
    months: 26,
    stepsEach: 4,
    tenantId: TEST_TENANT_ID,
    offices: ['North', 'South'],
    noise: { otherTenant: OTHER_TENANT, count: 6 },
  });
  const mine = seed.cases.filter((c) => c.tenantId === TEST_TENANT_ID && !c.practice);
  const url = (q = '') => `/api/tab/programme/figures?from=${FROM}&to=${TO}${q}`;

  before(async () => {
    rig = await TabSsoRig.start();
    h = await Harness.start({
      env: { ...rig.env(), LEADER_IDS: leader.aadObjectId, OFFICES: 'North,South,East' },
      auth: rig.auth(),
      now: () => NOW,
    });
    await writeProgramme(h.database.database, seed);
    const refreshed = await tabFetch(h, '/api/tab/programme/refresh', await rig.token(leader), {
      method: 'POST',
      body: {},
    });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  });
  after(async () => {
    await h?.close();
    await rig?.close();
  });

  it('refuses no token (401), a non-leader (403) and a leader of a tenant that is not allowed (403)', async () => {
    assert.equal((await tabFetch(h, url(), undefined)).status, 401);
    const nonLeader = await tabFetch(h, url(), await rig.token(cw));
    assert.equal(nonLeader.status, 403);
    assert.match(nonLeader.body.error ?? '', /agency leaders/);
    const refresh = await tabFetch(h, '/api/tab/programme/refresh', await rig.token(cw), {
      method: 'POST',
      body: {},
    });
    assert.equal(refresh.status, 403);
    const other = await tabFetch(h, url(), await rig.token(leader, { tenantId: OTHER_TENANT }));
    assert.equal(other.status, 403);
    const bad = await tabFetch(h, '/api/tab/programme/figures?from=2026-13-01&to=x', await rig.token(leader));
    assert.equal(bad.status, 400);
  });

  it('follow-through, fidelity, barriers and the learning log match the seed; practice and the other tenant never count', async () => {
    const res = await tabFetch(h, url(), await rig.token(leader));
    const b = res.body as unknown as {
      followThrough: { onTime: { percent: number | null; of: Shown }; escalations: Shown };
      fidelity: {
        roundtables: Shown;
        items: { label: string; passed: Shown; share: { percent: number | null } }[];
      };
      barriers: {
        overTime: { period: string; counts: Record<string, Shown> }[];
        openByAge: { count: Shown }[];
        oldestOpen: { id: string; days: number }[];
      };
      learning: string[];
    };
    const rts = mine.flatMap((c) =>
      c.roundtables.map((r, n) => ({ r, last: n === c.roundtables.length - 1 })),
    );
    const steps: StepSpec[] = rts.flatMap(({ r, last }) =>
      r.steps.filter((s) => last || s.status === 'done' || s.status === 'dropped'),
    );
    const due = steps.filter((s) => within(s.dueDate));
    const passed = due.filter((s) => s.status !== 'dropped' && s.dueDate < NOW.toISOString().slice(0, 10));
    const onTime = passed.filter((s) => s.status === 'done' && (s.doneAt ?? '').slice(0, 10) <= s.dueDate);
    assert.deepEqual(b.followThrough.onTime, {
      percent: percent(onTime.length, passed.length),
      of: shown(passed.length),
    });
    assert.deepEqual(b.followThrough.escalations, shown(due.filter((s) => s.escalated).length));

    const started = rts.filter(({ r }) => within(r.createdAt));
    assert.deepEqual(b.fidelity.roundtables, shown(started.length));
    const questions = b.fidelity.items.find((i) => i.label === 'Every brainstorm question got ideas');
    const allQ = started.filter(({ r }) => r.allQuestions).length;
    assert.deepEqual(questions?.passed, shown(allQ));
    assert.equal(questions?.share.percent, percent(allQ, started.length));

    const barriers = seed.barriers.filter(
      (x) =>
        x.tenantId === TEST_TENANT_ID && mine.some((c) => c.roundtables.some((r) => r.id === x.roundtableId)),
    );
    // The period is longer than six months: counted by quarter.
    assert.equal(b.barriers.overTime[0]?.period, '2025-Q1');
    const quarter = (iso: string) =>
      `${iso.slice(0, 4)}-Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`;
    for (const m of b.barriers.overTime) {
      for (const [category, count] of Object.entries(m.counts)) {
        const n = barriers.filter(
          (x) => quarter(x.raisedAt) === m.period && x.category === category && within(x.raisedAt),
        ).length;
        assert.deepEqual(count, shown(n), `${m.period} ${category}`);
      }
    }
    assert.ok(
      b.barriers.overTime.some((m) => Object.values(m.counts).some((c) => typeof c === 'number' && c >= 5)),
      'some quarter has a count that is shown',
    );
    const open = barriers.filter((x) => x.status !== 'resolved');
    const total = b.barriers.openByAge.reduce((s, a) => s + (typeof a.count === 'number' ? a.count : 0), 0);
    assert.ok(total <= open.length && total > 0);
    const oldest = [...open].sort((x, y) => x.raisedAt.localeCompare(y.raisedAt))[0];
    assert.equal(b.barriers.oldestOpen[0]?.id, oldest?.id);

    const expectedLearning = started.flatMap(({ r }) => r.learning).length;
    assert.equal(b.learning.length, expectedLearning);
    assert.ok(
      b.learning.every((l) => l.includes('[…]') && !/C\d+\.X/.test(l)),
      'learning answers are anonymised',
    );
  });

  it('the office filter narrows every section to that office', async () => {
    const all = await tabFetch(h, url(), await rig.token(leader));
    const north = await tabFetch(h, url('&office=North'), await rig.token(leader));
    assert.equal(north.status, 200);
    assert.deepEqual((north.body as { offices?: string[] }).offices, ['East', 'North', 'South']);
    const kids = mine
      .filter((c) => c.office === 'North' && within(c.roundtables[0]?.createdAt ?? ''))
      .flatMap((c) => c.children).length;
    assert.deepEqual((north.body.permanency as { children: Shown }).children, shown(kids));
    assert.notDeepEqual(north.body.permanency, all.body.permanency);
  });

  it('no suppressed cell is recovered by subtraction: all offices minus one office, adjacent periods (seeded data)', async () => {
    const token = await rig.token(leader);
    const answer = async (from: string, to: string, office?: string) => {
      const res = await tabFetch(h, `${url2(from, to)}${office ? `&office=${office}` : ''}`, token);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return counts(res.body);
    };
    const pairs: [Map<string, Cell>, Map<string, Cell>][] = [];
    let suppressed = 0;
    for (const [from, to, longer] of [
      ['2025-06-01', '2025-06-30', '2025-07-31'],
      ['2026-03-01', '2026-03-31', '2026-04-30'],
      ['2025-10-01', '2025-12-31', '2026-01-31'],
    ] as const) {
      const all = await answer(from, to);
      for (const office of ['North', 'South']) pairs.push([all, await answer(from, to, office)]);
      pairs.push([await answer(from, longer), all]);
      suppressed += [...all.values()].filter((v) => v === 'suppressed').length;
    }
    assert.ok(suppressed > 10, `the seed has suppressed cells to protect (${suppressed})`);
    const recovered: string[] = [];
    for (const [a, b] of pairs) {
      for (const [path, x] of a) {
        const y = b.get(path);
        if (typeof x !== 'number' || typeof y !== 'number') continue;
        const d = Math.abs(x - y);
        if (d > 0 && d < 5) recovered.push(`${path}: ${x} - ${y}`);
      }
    }
    assert.deepEqual(recovered.slice(0, 10), [], 'a difference of two answers equals a count under 5');
    // A period a day shorter is the same whole months: the same answer.
    assert.deepEqual(
      [...(await answer('2026-03-02', '2026-04-29'))],
      [...(await answer('2026-03-01', '2026-04-30'))],
    );
  });

  it('a second refresh within a minute is refused (429): the scan is the scheduler’s job', async () => {
    const again = await tabFetch(h, '/api/tab/programme/refresh', await rig.token(leader), {
      method: 'POST',
      body: {},
    });
    assert.equal(again.status, 429);
  });
});

describe('start <alias> office <name> (the office the programme view filters by)', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start({ env: { OFFICES: 'North Region,South' } });
  });
  after(async () => {
    await h?.close();
  });

  it('refuses an office that is not configured, then stores the configured one (matched without regard to case)', async () => {
    await h.say(people.facilitator, 'start K.L. office Mars');
    assert.match(h.texts().at(-1) ?? '', /Choose the office from: North Region, South/);
    assert.equal(await forChat(h.app.domain, MEETING_CHAT_ID), undefined);
    await h.say(people.facilitator, 'start K.L. office north region');
    const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
    assert.equal(rt?.caseAlias, 'K.L.');
    assert.equal(rt?.office, 'North Region');
  });
});

describe('the nightly programme-aggregate job (scheduler)', function () {
  this.timeout(120_000);
  let rig: TabSsoRig;
  let h: Harness;
  before(async () => {
    rig = await TabSsoRig.start();
    h = await Harness.start({
      env: { ...rig.env(), LEADER_IDS: leader.aadObjectId },
      auth: rig.auth(),
      now: () => NOW,
    });
  });
  after(async () => {
    await h?.close();
    await rig?.close();
  });

  it('computes every tenant’s monthly aggregates when the scheduler runs it, and schedules the next night', async () => {
    const seed = makeProgramme({ now: NOW, cases: 12, months: 6, stepsEach: 2, tenantId: TEST_TENANT_ID });
    await writeProgramme(h.database.database, seed);
    const before = await tabFetch(h, url(FROM, TO), await rig.token(leader));
    assert.equal(before.status, 200);
    assert.equal((before.body as { refreshedAt?: string }).refreshedAt, undefined, 'nothing computed yet');
    await h.app.scheduler.tick();
    const after = await tabFetch(h, url(FROM, TO), await rig.token(leader));
    assert.equal((after.body as { refreshedAt?: string }).refreshedAt, NOW.toISOString());
    const kids = seed.cases
      .filter((c) => within(c.roundtables[0]?.createdAt ?? ''))
      .flatMap((c) => c.children);
    assert.deepEqual((after.body.permanency as { children: Shown }).children, shown(kids.length));
    const { resources } = await h.database.database
      .container('reminders')
      .items.query("SELECT c.id, c.dueAt, c.status FROM c WHERE c.kind = 'programme-aggregate'")
      .fetchAll();
    assert.deepEqual(resources.map((r) => [r.dueAt, r.status]).sort(), [
      ['2026-11-20T01:00:00.000Z', 'sent'],
      ['2026-11-21T01:00:00.000Z', 'pending'],
    ]);
  });
});

/** A figures answer's counts by path (rows named by their period, label, goal, rating or window). */
type Cell = number | 'suppressed';
function counts(body: unknown, path = '', out = new Map<string, Cell>()): Map<string, Cell> {
  const SKIP = new Set([
    'query',
    'suppressBelow',
    'learning',
    'offices',
    'refreshedAt',
    'oldestOpen',
    'percent',
    'days',
  ]);
  if (typeof body === 'number') out.set(path, body);
  else if (Array.isArray(body)) {
    body.forEach((row, i) => {
      const r = row as Record<string, unknown>;
      const name = r.period ?? r.label ?? r.key ?? r.goal ?? r.rating ?? r.months ?? i;
      counts(row, `${path}[${String(name)}]`, out);
    });
  } else if (body && typeof body === 'object') {
    if ('fewerThan' in body) out.set(path, 'suppressed');
    else
      for (const [k, v] of Object.entries(body))
        if (
          !SKIP.has(k) &&
          !(
            k === 'period' ||
            k === 'label' ||
            k === 'key' ||
            k === 'goal' ||
            k === 'rating' ||
            k === 'months'
          )
        )
          counts(v, `${path}.${k}`, out);
  }
  return out;
}

function url2(from: string, to: string) {
  return `/api/tab/programme/figures?from=${from}&to=${to}`;
}

function url(from: string, to: string) {
  return `/api/tab/programme/figures?from=${from}&to=${to}`;
}
