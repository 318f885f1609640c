/**
 * No lost entries through the real bot: the bot process answers a command that shows case content (`status`),
 * is killed (SIGKILL) right after its answer, and the command's access entry is in the database. The pipeline
 * writes the entry before the handler runs, so an answer given means an entry stored (127.0.0.1 only).
 */
import assert from 'node:assert/strict';
import { CosmosClient } from '@azure/cosmos';
import { MEETING_CHAT_ID, message, people, postActivity } from '../support/activities.js';
import { FakeConnector } from '../support/fake-connector.js';
import { startBotProcess, startCosmosProcess } from '../support/processes.js';

const { facilitator: fac } = people;

describe('access log: the bot killed right after an answer', function () {
  this.timeout(90000);
  it('access log kill: the bot answers `status`, is killed at once (SIGKILL), and the entry is in the database', async () => {
    const cosmos = await startCosmosProcess();
    const fake = await FakeConnector.start();
    const database = `access-kill-${process.pid}`;
    const bot = await startBotProcess({ cosmosEndpoint: cosmos.endpoint, database });
    const client = new CosmosClient({
      endpoint: cosmos.endpoint,
      key: 'any-key-for-the-local-server',
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    try {
      const say = (text: string) =>
        postActivity(bot.url, message({ text, from: fac, serviceUrl: fake.url, mentionBot: true }));
      await say('start J.T.');
      const before = fake.activities(MEETING_CHAT_ID).length;
      await say('status');
      const answered = fake.activities(MEETING_CHAT_ID).slice(before);
      assert.ok(answered.length > 0, 'the bot answered status');
      assert.ok(JSON.stringify(answered).includes('J.T.'), 'the answer shows the case');
      await bot.kill('SIGKILL');
      const { resources } = await client
        .database(database)
        .container('access-log')
        .items.query<{ route: string; actorId: string; caseAlias?: string; outcome: string }>(
          "SELECT * FROM c WHERE c.route = 'command.status'",
        )
        .fetchAll();
      assert.deepEqual(
        resources.map((e) => [e.route, e.actorId, e.caseAlias, e.outcome]),
        [['command.status', fac.aadObjectId, 'J.T.', 'allowed']],
      );
    } finally {
      client.dispose();
      await bot.kill();
      await fake.close();
      await cosmos.kill();
    }
  });
});
