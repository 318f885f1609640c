/**
 * Cosmos DB without a key (Entra ID, as in production), GET /api/ready, and request ids,
 * against the real @azure/cosmos client and the Cosmos-compatible server.
 */
import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { createApp } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/log.js';
import { ensureAccessLogContainer } from '../../bot/store/cosmos-access-log.js';
import { ensureSchema } from '../../bot/store/cosmos-documents.js';
import {
  cosmosClient,
  cosmosCredential,
  openDatabase,
  startEmbeddedCosmos,
} from '../../bot/store/database.js';
import { message, people } from '../support/activities.js';
import { FAST_RETRY } from '../support/harness.js';

/** Stands in for the managed identity: hands out a token and counts the requests. */
class CountingCredential implements TokenCredential {
  calls = 0;
  scopes: string[] = [];
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.calls++;
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return { token: 'fake-entra-token', expiresOnTimestamp: Date.now() + 3600_000 };
  }
}

describe('Cosmos DB with Entra ID (no key) and readiness', function () {
  this.timeout(30000);
  // Bearer tokens go over TLS only, so this uses the server's HTTPS flavour (self-signed certificate).
  const https = createHttpsServer();
  const agent = new Agent({ rejectUnauthorized: false, keepAlive: false });
  let endpoint: string;
  const dbName = `identity-${process.pid}`;

  before(async () => {
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    endpoint = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
    // Bicep creates the schema in Azure; here a key client plays that part.
    const admin = cosmosClient(endpoint, 'admin-key', agent);
    // As infra/main.bicep deploys it: the case data's containers and the access log's.
    await ensureAccessLogContainer(await ensureSchema(admin, dbName));
    admin.dispose();
  });
  after(async () => {
    https.closeAllConnections();
    await new Promise((resolve) => https.close(resolve));
    agent.destroy();
  });

  it('picks ManagedIdentityCredential with a client id, else DefaultAzureCredential', () => {
    assert.ok(cosmosCredential('3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f') instanceof ManagedIdentityCredential);
    assert.ok(cosmosCredential(undefined) instanceof DefaultAzureCredential);
  });

  it('signs in with the credential, checks the schema exists, and reads and writes', async () => {
    const credential = new CountingCredential();
    const config = loadConfig({ COSMOS_ENDPOINT: endpoint, COSMOS_DATABASE: dbName });
    const handle = await openDatabase(config, { credential, agent });
    try {
      assert.equal(handle.embedded, false);
      await handle.database.container('people').items.upsert({ id: 'p1', prefs: {} });
      const { resource } = await handle.database.container('people').item('p1', 'p1').read();
      assert.equal(resource?.id, 'p1');
      assert.ok(credential.calls > 0, 'the SDK asked the credential for a token');
      assert.ok(credential.scopes.every((s) => s.endsWith('/.default')));
    } finally {
      await handle.close();
    }
  });

  it('says clearly when the database was not deployed', async () => {
    const config = loadConfig({ COSMOS_ENDPOINT: endpoint, COSMOS_DATABASE: 'never-deployed' });
    await assert.rejects(
      openDatabase(config, { credential: new CountingCredential(), agent }),
      /deploy infra\/main\.bicep/,
    );
  });

  it('GET /api/ready answers 200 while the database answers, 503 when it does not; ids on every response', async () => {
    const own = await startEmbeddedCosmos();
    const client = cosmosClient(own.endpoint, 'k');
    const database = await ensureSchema(client, 'ready');
    const lines: string[] = [];
    const log = createLogger('info', { write: (l: string) => void lines.push(l) });
    const app = await createApp({
      config: loadConfig({ PORT: '0' }),
      log,
      retry: FAST_RETRY,
      database: { database, client, endpoint: own.endpoint, embedded: true, close: async () => {} },
    });
    try {
      const ok = await fetch(`${app.url}/api/ready`);
      assert.equal(ok.status, 200);
      assert.match(ok.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      const echoed = await fetch(`${app.url}/api/health`, { headers: { 'x-request-id': 'abc-123' } });
      assert.equal(echoed.headers.get('x-request-id'), 'abc-123');
      const forged = await fetch(`${app.url}/api/health`, {
        headers: { 'x-request-id': 'a b\u00e9<script>' },
      });
      assert.notEqual(forged.headers.get('x-request-id'), 'a b\u00e9<script>');

      // A turn's log lines carry the request id; no typed text reaches the log.
      const res = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'turn-42' },
        body: JSON.stringify(
          message({ text: 'secret case detail', from: people.caseworker, serviceUrl: 'http://127.0.0.1:9' }),
        ),
      });
      await res.text();
      const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.ok(
        logged.some(
          (l) => l.event === 'http.request' && l.requestId === 'turn-42' && l.path === '/api/messages',
        ),
      );
      assert.ok(!lines.join('\n').includes('secret case detail'));

      await own.close();
      const down = await fetch(`${app.url}/api/ready`);
      assert.equal(down.status, 503);
      assert.deepEqual(await down.json(), { status: 'unavailable', reason: 'database' });
    } finally {
      await app.close(1000);
      client.dispose();
    }
  });
});
