import type { AddressInfo } from 'node:net';
import { CosmosClient, type Database } from '@azure/cosmos';
import { createHttpServer } from '@vercel/cosmosdb-server';
import type { Config } from '../config.js';
import { ensureSchema } from './cosmos-store.js';

/** A connected database and how to let it go. */
export interface DatabaseHandle {
  database: Database;
  client: CosmosClient;
  endpoint: string;
  /** True when the data lives in this process's memory (the embedded server). */
  embedded: boolean;
  close(): Promise<void>;
}

/** Starts the Cosmos-compatible server in this process on 127.0.0.1 (memory only). */
export async function startEmbeddedCosmos(port = 0): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = createHttpServer();
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

/** Key used with the embedded server, which accepts any key. */
const EMBEDDED_KEY = 'embedded-local-key';

/** A client for an endpoint; plain-HTTP endpoints need endpoint discovery off. */
export function cosmosClient(endpoint: string, key: string): CosmosClient {
  return new CosmosClient({
    endpoint,
    key,
    connectionPolicy: { enableEndpointDiscovery: !endpoint.startsWith('http://') },
  });
}

/** Connects to COSMOS_ENDPOINT, or starts the embedded server when it is unset. Creates the schema. */
export async function openDatabase(config: Config): Promise<DatabaseHandle> {
  if (config.cosmos.endpoint) {
    if (!config.cosmos.key) {
      throw new Error(
        'COSMOS_KEY is required with COSMOS_ENDPOINT (managed identity support is not built yet)',
      );
    }
    const client = cosmosClient(config.cosmos.endpoint, config.cosmos.key);
    const database = await ensureSchema(client, config.cosmos.database);
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
