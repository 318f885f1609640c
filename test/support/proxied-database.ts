/** A test database reached through the Cosmos fault proxy: the bot's client counts and faults every request. */
import { CosmosClient } from '@azure/cosmos';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { CosmosFaultProxy, databaseThrough } from './cosmos-fault-proxy.js';
import { type InvokeResult, testDatabase } from './harness.js';

export interface ProxiedDatabase {
  /** The database itself (seeding and reading behind the bot's back). */
  direct: DatabaseHandle;
  proxy: CosmosFaultProxy;
  /** The bot's handle: its client goes through the proxy. */
  database: DatabaseHandle;
  close(): Promise<void>;
}

/** Starts a database and a proxy before it; `requestTimeout` (ms) bounds the bot's client per request. */
export async function proxiedDatabase(opts: { requestTimeout?: number } = {}): Promise<ProxiedDatabase> {
  const direct = await testDatabase();
  const proxy = await CosmosFaultProxy.start(direct.endpoint);
  const client = new CosmosClient({
    endpoint: proxy.url,
    key: 'test-key',
    connectionPolicy: {
      enableEndpointDiscovery: false,
      ...(opts.requestTimeout ? { requestTimeout: opts.requestTimeout } : {}),
    },
  });
  return {
    direct,
    proxy,
    database: databaseThrough(direct, client, proxy.url),
    close: async () => {
      client.dispose();
      await proxy.close();
      await direct.close();
    },
  };
}

/**
 * The answer to a click whose write the database refused: HTTP 200 and a message Teams shows ("NOT saved … try
 * again"), the card left as it is (Teams documents no 503 for a card action).
 */
export function isTryAgain(res: InvokeResult): boolean {
  return (
    res.status === 200 &&
    res.body?.statusCode === 200 &&
    res.body.type === 'application/vnd.microsoft.activity.message' &&
    /NOT saved.*try again/s.test(JSON.stringify(res.body.value))
  );
}
