import { AsyncLocalStorage } from 'node:async_hooks';
import type { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CosmosClient, type Database, type RetryOptions } from '@azure/cosmos';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { createHttpServer } from '@vercel/cosmosdb-server';
import type { Config } from '../config.js';
import { ACCESS_LOG_CONTAINER, ensureAccessLogContainer } from './cosmos-access-log.js';
import { CONTAINERS, ensureSchema } from './cosmos-documents.js';
import { scopeQueriesToPartition } from './embedded-partitions.js';

/** A connected database and how to let it go. */
export interface DatabaseHandle {
  database: Database;
  client: CosmosClient;
  endpoint: string;
  /** True when the data lives in this process's memory (the embedded server). */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * How long the embedded server keeps an idle connection. The client side needs nothing: without an
 * `agent` option @azure/cosmos sends through its own keep-alive agents (http and https).
 */
const SERVER_KEEP_ALIVE_MS = 65_000;

/** Starts the Cosmos-compatible server in this process on 127.0.0.1 (memory only), with keep-alive. */
export async function startEmbeddedCosmos(port = 0): Promise<{ endpoint: string; close(): Promise<void> }> {
  // Without keepAlive the server answers `Connection: close`: a new TCP connection for every request.
  const server = createHttpServer({ keepAlive: true });
  scopeQueriesToPartition(server);
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
  server.headersTimeout = SERVER_KEEP_ALIVE_MS + 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * How long a throttled request (429) is retried. @azure/cosmos's default (9 retries, up to 30 s of waits)
 * outlasts a card click: Teams gives an invoke about 15 s, then shows "Unable to reach app" even if the data
 * was saved later. Requests made while answering a person (card clicks, commands, tab calls: the default)
 * retry 3 times and stop once 2 s of waits have passed — the policy checks before each wait, so the last
 * wait (the server's x-ms-retry-after-ms, usually well under a second) can go past it — then the click is
 * answered "busy, NOT saved, try again". Background work (the reminder scheduler, hand-overs) runs in
 * `inBackground` and keeps the library's longer policy: nobody waits for it, and it retries on its own too.
 */
export const RETRY_POLICIES = {
  interactive: { maxRetryAttemptCount: 3, maxWaitTimeInSeconds: 2 },
  background: { maxRetryAttemptCount: 9, maxWaitTimeInSeconds: 30 },
} as const satisfies Record<string, RetryOptions>;

const retryScope = new AsyncLocalStorage<keyof typeof RETRY_POLICIES>();

/** Runs `work` (and everything it awaits) with the background retry policy. */
export function inBackground<T>(work: () => T): T {
  return retryScope.run('background', work);
}

/**
 * Retry options read per request: @azure/cosmos builds a throttling policy for each request from the
 * client's `retryOptions` object, so these getters choose the policy of the work that made the request.
 */
function scopedRetryOptions(): RetryOptions {
  const current = () => RETRY_POLICIES[retryScope.getStore() ?? 'interactive'];
  return {
    get maxRetryAttemptCount() {
      return current().maxRetryAttemptCount;
    },
    get maxWaitTimeInSeconds() {
      return current().maxWaitTimeInSeconds;
    },
  };
}

/** Key used with the embedded server, which accepts any key. */
const EMBEDDED_KEY = 'embedded-local-key';

/**
 * A client for an endpoint, with a key or an Entra ID credential; plain HTTP needs endpoint discovery off.
 * Throttled requests retry by the policy of the work that makes them (RETRY_POLICIES).
 */
export function cosmosClient(endpoint: string, auth: string | TokenCredential, agent?: Agent): CosmosClient {
  const plain = endpoint.startsWith('http://');
  return new CosmosClient({
    endpoint,
    ...(agent ? { agent } : {}),
    ...(typeof auth === 'string' ? { key: auth } : { aadCredentials: auth }),
    connectionPolicy: { enableEndpointDiscovery: !plain, retryOptions: scopedRetryOptions() },
  });
}

/** The Entra ID credential for Cosmos DB: the managed identity when its client id is known, else the default chain. */
export function cosmosCredential(clientId: string | undefined): TokenCredential {
  return clientId ? new ManagedIdentityCredential({ clientId }) : new DefaultAzureCredential();
}

/**
 * Checks that the database and containers exist. With Entra ID the data plane may not create them
 * (infra/main.bicep does), so a missing one is a deployment mistake worth a clear message.
 */
export async function verifySchema(client: CosmosClient, databaseId: string): Promise<Database> {
  const database = client.database(databaseId);
  for (const id of [...Object.keys(CONTAINERS), ACCESS_LOG_CONTAINER]) {
    try {
      await database.container(id).read();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 404) {
        throw new Error(
          `Cosmos DB container ${databaseId}/${id} does not exist; deploy infra/main.bicep (it creates the database and containers)`,
        );
      }
      if (code === 401 || code === 403) {
        throw new Error(
          `Cosmos DB refused the managed identity (${code}); check the Data Contributor role assignment in infra/main.bicep`,
        );
      }
      throw err;
    }
  }
  return database;
}

/** A cheap read that shows the database answers (used by GET /api/ready). */
export async function pingDatabase(database: Database): Promise<void> {
  await database.read();
}

/**
 * Connects to COSMOS_ENDPOINT, or starts the embedded server when it is unset. With a key it creates
 * the schema; without one it signs in with Entra ID (the managed identity; tests pass a credential
 * and an agent that trusts the test server) and checks that the schema exists.
 */
export async function openDatabase(
  config: Config,
  overrides: { credential?: TokenCredential; agent?: Agent } = {},
): Promise<DatabaseHandle> {
  if (config.cosmos.endpoint) {
    const { endpoint, key, database: databaseId, clientId } = config.cosmos;
    const auth = key ?? overrides.credential ?? cosmosCredential(clientId);
    const client = cosmosClient(endpoint, auth, overrides.agent);
    let database: Database;
    try {
      database = key ? await ensureSchema(client, databaseId) : await verifySchema(client, databaseId);
      if (key) await ensureAccessLogContainer(database);
    } catch (err) {
      client.dispose();
      throw err;
    }
    return {
      database,
      client,
      endpoint: config.cosmos.endpoint,
      embedded: false,
      close: async () => client.dispose(),
    };
  }
  const server = await startEmbeddedCosmos();
  const client = cosmosClient(server.endpoint, EMBEDDED_KEY);
  const database = await ensureSchema(client, config.cosmos.database);
  await ensureAccessLogContainer(database);
  return {
    database,
    client,
    endpoint: server.endpoint,
    embedded: true,
    close: async () => {
      client.dispose();
      await server.close();
    },
  };
}
