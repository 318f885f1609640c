/**
 * One bot instance of the reminder drain (bench/reminders.ts), as its own process, as in production: its own
 * adapter and limiter (INSTANCE_COUNT sets its 1/N share of the per-app budget and of each per-thread
 * window), its own Cosmos client on the shared database. Prints `ready`, waits for `go` on stdin, drains,
 * prints `result {json}` with its CPU time, and exits. Only 127.0.0.1 traffic.
 */
import { createApp } from '../bot/app.js';
import { loadConfig } from '../bot/config.js';
import { createLogger } from '../bot/log.js';
import { ReminderScheduler } from '../bot/reminders/scheduler.js';
import { CosmosCardLeases } from '../bot/store/cosmos-card-lease.js';
import { CosmosFollowUpStore } from '../bot/store/cosmos-follow-up-store.js';
import { CosmosRoundtableStore } from '../bot/store/cosmos-roundtable-store.js';
import { createAdapter, teamsLimiter } from '../bot/teams/edge/adapter.js';
import { budgetSlot } from '../bot/teams/outgoing/instance-slot.js';
import { TeamsReminderDelivery } from '../bot/teams/outgoing/proactive.js';

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'silent', REMINDER_TICK_SECONDS: '0' });
  const logger = createLogger('silent');
  // The instance's one limiter (its share of the per-app budget and of each thread window, paced) and its slot.
  // The app is told it is alone so that only the drain's scheduler claims a slot (its share goes to this limiter).
  const limiter = teamsLimiter(config);
  const alone = { ...config, teamsLimits: { ...config.teamsLimits, instanceCount: 1 } };
  const app = await createApp({ config: alone, log: logger, limiter });
  const instanceId = process.env.DRAIN_INSTANCE_ID ?? `drain-${process.pid}`;
  const count = config.teamsLimits.instanceCount;
  const database = app.database.database;
  const slot = budgetSlot(
    limiter,
    new CosmosCardLeases(database),
    instanceId,
    count,
    config.teamsSendsPerSecond,
  );
  try {
    if (count > 1) await slot.start();
    const delivery = new TeamsReminderDelivery(
      createAdapter(config, logger, {}, limiter),
      '',
      new CosmosRoundtableStore(database),
      app.followUp,
      config.settings,
      logger,
      () => new Date(),
    );
    const scheduler = new ReminderScheduler({
      store: new CosmosFollowUpStore(database),
      followUp: app.followUp,
      delivery,
      instanceId,
      batchSize: 800,
      // Claimed reminders ready ahead of the limiter (~2.5 s at 12.5/s) ride out a database stall, such as the due
      // query over 10,000 documents, which held every request of both instances for 1–4 s (the drain's dips).
      concurrency: 32,
      part: () => slot.part(),
    });
    process.stdout.write('ready\n');
    await new Promise<void>((resolve) => {
      process.stdin.on('data', (chunk) => {
        if (chunk.toString().includes('go')) resolve();
      });
    });
    const cpu = process.cpuUsage();
    const started = performance.now();
    // As the production loop does (bot/reminder-loop.ts), a pass that failed (the database unreachable under a
    // claim or a finish) is counted and the next one runs; nothing claimed is lost (its lease runs out).
    let failedPasses = 0;
    let totals: Awaited<ReturnType<ReminderScheduler['drain']>> | undefined;
    const sum = (a: typeof totals, b: NonNullable<typeof totals>) =>
      a
        ? (Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v + b[k as keyof typeof b]])) as typeof b)
        : b;
    for (let pass = 0; pass < 20; pass++) {
      try {
        totals = sum(totals, await scheduler.drain(10_000));
        break;
      } catch (err) {
        failedPasses++;
        // Why, for the bench's report: the error's name, message, status and where it was thrown (no case data).
        const e = err as Error & {
          status?: number;
          code?: unknown;
          cause?: { code?: unknown; name?: unknown };
        };
        const at = e?.stack?.split('\n').slice(1, 9).join(' |') ?? '';
        process.stderr.write(
          `pass failed: ${e?.name ?? 'error'}: ${e?.message} (status ${e?.status ?? e?.code}; cause ${e?.cause?.code ?? e?.cause?.name}) ${at}\n`,
        );
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
    const used = process.cpuUsage(cpu);
    const result = {
      ...totals,
      failedPasses,
      wallMs: performance.now() - started,
      cpuMs: (used.user + used.system) / 1000,
      instanceCount: count,
      slot: slot.index ?? -1,
    };
    process.stdout.write(`result ${JSON.stringify(result)}\n`);
  } finally {
    await slot.stop();
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);
