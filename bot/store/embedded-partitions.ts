/**
 * The embedded Cosmos-compatible server (@vercel/cosmosdb-server 1.0.x, local mode and tests only) answers a query by
 * running it over every document of the container, whatever partition the request names. Azure Cosmos DB runs a
 * query that names its partition (the `x-ms-documentdb-partitionkey` header, sent by @azure/cosmos for a query with a
 * `partitionKey` option) inside that partition only. The local server's whole-container scans made its CPU per
 * action grow with the number of roundtables held, which no deployment pays (docs/benchmarks.md, "200 live
 * roundtables"). `scopeQueriesToPartition` makes the server do what Cosmos does: such a query runs over that
 * partition's documents only. The answer is the same (our queries name their partition in the SQL as well); only
 * the documents scanned change. test/integration/embedded-partitions.test.ts holds both to it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Documents from '@vercel/cosmosdb-server/lib/account/documents.js';

const PARTITION_HEADER = 'x-ms-documentdb-partitionkey';

/** The partition key the request being served names, if any. */
const named = new AsyncLocalStorage<unknown>();

/** The server's document list (lib/account/items.js), as far as this patch uses it. */
interface Items {
  _parent: { read(): { indexingPolicy?: { compositeIndexes?: unknown } } | undefined };
  _data: Map<string, { read(): Record<string, unknown> }>;
  _getQuery(sql: string): { exec(data: unknown[], options: object): unknown };
  _userDefinedFunctions(): unknown;
  _getPartition(data: Record<string, unknown>): unknown;
  query(
    params: { query: string; parameters?: unknown },
    page: { maxItemCount?: unknown; continuation?: unknown },
  ): unknown;
}

let patched = false;

/** The server's documents class, patched once per process: a query names a partition → that partition only. */
function patchDocuments(): void {
  if (patched) return;
  patched = true;
  const proto = Documents.prototype as unknown as Items;
  const original = proto.query;
  proto.query = function scopedQuery(this: Items, params, page) {
    const key = named.getStore();
    const parent = this._parent.read();
    if (key === undefined || !parent) return original.call(this, params, page);
    const data: Record<string, unknown>[] = [];
    for (const item of this._data.values()) {
      const doc = item.read();
      if (this._getPartition(doc) === key) data.push(doc);
    }
    try {
      return this._getQuery(params.query).exec(data, {
        parameters: params.parameters,
        udf: this._userDefinedFunctions(),
        maxItemCount: page.maxItemCount,
        continuation: page.continuation,
        compositeIndexes: parent.indexingPolicy?.compositeIndexes ?? [],
      });
    } catch (err) {
      // As the original: a query the parser takes but cannot run is the client's mistake (400).
      (err as { badRequest?: boolean }).badRequest = true;
      throw err;
    }
  };
}

/** A partition key header's single value (`["rt-1"]` → `rt-1`); anything else (none, hierarchical, bad) scans. */
function partitionOf(header: string | string[] | undefined): unknown {
  const text = Array.isArray(header) ? header[0] : header;
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.length === 1 && typeof parsed[0] !== 'object') return parsed[0];
    return typeof parsed === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Makes `server` (from `createHttpServer`, before it listens) run partition-scoped queries in their partition. */
export function scopeQueriesToPartition(server: Server): void {
  patchDocuments();
  const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const key = partitionOf(req.headers[PARTITION_HEADER]);
    named.run(key, () => {
      for (const handler of handlers) handler.call(server, req, res);
    });
  });
}
