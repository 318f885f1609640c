/**
 * The embedded Cosmos-compatible server runs a query that names its partition inside that partition, as Azure
 * Cosmos DB does (bot/store/embedded-partitions.ts): the real @azure/cosmos client, the server as `npm start` embeds
 * it. Before, every query ran over the whole container, so the local server's cost grew with every roundtable held.
 */
import assert from 'node:assert/strict';
import type { Database } from '@azure/cosmos';
import { cosmosClient, startEmbeddedCosmos } from '../../bot/store/database.js';
import { queryOnePartition } from '../../bot/store/single-partition-query.js';
import { uid } from '../contract/fixtures.js';

describe('embedded Cosmos server: a query that names its partition', () => {
  let server: Awaited<ReturnType<typeof startEmbeddedCosmos>>;
  let database: Database;

  before(async () => {
    server = await startEmbeddedCosmos();
    // The client as the app makes it.
    const client = cosmosClient(server.endpoint, 'k');
    ({ database } = await client.databases.createIfNotExists({ id: uid('partitions') }));
    const { container } = await database.containers.createIfNotExists({
      id: 'things',
      partitionKey: { paths: ['/roundtableId'] },
    });
    for (const rt of ['rt-a', 'rt-b'])
      for (const n of [1, 2, 3]) await container.items.create({ id: `${rt}-${n}`, roundtableId: rt, n });
  });
  after(() => server.close());

  it('runs inside that partition only, even when its SQL does not say so (as Cosmos does)', async () => {
    const container = database.container('things');
    const rows = await queryOnePartition<{ id: string }>(container, { query: 'SELECT c.id FROM c' }, 'rt-a');
    assert.deepEqual(rows.map((r) => r.id).sort(), ['rt-a-1', 'rt-a-2', 'rt-a-3']);
    // The SDK's own path (with its query-plan request) gives the same.
    const { resources } = await container.items
      .query<{ id: string }>('SELECT c.id FROM c WHERE c.n >= 2', { partitionKey: 'rt-b' })
      .fetchAll();
    assert.deepEqual(resources.map((r) => r.id).sort(), ['rt-b-2', 'rt-b-3']);
  });

  it('answers a partition query with parameters, order and paging as before', async () => {
    const container = database.container('things');
    const iterator = container.items.query<{ id: string }>(
      {
        query: 'SELECT c.id FROM c WHERE c.roundtableId = @rt ORDER BY c.n DESC',
        parameters: [{ name: '@rt', value: 'rt-a' }],
      },
      { partitionKey: 'rt-a', maxItemCount: 2 },
    );
    const pages: string[][] = [];
    while (iterator.hasMoreResults()) {
      const { resources } = await iterator.fetchNext();
      if (resources.length) pages.push(resources.map((r) => r.id));
    }
    assert.deepEqual(pages, [['rt-a-3', 'rt-a-2'], ['rt-a-1']]);
  });

  it('still runs a query that names no partition over the whole container', async () => {
    const { resources } = await database
      .container('things')
      .items.query<{ id: string }>('SELECT c.id FROM c WHERE c.n = 1')
      .fetchAll();
    assert.deepEqual(resources.map((r) => r.id).sort(), ['rt-a-1', 'rt-b-1']);
  });
});
