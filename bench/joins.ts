/**
 * `npx tsx bench/joins.ts` (issue #28, contention): 40 people press Join on one Welcome card within one
 * second, through real HTTP to /api/messages of the production bot, against the strict fake Teams, with
 * the counting proxy between the bot and the Cosmos-compatible server (its own process). Reports every
 * join's answer (a saved card, a "try again", no answer), p50/p95/max latency, database requests per join
 * (by kind, with 412s: lost etag races), and whether every role is on the roster afterwards (read through
 * the store, as the bot reads it). BENCH_JOIN_ROUNDS (default 3) roundtables, one after another.
 * Writes bench/joins-results.json.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { CosmosClient } from '@azure/cosmos';
import { CosmosRoundtableStore } from '../bot/store/cosmos-roundtable-store.js';
import { INPUTS, VERBS } from '../cards/contract.js';
import { message, type Person, people } from '../test/support/activities.js';
import type { CosmosFaultProxy } from '../test/support/cosmos-fault-proxy.js';
import type { CosmosRequest } from '../test/support/cosmos-request-log.js';
import { FakeConnector } from '../test/support/fake-connector.js';
import type { Child } from '../test/support/processes.js';
import { actionData, click, cpuMs, log, participants, pct, post, r1, startBotThroughProxy } from './tools.js';

const PEOPLE = 40;
const SPREAD_MS = 1000;
const ROUNDS = Number(process.env.BENCH_JOIN_ROUNDS ?? 3);
const participant = participants('join', 'c000');

/** The role person `i` asks for: most join as participant, some as scribe, some ask for a rights role. */
function roleOf(i: number): string {
  if (i % 10 === 9) return 'barrier-buster';
  if (i % 10 === 4) return 'scribe';
  return 'other';
}

/** What one join click came to. */
interface JoinAnswer {
  ms: number;
  status: number;
  saved: boolean;
  text: string;
}

async function join(botUrl: string, body: unknown): Promise<JoinAnswer> {
  const t = performance.now();
  try {
    const res = await fetch(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    const ms = performance.now() - t;
    // Saved: a card answer that says so (a message answer is "not saved" or a refusal).
    const card = text.includes('application/vnd.microsoft.card.adaptive');
    const saved = res.status === 200 && card && /Joined as|on the roster as|You asked to be/.test(text);
    return { ms, status: res.status, saved, text: saved ? '' : text.slice(0, 300) };
  } catch {
    return { ms: performance.now() - t, status: 0, saved: false, text: 'no answer in 30 s' };
  }
}

/** The data of the Welcome card's Join button. */
const joinData = (activity: { attachments?: unknown[] }) => actionData(activity, VERBS.join);

function byKind(requests: CosmosRequest[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests) {
    const k = `${r.kind}${r.status === 412 ? ' 412' : r.status === 409 ? ' 409' : ''}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

async function main(): Promise<void> {
  log(`joins bench: ${cpus().length} cores, node ${process.version}, load ${loadavg().map(r1).join(' ')}`);
  const children: Child[] = [];
  const fake = await FakeConnector.start({ strict: true });
  let proxy: CosmosFaultProxy | undefined;
  let reader: CosmosClient | undefined;
  try {
    const started = await startBotThroughProxy({
      database: 'joins',
      env: { LOG_LEVEL: 'error', TEAMS_SERVICE_URLS: `${fake.url}/` },
      children,
    });
    const { cosmos, bot } = started;
    proxy = started.proxy;
    const requests = started.proxy.requests;
    // Teams' clients answer each edit of a card listing them with a refresh invoke (strict fake).
    fake.refreshTo = async (r) => {
      const data = (r.action.data ?? {}) as Record<string, unknown>;
      const who = { ...people.facilitator, id: r.userId };
      await post(
        bot.url,
        click(fake.url, { chat: r.conversationId, replyToId: r.activityId }, who, VERBS.refresh, data),
      );
    };
    reader = new CosmosClient({
      endpoint: cosmos.url,
      key: 'k',
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    const store = new CosmosRoundtableStore(reader.database('joins'));
    const quiet = async () => {
      let seen = -1;
      for (let i = 0; i < 400; i++) {
        if (requests.length === seen && requests.every((r) => r.status !== 0)) return;
        seen = requests.length;
        await new Promise((r) => setTimeout(r, 200));
      }
    };

    // Warm-up (not counted): the freshly started bot's first joins pay for its cold code paths.
    {
      const chat = '19:meeting_joins-warmup@thread.v2';
      await post(
        bot.url,
        message({
          text: 'start B.T.',
          from: people.facilitator,
          serviceUrl: fake.url,
          mentionBot: true,
          conversation: chat,
          meetingId: null,
        }),
      );
      const welcome = fake.activities(chat).find((a) => joinData(a) !== undefined);
      if (welcome) {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            join(
              bot.url,
              click(fake.url, { chat, replyToId: welcome.id }, participant(i), VERBS.join, {
                ...joinData(welcome),
                [INPUTS.role]: 'other',
              }),
            ),
          ),
        );
      }
      await quiet();
    }
    const rounds = [];
    const allMs: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const chat = `19:meeting_joins-${round}@thread.v2`;
      const say = (text: string, who: Person = people.facilitator) =>
        post(
          bot.url,
          message({
            text,
            from: who,
            serviceUrl: fake.url,
            mentionBot: true,
            conversation: chat,
            meetingId: null,
          }),
        );
      await say('start B.T.');
      const welcome = fake.activities(chat).find((a) => joinData(a) !== undefined);
      if (!welcome) throw new Error('no Welcome card with a Join button');
      const data = joinData(welcome) ?? {};
      await quiet();
      const cpu0 = cpuMs(bot.pid);
      const refresh0 = fake.refreshInvokes.length;
      const first = requests.length;
      const t0 = performance.now();
      const answers = await Promise.all(
        Array.from({ length: PEOPLE }, (_, i) =>
          new Promise((r) => setTimeout(r, (i * SPREAD_MS) / PEOPLE)).then(() =>
            join(
              bot.url,
              click(fake.url, { chat, replyToId: welcome.id }, participant(round * 100 + i), VERBS.join, {
                ...data,
                [INPUTS.role]: roleOf(i),
              }),
            ),
          ),
        ),
      );
      const lastAnswer = performance.now() - t0;
      const answered = requests.length;
      await quiet();
      const cpu = cpuMs(bot.pid) - cpu0;
      const during = requests.slice(first, answered);
      const all = requests.slice(first);
      // The roster as the bot reads it (the store assembles it).
      const rtId = (await store.getChat(chat))?.value.roundtableId;
      const rt = rtId ? (await store.getRoundtable(rtId))?.value : undefined;
      const missing: string[] = [];
      for (let i = 0; i < PEOPLE; i++) {
        const p = participant(round * 100 + i);
        const entry = rt?.roster.find((e) => e.id === p.id);
        const want = roleOf(i);
        const ok =
          entry &&
          (want === 'barrier-buster'
            ? entry.role === 'other' && entry.requestedRole === 'barrier-buster'
            : entry.role === want && entry.requestedRole === undefined);
        if (!ok) missing.push(`${p.id}: ${entry ? `${entry.role}/${entry.requestedRole ?? '-'}` : 'absent'}`);
      }
      // The shared Welcome card: its edits (coalesced) and when it counts everyone (waited for up to 30 s).
      const everyone = `Who is here (${PEOPLE + 1})`;
      const counts = () => JSON.stringify(fake.activities(chat).find((a) => a.id === welcome.id) ?? {});
      for (let i = 0; i < 150 && !counts().includes(everyone); i++)
        await new Promise((r) => setTimeout(r, 200));
      const welcomeCurrentAfterMs = counts().includes(everyone) ? r1(performance.now() - t0) : undefined;
      const ms = answers.map((a) => a.ms);
      allMs.push(...ms);
      const result = {
        round,
        saved: answers.filter((a) => a.saved).length,
        notSaved: answers.filter((a) => !a.saved).map((a) => a.text),
        p50: r1(pct(ms, 50)),
        p95: r1(pct(ms, 95)),
        max: r1(Math.max(...ms)),
        lastAnswerMs: r1(lastAnswer),
        requestsBeforeLastAnswerPerJoin: r1(during.length / PEOPLE),
        requestsPerJoin: r1(all.length / PEOPLE),
        byKind: byKind(all),
        lostRaces412: all.filter((r) => r.status === 412).length,
        botCpuPerJoinMs: r1(cpu / PEOPLE),
        roster: rt?.roster.length ?? 0,
        rolesMissing: missing,
        revisionAfter: rt?.revision,
        welcomeEdits: fake.history(chat, welcome.id).length - 1,
        welcomeCurrentAfterMs,
        refreshInvokes: fake.refreshInvokes.length - refresh0,
      };
      rounds.push(result);
      log(`round ${round}: ${JSON.stringify(result)}`);
    }
    const summary = {
      at: new Date().toISOString(),
      load: loadavg().map(r1),
      people: PEOPLE,
      rounds: ROUNDS,
      p50: r1(pct(allMs, 50)),
      p95: r1(pct(allMs, 95)),
      max: r1(Math.max(...allMs)),
      saved: rounds.reduce((n, r) => n + r.saved, 0),
      rolesMissing: rounds.reduce((n, r) => n + r.rolesMissing.length, 0),
      requestsPerJoin: r1(rounds.reduce((n, r) => n + r.requestsPerJoin, 0) / rounds.length),
      rounds_: rounds,
    };
    log(
      `joins: ${summary.saved}/${PEOPLE * ROUNDS} saved, p50 ${summary.p50} ms, p95 ${summary.p95} ms, max ${summary.max} ms, ` +
        `${summary.requestsPerJoin} requests per join, roles missing ${summary.rolesMissing}, load ${summary.load.join(' ')}`,
    );
    writeFileSync('bench/joins-results.json', `${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    reader?.dispose();
    await proxy?.close();
    await fake.close();
    for (const c of children) await c.kill('SIGTERM');
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
