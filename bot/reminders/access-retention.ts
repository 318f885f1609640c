/**
 * The access log's retention as part of the scheduler's daily housekeeping (PracticeRetention runs it once a UTC
 * day per instance, beside the retention sweep of bot/roundtable/retention-rules.ts; no in-memory timer): entries
 * older than AUDIT_RETENTION_DAYS are removed (Cosmos's TTL does the same on Azure). Nothing else removes them: a
 * roundtable's deletion never touches the access log. Idempotent, so several instances may run it the same day.
 */
import { type AccessLog, purgeExpiredAccess } from '../roundtable/access-log.js';

/** A daily pass of the housekeeping (`sweep(now)`). */
export interface DailyPass {
  sweep(now: Date): Promise<unknown>;
}

/** The access log's daily purge of expired entries. */
export class AccessRetention implements DailyPass {
  constructor(
    private readonly log: AccessLog,
    /** Days entries are kept (config.audit.retentionDays). */
    private readonly retentionDays: number,
    /** Told how many entries a pass removed. */
    private readonly purged?: (count: number) => void,
  ) {}

  async sweep(now: Date): Promise<number> {
    const count = await purgeExpiredAccess(this.log, this.retentionDays, now);
    this.purged?.(count);
    return count;
  }
}

/** Several daily passes as the housekeeping's one, run in order (a failure stops the rest until the next pass). */
export function dailyPasses(...passes: DailyPass[]): DailyPass {
  return {
    async sweep(now) {
      for (const pass of passes) await pass.sweep(now);
    },
  };
}
