/**
 * What a counting proxy records of each database request: its kind (point read, query, query-plan
 * POST, create, replace …), the document id or partition it touched and the status it got.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type CosmosRequestKind =
  | 'read'
  | 'query'
  | 'query-plan'
  | 'create'
  | 'upsert'
  | 'replace'
  | 'delete'
  | 'other';

export interface CosmosRequest {
  /** Order of arrival at the proxy (0, 1, 2 …). */
  seq: number;
  method: string;
  path: string;
  kind: CosmosRequestKind;
  /** The container (`roundtables`, `chats` …) for document requests. */
  container?: string;
  /** The document id of a point read, replace or delete. */
  id?: string;
  /** The partition key value sent with the request (undefined: none, a cross-partition query). */
  partitionKey?: string;
  status: number;
  /** The documents a query's answer held (recorded by the proxy once answered). */
  documents?: number;
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Classifies one request by its method, path and Cosmos headers. */
export function classify(
  seq: number,
  method: string,
  rawPath: string,
  headers: IncomingHttpHeaders,
  status: number,
): CosmosRequest {
  const path = decodeURIComponent(rawPath.split('?')[0] ?? '');
  const m = /\/colls\/([^/]+)\/docs(?:\/([^/]+))?\/?$/.exec(path);
  const pkHeader = header(headers, 'x-ms-documentdb-partitionkey');
  let partitionKey: string | undefined;
  if (pkHeader) {
    try {
      const parsed = JSON.parse(pkHeader) as unknown[];
      partitionKey = String(parsed[0]);
    } catch {
      partitionKey = pkHeader;
    }
  }
  const base = { seq, method, path, status, ...(partitionKey !== undefined ? { partitionKey } : {}) };
  if (!m) return { ...base, kind: 'other' };
  const [, container, id] = m;
  const doc = { ...base, container, ...(id ? { id } : {}) };
  if (method === 'GET' && id) return { ...doc, kind: 'read' };
  if (method === 'PUT' && id) return { ...doc, kind: 'replace' };
  if (method === 'DELETE' && id) return { ...doc, kind: 'delete' };
  if (method === 'POST' && !id) {
    if (/true/i.test(header(headers, 'x-ms-cosmos-is-query-plan-request') ?? ''))
      return { ...doc, kind: 'query-plan' };
    if (/true/i.test(header(headers, 'x-ms-documentdb-isquery') ?? '')) return { ...doc, kind: 'query' };
    if (/true/i.test(header(headers, 'x-ms-documentdb-is-upsert') ?? '')) return { ...doc, kind: 'upsert' };
    return { ...doc, kind: 'create' };
  }
  return { ...doc, kind: 'other' };
}

/** Requests grouped by kind, for messages: `{ read: 2, query: 1, … }`. */
export function countByKind(requests: CosmosRequest[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests) out[r.kind] = (out[r.kind] ?? 0) + 1;
  return out;
}

/** A short line per request, for assertion messages. */
export function describeRequests(requests: CosmosRequest[]): string {
  return requests
    .map((r) => `${r.kind} ${r.container ?? ''}/${r.id ?? ''} pk=${r.partitionKey ?? '-'} ${r.status}`)
    .join('\n');
}
