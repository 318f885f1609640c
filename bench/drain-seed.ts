/** The reminder drain's data (bench/reminders.ts): ended roundtables, people with 1:1 references, steps and due reminders. */
import type { Database } from '@azure/cosmos';
import type { Reminder } from '../bot/reminders/types.js';
import type { PlanStep, Roundtable } from '../bot/roundtable/types.js';
import { CosmosFollowUpStore } from '../bot/store/cosmos-follow-up-store.js';
import { CosmosRoundtableStore } from '../bot/store/cosmos-roundtable-store.js';

const PER_PERSON = 5;

/** One drain: how many instances, people (5 reminders each) and heavy people (many reminders, one thread each). */
export interface DrainPlan {
  instances: number;
  people: number;
  heavy: number;
  heavyEach: number;
}

async function pool<T>(items: T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) await run(next);
    }),
  );
}

interface Table {
  id: string;
  owners: string[];
  perOwner: number;
}

export function tables(plan: DrainPlan): Table[] {
  const count = Math.max(1, Math.round(plan.people / 10));
  const perTable = Math.ceil(plan.people / count);
  const out: Table[] = Array.from({ length: count }, (_, t) => ({
    id: `rt-drain-${t}`,
    owners: Array.from({ length: perTable }, (_, k) => `29:drain-${t * perTable + k}`).slice(
      0,
      Math.max(0, plan.people - t * perTable),
    ),
    perOwner: PER_PERSON,
  }));
  if (plan.heavy > 0) {
    out.push({
      id: 'rt-drain-heavy',
      owners: Array.from({ length: plan.heavy }, (_, k) => `29:drain-heavy-${k}`),
      perOwner: plan.heavyEach,
    });
  }
  return out;
}

export async function seed(
  database: Database,
  plan: DrainPlan,
  fakeUrl: string,
  log: (s: string) => void,
): Promise<number> {
  const roundtables = new CosmosRoundtableStore(database);
  const followUps = new CosmosFollowUpStore(database);
  const now = new Date();
  const past = new Date(now.getTime() - 60_000).toISOString();
  const bot = { id: '28:bench-bot', name: 'Roundtable' };
  const all = tables(plan);
  const total = all.reduce((n, t) => n + t.owners.length * t.perOwner, 0);
  log(
    `  seeding ${all.length} ended roundtables, ${plan.people + plan.heavy} people, ${total} steps and reminders ...`,
  );
  await pool(all, 8, async (table) => {
    const chatId = `19:${table.id}@thread.v2`;
    const rt: Roundtable = {
      id: table.id,
      caseAlias: `D.${table.id}`,
      status: 'ended',
      phaseIndex: 5,
      revision: 9,
      phases: [],
      startedBy: { id: '29:fac', name: 'Facilitator' },
      facilitatorIds: ['29:fac'],
      roster: table.owners.map((id) => ({ id, name: id, role: 'caseworker' as const, joinedAt: past })),
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
    for (const owner of table.owners) {
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
      for (let n = 0; n < table.perOwner; n++) {
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
  });
  return total;
}
