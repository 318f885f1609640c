/**
 * Connector clients kept per service URL (issue #28), A/B in one process: the same echo turn (one reply) through
 * two adapters built by createAdapter, interleaved in blocks. "kept": the service URL is allowed (loopback in
 * local mode), so the turn reuses one ConnectorClient and one UserTokenClient. "per turn": the same adapter
 * with a policy that does not allow loopback, so each turn builds its clients as botbuilder does. The fake
 * Bot Connector runs in its own process; the figure is this process's CPU per turn (process.cpuUsage).
 * `npx tsx bench/connector-clients.ts`. Only 127.0.0.1 traffic; bounded (ROUNDS × 2 × TURNS turns).
 */
import { loadavg } from 'node:os';
import type { Activity } from 'botbuilder';
import { loadConfig } from '../bot/config.js';
import { createLogger } from '../bot/log.js';
import { createAdapter, type RoundtableAdapter } from '../bot/teams/edge/adapter.js';
import { startScript } from '../test/support/processes.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS) || 6;
const TURNS = 300;

async function block(adapter: RoundtableAdapter, serviceUrl: string, round: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < TURNS; i++) {
    const activity = {
      type: 'message',
      id: `in-${round}-${i}`,
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: `19:bench-${i % 20}@thread.v2` },
      from: { id: '29:someone', name: 'Someone' },
      recipient: { id: '28:bot', name: 'Roundtable' },
      text: 'hello',
    } as Activity;
    await adapter.handle('', activity, async (ctx) => {
      await ctx.sendActivity('echo');
    });
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / TURNS;
}

async function main(): Promise<void> {
  const fake = await startScript('bench/fake-teams.ts');
  try {
    const logger = createLogger('silent');
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', REMINDER_TICK_SECONDS: '0' });
    // No limiter waits: 1,000 per thread window, so only the client handling differs.
    const limits = { ...config, teamsSendsPerSecond: 100_000 };
    const kept = createAdapter(limits, logger);
    const perTurn = createAdapter({ ...limits, localMode: false }, logger);
    // ... and a UserTokenClient per turn too, as botbuilder does (the prototype's method, not the kept one).
    const auth = (perTurn as unknown as { botFrameworkAuthentication: Record<string, unknown> })
      .botFrameworkAuthentication;
    const proto = Object.getPrototypeOf(auth) as { createUserTokenClient: (...a: unknown[]) => unknown };
    auth.createUserTokenClient = proto.createUserTokenClient.bind(auth);
    const load = loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
    await block(kept, fake.url, -1); // warm-up (JIT, sockets)
    await block(perTurn, fake.url, -2);
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      b.push(await block(perTurn, fake.url, r));
      a.push(await block(kept, fake.url, r));
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const f = (x: number) => x.toFixed(3);
    process.stdout.write(
      `load average ${load} → ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}\n` +
        `CPU per echo turn (ms), ${ROUNDS} interleaved blocks of ${TURNS}:\n` +
        `  per turn: ${b.map(f).join(' ')}  mean ${f(mean(b))}\n` +
        `  kept:     ${a.map(f).join(' ')}  mean ${f(mean(a))}\n` +
        `  kept / per turn = ${(mean(a) / mean(b)).toFixed(2)}; saved ${f(mean(b) - mean(a))} ms per turn\n`,
    );
  } finally {
    await fake.kill();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
