import { allLeaders, type BarrierReport, barrierReport, leadersOf } from '../roundtable/barrier-register.js';
import type { DomainContext } from '../roundtable/context.js';
import { sweepRetention } from '../roundtable/deletion.js';
import type { FollowUpSettings, Person } from '../roundtable/types.js';
import type { FollowUpStore } from './ports.js';
import { reminderId } from './reminder-id.js';
import { morningOf } from './schedule.js';
import type { ScheduledJobs } from './scheduler.js';
import type { Reminder, ReminderKind } from './types.js';

/** The partition (reminder owner) of the programme's own jobs. */
export const PROGRAMME_OWNER = 'system:programme';

export interface ProgrammeJobsDeps {
  store: FollowUpStore;
  /** The domain context: the retention pass deletes roundtables by its records rules. */
  domain: DomainContext;
  settings: FollowUpSettings;
  /** Sends the monthly digest to a leader's 1:1 chat (the edge renders it). */
  sendDigest: (leader: Person, digest: BarrierDigest) => Promise<'sent' | 'unreachable'>;
  /** The monthly digest runs when leaders are configured (LEADER_IDS). */
  digest: boolean;
  /** The daily retention pass runs when RETENTION_DAYS > 0. */
  retention: boolean;
  /** The programme view's nightly aggregates (when leaders are configured). */
  aggregates?: { refreshAll(): Promise<number> };
  now?: () => Date;
}

/** What the monthly barrier digest tells a leader. */
export interface BarrierDigest {
  /** The month the digest is for, YYYY-MM. */
  month: string;
  report: BarrierReport;
  leaders: Person[];
  /** Barriers raised in the last 30 days, and the day that window starts (YYYY-MM-DD). */
  newCount: number;
  since: string;
}

const KINDS = new Set<ReminderKind>([
  'barrier-digest',
  'barrier-digest-leader',
  'retention',
  'programme-aggregate',
]);

function month(d: Date): string {
  return d.toISOString().slice(0, 7);
}

function nextMonth(ym: string): string {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * The monthly barrier digest and the daily retention pass as reminder documents: created with ids
 * fixed by their date (so every instance creating them creates each once), claimed under the
 * scheduler's etag lease, and each run schedules the next. No in-memory timer holds them.
 */
export class ProgrammeJobs implements ScheduledJobs {
  private readonly now: () => Date;

  constructor(private readonly deps: ProgrammeJobsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  handles(reminder: Reminder): boolean {
    return KINDS.has(reminder.kind);
  }

  /** Creates the next digest (first working morning of next month) and today's retention pass, once. */
  async ensure(): Promise<void> {
    const now = this.now();
    if (this.deps.digest) await this.createDigest(nextMonth(month(now)));
    if (this.deps.retention) await this.createRetention(now.toISOString().slice(0, 10));
    if (this.deps.aggregates) await this.createAggregate(now.toISOString().slice(0, 10));
  }

  private async createAggregate(date: string): Promise<void> {
    await this.deps.store.createReminder({
      ...this.job('programme-aggregate', PROGRAMME_OWNER, date, new Date(`${date}T01:00:00Z`)),
      caseAlias: date,
    });
  }

  private job(kind: ReminderKind, ownerId: string, key: string, dueAt: Date): Reminder {
    return {
      id: reminderId(kind, 'programme', ownerId, key),
      ownerId,
      roundtableId: '',
      caseAlias: '',
      kind,
      dueAt: dueAt.toISOString(),
      status: 'pending',
      attempts: 0,
      createdAt: this.now().toISOString(),
    };
  }

  private async createDigest(ym: string): Promise<void> {
    const job = this.job(
      'barrier-digest',
      PROGRAMME_OWNER,
      ym,
      morningOf(`${ym}-01`, undefined, this.deps.settings),
    );
    await this.deps.store.createReminder({ ...job, caseAlias: ym });
  }

  private async createRetention(date: string): Promise<void> {
    await this.deps.store.createReminder({
      ...this.job('retention', PROGRAMME_OWNER, date, new Date(`${date}T02:00:00Z`)),
      caseAlias: date,
    });
  }

  async run(reminder: Reminder): Promise<'sent' | 'unreachable'> {
    switch (reminder.kind) {
      case 'retention':
        await sweepRetention(this.deps.domain);
        return 'sent';
      case 'programme-aggregate':
        await this.deps.aggregates?.refreshAll();
        return 'sent';
      case 'barrier-digest': {
        // Fan out: one reminder per leader, so a retry never sends anyone the digest twice.
        for (const leader of await allLeaders(this.deps.domain)) {
          await this.deps.store.createReminder({
            ...this.job('barrier-digest-leader', leader.id, reminder.caseAlias, this.now()),
            caseAlias: reminder.caseAlias,
          });
        }
        return 'sent';
      }
      case 'barrier-digest-leader': {
        const found = (await allLeaders(this.deps.domain)).find((l) => l.id === reminder.ownerId);
        if (!found) return 'sent';
        // Each leader's digest is their own tenant's register.
        const { tenantId, ...leader } = found;
        const report = await barrierReport(this.deps.domain, tenantId);
        const leaders = await leadersOf(this.deps.domain, tenantId);
        const since = new Date(this.now().getTime() - 30 * 86_400_000).toISOString();
        return this.deps.sendDigest(leader, {
          month: reminder.caseAlias,
          report,
          leaders,
          newCount: report.totals.d30 ?? 0,
          since: since.slice(0, 10),
        });
      }
      default:
        return 'sent';
    }
  }

  async afterRun(reminder: Reminder): Promise<void> {
    if (reminder.kind === 'barrier-digest') await this.createDigest(nextMonth(reminder.caseAlias));
    if (reminder.kind === 'retention') await this.createRetention(nextDay(reminder.caseAlias));
    if (reminder.kind === 'programme-aggregate') await this.createAggregate(nextDay(reminder.caseAlias));
  }
}
