import type { ChildRecordStore } from './child-types.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type ProgrammeMonth, programmeMonths, type RoundtableSources } from './programme-facts.js';
import { type ProgrammeFigures, type ProgrammeQuery, programmeFigures } from './programme-figures.js';
import type { BarrierRegisterEntry } from './records.js';
import type { AgencySettings, Person } from './types.js';

/** What the programme view needs from storage: the tenant's sources (scheduler only) and its aggregates. */
export interface ProgrammeAggregateStore {
  /** Tenants that have roundtables (`undefined`: chats without a tenant). */
  tenants(): Promise<(string | undefined)[]>;
  /** Everything the aggregation reads of a tenant: roundtables with plans, summaries and contributions. */
  sources(tenantId: string | undefined): Promise<{
    sources: RoundtableSources[];
    barriers: BarrierRegisterEntry[];
    escalatedStepIds: Set<string>;
  }>;
  /** Replaces the tenant's monthly aggregate documents (stale months removed). */
  writeMonths(tenantId: string | undefined, months: ProgrammeMonth[], at: string): Promise<void>;
  /** The tenant's monthly aggregates, and when they were computed. */
  readMonths(tenantId: string | undefined): Promise<{ months: ProgrammeMonth[]; refreshedAt?: string }>;
}

export interface ProgrammeViewDeps {
  store: ProgrammeAggregateStore;
  /** The tenant's child records (one cross-partition query, in the refresh only, never on a page load). */
  children?: Pick<ChildRecordStore, 'childrenOfTenant'>;
  settings: AgencySettings;
  leaderIds: string[];
  offices: string[];
  suppressBelow: number;
  now: () => Date;
}

/** The answer of the programme API: the figures, the offices to filter by, and how fresh they are. */
export type ProgrammeAnswer = ProgrammeFigures & { offices: string[]; refreshedAt?: string };

/** A month (YYYY-MM) or a day (YYYY-MM-DD); a day stands for its whole month. */
const PERIOD_DATE = /^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/;
/** A period longer than this is refused (the charts are monthly). */
const MAX_MONTHS = 60;

/** The leaders' programme view: aggregates refreshed by the scheduler, figures per period and office. */
export class ProgrammeView {
  private readonly refreshing = new Map<string, Promise<number>>();

  constructor(private readonly deps: ProgrammeViewDeps) {}

  /** Configured leaders only (LEADER_IDS), by Entra object id: the same rule as the barrier register. */
  isLeader(person: Pick<Person, 'aadObjectId'>): boolean {
    return !!person.aadObjectId && this.deps.leaderIds.includes(person.aadObjectId.toLowerCase());
  }

  /** Recomputes one tenant's monthly aggregates (one run at a time per tenant); returns how many months. */
  async refresh(tenantId: string | undefined): Promise<number> {
    const key = tenantId ?? '';
    const running = this.refreshing.get(key);
    if (running) return running;
    const run = (async () => {
      const { sources, barriers, escalatedStepIds } = await this.deps.store.sources(tenantId);
      const records = (await this.deps.children?.childrenOfTenant(tenantId)) ?? [];
      const months = programmeMonths(sources, barriers, escalatedStepIds, this.deps.settings, records);
      await this.deps.store.writeMonths(tenantId, months, this.deps.now().toISOString());
      return months.length;
    })();
    this.refreshing.set(key, run);
    try {
      return await run;
    } finally {
      this.refreshing.delete(key);
    }
  }

  /** The tenants with roundtables (local mode: the development sign-in has none of its own). */
  async tenants(): Promise<(string | undefined)[]> {
    return this.deps.store.tenants();
  }

  /** Recomputes every tenant's aggregates (the scheduler's nightly job). */
  async refreshAll(): Promise<number> {
    let n = 0;
    for (const tenant of await this.deps.store.tenants()) n += await this.refresh(tenant);
    return n;
  }

  /** The figures a leader asked for: period (from, to: ISO dates) and an optional office. */
  async figures(
    who: Pick<Person, 'aadObjectId'>,
    tenantId: string | undefined,
    raw: { from?: string; to?: string; office?: string },
  ): Promise<Outcome<ProgrammeAnswer>> {
    if (!this.isLeader(who)) return fail('forbidden', 'The programme view is for agency leaders.');
    const query = this.query(raw);
    if (!query.ok) return query;
    const { months, refreshedAt } = await this.deps.store.readMonths(tenantId);
    const figures = programmeFigures(months, query.value, this.deps.now(), this.deps.suppressBelow);
    const found = months.flatMap((m) => [...m.roundtables, ...(m.children ?? [])]).map((r) => r.office);
    const offices = [...new Set([...this.deps.offices, ...found.filter((o): o is string => !!o)])].sort(
      (a, b) => a.localeCompare(b),
    );
    return ok({ ...figures, offices, ...(refreshedAt ? { refreshedAt } : {}) });
  }

  private query(raw: { from?: string; to?: string; office?: string }): Outcome<ProgrammeQuery> {
    const today = this.deps.now().toISOString().slice(0, 10);
    const rawFrom = raw.from ?? `${today.slice(0, 4)}-01-01`;
    const rawTo = raw.to ?? today;
    const valid = (d: string) =>
      PERIOD_DATE.test(d) && !Number.isNaN(Date.parse(d.length === 7 ? `${d}-01` : d));
    if (!valid(rawFrom) || !valid(rawTo))
      return fail('invalid', 'Give the period as months or dates: from=YYYY-MM&to=YYYY-MM (or YYYY-MM-DD).');
    // Whole months only: a period that starts or ends inside a month means the whole month, so two periods a
    // day apart are the same answer (no small count is recovered by subtraction).
    const from = `${rawFrom.slice(0, 7)}-01`;
    const [ty, tm] = rawTo.slice(0, 7).split('-').map(Number) as [number, number];
    const to = new Date(Date.UTC(ty, tm, 0)).toISOString().slice(0, 10);
    if (from > to) return fail('invalid', 'The period starts after it ends.');
    const span =
      (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
      Number(to.slice(5, 7)) -
      Number(from.slice(5, 7));
    if (span >= MAX_MONTHS) return fail('invalid', `Choose a period of at most ${MAX_MONTHS} months.`);
    const office = raw.office?.trim();
    if (office !== undefined && (office.length === 0 || office.length > 60))
      return fail('invalid', 'Choose an office from the list.');
    return ok({ from, to, ...(office ? { office } : {}) });
  }
}
