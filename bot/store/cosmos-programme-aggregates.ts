import type { Container, Database } from '@azure/cosmos';
import type { ProgrammeMonth, RoundtableSources } from '../roundtable/programme-facts.js';
import type { ProgrammeAggregateStore } from '../roundtable/programme-view.js';
import type { BarrierRegisterEntry } from '../roundtable/records.js';
import type { ActionPlan, CaseSummary, Contribution, Roundtable } from '../roundtable/types.js';
import { type Doc, guard, queryRows, removeDoc, strip } from './cosmos-documents.js';

/** Ids per ARRAY_CONTAINS query when reading a tenant's plans, summaries and contributions. */
const CHUNK = 250;
const SYSTEM = ['_rid', '_self', '_etag', '_attachments', '_ts'];

/**
 * The programme view's monthly aggregate documents (container `programme`, id `pm-<tenant>-<YYYY-MM>`,
 * type `programme-month`) and the scan that computes them. A page load reads the tenant's month
 * documents with ONE query; only the scheduler's refresh reads the roundtables.
 */
export class CosmosProgrammeAggregates implements ProgrammeAggregateStore {
  private readonly programme: Container;
  private readonly roundtables: Container;
  private readonly reminders: Container;

  constructor(database: Database) {
    this.programme = database.container('programme');
    this.roundtables = database.container('roundtables');
    this.reminders = database.container('reminders');
  }

  async tenants() {
    const rows = await queryRows<{ tenantId?: string }>(
      this.roundtables,
      'programme tenants',
      "SELECT c.chat.tenantId FROM c WHERE c.type = 'roundtable' AND (NOT IS_DEFINED(c.practice) OR c.practice = false)",
      [],
    );
    return [...new Set(rows.map((r) => r.tenantId))];
  }

  async sources(tenantId: string | undefined) {
    const tenant = tenantId === undefined ? 'NOT IS_DEFINED(c.chat.tenantId)' : 'c.chat.tenantId = @tenant';
    const tenantParam = tenantId === undefined ? [] : [{ name: '@tenant', value: tenantId }];
    const rts = (
      await queryRows<Doc>(
        this.roundtables,
        'programme roundtables',
        `SELECT * FROM c WHERE c.type = 'roundtable' AND c.status = 'ended' AND ${tenant}`,
        tenantParam,
      )
    )
      // Practice roundtables are kept here: the aggregation leaves them (and their barriers) out.
      .map((d) => strip<Roundtable>(d, 'type', 'roundtableId'));
    const byId = new Map<string, RoundtableSources>(rts.map((rt) => [rt.id, { rt, contributions: [] }]));
    const ids = [...byId.keys()];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await queryRows<Doc>(
        this.roundtables,
        'programme documents',
        "SELECT * FROM c WHERE ARRAY_CONTAINS(@ids, c.roundtableId) AND (c.type = 'plan' OR c.type = 'case-summary' OR (c.type = 'contribution' AND (c.kind = 'step' OR c.kind = 'idea' OR c.kind = 'debrief')))",
        [{ name: '@ids', value: ids.slice(i, i + CHUNK) }],
      );
      for (const d of rows) {
        const s = byId.get(String(d.roundtableId));
        if (!s) continue;
        if (d.type === 'plan') s.plan = strip<ActionPlan>(d, 'type', 'roundtableId', 'id');
        else if (d.type === 'case-summary') s.summary = strip<CaseSummary>(d, 'type', 'roundtableId', 'id');
        else s.contributions.push(strip<Contribution>(d, 'type'));
      }
    }
    const escalations = await queryRows<{ stepId?: string; roundtableId: string }>(
      this.reminders,
      'programme escalations',
      "SELECT c.stepId, c.roundtableId FROM c WHERE c.kind = 'escalation' AND c.status = 'sent'",
      [],
    );
    const barrierTenant = tenantId === undefined ? 'NOT IS_DEFINED(c.tenantId)' : 'c.tenantId = @tenant';
    const barriers = (
      await queryRows<Doc>(
        this.programme,
        'programme barriers',
        `SELECT * FROM c WHERE c.type = 'barrier' AND ${barrierTenant}`,
        tenantParam,
      )
    ).map((d) => strip<BarrierRegisterEntry>(d, 'type'));
    return {
      sources: [...byId.values()],
      barriers,
      escalatedStepIds: new Set(
        escalations.filter((e) => e.stepId && byId.has(e.roundtableId)).map((e) => e.stepId as string),
      ),
    };
  }

  private key(tenantId: string | undefined): string {
    return tenantId ?? 'none';
  }

  async writeMonths(tenantId: string | undefined, months: ProgrammeMonth[], at: string) {
    const key = this.key(tenantId);
    await guard('programme months', async () => {
      for (const m of months) {
        await this.programme.items.upsert({
          ...m,
          id: `pm-${key}-${m.month}`,
          type: 'programme-month',
          tenantKey: key,
          refreshedAt: at,
        });
      }
      const keep = new Set(months.map((m) => m.month));
      const stale = await queryRows<{ id: string; month: string }>(
        this.programme,
        'programme months',
        "SELECT c.id, c.month FROM c WHERE c.type = 'programme-month' AND c.tenantKey = @key",
        [{ name: '@key', value: key }],
      );
      for (const s of stale) if (!keep.has(s.month)) await removeDoc(this.programme, s.id, s.id);
    });
  }

  async readMonths(tenantId: string | undefined) {
    const rows = await queryRows<Doc>(
      this.programme,
      'programme months',
      "SELECT * FROM c WHERE c.type = 'programme-month' AND c.tenantKey = @key",
      [{ name: '@key', value: this.key(tenantId) }],
    );
    const months = rows
      .map((d) => strip<ProgrammeMonth & { refreshedAt?: string }>(d, ...SYSTEM, 'id', 'type', 'tenantKey'))
      .sort((a, b) => a.month.localeCompare(b.month));
    const refreshedAt =
      months
        .map((m) => m.refreshedAt ?? '')
        .sort()
        .at(-1) || undefined;
    return {
      months: months.map(({ refreshedAt: _r, ...m }) => m),
      ...(refreshedAt ? { refreshedAt } : {}),
    };
  }
}
