/**
 * The access log's nightly retention pass as a reminder document, run like the programme's jobs: created with
 * an id fixed by its date (every instance creates each night's once), claimed under the scheduler's etag lease,
 * and each run schedules the next night's. It removes entries older than AUDIT_RETENTION_DAYS (Cosmos's TTL does
 * the same on Azure) and nothing else: a roundtable's deletion never touches the access log.
 */
import { type AccessLog, purgeExpiredAccess } from '../roundtable/access-log.js';
import type { FollowUpStore } from './ports.js';
import { reminderId } from './reminder-id.js';
import type { ScheduledJobs } from './scheduler.js';
import type { Reminder } from './types.js';

/** The partition (reminder owner) of the access log's job. */
export const ACCESS_LOG_OWNER = 'system:access-log';
const KIND = 'access-retention' as const;

export interface AccessRetentionDeps {
  store: FollowUpStore;
  log: AccessLog;
  /** Days entries are kept (config.audit.retentionDays). */
  retentionDays: number;
  now?: () => Date;
  /** Told how many entries a pass removed. */
  purged?: (count: number) => void;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The nightly purge of expired access log entries (03:00 UTC). */
export class AccessRetentionJob implements ScheduledJobs {
  private readonly now: () => Date;

  constructor(private readonly deps: AccessRetentionDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  handles(reminder: Reminder): boolean {
    return reminder.kind === KIND;
  }

  /** Creates today's pass, once (a replayed create keeps the first). */
  async ensure(): Promise<void> {
    await this.create(this.now().toISOString().slice(0, 10));
  }

  private async create(date: string): Promise<void> {
    await this.deps.store.createReminder({
      id: reminderId(KIND, 'access-log', ACCESS_LOG_OWNER, date),
      ownerId: ACCESS_LOG_OWNER,
      roundtableId: '',
      caseAlias: date,
      kind: KIND,
      dueAt: new Date(`${date}T03:00:00Z`).toISOString(),
      status: 'pending',
      attempts: 0,
      createdAt: this.now().toISOString(),
    });
  }

  async run(_reminder: Reminder): Promise<'sent'> {
    const count = await purgeExpiredAccess(this.deps.log, this.deps.retentionDays, this.now());
    this.deps.purged?.(count);
    return 'sent';
  }

  async afterRun(reminder: Reminder): Promise<void> {
    await this.create(nextDay(reminder.caseAlias));
  }
}

/** Several jobs as the scheduler's one `jobs`: each reminder goes to the first job that handles it. */
export function allJobs(...jobs: ScheduledJobs[]): ScheduledJobs {
  const of = (r: Reminder) => jobs.find((j) => j.handles(r));
  return {
    handles: (r) => of(r) !== undefined,
    run: async (r) => (of(r) as ScheduledJobs).run(r),
    afterRun: async (r) => (of(r) as ScheduledJobs).afterRun(r),
  };
}
