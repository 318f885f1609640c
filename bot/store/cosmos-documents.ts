import { type Container, type CosmosClient, type Database, ErrorResponse } from '@azure/cosmos';
import { EtagConflict, StoreUnavailable, type Versioned } from '../roundtable/ports.js';
import { type Doc, scopeForget, scopeWrote } from './read-scope.js';
import { queryOnePartition } from './single-partition-query.js';

export type { Doc } from './read-scope.js';

/** What every Cosmos store shares: the schema, error mapping, point reads, writes under etag and queries. */

/** Containers and their partition keys (DESIGN.md, plus `chats` for the chat → roundtable pointer). */
export const CONTAINERS = {
  roundtables: '/roundtableId',
  chats: '/id',
  people: '/id',
  reminders: '/ownerId',
  /** Barrier register, download links and deletion records (bot/store/cosmos-programme-store.ts). */
  programme: '/id',
} as const;

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts'];

/** The document without Cosmos's system fields (and `extra` fields the store added). */
export function strip<T>(doc: Doc, ...extra: string[]): T {
  const out: Record<string, unknown> = { ...doc };
  for (const k of [...SYSTEM_FIELDS, ...extra]) delete out[k];
  return out as T;
}

/** The HTTP status of a Cosmos failure, if it has one. */
export function statusOf(err: unknown): number | undefined {
  if (err instanceof ErrorResponse) return typeof err.code === 'number' ? err.code : Number(err.code);
  const code =
    (err as { code?: unknown; statusCode?: unknown })?.code ?? (err as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** Maps Cosmos failures to the store's errors; 412 becomes EtagConflict, outages StoreUnavailable. */
export async function guard<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    // A conflict found inside `op` (a racing create) stays a conflict, so the caller re-reads and retries.
    if (err instanceof EtagConflict) throw err;
    const status = statusOf(err);
    if (status === 412) throw new EtagConflict(what);
    if (status === 429 || status === 503 || status === 408 || status === undefined || status >= 500) {
      throw new StoreUnavailable(`storage unavailable while writing ${what}`, status, { cause: err });
    }
    throw err;
  }
}

/** Creates the database and containers if missing (idempotent). */
export async function ensureSchema(client: CosmosClient, databaseId: string): Promise<Database> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  for (const [id, path] of Object.entries(CONTAINERS)) {
    await database.containers.createIfNotExists({ id, partitionKey: { paths: [path] } });
  }
  return database;
}

/** A point read by id and partition key; undefined when it does not exist. */
export async function readDoc<T>(container: Container, id: string, pk: string, ...extra: string[]) {
  return guard(`read ${id}`, async (): Promise<Versioned<T> | undefined> => {
    try {
      const { resource } = await container.item(id, pk).read<Doc>();
      if (!resource) return undefined;
      return { value: strip<T>(resource, ...extra), etag: resource._etag ?? '' };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  });
}

/** The partition key value of a document in one of the CONTAINERS. */
function partitionOf(container: Container, doc: Doc): string {
  const path = CONTAINERS[container.id as keyof typeof CONTAINERS] ?? '/id';
  return String(doc[path.slice(1)]);
}

/** Creates a document; false when one with that id exists (409). */
export async function createDoc(container: Container, doc: Doc, what: string): Promise<boolean> {
  return guard(what, async () => {
    const pk = partitionOf(container, doc);
    try {
      const { resource } = await container.items.create<Doc>(doc);
      scopeWrote(container, pk, doc.id, resource ?? doc);
      return true;
    } catch (err) {
      // 409: it exists (a replay); anything else: the outcome is unknown. Either way, read it again.
      scopeForget(container, pk);
      if (statusOf(err) === 409) return false;
      throw err;
    }
  });
}

/** Creates (no etag) or replaces under If-Match; EtagConflict when it lost a race. Returns the new etag. */
export async function writeDoc(
  container: Container,
  doc: Doc,
  pk: string,
  etag: string | undefined,
  what: string,
) {
  return guard(what, async () => {
    try {
      const { resource } =
        etag === undefined
          ? await container.items.create<Doc>(doc)
          : await container
              .item(doc.id, pk)
              .replace<Doc>(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
      scopeWrote(container, pk, doc.id, resource ?? doc);
      return resource?._etag ?? '';
    } catch (err) {
      scopeForget(container, pk);
      if (etag === undefined && statusOf(err) === 409) throw new EtagConflict(what);
      throw err;
    }
  });
}

/** A query's parameters. */
export type QueryParameters = { name: string; value: string | number | string[] }[];

/** Runs a query to the end and returns its rows as they come (`SELECT VALUE …` or projections). */
export async function queryRows<R>(
  container: Container,
  what: string,
  query: string,
  parameters: QueryParameters,
  partitionKey?: string,
): Promise<R[]> {
  return guard(what, async () => {
    if (partitionKey !== undefined)
      return queryOnePartition<R>(container, { query, parameters }, partitionKey);
    const { resources } = await container.items.query<R>({ query, parameters }).fetchAll();
    return resources;
  });
}

/** Documents a query finds, each with its etag (a cross-partition query). */
export async function queryDocs<T>(
  container: Container,
  what: string,
  query: string,
  parameters: QueryParameters,
  ...extra: string[]
): Promise<Versioned<T>[]> {
  const rows = await queryRows<Doc>(container, what, query, parameters);
  return rows.map((d) => ({ value: strip<T>(d, ...extra), etag: d._etag ?? '' }));
}

/**
 * Documents of one partition. The query must filter on the partition key in WHERE too: the
 * Cosmos-compatible local server ignores the partitionKey option.
 */
export async function queryPartition<T>(
  container: Container,
  what: string,
  partitionKey: string,
  query: string,
  parameters: QueryParameters,
  ...extra: string[]
): Promise<T[]> {
  const rows = await queryRows<Doc>(container, what, query, parameters, partitionKey);
  return rows.map((d) => strip<T>(d, ...extra));
}

/** Deletes one document; false when it was already gone. */
export async function removeDoc(container: Container, id: string, pk: string): Promise<boolean> {
  try {
    await container.item(id, pk).delete();
    scopeWrote(container, pk, id, undefined);
    return true;
  } catch (err) {
    scopeForget(container, pk);
    if (statusOf(err) === 404) return false;
    throw err;
  }
}
