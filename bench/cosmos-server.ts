/**
 * The embedded Cosmos-compatible server as its own process (as `npm start` embeds it: keep-alive, a query that
 * names its partition run in that partition only), so the benches can measure its CPU apart from the bot's.
 * Prints its endpoint.
 * BENCH_COSMOS_CLOSE=1 starts it the old way (`Connection: close`), to measure what keep-alive saves.
 */
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { startEmbeddedCosmos } from '../bot/store/database.js';

async function start(): Promise<string> {
  if (!process.env.BENCH_COSMOS_CLOSE) return (await startEmbeddedCosmos()).endpoint;
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

start().then(
  (endpoint) => process.stdout.write(`listening on ${endpoint}\n`),
  (err) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
