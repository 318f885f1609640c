import assert from 'node:assert/strict';
import type { RoundtableStore } from '../../bot/roundtable/ports.js';
import type { ProgrammeMonth } from '../../bot/roundtable/programme-facts.js';
import type { ProgrammeAggregateStore } from '../../bot/roundtable/programme-view.js';
import { roundtable, step, uid } from './fixtures.js';

function month(m: string): ProgrammeMonth {
  return {
    month: m,
    roundtables: [{ startedAt: `${m}-03T09:00:00.000Z`, fidelity: [{ label: 'x', ok: true }], learning: [] }],
    steps: [],
    children: [
      {
        firstAt: `${m}-03T09:00:00.000Z`,
        atRoundtable: 'poor',
        latest: 'achieved',
        rating: 'improved',
        living: 'less-restrictive',
        connection: true,
        outcome: { kind: 'permanency', type: 'adoption', finalisedOn: `${m}-20` },
      },
    ],
    barriers: [],
  };
}

/** The programme view's aggregate store: per-tenant month documents, and the tenant-scoped scan. */
export function describeProgrammeAggregates(
  name: string,
  makeWorld: () => Promise<{ aggregates: ProgrammeAggregateStore; roundtables: RoundtableStore }>,
): void {
  describe(`ProgrammeAggregateStore contract: ${name}`, () => {
    it('writes a tenant’s months, reads them back in order, removes stale months, keeps tenants apart', async () => {
      const { aggregates } = await makeWorld();
      const a = uid('tenant-a');
      const b = uid('tenant-b');
      await aggregates.writeMonths(
        a,
        [month('2026-02'), month('2026-01'), month('2026-03')],
        '2026-04-01T01:00:00.000Z',
      );
      await aggregates.writeMonths(b, [month('2026-01')], '2026-04-01T01:00:00.000Z');
      const read = await aggregates.readMonths(a);
      assert.deepEqual(
        read.months.map((m) => m.month),
        ['2026-01', '2026-02', '2026-03'],
      );
      assert.deepEqual(read.months[0], month('2026-01'));
      assert.equal(read.refreshedAt, '2026-04-01T01:00:00.000Z');
      await aggregates.writeMonths(a, [month('2026-03')], '2026-04-02T01:00:00.000Z');
      assert.deepEqual(
        (await aggregates.readMonths(a)).months.map((m) => m.month),
        ['2026-03'],
      );
      assert.deepEqual(
        (await aggregates.readMonths(b)).months.map((m) => m.month),
        ['2026-01'],
      );
      assert.deepEqual(await aggregates.readMonths(uid('tenant-none')), { months: [] });
    });

    it('reads one tenant’s ended roundtables with their plans and steps, never another tenant’s', async () => {
      const { aggregates, roundtables } = await makeWorld();
      const tenant = uid('tenant');
      const chat = (t: string) => ({
        conversationId: uid('chat'),
        serviceUrl: 'http://localhost',
        reference: {},
        tenantId: t,
      });
      const mine = roundtable({ status: 'ended', chat: chat(tenant) });
      const active = roundtable({ status: 'active', chat: chat(tenant) });
      const theirs = roundtable({ status: 'ended', chat: chat(uid('other')) });
      for (const rt of [mine, active, theirs]) await roundtables.createRoundtable(rt);
      await roundtables.putPlan(mine.id, { ratings: { 'J.T.': 'fair' }, draft: true });
      await roundtables.addContribution(step(mine.id, 'owner'));
      await roundtables.addContribution(step(theirs.id, 'owner'));
      const { sources } = await aggregates.sources(tenant);
      assert.deepEqual(
        sources.map((s) => s.rt.id),
        [mine.id],
      );
      assert.equal(sources[0]?.plan?.ratings['J.T.'], 'fair');
      assert.equal(sources[0]?.contributions.length, 1);
      assert.ok((await aggregates.tenants()).includes(tenant));
    });
  });
}
