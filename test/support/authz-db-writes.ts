/**
 * A recording HTTP proxy between the bot's @azure/cosmos client and the Cosmos-compatible server (the
 * counting proxy of test/support/cosmos-fault-proxy.ts): it forwards everything and gives each WRITE (create,
 * replace, upsert, patch, delete, batch; not reads or queries), so the matrix can tell exactly which case
 * wrote what, without dumping the database each time.
 */
import { CosmosClient } from '@azure/cosmos';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { CosmosFaultProxy } from './cosmos-fault-proxy.js';
import type { CosmosRequest } from './cosmos-request-log.js';

/** A document request that changes something: not a read, not a query. */
const isWrite = (r: CosmosRequest) =>
  r.method !== 'GET' &&
  r.method !== 'HEAD' &&
  r.kind !== 'query' &&
  r.kind !== 'query-plan' &&
  /\/docs(\/|$)/.test(r.path);

export class WriteRecorder {
  private readonly recorded: string[] = [];
  private read = 0;

  private constructor(private readonly proxy: CosmosFaultProxy) {}

  /** The proxy's URL (the endpoint the bot's client is given). */
  get url(): string {
    return this.proxy.url;
  }

  /** Writes so far, as `METHOD /dbs/<db>/colls/<container>/docs[/<id>]`. */
  get writes(): string[] {
    const requests = this.proxy.requests;
    for (; this.read < requests.length; this.read++) {
      const r = requests[this.read]!;
      if (isWrite(r)) this.recorded.push(`${r.method} ${r.path}`);
    }
    return this.recorded;
  }

  /** Starts the proxy on 127.0.0.1 in front of `targetEndpoint` (http only). */
  static async start(targetEndpoint: string): Promise<WriteRecorder> {
    return new WriteRecorder(await CosmosFaultProxy.start(targetEndpoint, { upstreamTimeoutMs: 0 }));
  }

  /** A database handle for Harness.start whose client goes through this proxy. */
  handle(direct: DatabaseHandle): DatabaseHandle {
    const client = new CosmosClient({
      endpoint: this.url,
      key: 'test-key',
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    return {
      database: client.database(direct.database.id),
      client,
      endpoint: this.url,
      embedded: true,
      close: async () => client.dispose(),
    };
  }

  async close(): Promise<void> {
    await this.proxy.close();
  }
}
