/**
 * The pipeline's access hook on the access log (bot/roundtable/access-recorder.ts): every route name of the
 * three route tables makes an entry (none is refused as free text), with its kind; a failed write answers busy.
 */
import assert from 'node:assert/strict';
import { routeKey } from '../../bot/http/tab-route-types.js';
import { TAB_ROUTES } from '../../bot/http/tab-routes.js';
import { NOT_RECORDED } from '../../bot/roundtable/access-log.js';
import { accessKind, accessRecorder } from '../../bot/roundtable/access-recorder.js';
import { MemoryAccessLog } from '../../bot/store/memory/access-log.js';
import { CARD_VERBS, COMMANDS } from '../../bot/teams/routing/routes.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('access recorder (the pipeline hook on the access log)', () => {
  it('access recorder: every command, card verb and tab route of the route tables is recorded under its name', async () => {
    const log = new MemoryAccessLog();
    const record = accessRecorder(log);
    const routes = [
      ...Object.keys(COMMANDS).map((n) => `command.${n}`),
      ...Object.keys(CARD_VERBS).map((v) => `card.${v}`),
      ...TAB_ROUTES.map(routeKey),
      'POST /api/export',
    ];
    for (const route of routes) {
      const failure = await record({ actorId: '29:fac', tenantId: TENANT, route, allowed: true });
      assert.equal(failure, undefined, route);
    }
    const page = await log.query(TENANT, { from: '2000-01-01', to: '2000-12-31' }, { limit: 1 });
    assert.equal(page.entries.length, 0);
    const today = new Date().toISOString().slice(0, 10);
    const all = await log.query(TENANT, { from: today, to: today }, { limit: 200 });
    assert.equal(all.entries.length >= Math.min(routes.length, 200), true);
  });

  it('access recorder: kinds by route; a refusal is a refusal whatever the route; ids only', async () => {
    assert.equal(accessKind('GET /api/tab/board'), 'read');
    assert.equal(accessKind('POST /api/export'), 'export');
    assert.equal(accessKind('command.delete-roundtable'), 'delete');
    assert.equal(accessKind('card.role.assign'), 'role');
    assert.equal(accessKind('card.idea.add'), 'change');
    const log = new MemoryAccessLog();
    await accessRecorder(log)({
      actorId: '29:cw',
      aadObjectId: '00000000-0000-4000-8000-000000000002',
      tenantId: TENANT,
      route: 'card.plan.familyReview',
      roundtableId: 'rt-1',
      caseAlias: 'J.T.',
      allowed: false,
      reason: 'forbidden',
    });
    const today = new Date().toISOString().slice(0, 10);
    const [entry] = (await log.query(TENANT, { from: today, to: today }, { limit: 5 })).entries;
    assert.deepEqual(
      { ...entry, id: undefined, at: undefined },
      {
        id: undefined,
        at: undefined,
        tenantId: TENANT,
        actorId: '00000000-0000-4000-8000-000000000002',
        route: 'card.plan.familyreview',
        kind: 'refusal',
        roundtableId: 'rt-1',
        caseAlias: 'J.T.',
        outcome: 'refused',
        code: 'forbidden',
      },
    );
  });

  it('access recorder: a crafted tenant or sender (not an id) is recorded under a placeholder, never fails the request', async () => {
    const log = new MemoryAccessLog();
    const crafted = { actorId: 'Mallory <script>', tenantId: { a: 1 } as unknown as string };
    assert.equal(
      await accessRecorder(log)({ ...crafted, route: 'command.status', allowed: true }),
      undefined,
    );
    const today = new Date().toISOString().slice(0, 10);
    const [entry] = (await log.query('local', { from: today, to: today }, { limit: 5 })).entries;
    assert.equal(entry?.actorId, 'anonymous');
  });

  it('access recorder: a failed write answers "try again" (the caller refuses)', async () => {
    const failing = { append: async () => Promise.reject(new Error('down')) } as unknown as MemoryAccessLog;
    const failure = await accessRecorder(failing)({
      actorId: '29:fac',
      route: 'command.status',
      allowed: true,
    });
    assert.deepEqual(failure, NOT_RECORDED);
  });
});
