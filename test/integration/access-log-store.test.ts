/**
 * The access log's write path on the real @azure/cosmos client against the Cosmos-compatible server, every
 * request counted by a proxy: one create per entry, the retention as the entry's ttl, the entry readable by
 * another instance once `recordAccess` resolved, a failed write refused (never shown unrecorded), and the
 * structured event line free of content.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { CosmosClient } from '@azure/cosmos';
import { createLogger } from '../../bot/log.js';
import { accessEntry, accessFilter, recordAccess } from '../../bot/roundtable/access-log.js';
import {
  ACCESS_LOG_CONTAINER,
  CosmosAccessLog,
  ensureAccessLogContainer,
  tenantMonthOf,
} from '../../bot/store/cosmos-access-log.js';
import { ensureSchema } from '../../bot/store/cosmos-documents.js';
import { startEmbeddedCosmos } from '../../bot/store/database.js';
import { MemoryAccessLog } from '../../bot/store/memory/access-log.js';
import { roundtable, step, uid } from '../contract/fixtures.js';
import { CosmosFaultProxy } from '../support/cosmos-fault-proxy.js';

const client = (endpoint: string) =>
  new CosmosClient({ endpoint, key: 'k', connectionPolicy: { enableEndpointDiscovery: false } });

/** A pino logger whose lines are kept, parsed. */
function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger('info', sink), lines };
}

describe('access log writes (Cosmos, counted requests)', () => {
  let server: Awaited<ReturnType<typeof startEmbeddedCosmos>>;
  let proxy: CosmosFaultProxy;
  let viaProxy: CosmosClient;
  let direct: CosmosClient;
  let log: CosmosAccessLog;
  const dbId = uid('access');
  const tenant = randomUUID();

  before(async () => {
    server = await startEmbeddedCosmos();
    proxy = await CosmosFaultProxy.start(server.endpoint);
    direct = client(server.endpoint);
    await ensureAccessLogContainer(await ensureSchema(direct, dbId));
    viaProxy = client(proxy.url);
    log = new CosmosAccessLog(viaProxy.database(dbId), { retentionDays: 2555 });
    // A client's first write reads the account and the container's partition key definition (once per
    // client, cached): count from the second entry on.
    await log.append(
      accessEntry({
        actor: { id: randomUUID(), tenantId: tenant },
        route: 'GET /api/tab/me/steps',
        kind: 'read',
      }),
    );
  });
  after(async () => {
    viaProxy?.dispose();
    direct?.dispose();
    await proxy?.close();
    await server?.close();
  });

  it('access log: an append is one create in the tenant-month partition, carrying the retention as its ttl', async () => {
    const entry = accessEntry({
      actor: { id: randomUUID(), tenantId: tenant },
      route: 'GET /api/tab/board/:id',
      kind: 'read',
      roundtable: { id: uid('rt'), caseAlias: 'J.T.' },
      at: new Date('2026-12-06T08:00:00Z'),
    });
    const before = proxy.requests.length;
    await log.append(entry);
    const made = proxy.requests.slice(before);
    assert.deepEqual(
      made.map((r) => `${r.kind} ${r.container}`),
      [`create ${ACCESS_LOG_CONTAINER}`],
    );
    const { resource } = await direct
      .database(dbId)
      .container(ACCESS_LOG_CONTAINER)
      .item(entry.id, tenantMonthOf(tenant, entry.at))
      .read<Record<string, unknown>>();
    assert.equal(resource?.ttl, 2555 * 86_400);
    assert.equal(resource?.tenantMonth, `${tenant}:2026-12`);
    // The document stays under 1 KB (the size Cosmos's write charge is quoted for, ~5-6 RU).
    const size = Buffer.byteLength(JSON.stringify(resource));
    assert.ok(size < 1024, `${size} bytes`);
    const { resource: container } = await direct.database(dbId).container(ACCESS_LOG_CONTAINER).read();
    assert.equal(container?.defaultTtl, -1, 'TTL is on for the container; each entry sets its own');
  });

  it("access log: a query reads the tenant's month partitions only, newest first, and a next page starts at its cursor's month", async () => {
    const mine = randomUUID();
    for (const at of [
      '2026-01-15T08:00:00Z',
      '2026-02-15T08:00:00Z',
      '2026-02-16T08:00:00Z',
      '2026-03-15T08:00:00Z',
    ])
      await log.append(
        accessEntry({
          actor: { id: randomUUID(), tenantId: mine },
          route: 'GET /api/tab/board',
          kind: 'read',
          at: new Date(at),
        }),
      );
    const filter = { from: '2026-01-01', to: '2026-03-31' };
    const partitions = async (run: () => Promise<unknown>) => {
      const from = proxy.requests.length;
      await run();
      return proxy.requests.slice(from).map((r) => `${r.kind} ${r.partitionKey?.replace(mine, 'T')}`);
    };
    let next: string | undefined;
    assert.deepEqual(
      await partitions(async () => {
        next = (await log.query(mine, filter, { limit: 2 })).continuation;
      }),
      ['query T:2026-03', 'query T:2026-02'],
    );
    assert.ok(next);
    assert.deepEqual(await partitions(() => log.query(mine, filter, { limit: 2, continuation: next })), [
      'query T:2026-02',
      'query T:2026-01',
    ]);
  });

  it('access log: once recordAccess resolved, another instance (a fresh client) finds the entry', async () => {
    const entry = accessEntry({
      actor: { id: randomUUID(), tenantId: tenant },
      route: 'GET /api/export',
      kind: 'export',
      roundtable: { id: uid('rt'), caseAlias: 'K.L.' },
    });
    const recorded = await recordAccess(log, entry);
    assert.equal(recorded.ok, true);
    const other = client(server.endpoint);
    try {
      const day = entry.at.slice(0, 10);
      const filter = accessFilter({ from: day, to: day, caseAlias: 'K.L.' });
      assert.ok(filter.ok);
      const page = await new CosmosAccessLog(other.database(dbId), { retentionDays: 2555 }).query(
        tenant,
        filter.value,
        { limit: 10 },
      );
      assert.deepEqual(page.entries, [entry]);
    } finally {
      other.dispose();
    }
  });

  it('access log: when the write fails, recordAccess answers busy (refuse, try again) and emits no access event', async () => {
    const { log: logger, lines } = capturedLogger();
    proxy.fail({ method: 'POST', path: /colls\/access-log\/docs$/, fault: '503', count: Infinity });
    try {
      const entry = accessEntry({
        actor: { id: randomUUID(), tenantId: tenant },
        route: 'GET /api/tab/me/steps',
        kind: 'read',
      });
      const recorded = await recordAccess(log, entry, logger);
      assert.equal(recorded.ok, false);
      assert.equal(recorded.ok ? undefined : recorded.failure.code, 'busy');
      const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.deepEqual(
        events.map((e) => e.event),
        ['access.unrecorded'],
      );
    } finally {
      proxy.clear();
    }
  });
});

describe('access log events (one pino line per entry, no content)', () => {
  it('access log: the event line holds ids, route, alias and code only, whatever the grant held', async () => {
    const { log: logger, lines } = capturedLogger();
    const secret = 'Grandmother Ruth Example wants to adopt; school reports bruises';
    const rt = roundtable({
      caseAlias: 'M.B.',
      startedBy: { id: 'fac', name: 'Frances Facilitator' },
      roster: [{ id: 'cw', name: 'Casey Worker', role: 'caseworker', joinedAt: '2026-01-01T09:00:00.000Z' }],
    });
    const plan = { ...rt, facts: [secret], steps: [step(rt.id, 'cw', { text: secret })] };
    const actorId = randomUUID();
    const entry = accessEntry({
      actor: { id: actorId, tenantId: 'AAAAAAAA-0000-4000-8000-000000000001' },
      route: 'GET /api/tab/board/:id',
      kind: 'read',
      roundtable: plan,
    });
    assert.equal((await recordAccess(new MemoryAccessLog(), entry, logger)).ok, true);
    assert.equal(lines.length, 1);
    const line = lines[0] as string;
    const event = JSON.parse(line) as Record<string, unknown>;
    const { level: _l, time: _t, pid: _p, hostname: _h, app: _a, msg: _m, ...fields } = event;
    assert.deepEqual(fields, {
      event: 'access',
      accessId: entry.id,
      tenantId: 'aaaaaaaa-0000-4000-8000-000000000001',
      at: entry.at,
      actorId,
      route: 'GET /api/tab/board/:id',
      kind: 'read',
      outcome: 'allowed',
      roundtableId: rt.id,
      caseAlias: 'M.B.',
    });
    for (const text of [secret, 'Ruth', 'Frances', 'Casey', 'guardianship'])
      assert.ok(!line.includes(text), `the line holds "${text}"`);
  });

  it('access log: accessEntry refuses free text where an id, a route name or a code belongs', () => {
    const actor = { id: randomUUID(), tenantId: randomUUID() };
    const base = { actor, route: 'idea.add', kind: 'change' as const };
    assert.throws(() => accessEntry({ ...base, route: 'idea.add: Grandmother wants to adopt' }));
    assert.throws(() => accessEntry({ ...base, actor: { ...actor, id: 'Casey Worker' } }));
    assert.throws(() => accessEntry({ ...base, refused: 'You are not on this roundtable' }));
    assert.throws(() => accessEntry({ ...base, roundtable: { id: 'the Smith family' } }));
    const refused = accessEntry({ ...base, refused: 403 });
    assert.deepEqual([refused.kind, refused.outcome, refused.code], ['refusal', 'refused', '403']);
    assert.equal(accessEntry({ ...base, route: 'command:my-steps' }).route, 'command:my-steps');
  });
});
