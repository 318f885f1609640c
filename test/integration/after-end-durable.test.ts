/**
 * The work after `end` is a durable job (issue #22, item 4): recorded as due in the write that ends the
 * roundtable, run under the scheduler's etag lease, kicked at once by the instance that ended it. One database
 * write failed at each position of `end`, or the bot killed right after it answers: the click is answered in
 * words that match what was stored, and after a scheduler pass on another instance the hand-over has arrived
 * exactly once, the reminders are planned and the barrier register holds the barrier once.
 * Real HTTP, real @azure/cosmos through the fault proxy, the Cosmos-compatible server, the strict fake Teams.
 */
import assert from 'node:assert/strict';
import { CosmosClient } from '@azure/cosmos';
import { afterEndJobRef } from '../../bot/reminders/after-end-job.js';
import type { Reminder } from '../../bot/reminders/types.js';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { CosmosFollowUpStore } from '../../bot/store/cosmos-follow-up-store.js';
import { CosmosRoundtableStore } from '../../bot/store/cosmos-roundtable-store.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { cardAction, MEETING_CHAT_ID, people, postActivity } from '../support/activities.js';
import { CosmosFaultProxy, databaseThrough, WRITES } from '../support/cosmos-fault-proxy.js';
import { FakeConnector } from '../support/fake-connector.js';
import {
  cardText,
  Harness,
  type InvokeResult,
  invokeCard,
  type PostedCard,
  testDatabase,
} from '../support/harness.js';
import { startBotProcess } from '../support/processes.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp } = people;

/** Monday 23 November 2026, 10:00 in New York (the test people's zone): inside working hours. */
const MONDAY_MORNING = Date.parse('2026-11-23T15:00:00Z');
/** Later the same day: past every lease (120 s) and every early back-off of the job. */
const LATER = 3 * 3_600_000;

/** A handle on the same database through the proxy. */
function through(direct: DatabaseHandle, endpoint: string): DatabaseHandle {
  const client = new CosmosClient({
    endpoint,
    key: 'test-key',
    connectionPolicy: { enableEndpointDiscovery: false, requestTimeout: 2000 },
  });
  return databaseThrough(direct, client, endpoint);
}

/** The plan phase with a step for the caseworker and one for the supervisor, and a funding barrier raised. */
async function planReady(
  h: Harness,
  dues: readonly [string, string] = ['2026-12-03', '2026-12-18'],
): Promise<string> {
  await h.say(fac, 'start J.T.');
  await h.joinAs(cw, 'caseworker');
  await h.joinAs(sup, 'supervisor');
  await h.joinAs(mp, 'master-practitioner');
  await h.say(fac, 'go brainstorm');
  invokeCard(
    await h.click(mp, h.lastCard(), VERBS.idea, {
      inputs: {
        [INPUTS.ideaQuestion]: 'q1',
        [INPUTS.ideaText]: 'Travel funding for family visits',
        [INPUTS.ideaBarrier]: 'funding',
      },
    }),
  );
  await h.say(fac, 'go plan');
  for (const [who, text, due] of [
    [cw, 'Ask the aunt about guardianship', dues[0]],
    [sup, 'Approve funding for travel', dues[1]],
  ] as const) {
    invokeCard(
      await h.click(who, h.lastCard(), VERBS.step, {
        inputs: { [INPUTS.stepText]: text, [INPUTS.stepOwner]: who.id, [INPUTS.stepDue]: due },
      }),
    );
  }
  return (await forChat(h.app.domain, MEETING_CHAT_ID))!.id;
}

function texts(cards: PostedCard[] | undefined): string[] {
  return (cards ?? []).map((c) => cardText(c.card));
}

/** The hand-over, each card exactly once: the caseworker's steps; the supervisor's steps and the whole plan. */
function assertHandOverOnce(h: Harness, where: string): void {
  const cards = h.personalCards();
  const cwCards = texts(cards.get(cw.id));
  assert.equal(cwCards.length, 1, `${where}: the caseworker gets one hand-over card (${cwCards.length})`);
  assert.match(cwCards[0]!, /Your steps from the roundtable for J\.T\.[\s\S]*aunt about guardianship/);
  const supCards = texts(cards.get(sup.id));
  assert.equal(supCards.length, 2, `${where}: the supervisor gets their steps and the plan, once each`);
  assert.ok(
    supCards.some((t) => /Permanency Action Plan for J\.T\./.test(t)),
    where,
  );
  assert.equal(cards.get(mp.id), undefined, `${where}: nobody without steps gets a hand-over`);
}

/** What the database holds after `end` and the scheduler: 1:1 reminders, register entries, the job's state. */
async function stored(direct: DatabaseHandle, rtId: string) {
  const followUps = new CosmosFollowUpStore(direct.database);
  const reminders = (await followUps.remindersOf(rtId)).map((r) => r.value);
  const { resources: barriers } = await direct.database
    .container('programme')
    .items.query<{ id: string }>({
      query: 'SELECT c.id FROM c WHERE c.roundtableId = @rt',
      parameters: [{ name: '@rt', value: rtId }],
    })
    .fetchAll();
  const rt = (await new CosmosRoundtableStore(direct.database).getRoundtable(rtId))?.value;
  const ref = afterEndJobRef(rtId);
  const job = (await followUps.getReminder(ref.ownerId, ref.id))?.value;
  return {
    ended: rt?.status === 'ended',
    due: rt?.afterEnd?.due,
    job,
    oneToOne: reminders,
    barriers: barriers.length,
  };
}

/** The reminders planned, by kind and recipient (step ids differ from one roundtable to the next). */
function kinds(reminders: Reminder[]): string {
  return reminders
    .map((r) => `${r.kind}:${r.ownerId}${r.stepId ? ':step' : ''}`)
    .sort()
    .join(' ');
}

/** The answer to a click as the clicker reads it; a 5xx or an error shape fails the test. */
function answerText(res: InvokeResult, where: string): string {
  assert.equal(res.status, 200, `${where}: Teams gets HTTP 200 (${res.status})`);
  assert.equal(res.body?.statusCode, 200, `${where}: a card, not an error: ${JSON.stringify(res.body)}`);
  // A message answer (a refusal before anything ran) or a card.
  if (typeof res.body?.value === 'string') return res.body.value;
  return cardText(res.body?.value as Record<string, unknown>);
}

describe('the work after `end` is a durable job', function () {
  this.timeout(900_000);
  const NO_HOURS = { AGENCY_SETTINGS_JSON: JSON.stringify({ followUp: { workingHours: null } }) };

  /**
   * Ends a plan-ready roundtable with "Confirm end" through a bot whose database requests pass the proxy;
   * `position`: the write (0-based, among the click's writes) that fails with a 503. Then that instance stops,
   * another one starts on the same database later that day and runs the scheduler.
   */
  async function endWithFault(position: number | undefined) {
    const direct = await testDatabase();
    const proxy = await CosmosFaultProxy.start(direct.endpoint);
    const viaProxy = through(direct, proxy.url);
    // About faults and restarts, not pacing: the lenient fake Teams (a real Teams' limits are tested elsewhere).
    const fake = await FakeConnector.start({ strict: false });
    const clock = { t: MONDAY_MORNING };
    const now = () => new Date(clock.t);
    const a = await Harness.start({ database: viaProxy, fake, now, teams: 'lenient' });
    let b: Harness | undefined;
    try {
      const rtId = await planReady(a);
      await a.say(fac, 'end');
      const confirm = a.lastCard();
      assert.match(cardText(confirm.card), /Confirm end/);
      const before = proxy.requests.length;
      if (position !== undefined) proxy.fail({ kinds: WRITES, skip: position, fault: '503' });
      const where = `write ${position ?? '-'}`;
      const first = await a.click(fac, confirm, VERBS.endConfirm);
      await a.settled();
      const writes = proxy.requests.slice(before).filter((r) => WRITES.includes(r.kind));
      const afterClick = await stored(direct, rtId);
      const said = answerText(first, where);
      if (afterClick.ended) {
        assert.match(said, /The roundtable has ended/, `${where}: stored, and said so`);
        assert.doesNotMatch(said, /NOT|nothing was saved/, `${where}: never "nothing saved" once ended`);
      } else {
        // The click's first write is its access-log entry: refused there, nothing ran and it says try again.
        assert.match(
          said,
          /NOT ended and nothing was saved\. Try again|could not be recorded in the access log.*try again/,
          `${where}: not stored, and said so`,
        );
        // What the facilitator does next: presses "Confirm end" again.
        const again = answerText(await a.click(fac, confirm, VERBS.endConfirm), `${where}, pressed again`);
        assert.match(again, /The roundtable has ended/);
        await a.settled();
      }
      assert.ok(proxy.injected.length <= 1, `${where}: one fault at most`);
      // As after a kill: this instance is gone; another starts on the same database, later that day.
      await a.close();
      clock.t += LATER;
      b = await Harness.start({ database: direct, fake, now, teams: 'lenient' });
      await b.app.scheduler.drain();
      await b.settled();
      assertHandOverOnce(b, where);
      const end = await stored(direct, rtId);
      assert.equal(end.due, false, `${where}: the job recorded its work done`);
      assert.equal(end.job?.status, 'sent', `${where}: the job's row is done`);
      assert.equal(end.barriers, 1, `${where}: the barrier is in the register once`);
      return { writes: writes.length, reminders: end.oneToOne, faulted: proxy.injected.length === 1 };
    } finally {
      await b?.close();
      await a.close().catch(() => undefined);
      await fake.close();
      await viaProxy.close();
      await proxy.close();
      await direct.close();
    }
  }

  it('one write failed at each position of `end`: the answer matches what was stored; the hand-over arrives once, reminders and register every time', async () => {
    const clean = await endWithFault(undefined);
    assert.ok(
      clean.writes >= 5,
      `a clean end writes the end, its job and the work after it (${clean.writes})`,
    );
    const planned = kinds(clean.reminders);
    let injected = 0;
    assert.match(planned, /assigned:.*plan:.*pre-due:.*review:/s);
    for (let position = 0; position < clean.writes; position++) {
      const faulted = await endWithFault(position);
      assert.equal(kinds(faulted.reminders), planned, `write ${position}: the same reminders are planned`);
      if (faulted.faulted) injected++;
    }
    // The count varies by one or two between runs (an etag race between the job and the card updates).
    assert.ok(injected >= clean.writes - 2, `a fault landed at ${injected} of ${clean.writes} positions`);
  });

  it('typed `end confirm` whose write lands but whose answer is lost: the chat is told it ended, the hand-over arrives once', async () => {
    const direct = await testDatabase();
    const proxy = await CosmosFaultProxy.start(direct.endpoint);
    const viaProxy = through(direct, proxy.url);
    // About faults and restarts, not pacing: the lenient fake Teams (a real Teams' limits are tested elsewhere).
    const fake = await FakeConnector.start({ strict: false });
    const clock = { t: MONDAY_MORNING };
    const now = () => new Date(clock.t);
    const a = await Harness.start({ database: viaProxy, fake, now, teams: 'lenient' });
    let b: Harness | undefined;
    try {
      const rtId = await planReady(a);
      // The write that ends the roundtable is applied; the connection drops before its answer.
      proxy.fail({ kinds: ['replace'], body: /"status":"ended"/, fault: 'reset-after' });
      await a.say(fac, 'end confirm');
      assert.equal(proxy.injected.length, 1);
      assert.ok((await stored(direct, rtId)).ended);
      const said = a.texts().slice(-3).join('\n');
      assert.match(said, /has ended/);
      assert.doesNotMatch(said, /NOT|nothing was saved|try again/i);
      assertHandOverOnce(a, 'at once');
      await a.close();
      clock.t += LATER;
      b = await Harness.start({ database: direct, fake, now, teams: 'lenient' });
      await b.app.scheduler.drain();
      await b.settled();
      assertHandOverOnce(b, 'after a scheduler pass elsewhere');
      const end = await stored(direct, rtId);
      assert.equal(end.due, false);
      assert.equal(end.barriers, 1);
    } finally {
      await b?.close();
      await a.close().catch(() => undefined);
      await fake.close();
      await viaProxy.close();
      await proxy.close();
      await direct.close();
    }
  });

  /**
   * The bot as a real process ends the roundtable; the proxy holds one of its writes after the answer (the
   * process is frozen there) and the process is killed; another instance starts on the same database.
   */
  async function killedAfterAnswer(holdAt: RegExp, where: string): Promise<void> {
    const direct = await testDatabase();
    const proxy = await CosmosFaultProxy.start(direct.endpoint);
    const fake = await FakeConnector.start();
    const offset = { ms: 0 };
    const now = () => new Date(Date.now() + offset.ms);
    const setup = await Harness.start({ database: direct, fake, env: NO_HOURS, now });
    const bot = await startBotProcess({
      cosmosEndpoint: proxy.url,
      database: direct.database.id,
      env: {
        ...NO_HOURS,
        TEAMS_SERVICE_URLS: `${fake.url}/`,
        REMINDER_TICK_SECONDS: '0',
        CARD_UPDATE_DELAY_MS: '0',
      },
    });
    let after: Harness | undefined;
    try {
      const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
      const rtId = await planReady(setup, [day(10), day(25)]);
      await setup.say(fac, 'end');
      const confirm = setup.lastCard();
      await setup.close();
      proxy.fail({ kinds: WRITES, body: holdAt, fault: 'timeout' });
      const action = findExecute(confirm.card, VERBS.endConfirm);
      const res = await postActivity(
        bot.url,
        cardAction({
          verb: VERBS.endConfirm,
          data: action,
          from: fac,
          conversation: MEETING_CHAT_ID,
          serviceUrl: fake.url,
          replyToId: confirm.activityId,
        }),
      );
      const body = res.body as InvokeResult['body'];
      assert.equal(body?.statusCode, 200, `${where}: ${JSON.stringify(body)}`);
      assert.match(cardText(body?.value as Record<string, unknown>), /The roundtable has ended/);
      // The process has reached the held write: it is frozen there (a bound, so old code fails instead of hanging).
      await Promise.race([
        proxy.injectedAtLeast(1),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`${where}: the bot never reached that write`)), 60_000).unref(),
        ),
      ]);
      await bot.kill('SIGKILL');
      offset.ms = 10 * 60_000; // past the dead instance's lease
      after = await Harness.start({ database: direct, fake, env: NO_HOURS, now });
      await after.app.scheduler.drain();
      await after.settled();
      assertHandOverOnce(after, where);
      const end = await stored(direct, rtId);
      assert.equal(end.due, false, `${where}: the job recorded its work done`);
      assert.equal(end.barriers, 1, `${where}: the barrier is in the register once`);
      assert.match(kinds(end.oneToOne), /assigned:.*plan:.*pre-due:.*review:/s, where);
    } finally {
      await bot.kill();
      await after?.close();
      await fake.close();
      await proxy.close();
      await direct.close();
    }
  }

  it('the bot killed right after it answers `end`: another instance delivers the hand-over once', async () => {
    // Frozen at the job's claim, at the first hand-over reminder's claim, and at the write that records it done.
    await killedAfterAnswer(/"kind":"after-end".*"claimedBy"/s, 'killed at the job claim');
    await killedAfterAnswer(/"kind":"assigned".*"claimedBy"/s, 'killed at the hand-over claim');
    await killedAfterAnswer(/"afterEnd":\{"due":false/, 'killed as it records the work done');
  });
});

/** The data of a card's Action.Execute with this verb. */
function findExecute(card: Record<string, unknown>, verb: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const walk = (n: unknown) => {
    if (found || !n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.Execute' && o.verb === verb) found = (o.data ?? {}) as Record<string, unknown>;
    for (const v of Object.values(o)) walk(v);
  };
  walk(card);
  if (!found) throw new Error(`no ${verb} action`);
  return found;
}
