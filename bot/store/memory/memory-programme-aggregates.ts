import type { ProgrammeMonth, RoundtableSources } from '../../roundtable/programme-facts.js';
import type { ProgrammeAggregateStore } from '../../roundtable/programme-view.js';
import type { BarrierRegisterEntry } from '../../roundtable/records.js';
import type { ActionPlan, CaseSummary, Contribution, Roundtable } from '../../roundtable/types.js';
import { type MemoryContainer, type MemoryDatabase, type MemoryDoc, strip } from './memory-database.js';

/** The roundtable's chat tenant as stored (undefined: a chat without one). */
function tenantOf(d: MemoryDoc): string | undefined {
  return (d.chat as { tenantId?: string } | undefined)?.tenantId;
}

/** The contributions the aggregation reads. */
const COUNTED_KINDS = new Set(['step', 'idea', 'debrief']);

/**
 * The programme view's monthly aggregates in memory (documents `pm-<tenant>-<YYYY-MM>` in `programme`,
 * as bot/store/cosmos-programme-aggregates.ts) and the tenant-scoped scan that computes them.
 */
export class MemoryProgrammeAggregates implements ProgrammeAggregateStore {
  private readonly programme: MemoryContainer;
  private readonly roundtables: MemoryContainer;
  private readonly reminders: MemoryContainer;

  constructor(database: MemoryDatabase) {
    this.programme = database.container('programme');
    this.roundtables = database.container('roundtables');
    this.reminders = database.container('reminders');
  }

  async tenants() {
    const rts = this.roundtables
      .all()
      .map((d) => d.value)
      .filter((d) => d.type === 'roundtable' && d.practice !== true);
    return [...new Set(rts.map(tenantOf))];
  }

  async sources(tenantId: string | undefined) {
    const rts = this.roundtables
      .all()
      .map((d) => d.value)
      .filter((d) => d.type === 'roundtable' && d.status === 'ended' && tenantOf(d) === tenantId)
      .map((d) => strip<Roundtable>(d, 'type', 'roundtableId'));
    const byId = new Map<string, RoundtableSources>(rts.map((rt) => [rt.id, { rt, contributions: [] }]));
    for (const [id, s] of byId) {
      for (const { value: d } of this.roundtables.inPartition(id)) {
        if (d.type === 'plan') s.plan = strip<ActionPlan>(d, 'type', 'roundtableId', 'id');
        else if (d.type === 'case-summary') s.summary = strip<CaseSummary>(d, 'type', 'roundtableId', 'id');
        else if (d.type === 'contribution' && COUNTED_KINDS.has(String(d.kind)))
          s.contributions.push(strip<Contribution>(d, 'type'));
      }
    }
    const escalated = this.reminders
      .all()
      .map((d) => d.value)
      .filter(
        (r) => r.kind === 'escalation' && r.status === 'sent' && r.stepId && byId.has(String(r.roundtableId)),
      )
      .map((r) => String(r.stepId));
    const barriers = this.programme
      .all()
      .map((d) => d.value)
      .filter((d) => d.type === 'barrier' && d.tenantId === tenantId)
      .map((d) => strip<BarrierRegisterEntry>(d, 'type'));
    return { sources: [...byId.values()], barriers, escalatedStepIds: new Set(escalated) };
  }

  private key(tenantId: string | undefined): string {
    return tenantId ?? 'none';
  }

  async writeMonths(tenantId: string | undefined, months: ProgrammeMonth[], at: string) {
    const key = this.key(tenantId);
    for (const m of months) {
      const id = `pm-${key}-${m.month}`;
      this.programme.upsert(id, { ...m, id, type: 'programme-month', tenantKey: key, refreshedAt: at });
    }
    const keep = new Set(months.map((m) => m.month));
    for (const { value: d } of this.programme.all())
      if (d.type === 'programme-month' && d.tenantKey === key && !keep.has(String(d.month)))
        this.programme.remove(d.id, d.id);
  }

  async readMonths(tenantId: string | undefined) {
    const key = this.key(tenantId);
    const months = this.programme
      .all()
      .map((d) => d.value)
      .filter((d) => d.type === 'programme-month' && d.tenantKey === key)
      .map((d) => strip<ProgrammeMonth & { refreshedAt?: string }>(d, 'id', 'type', 'tenantKey'))
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
