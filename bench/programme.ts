/**
 * Programme page cost: 1,000 roundtables and 10,000 plan steps seeded (plus their plans, case summaries,
 * ideas, barriers and escalations), then the database requests of ONE page load of the programme view
 * (GET /api/tab/programme/figures, the page's only API call) counted by a proxy in front of the
 * Cosmos-compatible server, and those of the nightly aggregate refresh. 127.0.0.1 only; bounded.
 *   tsx bench/programme.ts
 */
import { writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../bot/app.js';
import { loadConfig } from '../bot/config.js';
import { createLogger } from '../bot/log.js';
import { ensureAccessLogContainer } from '../bot/store/cosmos-access-log.js';
import { CosmosChildStore } from '../bot/store/cosmos-child-store.js';
import { ensureSchema } from '../bot/store/cosmos-documents.js';
import { cosmosClient, startEmbeddedCosmos } from '../bot/store/database.js';
import { people, TEST_TENANT_ID } from '../test/support/activities.js';
import { makeProgramme, writeProgramme } from '../test/support/programme-seed.js';
import { TabSsoRig } from '../test/support/tab-sso.js';

const log = (s: string) => process.stdout.write(`${s}\n`);

/** An HTTP proxy that counts the requests it forwards (method and path). */
async function countingProxy(target: string) {
  const seen: string[] = [];
  const to = new URL(target);
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const out = request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function main() {
  const started = Date.now();
  const cosmos = await startEmbeddedCosmos();
  const proxy = await countingProxy(cosmos.endpoint);
  const client = cosmosClient(proxy.url, 'bench-key');
  const database = await ensureSchema(client, 'bench-programme');
  // Every tab call is written to the access log first (bot/store/database.ts creates it beside the schema).
  await ensureAccessLogContainer(database);
  const rig = await TabSsoRig.start();
  const now = new Date();
  // ~1.25 roundtables per case (a quarter have a follow-up): the fewest cases that give 1,000 roundtables.
  const programme = (cases: number) =>
    makeProgramme({
      now,
      cases,
      months: 36,
      stepsEach: 10,
      tenantId: TEST_TENANT_ID,
      offices: ['North', 'South', 'East'],
    });
  let cases = 780;
  while (programme(cases).cases.reduce((n, c) => n + c.roundtables.length, 0) < 1000) cases++;
  const seed = programme(cases);
  const roundtables = seed.cases.reduce((n, c) => n + c.roundtables.length, 0);
  const steps = seed.cases.reduce((n, c) => n + c.roundtables.reduce((m, r) => m + r.steps.length, 0), 0);
  log(`seeding ${roundtables} roundtables, ${steps} steps, ${seed.barriers.length} barriers …`);
  const documents = await writeProgramme(database, seed);
  const app = await createApp({
    config: loadConfig({
      ...rig.env(),
      PORT: '0',
      LOG_LEVEL: 'warn',
      REMINDER_TICK_SECONDS: '0',
      LEADER_IDS: people.leader.aadObjectId,
      OFFICES: 'North,South,East',
    }),
    log: createLogger('warn'),
    database: { database, client, endpoint: proxy.url, embedded: true, close: async () => {} },
    auth: rig.auth(),
  });
  const token = await rig.token(people.leader);
  const call = async (method: string, path: string) => {
    const before = proxy.seen.length;
    const t = Date.now();
    const res = await fetch(`${app.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    const body = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${body}`);
    return { requests: proxy.seen.slice(before), ms: Date.now() - t, bytes: body.length };
  };
  // The child records' share of the refresh (issue #25): the requests made while the tenant's records are read.
  const childRequests: string[] = [];
  const readChildren = CosmosChildStore.prototype.childrenOfTenant;
  CosmosChildStore.prototype.childrenOfTenant = async function (this: CosmosChildStore, tenantId) {
    const before = proxy.seen.length;
    try {
      return await readChildren.call(this, tenantId);
    } finally {
      childRequests.push(...proxy.seen.slice(before));
    }
  };
  const refresh = await call('POST', '/api/tab/programme/refresh');
  CosmosChildStore.prototype.childrenOfTenant = readChildren;
  const year = now.getUTCFullYear();
  const load = await call('GET', `/api/tab/programme/figures?from=${year - 1}-01-01&to=${year - 1}-12-31`);
  const office = await call(
    'GET',
    `/api/tab/programme/figures?from=${year - 2}-01-01&to=${year - 1}-12-31&office=North`,
  );
  const results = {
    seeded: { roundtables, steps, barriers: seed.barriers.length, documents },
    pageLoad: {
      databaseRequests: load.requests.length,
      requests: load.requests,
      ms: load.ms,
      answerBytes: load.bytes,
    },
    pageLoadTwoYearsOneOffice: { databaseRequests: office.requests.length, ms: office.ms },
    refresh: {
      databaseRequests: refresh.requests.length,
      childRecordRequests: childRequests.length,
      ms: refresh.ms,
    },
  };
  log(
    `page load (one year):           ${load.requests.length} database requests, ${load.ms} ms, ${load.bytes} bytes`,
  );
  for (const r of load.requests) log(`    ${r}`);
  log(`page load (two years, office): ${office.requests.length} database requests, ${office.ms} ms`);
  log(`nightly refresh (the scan):     ${refresh.requests.length} database requests, ${refresh.ms} ms`);
  log(`    of which child records:     ${childRequests.length} (one cross-partition query and its pages)`);
  writeFileSync(join(__dirname, 'results-programme.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote bench/results-programme.json in ${Math.round((Date.now() - started) / 1000)} s`);
  await app.close();
  await rig.close();
  client.dispose();
  await proxy.close();
  await cosmos.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
