/**
 * What the benches measure with: percentiles, a process's CPU and memory from /proc, activities POSTed
 * and timed, brainstorms opened through the bot, Cosmos writes timed, and the production bot started.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CosmosClient } from '@azure/cosmos';
import type { Activity } from 'botbuilder';
import { INPUTS, VERBS } from '../cards/contract.js';
import { cardAction, message, type Person, people } from '../test/support/activities.js';
import { CosmosFaultProxy } from '../test/support/cosmos-fault-proxy.js';
import type { FakeConnector } from '../test/support/fake-connector.js';
import { type Child, startBotProcess, startScript } from '../test/support/processes.js';

/** One line on stdout. */
export const log = (s: string) => process.stdout.write(`${s}\n`);

/** The p-th percentile (nearest rank). */
export function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}

/** Rounded to one decimal. */
export const r1 = (n: number) => Math.round(n * 10) / 10;

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU milliseconds (user + system) a process has used so far, from /proc. */
export const cpuMs = (pid: number) => cpuSeconds(pid) * 1000;

/** Resident memory now and its high-water mark, in MB (0 once the process has ended). */
export function rssMb(pid: number): { rss: number; hwm: number } {
  let s: string;
  try {
    s = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return { rss: 0, hwm: 0 }; // the process has ended; the phase reports its failures
  }
  const kb = (k: string) => Number(s.match(new RegExp(`${k}:\\s+(\\d+)`))?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** `code` of a click answered with a message (a refusal, "not saved"): statusCode 200, but nothing was saved. */
export const MESSAGE_ANSWER = -200;

/** What one POST came to: the HTTP status (0: no answer in 30 s), the invoke's status code, the time taken. */
export interface Timed {
  status: number;
  code?: number;
  ms: number;
}

/** POSTs an activity to `<url>/api/messages` (or to `url` when it ends so) and times the answer. */
export async function post(url: string, body: unknown): Promise<Timed> {
  const t = performance.now();
  try {
    const res = await fetch(url.endsWith('/api/messages') ? url : `${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as { statusCode?: number; type?: string }) : undefined;
    // A message answer (statusCode 200) is a refusal or "not saved, try again": not an acknowledged click.
    const message = json?.type === 'application/vnd.microsoft.activity.message';
    return {
      status: res.status,
      ...(json?.statusCode ? { code: message ? MESSAGE_ANSWER : json.statusCode } : {}),
      ms: performance.now() - t,
    };
  } catch {
    // A turn that got no answer in 30 s (or whose connection broke) is a failed turn, not the end of the bench.
    return { status: 0, ms: performance.now() - t };
  }
}

/** The n-th bench participant (a consultant), ids tagged `tag` and object ids in the group `group`. */
export function participants(tag: string, group: string): (n: number) => Person {
  return (n) => ({
    ...people.consultant,
    id: `29:${tag}-${n}`,
    name: `Participant ${n}`,
    aadObjectId: `00000000-0000-4000-${group}-${String(n).padStart(12, '0')}`,
  });
}

/** Where a click lands: the chat and the card's activity id. */
export interface CardPlace {
  chat: string;
  replyToId: string;
}

/** A card click (Action.Execute) on the card at `at`, by `who`, through the fake connector at `serviceUrl`. */
export function click(
  serviceUrl: string,
  at: CardPlace,
  who: Person,
  verb: string,
  data: Record<string, unknown>,
): Partial<Activity> {
  return cardAction({
    verb,
    data,
    from: who,
    serviceUrl,
    replyToId: at.replyToId,
    conversation: at.chat,
    meetingId: null,
  });
}

/** A brainstorm's card: where it is and the data its buttons carry. */
export interface Brainstorm extends CardPlace {
  base: Record<string, unknown>;
}

/** An idea submitted on a brainstorm's card. */
export function ideaClick(
  serviceUrl: string,
  rt: Brainstorm,
  who: Person,
  text: string,
  q = 'q1',
): Partial<Activity> {
  return click(serviceUrl, rt, who, VERBS.idea, {
    ...rt.base,
    [INPUTS.ideaQuestion]: q,
    [INPUTS.ideaText]: text,
  });
}

/** The data a posted card's refresh action carries. */
export function cardData(card: { attachments?: unknown[] }): Record<string, unknown> {
  const attachments = card.attachments as {
    content: { refresh: { action: { data: Record<string, unknown> } } };
  }[];
  return attachments[0]!.content.refresh.action.data;
}

/** The data of a posted card's first Action.Execute with `verb` (e.g. "Add idea", "Join"), if it has one. */
export function actionData(
  activity: { attachments?: unknown[] },
  verb: string,
): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (n: unknown): void => {
    if (found || !n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.Execute' && o.verb === verb) found = o.data as Record<string, unknown>;
    for (const v of Object.values(o)) walk(v);
  };
  walk(activity.attachments);
  return found;
}

/** The data of a posted card's "Add idea" button. */
const ideaAction = (activity: { attachments?: unknown[] }) => actionData(activity, VERBS.idea);

/** Opens brainstorms, each in a new meeting chat `19:meeting_<tag>-<n>@thread.v2`: `start B.T.`, `go brainstorm`. */
export function brainstormOpener(botUrl: string, fake: FakeConnector, tag: string) {
  let chatN = 0;
  return async () => {
    const chat = `19:meeting_${tag}-${++chatN}@thread.v2`;
    const say = (text: string, who: Person = people.facilitator) =>
      post(
        botUrl,
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
    await say('go brainstorm');
    // Ideas are typed on the phase's form message (beside the shared card): click its idea button.
    const form = fake
      .activities(chat)
      .filter((a) => ideaAction(a) !== undefined)
      .at(-1)!;
    return { chat, replyToId: form.id, base: ideaAction(form)!, say };
  };
}

/** A Cosmos client of its own that times one small create at a time (the "one write" of the goals). */
export function cosmosWriter(endpoint: string, database: string, roundtableId: string) {
  const client = new CosmosClient({
    endpoint,
    key: 'k',
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  const container = client.database(database).container('roundtables');
  let n = 0;
  return {
    /** One create, timed in ms. */
    async write(): Promise<number> {
      const t = performance.now();
      const i = n++;
      await container.items.create({
        id: `w-${roundtableId}-${i}`,
        roundtableId,
        type: 'probe',
        text: `Write ${i}`,
      });
      return performance.now() - t;
    },
    close: () => client.dispose(),
  };
}

/** Times `count` small creates one after another (the first `warmup` not kept), in ms. */
export async function timeWrites(
  endpoint: string,
  database: string,
  roundtableId: string,
  count: number,
  warmup = 0,
): Promise<number[]> {
  const writer = cosmosWriter(endpoint, database, roundtableId);
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = await writer.write();
    if (i >= warmup) ms.push(t);
  }
  writer.close();
  return ms;
}

/** The texts of the ideas stored in one roundtable, read straight from the Cosmos-compatible server. */
export async function storedIdeas(
  endpoint: string,
  database: string,
  roundtableId: string,
): Promise<string[]> {
  const client = new CosmosClient({
    endpoint,
    key: 'k',
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  const { resources } = await client
    .database(database)
    .container('roundtables')
    .items.query<{ text: string }>({
      query: "SELECT c.text FROM c WHERE c.roundtableId = @rt AND c.type = 'contribution'",
      parameters: [{ name: '@rt', value: roundtableId }],
    })
    .fetchAll();
  client.dispose();
  return resources.map((r) => r.text);
}

/** Builds the production bundle (`scripts/build.mjs`, as `npm run build`). */
export function buildBundle(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
}

/** The bot as start:prod runs it (the compiled build, its heap cap); BENCH_NODE_ARGS replaces the node arguments. */
export function startProductionBot(opts: {
  cosmosEndpoint: string;
  database: string;
  env: Record<string, string>;
}): Promise<Child & { url: string }> {
  return startBotProcess({
    ...opts,
    // The heap cap keeps garbage from growing the process under load; BENCH_NODE_ARGS to profile
    // (e.g. add --cpu-prof --cpu-prof-dir=/tmp/prof).
    nodeArgs: (process.env.BENCH_NODE_ARGS ?? '--max-old-space-size=192 dist/bot/main.js').split(' '),
  });
}

/**
 * The Cosmos-compatible server, a counting proxy before it and the production bot through it (the bundle built
 * first unless BENCH_NO_BUILD): the set-up of the benches that count database requests. Each child process is
 * added to `children` as it starts, so that the caller's `finally` stops every one even when a later one fails.
 */
export async function startBotThroughProxy(opts: {
  database: string;
  env: Record<string, string>;
  children: Child[];
}): Promise<{ cosmos: Child & { url: string }; proxy: CosmosFaultProxy; bot: Child & { url: string } }> {
  const cosmos = await startScript('bench/cosmos-server.ts');
  opts.children.push(cosmos);
  const proxy = await CosmosFaultProxy.start(cosmos.url);
  if (!process.env.BENCH_NO_BUILD) {
    log('building the production bundle ...');
    buildBundle();
  }
  const bot = await startProductionBot({ cosmosEndpoint: proxy.url, database: opts.database, env: opts.env });
  opts.children.push(bot);
  return { cosmos, proxy, bot };
}
