import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  type AccessEntry,
  type AccessFilter,
  type AccessLog,
  accessEntry,
  accessFilter,
} from '../../bot/roundtable/access-log.js';

/** A tenant of its own for each test: the suites share one database. */
const tenant = () => randomUUID();

function entry(tenantId: string, at: string, over: Partial<AccessEntry> = {}): AccessEntry {
  return {
    ...accessEntry({
      actor: { id: over.actorId ?? randomUUID(), tenantId },
      route: over.route ?? 'GET /api/tab/board',
      kind: 'read',
      roundtable: { id: `rt-${randomUUID()}`, caseAlias: over.caseAlias ?? 'J.T.' },
      at: new Date(at),
    }),
    ...over,
  };
}

function period(from: string, to: string, more: Partial<AccessFilter> = {}): AccessFilter {
  const f = accessFilter({ from, to, ...more });
  if (!f.ok) throw new Error(f.failure.message);
  return f.value;
}

/** Every page of a query, following continuations. */
async function all(
  log: AccessLog,
  tenantId: string,
  filter: AccessFilter,
  limit = 100,
): Promise<AccessEntry[]> {
  const out: AccessEntry[] = [];
  let continuation: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await log.query(tenantId, filter, { limit, ...(continuation ? { continuation } : {}) });
    out.push(...page.entries);
    continuation = page.continuation;
    if (!continuation) break;
  }
  return out;
}

/** The AccessLog contract: every implementation passes it unchanged. */
export function describeAccessLog(name: string, makeLog: () => Promise<AccessLog>): void {
  describe(`AccessLog contract: ${name}`, () => {
    let log: AccessLog;
    before(async () => {
      log = await makeLog();
    });

    it('access log: an appended entry is found by its own tenant only, as it was written', async () => {
      const mine = tenant();
      const e = entry(mine, '2026-03-10T09:00:00.000Z');
      await log.append(e);
      const found = await log.query(mine, period('2026-03-01', '2026-03-31'), { limit: 10 });
      assert.deepEqual(found.entries, [e]);
      assert.equal(found.continuation, undefined);
      const other = await log.query(tenant(), period('2026-03-01', '2026-03-31'), { limit: 10 });
      assert.deepEqual(other.entries, []);
    });

    it('access log: append-only — a replayed id keeps the first entry, and the port has no way to change one', async () => {
      const mine = tenant();
      const e = entry(mine, '2026-03-10T09:00:00.000Z', {
        outcome: 'refused',
        kind: 'refusal',
        code: 'forbidden',
      });
      await log.append(e);
      await log.append({ ...e, outcome: 'allowed', kind: 'read', code: undefined as never });
      const found = await all(log, mine, period('2026-03-01', '2026-03-31'));
      assert.deepEqual(found, [e]);
      const methods = new Set<string>();
      for (let p = Object.getPrototypeOf(log); p && p !== Object.prototype; p = Object.getPrototypeOf(p))
        for (const k of Object.getOwnPropertyNames(p)) if (k !== 'constructor') methods.add(k);
      assert.deepEqual([...methods].sort(), ['append', 'purgeBefore', 'query']);
    });

    it('access log: the period is whole UTC days, both ends included', async () => {
      const mine = tenant();
      const at = [
        '2026-04-30T23:59:59.999Z',
        '2026-05-01T00:00:00.000Z',
        '2026-05-31T23:59:59.999Z',
        '2026-06-01T00:00:00.000Z',
      ];
      for (const a of at) await log.append(entry(mine, a));
      const may = await all(log, mine, period('2026-05-01', '2026-05-31'));
      assert.deepEqual(
        may.map((e) => e.at),
        [at[2], at[1]],
      );
    });

    it('access log: filters by case alias (any case), person and refusals only', async () => {
      const mine = tenant();
      const pat = randomUUID();
      const a = entry(mine, '2026-02-01T10:00:00.000Z', { caseAlias: 'J.T.', actorId: pat });
      const b = entry(mine, '2026-02-02T10:00:00.000Z', { caseAlias: 'K.L.', actorId: pat });
      const c = entry(mine, '2026-02-03T10:00:00.000Z', {
        caseAlias: 'J.T.',
        outcome: 'refused',
        kind: 'refusal',
        code: 'forbidden',
      });
      for (const e of [a, b, c]) await log.append(e);
      const feb = (more: Partial<AccessFilter>) => all(log, mine, period('2026-02-01', '2026-02-28', more));
      assert.deepEqual(await feb({ caseAlias: 'j.t.' }), [c, a]);
      assert.deepEqual(await feb({ actorId: pat.toUpperCase() }), [b, a]);
      assert.deepEqual(await feb({ refusedOnly: true }), [c]);
      assert.deepEqual(await feb({ caseAlias: 'K.L.', refusedOnly: true }), []);
    });

    it('access log: newest first across months, pages neither skip nor repeat (same instant too)', async () => {
      const mine = tenant();
      const at = [
        '2025-11-30T08:00:00.000Z',
        '2025-12-15T08:00:00.000Z',
        '2025-12-15T08:00:00.000Z',
        '2025-12-15T08:00:00.000Z',
        '2026-01-02T08:00:00.000Z',
        '2026-01-20T08:00:00.000Z',
        '2026-02-01T08:00:00.000Z',
      ];
      const written = at.map((a) => entry(mine, a));
      for (const e of written) await log.append(e);
      const expected = [...written].sort((x, y) =>
        x.at === y.at ? (x.id < y.id ? 1 : -1) : x.at < y.at ? 1 : -1,
      );
      const first = await log.query(mine, period('2025-11-01', '2026-02-28'), { limit: 3 });
      assert.equal(first.entries.length, 3);
      assert.ok(first.continuation, 'a next page');
      for (const limit of [1, 2, 3, 7, 100]) {
        const pages = await all(log, mine, period('2025-11-01', '2026-02-28'), limit);
        assert.deepEqual(
          pages.map((e) => e.id),
          expected.map((e) => e.id),
          `pages of ${limit}`,
        );
      }
    });

    it('access log: purgeBefore removes older entries of every tenant and keeps the rest', async () => {
      const [t1, t2] = [tenant(), tenant()];
      const old1 = entry(t1, '2001-01-05T00:00:00.000Z');
      const old2 = entry(t2, '2001-01-06T00:00:00.000Z');
      const kept = entry(t1, '2001-01-20T00:00:00.000Z');
      for (const e of [old1, old2, kept]) await log.append(e);
      assert.ok((await log.purgeBefore(new Date('2001-01-10T00:00:00.000Z'))) >= 2);
      assert.deepEqual(await all(log, t1, period('2001-01-01', '2001-01-31')), [kept]);
      assert.deepEqual(await all(log, t2, period('2001-01-01', '2001-01-31')), []);
    });
  });
}
