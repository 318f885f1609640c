/**
 * The TAB ROUTE MATRIX: every row of bot/http/tab-routes.ts tried over real HTTP with Teams SSO tokens:
 * allowed, and refused for another user, another (allowed) tenant, no token and the wrong roundtable. A
 * refusal holds no case content (alias, step or idea text) and changes nothing; a route without rows here
 * fails the first test, so a new route comes with its cases.
 */
import assert from 'node:assert/strict';
import { routeKey } from '../../bot/http/tab-route-types.js';
import { TAB_GUARDS, TAB_ROUTES } from '../../bot/http/tab-routes.js';
import { roundtableView } from '../../bot/roundtable/roundtables.js';
import { MEETING_CHAT_ID, people, TEST_TENANT_ID } from '../support/activities.js';
import {
  accessEntries,
  accessProblem,
  board,
  empty,
  familyPath,
  familyReview,
  handoutRows,
  has,
  MARKS,
  OTHER_TENANT,
  officer,
  officerRows,
  type RouteRows,
  rtPath,
  stepPath,
  type Try,
  texts,
  type World,
} from '../support/authz-tab.js';
import {
  childPath,
  childrenPath,
  MATRIX_CHILD,
  matrixConnection,
  seedMatrixChild,
} from '../support/child-world.js';
import { Harness } from '../support/harness.js';
import { seedPeople, seedPlan } from '../support/personal-world.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { startRoundtable, tabFetch } from '../support/tab-world.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp, outsider, leader } = people;

/** A one-child extract as the queue page sends it. */
const EXTRACT = {
  rows: [
    {
      case_number: 'C-100',
      alias: 'ZQ.Q.',
      date_entered_care: '2020-01-01',
      date_of_birth: '2010-01-01',
      permanency_goal: 'APPLA',
      office: 'North',
    },
  ],
};

/** Rows of every tab route (key: "METHOD path" as declared in the table). */
const ROWS: Record<string, RouteRows> = {
  'POST /api/tab/dev-signin': {
    allowed: {
      as: null,
      local: true,
      path: () => '/api/tab/dev-signin',
      body: { userId: cw.id },
      status: 200,
    },
    otherUser: { as: outsider, path: () => '/api/tab/dev-signin', body: { userId: cw.id }, status: 404 },
    otherTenant: {
      as: cw,
      tenant: OTHER_TENANT,
      path: () => '/api/tab/dev-signin',
      body: { userId: cw.id },
      status: 404,
    },
    noToken: { as: null, path: () => '/api/tab/dev-signin', body: { userId: cw.id }, status: 404 },
    wrongRoundtable: { na: 'names no roundtable; with an app id it does not exist' },
  },
  'GET /api/tab/board': {
    allowed: { as: cw, path: () => board(MEETING_CHAT_ID), status: 200, check: has('ZQ.A.') },
    otherUser: { as: outsider, path: () => board(MEETING_CHAT_ID), status: 403 },
    otherTenant: { as: cw, tenant: OTHER_TENANT, path: () => board(MEETING_CHAT_ID), status: 404 },
    noToken: { as: null, path: () => board(MEETING_CHAT_ID), status: 401 },
    wrongRoundtable: { as: cw, path: () => board('19:no-such-chat@thread.v2'), status: 200 },
  },
  'POST /api/tab/roundtables/:id/navigate': {
    allowed: { as: fac, path: rtPath('navigate'), body: { to: 2 }, status: 200 },
    otherUser: { as: cw, path: rtPath('navigate'), body: { to: 1 }, status: 403 },
    otherTenant: { as: fac, tenant: OTHER_TENANT, path: rtPath('navigate'), body: { to: 1 }, status: 404 },
    noToken: { as: null, path: rtPath('navigate'), body: { to: 1 }, status: 401 },
    wrongRoundtable: {
      as: fac,
      path: () => '/api/tab/roundtables/rt-none/navigate',
      body: { to: 1 },
      status: 404,
    },
  },
  'POST /api/tab/roundtables/:id/timer': {
    allowed: { as: fac, path: rtPath('timer'), body: { minutes: 9 }, status: 200 },
    otherUser: { as: outsider, path: rtPath('timer'), body: { minutes: 1 }, status: 403 },
    otherTenant: { as: fac, tenant: OTHER_TENANT, path: rtPath('timer'), body: { minutes: 1 }, status: 404 },
    noToken: { as: null, path: rtPath('timer'), body: { minutes: 1 }, status: 401 },
    wrongRoundtable: {
      as: fac,
      path: () => '/api/tab/roundtables/rt-none/timer',
      body: { minutes: 1 },
      status: 404,
    },
  },
  'POST /api/tab/roundtables/:id/anonymous': {
    allowed: { as: fac, path: rtPath('anonymous'), body: { on: true }, status: 200 },
    otherUser: { as: mp, path: rtPath('anonymous'), body: { on: false }, status: 403 },
    otherTenant: {
      as: fac,
      tenant: OTHER_TENANT,
      path: rtPath('anonymous'),
      body: { on: false },
      status: 404,
    },
    noToken: { as: null, path: rtPath('anonymous'), body: { on: false }, status: 401 },
    wrongRoundtable: {
      as: fac,
      path: () => '/api/tab/roundtables/rt-none/anonymous',
      body: { on: false },
      status: 404,
    },
  },
  'POST /api/tab/roundtables/:id/contributions': {
    allowed: {
      as: mp,
      path: rtPath('contributions'),
      body: { kind: 'question', text: 'Who visits?', submissionKey: 'm1' },
      status: 200,
    },
    otherUser: {
      as: outsider,
      path: rtPath('contributions'),
      body: { kind: 'question', text: 'refused', submissionKey: 'm2' },
      status: 403,
    },
    otherTenant: {
      as: mp,
      tenant: OTHER_TENANT,
      path: rtPath('contributions'),
      body: { kind: 'question', text: 'refused', submissionKey: 'm3' },
      status: 404,
    },
    noToken: {
      as: null,
      path: rtPath('contributions'),
      body: { kind: 'question', text: 'refused', submissionKey: 'm4' },
      status: 401,
    },
    wrongRoundtable: {
      as: mp,
      path: () => '/api/tab/roundtables/rt-none/contributions',
      body: { kind: 'question', text: 'refused', submissionKey: 'm5' },
      status: 404,
    },
  },
  'GET /api/tab/me/steps': {
    allowed: {
      as: cw,
      path: () => '/api/tab/me/steps',
      status: 200,
      check: (b) => (texts(b) === 'MARKER cw step' ? undefined : `steps: ${texts(b)}`),
    },
    otherUser: { as: outsider, path: () => '/api/tab/me/steps', status: 200, check: empty('steps') },
    otherTenant: {
      as: cw,
      tenant: OTHER_TENANT,
      path: () => '/api/tab/me/steps',
      status: 200,
      check: empty('steps'),
    },
    noToken: { as: null, path: () => '/api/tab/me/steps', status: 401 },
    // The master practitioner owns a step of the same plan: only that one.
    wrongRoundtable: {
      as: mp,
      path: () => '/api/tab/me/steps',
      status: 200,
      check: (b) => (texts(b) === 'MARKER mp step' ? undefined : `steps: ${texts(b)}`),
    },
  },
  'GET /api/tab/me/reviews': {
    allowed: { as: cw, path: () => '/api/tab/me/reviews', status: 200, check: has('ZQ.P.') },
    otherUser: { as: mp, path: () => '/api/tab/me/reviews', status: 200, check: empty('reviews') },
    otherTenant: {
      as: cw,
      tenant: OTHER_TENANT,
      path: () => '/api/tab/me/reviews',
      status: 200,
      check: empty('reviews'),
    },
    noToken: { as: null, path: () => '/api/tab/me/reviews', status: 401 },
    wrongRoundtable: {
      as: outsider,
      path: () => '/api/tab/me/reviews',
      status: 200,
      check: empty('reviews'),
    },
  },
  'GET /api/tab/me/team-steps': {
    allowed: {
      as: sup,
      path: () => '/api/tab/me/team-steps',
      status: 200,
      check: (b) =>
        b.supervisor === true && texts(b) === 'MARKER cw step | MARKER mp step'
          ? undefined
          : JSON.stringify(b),
    },
    otherUser: {
      as: cw,
      path: () => '/api/tab/me/team-steps',
      status: 200,
      check: (b) => (b.supervisor === false ? empty('steps')(b) : 'the caseworker supervises nothing'),
    },
    otherTenant: {
      as: sup,
      tenant: OTHER_TENANT,
      path: () => '/api/tab/me/team-steps',
      status: 200,
      check: empty('steps'),
    },
    noToken: { as: null, path: () => '/api/tab/me/team-steps', status: 401 },
    // The facilitator of the plan is not its supervisor.
    wrongRoundtable: { as: fac, path: () => '/api/tab/me/team-steps', status: 200, check: empty('steps') },
  },
  'POST /api/tab/me/steps/:rt/:step': {
    allowed: { as: cw, path: stepPath, body: { change: 'in-progress' }, status: 200 },
    otherUser: { as: outsider, path: stepPath, body: { change: 'done' }, status: 403 },
    otherTenant: { as: cw, tenant: OTHER_TENANT, path: stepPath, body: { change: 'done' }, status: 404 },
    noToken: { as: null, path: stepPath, body: { change: 'done' }, status: 401 },
    wrongRoundtable: {
      as: cw,
      path: (w) => `/api/tab/me/steps/${w.meetingId}/${w.plan.cwStep.id}`,
      body: { change: 'done' },
      status: 404,
    },
  },
  'POST /api/tab/me/reviews/:rt/family-review': {
    allowed: { as: cw, path: familyPath, body: familyReview(), status: 200 },
    otherUser: { as: mp, path: familyPath, body: familyReview(), status: 403 },
    otherTenant: { as: cw, tenant: OTHER_TENANT, path: familyPath, body: familyReview(), status: 404 },
    noToken: { as: null, path: familyPath, body: familyReview(), status: 401 },
    // The caseworker of the plan is not the caseworker of the meeting's roundtable.
    wrongRoundtable: {
      as: cw,
      path: (w) => `/api/tab/me/reviews/${w.meetingId}/family-review`,
      body: familyReview(),
      status: 403,
    },
  },
  ...handoutRows(cw, sup, mp),
  'GET /api/tab/programme/figures': {
    allowed: {
      as: leader,
      path: () => '/api/tab/programme/figures',
      status: 200,
      check: has('"permanency"'),
    },
    otherUser: { as: cw, path: () => '/api/tab/programme/figures', status: 403 },
    // LEADER_IDS holds object ids; a token of another tenant reads that tenant's figures only (none here).
    otherTenant: {
      as: leader,
      tenant: OTHER_TENANT,
      path: () => '/api/tab/programme/figures',
      status: 200,
      check: empty('learning'),
    },
    noToken: { as: null, path: () => '/api/tab/programme/figures', status: 401 },
    wrongRoundtable: { na: 'names no roundtable: the figures of the caller’s tenant' },
  },
  'POST /api/tab/programme/refresh': {
    allowed: {
      as: leader,
      path: () => '/api/tab/programme/refresh',
      body: {},
      status: 200,
      check: has('"months"'),
    },
    otherUser: { as: cw, path: () => '/api/tab/programme/refresh', body: {}, status: 403 },
    otherTenant: {
      as: leader,
      tenant: OTHER_TENANT,
      path: () => '/api/tab/programme/refresh',
      body: {},
      status: 200,
      check: (b) => (b.months === 0 ? undefined : `another tenant's months: ${JSON.stringify(b)}`),
    },
    noToken: { as: null, path: () => '/api/tab/programme/refresh', body: {}, status: 401 },
    wrongRoundtable: { na: 'names no roundtable: recomputes the caller’s tenant' },
  },
  // Another tenant's log holds only that tenant's own tries (this matrix's other-tenant rows): no roundtable of ours.
  'GET /api/tab/access-log': officerRows('/api/tab/access-log', has('"entries"'), (b) =>
    JSON.stringify(b).includes('"caseAlias"') ? 'another tenant’s case in the log' : undefined,
  ),
  'GET /api/tab/access-log/csv': officerRows('/api/tab/access-log/csv', has('When (UTC)'), (b) =>
    JSON.stringify(b).includes(TEST_TENANT_ID) ? 'another tenant’s entries' : undefined,
  ),
  // The coordinator's queue (issue #26): COORDINATOR_IDS only; each tenant's own extract.
  'GET /api/tab/queue': {
    allowed: { as: mp, path: () => '/api/tab/queue', status: 200, check: has('"capacity"') },
    otherUser: { as: cw, path: () => '/api/tab/queue', status: 403 },
    otherTenant: {
      as: mp,
      tenant: OTHER_TENANT,
      path: () => '/api/tab/queue',
      status: 200,
      check: (b) =>
        b.extract === null ? undefined : `another tenant's extract: ${JSON.stringify(b.extract)}`,
    },
    noToken: { as: null, path: () => '/api/tab/queue', status: 401 },
    wrongRoundtable: { na: 'names no roundtable: the caller’s tenant’s queue' },
  },
  'POST /api/tab/queue/extract': {
    allowed: {
      as: mp,
      path: () => '/api/tab/queue/extract',
      body: EXTRACT,
      status: 200,
      check: has('"children":1'),
    },
    otherUser: { as: cw, path: () => '/api/tab/queue/extract', body: EXTRACT, status: 403 },
    otherTenant: {
      as: mp,
      tenant: OTHER_TENANT,
      path: () => '/api/tab/queue/extract',
      body: { rows: [] },
      status: 400,
    },
    noToken: { as: null, path: () => '/api/tab/queue/extract', body: EXTRACT, status: 401 },
    wrongRoundtable: { na: 'names no roundtable: the caller’s tenant’s extract' },
  },
  // The child's record (#25): the plan's caseworker or supervisor or a facilitator; the master practitioner on the
  // roster is not; the caseworker of the plan is not the caseworker of the meeting's roundtable.
  ...childRows('GET', '', (w) => childrenPath(w.plan.id), undefined, has(MATRIX_CHILD)),
  ...childRows('GET', '/:child', (w) => childPath(w.plan.id, MATRIX_CHILD), undefined, has('grandmother')),
  ...childRows('POST', '/:child/connections', (w) => `${childPath(w.plan.id, MATRIX_CHILD)}/connections`, {
    relationship: 'godparent',
    committed: 'no',
    contact: 'letters-messages',
    frequency: 'few-times-a-year',
  }),
  ...childRows(
    'POST',
    '/:child/connections/:id',
    (w) => `${childPath(w.plan.id, MATRIX_CHILD)}/connections/${matrixConnection.id}`,
    { relationship: 'grandmother', committed: 'yes', contact: 'phone-video', frequency: 'weekly' },
  ),
  ...childRows('POST', '/:child/living', (w) => `${childPath(w.plan.id, MATRIX_CHILD)}/living`, {
    key: 'relatives',
  }),
};

/** The five rows of a child's-record route (/api/tab/me/children/:rt`tail`). */
function childRows(
  method: 'GET' | 'POST',
  tail: string,
  path: (w: World) => string,
  body?: unknown,
  check?: Try['check'],
): Record<string, RouteRows> {
  const b = body === undefined ? {} : { body };
  const other = (w: World) => path(w).replace(w.plan.id, w.meetingId);
  return {
    [`${method} /api/tab/me/children/:rt${tail}`]: {
      allowed: { as: cw, path, status: 200, ...b, ...(check ? { check } : {}) },
      otherUser: { as: mp, path, status: 403, ...b },
      otherTenant: { as: cw, tenant: OTHER_TENANT, path, status: 404, ...b },
      noToken: { as: null, path, status: 401, ...b },
      wrongRoundtable: { as: cw, path: other, status: 403, ...b },
    },
  };
}

describe('tab route matrix: every tab route has its rows', () => {
  it('each row of the tab route table has allowed, other user, other tenant, no token and wrong roundtable rows', () => {
    const keys = TAB_ROUTES.map(routeKey);
    assert.deepEqual(
      keys.filter((k) => !Object.hasOwn(ROWS, k)),
      [],
      'tab routes without rows in this test',
    );
    assert.deepEqual(
      Object.keys(ROWS).filter((k) => !keys.includes(k)),
      [],
      'rows for tab routes that no longer exist',
    );
  });

  it('every route names a known guard with a "who", and says where it works', () => {
    for (const r of TAB_ROUTES) {
      assert.ok(TAB_GUARDS[r.guard]?.who, `${routeKey(r)}: guard ${r.guard}`);
      assert.ok(['sign-in', 'meeting', 'personal'].includes(r.where), routeKey(r));
      if (r.where === 'meeting') assert.ok(r.find, `${routeKey(r)} says where its roundtable is named`);
    }
  });
});

describe('tab route matrix over HTTP (SSO tokens, two allowed tenants)', function () {
  this.timeout(60_000);
  let w: World;
  before(async () => {
    const rig = await TabSsoRig.start();
    const h = await Harness.start({
      env: {
        ...rig.env(),
        ALLOWED_TENANTS: `${TEST_TENANT_ID},${OTHER_TENANT}`,
        LEADER_IDS: leader.aadObjectId,
        SECURITY_OFFICER_IDS: officer.aadObjectId,
        COORDINATOR_IDS: mp.aadObjectId,
      },
      auth: rig.auth(),
    });
    const local = await Harness.start();
    const plan = await seedPlan(h, { alias: 'ZQ.P.', cwText: 'MARKER cw step', mpText: 'MARKER mp step' });
    await seedPeople(h);
    const meetingId = await startRoundtable(h, 'ZQ.A.');
    w = { h, local, rig, meetingId, plan };
  });
  after(async () => {
    await w?.h.close();
    await w?.local.close();
    await w?.rig.close();
  });

  async function run(route: string, name: string, t: Try): Promise<string | undefined> {
    const h = t.local ? w.local : w.h;
    const token = t.as ? await w.rig.token(t.as, t.tenant ? { tenantId: t.tenant } : {}) : undefined;
    const seen = await accessEntries(h);
    const res = await tabFetch(h, t.path(w), token, t.body === undefined ? {} : { body: t.body });
    const text = JSON.stringify(res.body ?? '');
    if (res.status !== t.status)
      return `${route} ${name}: ${res.status} (expected ${t.status}) ${text.slice(0, 160)}`;
    // The access log: the try's entry (allowed or refused), by whom, about which roundtable, nothing typed.
    const added = [...(await accessEntries(h)).values()].filter((e) => !seen.has(e.id));
    const shown = !(res.body && (res.body as { roundtable?: unknown }).roundtable === null);
    const rt =
      route.includes('/roundtables/') || route.startsWith('GET /api/tab/board') ? w.meetingId : undefined;
    const typed = Object.values((t.body ?? {}) as Record<string, unknown>).filter(
      (v) => typeof v === 'string',
    );
    const problem = shown
      ? accessProblem(route, t, res.status, added, {
          ...(rt && name === 'allowed' ? { roundtableId: rt } : {}),
          typed,
        })
      : undefined;
    if (problem) return `${route} ${name}: ${problem}`;
    if (res.status >= 400 && MARKS.some((m) => text.includes(m)))
      return `${route} ${name}: refusal holds case content`;
    return t.check?.(res.body ?? {}) && `${route} ${name}: ${t.check(res.body ?? {})}`;
  }

  /** What a route's cases need first, whatever ran before: questions are asked in Clarify (phase 2). */
  /** What a route's cases need first, whatever ran before: questions are asked in Clarify (phase 2). */
  const NAVIGATE = 'POST /api/tab/roundtables/:id/navigate';
  const SETUP: Record<string, () => Promise<void>> = {
    'POST /api/tab/roundtables/:id/contributions': async () =>
      assert.equal(await run(NAVIGATE, 'allowed', ROWS[NAVIGATE]!.allowed), undefined),
    ...Object.fromEntries(
      Object.keys(ROWS)
        .filter((k) => k.includes('/api/tab/me/children/'))
        .map((k) => [k, () => seedMatrixChild(w.h, w.plan.id)]),
    ),
  };

  for (const route of TAB_ROUTES.map(routeKey)) {
    it(`${route}: refused for another user, another tenant, no token, the wrong roundtable; allowed for its own`, async () => {
      const rows = ROWS[route];
      assert.ok(rows, 'no rows');
      await SETUP[route]?.();
      const before = JSON.stringify(await roundtableView(w.h.app.domain, w.plan.id));
      const problems: string[] = [];
      for (const name of ['otherUser', 'otherTenant', 'noToken', 'wrongRoundtable'] as const) {
        const row = rows[name];
        if ('na' in row) continue;
        const problem = await run(route, name, row);
        if (problem) problems.push(problem);
      }
      // Refusals changed nothing of the followed-up plan.
      const after = JSON.stringify(await roundtableView(w.h.app.domain, w.plan.id));
      if (after !== before) problems.push(`${route}: a refused request changed the plan`);
      const allowed = await run(route, 'allowed', rows.allowed);
      if (allowed) problems.push(allowed);
      assert.deepEqual(problems, []);
    });
  }

  it('the allowed one-click update is stored by the domain (the step is in progress, by the caseworker)', async () => {
    const oneClick = 'POST /api/tab/me/steps/:rt/:step';
    assert.equal(await run(oneClick, 'allowed', ROWS[oneClick]!.allowed), undefined);
    const step = await w.h.app.followUp.step(w.plan.id, w.plan.cwStep.id);
    assert.equal(step?.status, 'in-progress');
    assert.equal(step?.updates?.at(-1)?.by.id, cw.id, 'stored under the Teams id of the people record');
  });
});
