/**
 * Reminder drain, as in production: N bot instances (default 2) as child processes
 * (bench/drain-instance.ts), the Cosmos-compatible server in its own process, the strict fake Teams in this
 * one. Each instance holds 1/N of each per-thread window (INSTANCE_COUNT = N) and its slot's share of the per-app
 * budget (bot/teams/outgoing/instance-slot.ts: 13 + 12 of 25), paced (rate-limiter.ts APP_PACE).
 * Reports the achieved send rate against the bound, duplicates, 429s provoked, and the most requests the
 * fake Teams saw in any 1 s / 2 s / 30 s window per thread and per app across all instances, against Teams'
 * limits (REAL-TEAMS.md) and the app budget. Only 127.0.0.1 traffic; bounded in count and time.
 *
 *   npm run bench:reminders          the 2-instance drain (10,000 reminders, 2,000 people), then 3 instances
 *                                    with a few people who get many reminders (their threads hit the windows)
 *   BENCH_DRAIN_ONLY=2 | 3           one of the two
 *   BENCH_DRAIN_PEOPLE=n             scales the 2-instance drain down on a busy machine (default 2,000)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../bot/config.js';
import { CosmosFollowUpStore } from '../bot/store/cosmos-follow-up-store.js';
import { openDatabase } from '../bot/store/database.js';
import { APP_BUDGET_PER_SECOND, appShare } from '../bot/teams/outgoing/rate-limiter.js';
import { CosmosFaultProxy } from '../test/support/cosmos-fault-proxy.js';
import { FakeConnector, type RecordedRequest, TEAMS_LIMITS } from '../test/support/fake-connector.js';
import { startScript } from '../test/support/processes.js';
import { type DrainPlan, seed, tables } from './drain-seed.js';

const ROOT = resolve(__dirname, '..');

/** The most requests in any window, per thread (the busiest thread) and per app, against what is allowed. */
export interface WindowPeak {
  ms: number;
  thread: number;
  threadLimit: number;
  app: number;
  /** The app budget all instances share (APP_BUDGET_PER_SECOND × seconds) and Teams' estimate (50/s). */
  appBudget: number;
  appTeams: number;
}

export interface DrainResult {
  plan: DrainPlan;
  reminders: number;
  sent: number;
  duplicates: number;
  unsent: number;
  wallMs: number;
  achievedPerSecond: number;
  /** The sum of the instances' shares (their slots' shares: the budget) and the app budget (25/s). */
  sharesPerSecond: number;
  boundPerSecond: number;
  ratioToShares: number;
  ratioToBound: number;
  /** 429s the strict fake Teams answered because a window was exceeded. */
  provoked429: number;
  /** Requests the fake Teams received, by operation and status. */
  operations: Record<string, number>;
  /** Database requests during the drain by kind and container (BENCH_DRAIN_COUNT_DB=1; else empty). */
  database: Record<string, number>;
  peaks: WindowPeak[];
  pace: DrainPace;
  /** Each instance's CPU (ms) over its drain and the reminders it sent. */
  instanceCpu: {
    cpuMs: number;
    sent: number;
    skipped: number;
    retried: number;
    slot: number;
    failedPasses: number;
  }[];
  loadBefore: number[];
  loadAfter: number[];
  met: boolean;
}

/** Where the time went: before the first send, after the last, and the rate between them (slow seconds counted). */
export interface DrainPace {
  firstSendMs: number;
  lastSendMs: number;
  wallMs: number;
  /** Sends per second between the first send and the last. */
  steadyPerSecond: number;
  /** Whole seconds between the first and the last send with fewer than 20 sends, and their shortfall. */
  slowSeconds: number;
  shortfall: number;
  /** Sends in each whole second from the first send. */
  perSecond: number[];
}

export function paceOf(times: number[], wallMs: number): DrainPace {
  const sorted = [...times].sort((a, b) => a - b);
  const first = sorted[0] ?? 0;
  const last = sorted.at(-1) ?? 0;
  const bins = new Map<number, number>();
  for (const t of sorted)
    bins.set(Math.floor((t - first) / 1000), (bins.get(Math.floor((t - first) / 1000)) ?? 0) + 1);
  const whole = Math.floor((last - first) / 1000);
  let slowSeconds = 0;
  let shortfall = 0;
  for (let b = 0; b < whole; b++) {
    const n = bins.get(b) ?? 0;
    if (n < 20) {
      slowSeconds++;
      shortfall += 24 - n;
    }
  }
  return {
    firstSendMs: Math.round(first),
    lastSendMs: Math.round(last),
    wallMs: Math.round(wallMs),
    steadyPerSecond: (sorted.length - 1) / Math.max(0.001, (last - first) / 1000),
    slowSeconds,
    shortfall,
    perSecond: Array.from({ length: whole + 1 }, (_, b) => bins.get(b) ?? 0),
  };
}

/** The most of `times` (sorted) in any window of `ms`. */
function peakOf(times: number[], ms: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= ms) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** Peaks over every request Teams answered (not the 429s), per thread and for the app. */
export function windowPeaks(requests: RecordedRequest[]): WindowPeak[] {
  const answered = requests.filter((r) => r.status !== 429);
  const app = answered.map((r) => r.time).sort((a, b) => a - b);
  const threads = new Map<string, number[]>();
  for (const r of answered) {
    if (r.conversationId === undefined) continue;
    const list = threads.get(r.conversationId) ?? [];
    list.push(r.time);
    threads.set(r.conversationId, list);
  }
  for (const list of threads.values()) list.sort((a, b) => a - b);
  return [1_000, 2_000, 30_000].map((ms) => ({
    ms,
    thread: Math.max(0, ...[...threads.values()].map((t) => peakOf(t, ms))),
    threadLimit: Math.min(...TEAMS_LIMITS.perThread.filter((w) => w.ms >= ms).map((w) => w.limit)),
    app: peakOf(app, ms),
    appBudget: (APP_BUDGET_PER_SECOND * ms) / 1000,
    appTeams: ((TEAMS_LIMITS.perApp[0]?.limit ?? 50) * ms) / 1000,
  }));
}

function tally(requests: RecordedRequest[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests) out[`${r.operation} ${r.status}`] = (out[`${r.operation} ${r.status}`] ?? 0) + 1;
  return out;
}

function startInstance(
  i: number,
  plan: DrainPlan,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; result: Promise<Record<string, number>> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/drain-instance.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, INSTANCE_COUNT: String(plan.instances), DRAIN_INSTANCE_ID: `bench-${i}` },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((r) => {
    ready = r;
  });
  const result = new Promise<Record<string, number>>((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) ready();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('result '));
      // A failed pass is recovered by the next; why it failed is printed (the instance wrote it to stderr).
      for (const l of out.split('\n'))
        if (l.startsWith('pass failed')) process.stdout.write(`instance ${i}: ${l}\n`);
      if (code === 0 && line) done(JSON.parse(line.slice('result '.length)));
      else fail(new Error(`drain instance ${i} exited ${code}:\n${out.slice(-2000)}`));
    });
  });
  result.catch(() => undefined);
  return Promise.race([
    isReady.then(() => ({ child, result })),
    result.then(() => {
      throw new Error(`drain instance ${i} ended before it was ready:\n${out}`);
    }),
  ]);
}

/** Seeds the database, drains it with `plan.instances` processes, and counts what the fake Teams received. */
export async function reminderDrain(plan: DrainPlan, log: (s: string) => void): Promise<DrainResult> {
  const fake = await FakeConnector.start({ strict: true });
  const cosmos = await startScript('bench/cosmos-server.ts');
  // BENCH_DRAIN_COUNT_DB=1: a counting proxy between the instances and the database (in this process, so off
  // by default: its CPU here would bunch the fake Teams' arrivals).
  const proxy = process.env.BENCH_DRAIN_COUNT_DB ? await CosmosFaultProxy.start(cosmos.url) : undefined;
  const children: ChildProcess[] = [];
  const databaseName = `drain${plan.instances}`;
  const env = {
    COSMOS_ENDPOINT: proxy?.url ?? cosmos.url,
    COSMOS_KEY: 'any-key-for-the-local-server',
    COSMOS_DATABASE: databaseName,
    NODE_ENV: 'test',
  };
  const handle = await openDatabase(loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'silent' }));
  try {
    const total = await seed(handle.database, plan, fake.url, log);
    const followUps = new CosmosFollowUpStore(handle.database);
    const instances = await Promise.all(
      Array.from({ length: plan.instances }, (_, i) => startInstance(i, plan, env)),
    );
    for (const x of instances) children.push(x.child);
    // Each instance holds a slot (bot/teams/outgoing/instance-slot.ts): the shares sum to the budget.
    const shares = Array.from(
      { length: plan.instances },
      (_, i) => appShare(plan.instances, undefined, i)[0]?.limit ?? 1,
    );
    const sharesSum = shares.reduce((n, x) => n + x, 0);
    // What Teams accepted: a send answered 429 is retried, and only the accepted one reaches the person.
    const sends = () =>
      fake.requests.filter(
        (r) => r.method === 'POST' && r.path.includes('/activities') && r.status >= 200 && r.status < 300,
      );
    log(
      `  draining ${total} reminders with ${plan.instances} instance processes at ${shares.join(' + ')}/s (paced) ...`,
    );
    const loadBefore = loadavg();
    const seeded = proxy?.requests.length ?? 0;
    const started = performance.now();
    const startedAt = Date.now();
    const progress = setInterval(() => {
      log(`    ${sends().length}/${total} sent, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }, 30_000);
    let results: Record<string, number>[];
    try {
      for (const x of instances) x.child.stdin?.write('go\n');
      results = await Promise.all(instances.map((x) => x.result));
    } finally {
      clearInterval(progress);
    }
    const wallMs = performance.now() - started;
    const database: Record<string, number> = {};
    for (const q of proxy?.requests.slice(seeded) ?? []) {
      const k = `${q.kind} ${q.container ?? '-'}${q.kind === 'query' && q.partitionKey === undefined ? ' (cross-partition)' : ''}`;
      database[k] = (database[k] ?? 0) + 1;
    }
    const loadAfter = loadavg();
    const posts = sends();
    const keys = posts.map((r) => {
      const step = JSON.stringify(r.body).match(/Step \d+ of 29:drain-[\w-]+/)?.[0] ?? `?${r.seq}`;
      return `${r.conversationId}|${step}`;
    });
    const distinct = new Set(keys).size;
    let unsent = 0;
    for (const t of tables(plan)) {
      unsent += (await followUps.remindersOf(t.id)).filter((r) => r.value.status !== 'sent').length;
    }
    const achievedPerSecond = posts.length / (wallMs / 1000);
    const pace = paceOf(
      posts.map((p) => p.time - startedAt),
      wallMs,
    );
    const peaks = windowPeaks(fake.requests);
    const withinLimits = peaks.every((p) => p.thread <= p.threadLimit && p.app <= p.appBudget);
    const ratioToBound = achievedPerSecond / APP_BUDGET_PER_SECOND;
    return {
      plan,
      reminders: total,
      sent: posts.length,
      duplicates: posts.length - distinct,
      unsent,
      wallMs,
      achievedPerSecond,
      sharesPerSecond: sharesSum,
      boundPerSecond: APP_BUDGET_PER_SECOND,
      ratioToShares: achievedPerSecond / sharesSum,
      ratioToBound,
      provoked429: fake.provoked429,
      operations: tally(fake.requests),
      database,
      peaks,
      pace,
      instanceCpu: results.map((r) => ({
        cpuMs: Math.round(r.cpuMs ?? 0),
        sent: r.sent ?? 0,
        skipped: r.skipped ?? 0,
        retried: r.retried ?? 0,
        slot: r.slot ?? -1,
        failedPasses: r.failedPasses ?? 0,
      })),
      loadBefore,
      loadAfter,
      met:
        ratioToBound >= 0.95 &&
        fake.provoked429 === 0 &&
        posts.length === distinct &&
        distinct === total &&
        unsent === 0 &&
        withinLimits,
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await handle.close();
    await proxy?.close();
    await cosmos.kill();
    await fake.close();
  }
}

function report(r: DrainResult, log: (s: string) => void): void {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const { plan } = r;
  log('');
  log(`load average before ${load(r.loadBefore)}, after ${load(r.loadAfter)}`);
  log('| figure | measured | goal | met |');
  log('|---|---|---|---|');
  log(
    `| drain ${r.reminders} reminders / ${plan.people + plan.heavy} people${plan.heavy ? ` (${plan.heavy} with ${plan.heavyEach})` : ''}, ${plan.instances} instance processes | ${r.sent} sent in ${(r.wallMs / 1000).toFixed(1)} s = ${r.achievedPerSecond.toFixed(1)}/s: ${(r.ratioToBound * 100).toFixed(0)} % of the ${r.boundPerSecond}/s budget, ${(r.ratioToShares * 100).toFixed(0)} % of the instances' shares (${r.sharesPerSecond}/s) | ≥ 95 % of the budget | ${r.ratioToBound >= 0.95 ? 'yes' : 'NO'} |`,
  );
  log(
    `| duplicates / not sent | ${r.duplicates} / ${r.unsent} | 0 / 0 | ${r.duplicates === 0 && r.unsent === 0 ? 'yes' : 'NO'} |`,
  );
  log(`| 429s provoked (strict fake Teams) | ${r.provoked429} | 0 | ${r.provoked429 === 0 ? 'yes' : 'NO'} |`);
  for (const p of r.peaks) {
    log(
      `| most requests in any ${p.ms / 1000} s: busiest thread / app | ${p.thread} / ${p.app} | ≤ ${p.threadLimit} / ≤ ${p.appBudget} (Teams ${p.appTeams}) | ${p.thread <= p.threadLimit && p.app <= p.appBudget ? 'yes' : 'NO'} |`,
    );
  }
  const cpu = r.instanceCpu
    .map(
      (c) =>
        `slot ${c.slot}: ${c.cpuMs} ms / ${c.sent} sent (${c.skipped} lost claims, ${c.failedPasses} passes failed)`,
    )
    .join('; ');
  log(`| instance CPU / sent | ${cpu} | (reported) | |`);
  const p = r.pace;
  log(
    `| where the time went | first send at ${(p.firstSendMs / 1000).toFixed(1)} s, last at ${(p.lastSendMs / 1000).toFixed(1)} s of ${(p.wallMs / 1000).toFixed(1)} s; ${p.steadyPerSecond.toFixed(2)}/s between them (${((p.steadyPerSecond / r.sharesPerSecond) * 100).toFixed(1)} % of the shares); ${p.slowSeconds} seconds under 20 sends | (reported) | |`,
  );
  log(`requests at the fake Teams: ${JSON.stringify(r.operations)}`);
  const db = Object.values(r.database).reduce((n, x) => n + x, 0);
  if (db)
    log(`database requests: ${JSON.stringify(r.database)} = ${(db / r.sent).toFixed(2)} per reminder sent`);
}

/** `npm run bench:reminders` (also part of `npm run bench`). */
async function main(): Promise<void> {
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const only = process.env.BENCH_DRAIN_ONLY;
  const plans: DrainPlan[] = [];
  if (only !== '3') {
    plans.push({
      instances: 2,
      people: Number(process.env.BENCH_DRAIN_PEOPLE) || 2_000,
      heavy: 0,
      heavyEach: 0,
    });
  }
  if (only !== '2') plans.push({ instances: 3, people: 600, heavy: 4, heavyEach: 60 });
  const results: DrainResult[] = [];
  for (const plan of plans) {
    log(`reminder drain, ${plan.instances} instances ...`);
    const r = await reminderDrain(plan, log);
    report(r, log);
    results.push(r);
  }
  const out = join(__dirname, 'reminders-results.json');
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), cores: cpus().length, results }, null, 2)}\n`,
  );
  log(`\nwrote ${out}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
