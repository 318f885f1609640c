/**
 * Reminder drain: 10,000 due reminders for 2,000 people, sent by two scheduler instances over one
 * database through the strict fake Teams, each instance holding half of the per-app budget
 * (INSTANCE_COUNT = 2: 20 per second each). Reports the achieved send rate against the bound the
 * limits set, and duplicates. Only 127.0.0.1 traffic; bounded in count and time.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../bot/app.js';
import { loadConfig } from '../bot/config.js';
import { createLogger } from '../bot/log.js';
import { ReminderScheduler } from '../bot/reminders/scheduler.js';
import type { Reminder } from '../bot/reminders/types.js';
import type { PlanStep, Roundtable } from '../bot/roundtable/types.js';
import { CosmosFollowUpStore } from '../bot/store/cosmos-follow-up-store.js';
import { CosmosRoundtableStore } from '../bot/store/cosmos-roundtable-store.js';
import { createAdapter } from '../bot/teams/adapter.js';
import { TeamsReminderDelivery } from '../bot/teams/proactive.js';
import { APP_BUDGET_PER_SECOND } from '../bot/teams/rate-limiter.js';
import { FakeConnector } from '../test/support/fake-connector.js';

/** `BENCH_DRAIN_PEOPLE` scales the drain down on a busy machine (the rate is the figure; default 2,000). */
const PEOPLE = Number(process.env.BENCH_DRAIN_PEOPLE) || 2_000;
const PER_PERSON = 5;
const ROUNDTABLES = Math.max(1, Math.round(PEOPLE / 10));
/** The bound: the per-app budget all instances share (40/s of Teams' estimated 50/s per app per tenant). */
const APP_LIMIT_PER_SECOND = APP_BUDGET_PER_SECOND;
const INSTANCES = 2;

export interface DrainResult {
  reminders: number;
  people: number;
  instances: number;
  sent: number;
  duplicates: number;
  unsent: number;
  wallMs: number;
  achievedPerSecond: number;
  boundPerSecond: number;
  ratioToBound: number;
  /** 429s the strict fake Teams answered because a window was exceeded. */
  provoked429: number;
  met: boolean;
}

async function pool<T>(items: T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) await run(next);
    }),
  );
}

async function seed(app: App, fakeUrl: string, log: (s: string) => void): Promise<void> {
  const database = app.database.database;
  const roundtables = new CosmosRoundtableStore(database);
  const followUps = new CosmosFollowUpStore(database);
  const now = new Date();
  const past = new Date(now.getTime() - 60_000).toISOString();
  const bot = { id: '28:bench-bot', name: 'Roundtable' };
  log(
    `  seeding ${ROUNDTABLES} ended roundtables, ${PEOPLE} people, ${PEOPLE * PER_PERSON} steps and reminders ...`,
  );
  const perTable = PEOPLE / ROUNDTABLES;
  await pool(
    Array.from({ length: ROUNDTABLES }, (_, t) => t),
    8,
    async (t) => {
      const owners = Array.from({ length: perTable }, (_, k) => `29:drain-${t * perTable + k}`);
      const chatId = `19:drain-${t}@thread.v2`;
      const rt: Roundtable = {
        id: `rt-drain-${t}`,
        caseAlias: `D.${t}`,
        status: 'ended',
        phaseIndex: 5,
        revision: 9,
        phases: [],
        startedBy: { id: '29:fac', name: 'Facilitator' },
        facilitatorIds: ['29:fac'],
        roster: owners.map((id) => ({ id, name: id, role: 'caseworker' as const, joinedAt: past })),
        anonymous: false,
        chat: {
          conversationId: chatId,
          serviceUrl: fakeUrl,
          reference: { bot, channelId: 'msteams', serviceUrl: fakeUrl, conversation: { id: chatId } },
        },
        cardIds: {},
        createdAt: past,
        endedAt: past,
      };
      await roundtables.createRoundtable(rt);
      for (const owner of owners) {
        await followUps.putPerson({
          id: owner,
          name: owner,
          serviceUrl: fakeUrl,
          personalReference: {
            bot,
            channelId: 'msteams',
            serviceUrl: fakeUrl,
            user: { id: owner },
            conversation: { id: `a:${owner}` },
          },
          updatedAt: past,
        });
        for (let n = 0; n < PER_PERSON; n++) {
          const step: PlanStep = {
            id: `step-${owner}-${n}`,
            roundtableId: rt.id,
            kind: 'step',
            author: { id: owner, name: owner },
            text: `Step ${n} of ${owner}`,
            owner: { id: owner, name: owner },
            dueDate: now.toISOString().slice(0, 10),
            status: 'not-started',
            createdAt: past,
            updatedAt: past,
          };
          await roundtables.addContribution(step);
          const reminder: Reminder = {
            id: `rem-drain-${owner}-${n}`,
            ownerId: owner,
            roundtableId: rt.id,
            caseAlias: rt.caseAlias,
            kind: 'due',
            stepId: step.id,
            dueAt: past,
            status: 'pending',
            attempts: 0,
            createdAt: past,
          };
          await followUps.createReminder(reminder);
        }
      }
    },
  );
}

/** Seeds the database, drains it with two instances, and counts what the fake connector received. */
export async function reminderDrain(log: (s: string) => void): Promise<DrainResult> {
  const fake = await FakeConnector.start({ strict: true });
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', REMINDER_TICK_SECONDS: '0' });
  const logger = createLogger('silent');
  let app: App | undefined;
  try {
    app = await createApp({ config, log: logger });
    await seed(app, fake.url, log);
    const followUps = new CosmosFollowUpStore(app.database.database);
    const roundtables = new CosmosRoundtableStore(app.database.database);
    const followUp = app.followUp;
    // Each instance has its own adapter, hence its own limiter: 40/N per second of the per-app budget.
    const instanceConfig = { ...config, teamsLimits: { ...config.teamsLimits, instanceCount: INSTANCES } };
    const instances = Array.from({ length: INSTANCES }, (_, i) => {
      const delivery = new TeamsReminderDelivery(
        createAdapter(instanceConfig, logger),
        '',
        roundtables,
        followUp,
        config.settings,
        logger,
        () => new Date(),
      );
      return new ReminderScheduler({
        store: followUps,
        followUp,
        delivery,
        instanceId: `bench-${i}`,
        batchSize: 400,
        concurrency: 16,
      });
    });
    const total = PEOPLE * PER_PERSON;
    // What Teams accepted: a send answered 429 is retried, and only the accepted one reaches the person.
    const sends = () =>
      fake.requests.filter(
        (r) => r.method === 'POST' && r.path.includes('/activities') && r.status >= 200 && r.status < 300,
      );
    log(
      `  draining ${total} reminders with ${INSTANCES} instances at ${APP_LIMIT_PER_SECOND / INSTANCES}/s each ...`,
    );
    const started = performance.now();
    const progress = setInterval(() => {
      log(`    ${sends().length}/${total} sent, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }, 20_000);
    try {
      await Promise.all(instances.map((s) => s.drain(10_000)));
    } finally {
      clearInterval(progress);
    }
    const wallMs = performance.now() - started;
    const posts = sends();
    const keys = posts.map((r) => {
      const step = JSON.stringify(r.body).match(/Step \d+ of 29:drain-\d+/)?.[0] ?? `?${r.seq}`;
      return `${r.conversationId}|${step}`;
    });
    const distinct = new Set(keys).size;
    let unsent = 0;
    for (let t = 0; t < ROUNDTABLES; t++) {
      unsent += (await followUps.remindersOf(`rt-drain-${t}`)).filter(
        (r) => r.value.status !== 'sent',
      ).length;
    }
    const achievedPerSecond = posts.length / (wallMs / 1000);
    const ratioToBound = achievedPerSecond / APP_LIMIT_PER_SECOND;
    return {
      reminders: total,
      people: PEOPLE,
      instances: INSTANCES,
      sent: posts.length,
      duplicates: posts.length - distinct,
      unsent,
      wallMs,
      achievedPerSecond,
      boundPerSecond: APP_LIMIT_PER_SECOND,
      ratioToBound,
      provoked429: fake.provoked429,
      met:
        ratioToBound >= 0.95 &&
        fake.provoked429 === 0 &&
        posts.length === distinct &&
        distinct === total &&
        unsent === 0,
    };
  } finally {
    await app?.close();
    await fake.close();
  }
}

/** `npm run bench:reminders` (also the last part of `npm run bench`). */
async function main(): Promise<void> {
  const log = (s: string) => process.stdout.write(`${s}\n`);
  log('reminder drain ...');
  const r = await reminderDrain(log);
  const out = join(__dirname, 'reminders-results.json');
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), cores: cpus().length, ...r }, null, 2)}\n`,
  );
  log('');
  log('| figure | measured | goal | met |');
  log('|---|---|---|---|');
  log(
    `| drain ${r.reminders} reminders / ${r.people} people, ${r.instances} instances | ${r.sent} sent in ${(r.wallMs / 1000).toFixed(1)} s = ${r.achievedPerSecond.toFixed(1)}/s of ${r.boundPerSecond}/s allowed (${(r.ratioToBound * 100).toFixed(0)}%) | ≥ 95% of the allowed rate | ${r.ratioToBound >= 0.95 ? 'yes' : 'NO'} |`,
  );
  log(
    `| duplicates / not sent | ${r.duplicates} / ${r.unsent} | 0 / 0 | ${r.duplicates === 0 && r.unsent === 0 ? 'yes' : 'NO'} |`,
  );
  log(`| 429s provoked (strict fake Teams) | ${r.provoked429} | 0 | ${r.provoked429 === 0 ? 'yes' : 'NO'} |`);
  log(`\nwrote ${out}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
