import { CosmosClient } from '@azure/cosmos';
import type { DatabaseHandle } from '../../bot/store/database.js';

/**
 * The database handle of an app on the in-memory stores (Harness `storage: 'memory'`): no database
 * behind it, nothing is opened; a request through it, as GET /api/ready sends, is refused on 127.0.0.1.
 */
export function noDatabase(): DatabaseHandle {
  const endpoint = 'http://127.0.0.1:9';
  const client = new CosmosClient({
    endpoint,
    key: 'none',
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  return {
    database: client.database('memory'),
    client,
    endpoint,
    embedded: true,
    close: async () => client.dispose(),
  };
}
