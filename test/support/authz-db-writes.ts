/**
 * A recording HTTP proxy between the bot's @azure/cosmos client and the Cosmos-compatible server: it
 * forwards everything and remembers each WRITE (create, replace, upsert, patch, delete, batch; not reads or
 * queries), so the matrix can tell exactly which case wrote what, without dumping the database each time.
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CosmosClient } from '@azure/cosmos';
import type { DatabaseHandle } from '../../bot/store/database.js';

export class WriteRecorder {
  /** Writes so far, as `METHOD /dbs/<db>/colls/<container>/docs[/<id>]`. */
  readonly writes: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly target: URL,
  ) {}

  /** Starts the proxy on 127.0.0.1 in front of `targetEndpoint` (http only). */
  static async start(targetEndpoint: string): Promise<WriteRecorder> {
    let me: WriteRecorder | undefined;
    const server = createServer((req, res) => me?.forward(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    me = new WriteRecorder(server, `http://127.0.0.1:${port}`, new URL(targetEndpoint));
    return me;
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

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const query =
      req.headers['x-ms-documentdb-isquery'] === 'true' ||
      req.headers['x-ms-cosmos-is-query-plan-request'] === 'True' ||
      String(req.headers['content-type'] ?? '').includes('query+json');
    if (req.method !== 'GET' && req.method !== 'HEAD' && !query && /\/docs(\/|$)/.test(req.url ?? '')) {
      this.writes.push(`${req.method} ${decodeURIComponent(req.url ?? '')}`);
    }
    const out = request(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: this.target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
