import assert from 'node:assert/strict';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import { MEETING_CHAT_ID, people, TEST_TENANT_ID } from '../support/activities.js';
import { Harness } from '../support/harness.js';
import { type CaseSpec, makeProgramme, type StepSpec, writeProgramme } from '../support/programme-seed.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { tabFetch } from '../support/tab-world.js';

/**
 * The programme view over HTTP with Teams SSO tokens: leaders only, own tenant only, and every figure
 * checked against numbers computed here from the seed's specs (not by the aggregation code).
 */

const NOW = new Date('2026-11-20T12:00:00Z');
const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';
const DAY = 86_400_000;
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
function plusMonths(iso: string, m: number): number {
  const d = new Date(iso);
  d.setUTCMonth(d.getUTCMonth() + m);
  return d.getTime();
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
