/** The access log in memory, for domain and handler tests: the same port and contract as the Cosmos store. */
import {
  type AccessEntry,
  type AccessFilter,
  type AccessLog,
  type AccessPage,
  afterCursor,
  decodeCursor,
  encodeCursor,
  MAX_PAGE,
  matches,
  newestFirst,
} from '../../roundtable/access-log.js';

/** AccessLog in this process's memory: append-only, copies in and out. */
export class MemoryAccessLog implements AccessLog {
  private readonly entries = new Map<string, AccessEntry>();

  async append(entry: AccessEntry): Promise<void> {
    if (!this.entries.has(entry.id)) this.entries.set(entry.id, structuredClone(entry));
  }

  async query(
    tenantId: string,
    filter: AccessFilter,
    page: { limit: number; continuation?: string },
  ): Promise<AccessPage> {
    const limit = Math.max(1, Math.min(MAX_PAGE, Math.floor(page.limit)));
    const cursor = decodeCursor(page.continuation);
    const tenant = tenantId.toLowerCase();
    const found = [...this.entries.values()]
      .filter((e) => e.tenantId.toLowerCase() === tenant && matches(e, filter) && afterCursor(e, cursor))
      .sort(newestFirst);
    const entries = found.slice(0, limit).map((e) => structuredClone(e));
    const last = entries.at(-1);
    return found.length > limit && last ? { entries, continuation: encodeCursor(last) } : { entries };
  }

  async purgeBefore(before: Date): Promise<number> {
    const cut = before.toISOString();
    let purged = 0;
    for (const [id, e] of this.entries) {
      if (e.at < cut) {
        this.entries.delete(id);
        purged += 1;
      }
    }
    return purged;
  }
}
