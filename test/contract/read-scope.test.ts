/**
 * Read scopes (bot/store/read-scope.ts) on the Cosmos stores, requests counted by the proxy: a scope
 * reads a roundtable's partition once, sees its own writes, and after a lost race reads again.
 */
import assert from 'node:assert/strict';
import { CosmosClient } from '@azure/cosmos';
import { EtagConflict } from '../../bot/roundtable/ports.js';
import { ensureSchema } from '../../bot/store/cosmos-documents.js';
import { CosmosPreparationStore } from '../../bot/store/cosmos-preparation-store.js';
import { CosmosRoundtableStore } from '../../bot/store/cosmos-roundtable-store.js';
import { type DatabaseHandle, startEmbeddedCosmos } from '../../bot/store/database.js';
import { freshScope } from '../../bot/store/read-scope.js';
import { CosmosFaultProxy } from '../support/cosmos-fault-proxy.js';
import { roundtable, uid } from './fixtures.js';

describe('Read scopes on the Cosmos stores', () => {
  let server: Awaited<ReturnType<typeof startEmbeddedCosmos>>;
  let proxy: CosmosFaultProxy;
  let client: CosmosClient;
  let direct: DatabaseHandle['client'];
  let store: CosmosRoundtableStore;
  let other: CosmosRoundtableStore;
  let records: CosmosPreparationStore;

  before(async () => {
    server = await startEmbeddedCosmos();
    proxy = await CosmosFaultProxy.start(server.endpoint);
    const id = uid('scope');
    direct = new CosmosClient({
      endpoint: server.endpoint,
      key: 'k',
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    const database = await ensureSchema(direct, id);
    client = new CosmosClient({
      endpoint: proxy.url,
      key: 'k',
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    store = new CosmosRoundtableStore(client.database(id));
    records = new CosmosPreparationStore(client.database(id));
    other = new CosmosRoundtableStore(database);
  });
  after(async () => {
    client?.dispose();
    direct?.dispose();
    await proxy?.close();
    await server?.close();
  });

  /** Requests the proxy saw while `work` ran. */
  async function counted<T>(work: () => Promise<T>): Promise<{ value: T; kinds: string[] }> {
    const start = proxy.requests.length;
    const value = await work();
    // Document requests only (the client also reads container metadata once).
    const kinds = proxy.requests.slice(start).map((r) => r.kind);
    return { value, kinds: kinds.filter((k) => k !== 'other') };
  }

  it('reads everything a card shows with one query, absent documents without a request', async () => {
    const rt = roundtable();
    await other.createRoundtable(rt);
    const { value, kinds } = await counted(() =>
      freshScope(async () =>
        Promise.all([
          store.getRoundtable(rt.id),
          store.listContributions(rt.id),
          store.getCaseSummary(rt.id),
          store.getPlan(rt.id),
          records.listBarriers(rt.id),
          records.listInvitations(rt.id),
          records.getPreparation(rt.id),
          store.recentIdeasBy(rt.id, 'fac', '2000-01-01T00:00:00.000Z'),
        ]),
      ),
    );
    assert.deepEqual(kinds, ['query'], 'one query, no query plan, no 404s');
    assert.deepEqual(value[0]?.value, rt);
    assert.deepEqual(value.slice(1), [[], undefined, undefined, [], [], undefined, []]);
  });

  it('sees its own writes without reading again; a value changed by its reader does not change the scope', async () => {
    const rt = roundtable();
    await other.createRoundtable(rt);
    const { kinds } = await counted(() =>
      freshScope(async () => {
        const read = (await store.getRoundtable(rt.id))!;
        read.value.roster.push({ id: 'x', name: 'X', role: 'other', joinedAt: rt.createdAt });
        assert.equal((await store.getRoundtable(rt.id))?.value.roster.length, 1, 'a copy each time');
        const written = await store.replaceRoundtable({ ...rt, revision: 2 }, read.etag);
        const again = (await store.getRoundtable(rt.id))!;
        assert.equal(again.value.revision, 2);
        assert.equal(again.etag, written.etag);
        await store.addContribution({
          id: uid('c'),
          roundtableId: rt.id,
          kind: 'fact',
          author: { id: 'fac', name: 'F' },
          text: 'A fact',
          createdAt: rt.createdAt,
          updatedAt: rt.createdAt,
        });
        assert.equal((await store.listContributions(rt.id)).length, 1);
      }),
    );
    assert.deepEqual(kinds, ['query', 'replace', 'create']);
  });

  it('a lost race (another writer changed it) makes the scope read the partition again', async () => {
    const rt = roundtable();
    await other.createRoundtable(rt);
    await freshScope(async () => {
      const read = (await store.getRoundtable(rt.id))!;
      // Another instance's turn (a scope of its own) changes it.
      await freshScope(async () => {
        const theirs = (await other.getRoundtable(rt.id))!;
        await other.replaceRoundtable({ ...rt, revision: 5 }, theirs.etag);
      });
      assert.equal(
        (await store.getRoundtable(rt.id))?.value.revision,
        1,
        'the scope still holds what it read',
      );
      await assert.rejects(store.replaceRoundtable({ ...rt, revision: 2 }, read.etag), EtagConflict);
      const { value, kinds } = await counted(() => store.getRoundtable(rt.id));
      assert.equal(value?.value.revision, 5);
      assert.deepEqual(kinds, ['query']);
    });
    // A fresh scope always reads what is stored now.
    assert.equal((await freshScope(() => store.getRoundtable(rt.id)))?.value.revision, 5);
  });
});
