/**
 * The authorization matrix trusts WriteRecorder to see every write ("denied, but it wrote …"): a recorder
 * that saw none would pass every case. It gives creates, upserts, replaces and deletes, and not reads or queries.
 */
import assert from 'node:assert/strict';
import { WriteRecorder } from '../support/authz-db-writes.js';
import { testDatabase } from '../support/harness.js';

describe('WriteRecorder (the authorization matrix’s write log)', () => {
  it('records each write to a document and no read or query', async () => {
    const direct = await testDatabase();
    const recorder = await WriteRecorder.start(direct.endpoint);
    const handle = recorder.handle(direct);
    try {
      const docs = handle.database.container('roundtables');
      const doc = { id: 'w-1', roundtableId: 'rt-w', type: 'probe', text: 'one' };
      const { etag } = await docs.items.create(doc);
      await docs.item('w-1', 'rt-w').read();
      await docs.items
        .query({
          query: 'SELECT * FROM c WHERE c.roundtableId = @rt',
          parameters: [{ name: '@rt', value: 'rt-w' }],
        })
        .fetchAll();
      await docs
        .item('w-1', 'rt-w')
        .replace({ ...doc, text: 'two' }, { accessCondition: { type: 'IfMatch', condition: etag! } });
      await docs.items.upsert({ ...doc, id: 'w-2' });
      await docs.item('w-1', 'rt-w').delete();
      const prefix = `/dbs/${direct.database.id}/colls/roundtables/docs`;
      assert.deepEqual(recorder.writes, [
        `POST ${prefix}`,
        `PUT ${prefix}/w-1`,
        `POST ${prefix}`,
        `DELETE ${prefix}/w-1`,
      ]);
    } finally {
      await handle.close();
      await recorder.close();
      await direct.close();
    }
  });
});
