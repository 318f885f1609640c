/**
 * A small HTTP proxy between the bot's @azure/cosmos client and the Cosmos-compatible server that
 * injects faults on matching requests: 429 (with x-ms-retry-after-ms), 503, a timeout (no answer),
 * a connection reset before the request is forwarded, or a reset after the server applied it
 * (the write happened, the answer is lost). It also records every request it forwards (`requests`:
 * kind, document, partition, status) so tests can count what an action costs. 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CosmosClient } from '@azure/cosmos';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { type CosmosRequest, type CosmosRequestKind, classify } from './cosmos-request-log.js';

export type CosmosFault = '429' | '503' | 'timeout' | 'reset' | 'reset-after';

export interface FaultRule {
  fault: CosmosFault;
  /** HTTP method to match (any when omitted): POST creates and queries, PUT replaces, GET reads. */
  method?: string;
  /** Matches the request path, e.g. /colls\/roundtables\/docs$/ for creates (any when omitted). */
  path?: RegExp;
  /** Matches a create/replace body (JSON text), e.g. /"kind":"idea"/ (any when omitted). */
  body?: RegExp;
  /** Matches requests of these kinds only (e.g. WRITES: creates, upserts, replaces, deletes). */
  kinds?: readonly CosmosRequestKind[];
  /** Lets this many matching requests through before faulting (the n-th write of an action: skip n). */
  skip?: number;
  /** How many matching requests to fault (default 1; Infinity until cleared). */
  count?: number;
  /** x-ms-retry-after-ms for 429 (default 10). */
  retryAfterMs?: number;
}

interface ActiveRule extends FaultRule {
  remaining: number;
  skipping: number;
}

/** The kinds of request that write: a rule with `kinds: WRITES` counts and faults writes only. */
export const WRITES: readonly CosmosRequestKind[] = ['create', 'upsert', 'replace', 'delete'];

export class CosmosFaultProxy {
  /** Faults injected so far, in order, as `fault method path`. */
  readonly injected: string[] = [];
  /** Every request forwarded to the server, in order of arrival. */
  readonly requests: CosmosRequest[] = [];
  private seq = 0;
  private rules: ActiveRule[] = [];
  private waiting: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly target: URL,
    private readonly upstreamTimeoutMs: number,
  ) {}

  /** Starts the proxy on 127.0.0.1 in front of `targetEndpoint` (http only). */
  static async start(
    targetEndpoint: string,
    /** How long an answer from the server may take before the proxy drops the request (0: no limit). */
    opts: { upstreamTimeoutMs?: number } = {},
  ): Promise<CosmosFaultProxy> {
    let proxy: CosmosFaultProxy | undefined;
    const server = createServer((req, res) => {
      void proxy?.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    proxy = new CosmosFaultProxy(
      server,
      `http://127.0.0.1:${port}`,
      new URL(targetEndpoint),
      opts.upstreamTimeoutMs ?? 10_000,
    );
    return proxy;
  }

  /** Faults the next `count` requests that match. Rules are checked in the order they were added. */
  fail(rule: FaultRule): void {
    this.rules.push({ ...rule, remaining: rule.count ?? 1, skipping: rule.skip ?? 0 });
  }

  /** Resolves once `n` faults have been injected in all (e.g. a hung write has reached the proxy). */
  async injectedAtLeast(n: number): Promise<void> {
    while (this.injected.length < n) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  clear(): void {
    this.rules = [];
  }

  private match(req: IncomingMessage, body: string, kind: CosmosRequestKind): ActiveRule | undefined {
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (r.method === undefined || r.method === req.method) &&
        (r.kinds === undefined || r.kinds.includes(kind)) &&
        (r.path === undefined || r.path.test(decodeURIComponent(req.url ?? ''))) &&
        (r.body === undefined || r.body.test(body)),
    );
    if (rule && rule.skipping > 0) {
      rule.skipping--;
      return undefined;
    }
    return rule;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const record = classify(this.seq++, req.method ?? '', req.url ?? '', req.headers, 0);
    const rule = this.match(req, body.toString('utf8'), record.kind);
    if (rule) {
      rule.remaining--;
      this.injected.push(`${rule.fault} ${req.method} ${req.url}`);
      for (const wake of this.waiting.splice(0)) wake();
      switch (rule.fault) {
        case '429':
          res.writeHead(429, {
            'content-type': 'application/json',
            'x-ms-retry-after-ms': String(rule.retryAfterMs ?? 10),
            'x-ms-substatus': '3200',
          });
          res.end(JSON.stringify({ code: 'TooManyRequests', message: 'Request rate is large (injected)' }));
          return;
        case '503':
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ code: 'ServiceUnavailable', message: 'Injected 503' }));
          return;
        case 'timeout':
          // Never answer; the client's request timeout ends it. The socket is closed on close().
          return;
        case 'reset':
          req.socket.destroy();
          return;
        case 'reset-after':
          await this.forward(req, body);
          req.socket.destroy();
          return;
      }
    }
    this.requests.push(record);
    try {
      const answer = await this.forward(req, body);
      record.status = answer.status;
      if (record.kind === 'query') record.documents = documentsIn(answer.body);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    } catch {
      req.socket.destroy();
    }
  }

  private forward(
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: this.target.host };
      const out = request(
        {
          host: this.target.hostname,
          port: this.target.port,
          method: req.method,
          path: req.url,
          headers,
          ...(this.upstreamTimeoutMs > 0 ? { timeout: this.upstreamTimeoutMs } : {}),
        },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () =>
            resolve({
              status: answer.statusCode ?? 500,
              headers: answer.headers as Record<string, string | string[]>,
              body: Buffer.concat(chunks),
            }),
          );
          answer.on('error', reject);
        },
      );
      out.on('error', reject);
      out.on('timeout', () => out.destroy(new Error('upstream timeout')));
      out.end(body);
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** How many documents a query answer holds (its `_count`), undefined when it is not a feed. */
function documentsIn(body: Buffer): number | undefined {
  try {
    const count = (JSON.parse(body.toString('utf8')) as { _count?: unknown })._count;
    return typeof count === 'number' ? count : undefined;
  } catch {
    return undefined;
  }
}

/** A handle on `direct`'s database through another client (pointed at the proxy, or a second instance's own). */
export function databaseThrough(
  direct: Pick<DatabaseHandle, 'database'>,
  client: CosmosClient,
  endpoint: string,
): DatabaseHandle {
  return {
    database: client.database(direct.database.id),
    client,
    endpoint,
    embedded: true,
    close: async () => client.dispose(),
  };
}
