/**
 * No lost entries: a process that answers only after `recordAccess` resolved is killed (SIGKILL) right after
 * its answer, and the entry is in Cosmos. The child is a minimal HTTP server using the real domain helper and
 * the real Cosmos store against the Cosmos-compatible server of this test (127.0.0.1 only).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { CosmosClient } from '@azure/cosmos';
import { CosmosAccessLog, ensureAccessLogContainer } from '../../bot/store/cosmos-access-log.js';
import { ensureSchema } from '../../bot/store/cosmos-documents.js';
import { startEmbeddedCosmos } from '../../bot/store/database.js';

const ROOT = resolve(__dirname, '..', '..');

/** The child: record, then answer; it never exits on its own. */
const child = (endpoint: string, db: string, tenant: string) => `
(async () => {
  const http = require('node:http');
  const { CosmosClient } = require('@azure/cosmos');
  const { accessEntry, recordAccess } = require(${JSON.stringify(`${ROOT}/bot/roundtable/access-log.ts`)});
  const { CosmosAccessLog } = require(${JSON.stringify(`${ROOT}/bot/store/cosmos-access-log.ts`)});
  const client = new CosmosClient({ endpoint: ${JSON.stringify(endpoint)}, key: 'k', connectionPolicy: { enableEndpointDiscovery: false } });
  const log = new CosmosAccessLog(client.database(${JSON.stringify(db)}), { retentionDays: 2555 });
  const server = http.createServer(async (_req, res) => {
    const entry = accessEntry({
      actor: { id: '00000000-0000-4000-8000-000000000002', tenantId: ${JSON.stringify(tenant)} },
      route: 'GET /api/tab/board',
      kind: 'read',
      roundtable: { id: 'rt-kill-0001', caseAlias: 'J.T.' },
    });
    const recorded = await recordAccess(log, entry);
    if (!recorded.ok) { res.statusCode = 503; res.end(recorded.failure.message); return; }
    res.end(JSON.stringify({ entry: entry.id, at: entry.at }));
  });
  server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
})().catch((err) => { console.error(err); process.exit(1); });
`;

describe('access log survives a kill right after the answer', function () {
  this.timeout(60_000);
  let cosmos: Awaited<ReturnType<typeof startEmbeddedCosmos>>;
  let client: CosmosClient;
  const db = `kill-${randomUUID()}`;
  const tenant = randomUUID();

  before(async () => {
    cosmos = await startEmbeddedCosmos();
    client = new CosmosClient({
      endpoint: cosmos.endpoint,
      key: 'k',
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    await ensureAccessLogContainer(await ensureSchema(client, db));
  });
  after(async () => {
    client?.dispose();
    await cosmos?.close();
  });

  it('access log: an answer given after recordAccess means the entry is stored, even when the process is killed at once', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', '-e', child(cosmos.endpoint, db, tenant)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    try {
      const url = await new Promise<string>((done, fail) => {
        let out = '';
        const onData = (c: Buffer) => {
          out += c.toString();
          const m = /listening on (\S+)/.exec(out);
          if (m?.[1]) done(m[1]);
        };
        proc.stdout?.on('data', onData);
        proc.stderr?.on('data', onData);
        proc.once('exit', (code) => fail(new Error(`the child exited (${code}):\n${out}`)));
      });
      const res = await fetch(url);
      const answer = (await res.json()) as { entry: string; at: string };
      proc.kill('SIGKILL');
      await exited;
      const day = answer.at.slice(0, 10);
      const page = await new CosmosAccessLog(client.database(db), { retentionDays: 2555 }).query(
        tenant,
        { from: day, to: day },
        { limit: 10 },
      );
      assert.deepEqual(
        page.entries.map((e) => [e.id, e.route, e.caseAlias]),
        [[answer.entry, 'GET /api/tab/board', 'J.T.']],
      );
    } finally {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    }
  });
});
