/**
 * The access log on Cosmos DB: container `access-log`, apart from case data, partition key `/tenantMonth`
 * (`<tenant>:<yyyy-mm>` of the entry's UTC time). An append is ONE create in one partition (≈ 6 RU for
 * an entry of ~0.5 KB with the narrow indexing policy below); an officer's query reads at most 13 monthly
 * partitions of their own tenant, each filtered on its partition key in WHERE (DESIGN.md). Append-only in
 * the code: this class has no replace, upsert or per-entry delete; only `purgeBefore` (retention) removes
 * entries, and each entry also carries a Cosmos `ttl` so that Azure removes it on its own.
 */
import type { Container, Database } from '@azure/cosmos';
import {
  type AccessEntry,
  type AccessFilter,
  type AccessLog,
  type AccessPage,
  decodeCursor,
  encodeCursor,
  MAX_PAGE,
  monthsOf,
  periodOf,
} from '../roundtable/access-log.js';
import { type Doc, guard, type QueryParameters, queryRows, statusOf, strip } from './cosmos-documents.js';

/** The container's name (database.ts checks it exists in production). */
export const ACCESS_LOG_CONTAINER = 'access-log';
const DAY_S = 86_400;
/** Fields the store adds to an entry (stripped on read). */
const STORE_FIELDS = ['tenantMonth', 'type', 'ttl', 'aliasKey', 'actorKey'];

/**
 * Creates the container if missing: TTL on (each entry sets its own `ttl`), and an index of only the fields
 * the officer filters and sorts on (a cheaper write than indexing every path), with the composite index
 * that `ORDER BY c.at DESC, c.id DESC` needs on Azure. infra/main.bicep must declare the same policy.
 */
export async function ensureAccessLogContainer(database: Database): Promise<Container> {
  const { container } = await database.containers.createIfNotExists({
    id: ACCESS_LOG_CONTAINER,
    partitionKey: { paths: ['/tenantMonth'] },
    defaultTtl: -1,
    indexingPolicy: ACCESS_LOG_INDEXING,
  });
  return container;
}

/** The indexing policy of `access-log` (also for the Bicep). */
export const ACCESS_LOG_INDEXING = {
  indexingMode: 'consistent' as const,
  automatic: true,
  includedPaths: [
    { path: '/tenantMonth/?' },
    { path: '/at/?' },
    { path: '/aliasKey/?' },
    { path: '/actorKey/?' },
    { path: '/outcome/?' },
  ],
  excludedPaths: [{ path: '/*' }],
  compositeIndexes: [
    [
      { path: '/at', order: 'descending' as const },
      { path: '/id', order: 'descending' as const },
    ],
  ],
};

/** The partition of an entry: its tenant and UTC month. */
export const tenantMonthOf = (tenantId: string, at: string) => `${tenantId.toLowerCase()}:${at.slice(0, 7)}`;

/** AccessLog on Cosmos DB. */
export class CosmosAccessLog implements AccessLog {
  private readonly container: Container;

  constructor(
    database: Database,
    private readonly opts: { retentionDays: number },
  ) {
    this.container = database.container(ACCESS_LOG_CONTAINER);
  }

  /** One create; a replay of the same entry id (409) keeps the first. */
  async append(entry: AccessEntry): Promise<void> {
    const doc = {
      ...entry,
      tenantMonth: tenantMonthOf(entry.tenantId, entry.at),
      type: 'access',
      ttl: this.opts.retentionDays * DAY_S,
      actorKey: entry.actorId.toLowerCase(),
      ...(entry.caseAlias ? { aliasKey: entry.caseAlias.toLowerCase() } : {}),
    };
    await guard('access entry', async () => {
      try {
        await this.container.items.create(doc);
      } catch (err) {
        if (statusOf(err) === 409) return;
        throw err;
      }
    });
  }

  async query(
    tenantId: string,
    filter: AccessFilter,
    page: { limit: number; continuation?: string },
  ): Promise<AccessPage> {
    const limit = Math.max(1, Math.min(MAX_PAGE, Math.floor(page.limit)));
    const cursor = decodeCursor(page.continuation);
    const { start, end } = periodOf(filter);
    const found: AccessEntry[] = [];
    // Months newer than the cursor's were read by earlier pages: start at the cursor's month.
    const months = monthsOf(filter).filter((m) => !cursor || m <= cursor.at.slice(0, 7));
    for (const month of months) {
      const pk = tenantMonthOf(tenantId, `${month}-01`);
      const where = ['c.tenantMonth = @pk', 'c.at >= @start', 'c.at < @end'];
      const parameters: QueryParameters = [
        { name: '@pk', value: pk },
        { name: '@start', value: start },
        { name: '@end', value: end },
      ];
      if (filter.caseAlias) {
        where.push('c.aliasKey = @alias');
        parameters.push({ name: '@alias', value: filter.caseAlias.toLowerCase() });
      }
      if (filter.actorId) {
        where.push('c.actorKey = @actor');
        parameters.push({ name: '@actor', value: filter.actorId.toLowerCase() });
      }
      if (filter.refusedOnly) where.push("c.outcome = 'refused'");
      if (cursor) {
        where.push('(c.at < @cat OR (c.at = @cat AND c.id < @cid))');
        parameters.push({ name: '@cat', value: cursor.at }, { name: '@cid', value: cursor.id });
      }
      const top = limit + 1 - found.length;
      const rows = await queryRows<Doc>(
        this.container,
        'access log',
        `SELECT TOP ${top} * FROM c WHERE ${where.join(' AND ')} ORDER BY c.at DESC, c.id DESC`,
        parameters,
        pk,
      );
      found.push(...rows.map((d) => strip<AccessEntry>(d, ...STORE_FIELDS)));
      if (found.length > limit) break;
    }
    const entries = found.slice(0, limit);
    const last = entries.at(-1);
    return found.length > limit && last ? { entries, continuation: encodeCursor(last) } : { entries };
  }

  /** Retention: deletes entries older than `before`, partition by partition (the local server has no TTL). */
  async purgeBefore(before: Date): Promise<number> {
    const rows = await queryRows<{ id: string; tenantMonth: string }>(
      this.container,
      'expired access entries',
      'SELECT c.id, c.tenantMonth FROM c WHERE c.at < @before',
      [{ name: '@before', value: before.toISOString() }],
    );
    let purged = 0;
    for (const row of rows) {
      await guard('purge access entry', async () => {
        try {
          await this.container.item(row.id, row.tenantMonth).delete();
          purged += 1;
        } catch (err) {
          if (statusOf(err) !== 404) throw err;
        }
      });
    }
    return purged;
  }
}
