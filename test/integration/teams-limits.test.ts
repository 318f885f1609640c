/**
 * Teams' limits, against the strict fake connector (real HTTP, real Cosmos SDK): a click is answered from
 * the stored data whatever Teams does with the shared card's edit; shared edits keep every per-thread
 * window (0 provoked 429s), also with two instances of the app on one database; refresh invokes come only
 * from the users the card lists.
 */
import assert from 'node:assert/strict';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { Contribution } from '../../bot/roundtable/types.js';
import { CosmosCardLeases } from '../../bot/store/cosmos-card-lease.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import {
  cardAction,
  MEETING_CHAT_ID,
  message,
  type Person,
  people,
  postActivity,
} from '../support/activities.js';
import { TEAMS_LIMITS } from '../support/fake-connector.js';
import {
  cardText,
  findAction,
  Harness,
  type InvokeResult,
  invokeCard,
  type PostedCard,
  testDatabase,
} from '../support/harness.js';

const fac = people.facilitator;

function ideaInputs(q: string, text: string) {
  return { inputs: { [INPUTS.ideaQuestion]: q, [INPUTS.ideaText]: text } };
}

/** A person numbered n, for bursts. */
function participant(n: number): Person {
  return {
    ...people.consultant,
    id: `29:p${n}`,
    name: `Participant ${n}`,
    aadObjectId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
  };
}

async function ideas(h: Harness): Promise<Contribution[]> {
  const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
  return (await roundtableView(h.app.domain, rt.id))!.contributions.filter((c) => c.kind === 'idea');
}

/** Clicks "add idea" without waiting for the shared card's edit (what Teams waits for: the answer only). */
function clickIdea(h: Harness, who: Person, card: PostedCard, text: string, q = 'q1'): Promise<InvokeResult> {
  const { inputs } = ideaInputs(q, text);
  const action = findAction(card.card, VERBS.idea);
  const data = { ...(action.data as Record<string, unknown>), ...inputs };
  return postActivity(
    h.app.url,
    cardAction({
      verb: VERBS.idea,
      data,
      from: who,
      conversation: MEETING_CHAT_ID,
      serviceUrl: h.fake.url,
      replyToId: card.activityId,
    }),
  ) as Promise<InvokeResult>;
}

/** Resolves 'late' if `p` is not settled in `ms` (a bound on a hang, never a measured time). */
function orLate<T>(p: Promise<T>, ms: number): Promise<T | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Starts `run(i)` for i < n, one every `gapMs` (people clicking over a second or two), and collects the results. */
async function staggered<T>(n: number, gapMs: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const started: Promise<T>[] = [];
  for (let i = 0; i < n; i++) {
    started.push(run(i));
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return Promise.all(started);
}

/** Every thread window of Teams is kept by the requests the fake answered in the meeting chat. */
function assertWithinThreadWindows(h: Harness): void {
  for (const w of TEAMS_LIMITS.perThread) {
    const peak = h.fake.peak(w, MEETING_CHAT_ID);
    assert.ok(peak <= w.limit, `${peak} requests in ${w.ms} ms in one thread (Teams allows ${w.limit})`);
  }
  const app = TEAMS_LIMITS.perApp[0]!;
  assert.ok(h.fake.peak(app) <= app.limit, 'within the per-app rate');
}

/** The idea texts the chat's brainstorm card shows now. */
function shownIdeas(h: Harness, card: PostedCard, texts: string[]): string[] {
  // Clicks go to the phase's form message; the ideas are listed on the card just above it (issue #24).
  const cards = h.cards();
  const at = cards.findIndex((c) => c.activityId === card.activityId);
  const now = cards[at - 1];
  assert.ok(now, 'the brainstorm card is still in the chat');
  const text = cardText(now.card);
  return texts.filter((t) => text.includes(t));
}

describe('Teams limits (strict fake connector)', function () {
  this.timeout(90_000);
  let h: Harness;
  let card: PostedCard;
  beforeEach(async () => {
    h = await Harness.start();
    await h.say(fac, 'start J.T.');
    await h.say(fac, 'go brainstorm');
    card = h.lastCard().form!; // ideas are typed in the form message under the Brainstorm card
  });
  afterEach(async () => {
    await h?.close();
  });

  it('a click is answered while the Teams edit of the shared card is held; the card follows later', async () => {
    const release = h.fake.hold((r) => r.method === 'PUT');
    const answer = await orLate(clickIdea(h, people.caseworker, card, 'Held idea'), 10_000);
    assert.notEqual(answer, 'late', 'the click was answered while Teams held the edit');
    if (answer === 'late') return;
    assert.match(cardText(invokeCard(answer)), /Saved: idea added/);
    assert.equal((await ideas(h)).filter((i) => i.text === 'Held idea').length, 1, 'stored once');
    await h.fake.waitFor((f) => f.requests.some((r) => r.method === 'PUT' && r.status === 0), {
      description: 'the shared edit reached Teams (and is held)',
    });
    release();
    await h.settled();
    assert.deepEqual(shownIdeas(h, card, ['Held idea']), ['Held idea'], 'the shared card shows it');
    assert.equal(h.fake.provoked429, 0);
  });

  it('a 429 with Retry-After 8 s on the edit does not delay the answer', async () => {
    h.fake.failNext({ method: 'PUT', status: 429, retryAfterSeconds: 8, count: 1 });
    const answer = await orLate(clickIdea(h, people.caseworker, card, 'Throttled idea'), 6_000);
    assert.notEqual(answer, 'late', 'answered before Teams allowed the edit again');
    if (answer === 'late') return;
    assert.match(cardText(invokeCard(answer)), /Saved: idea added/);
    assert.equal((await ideas(h)).filter((i) => i.text === 'Throttled idea').length, 1);
    // The edit is retried in the background after the wait Teams asked for, and lands.
    await h.settled();
    assert.deepEqual(shownIdeas(h, card, ['Throttled idea']), ['Throttled idea']);
  });

  it('a burst of clicks: every one answered, edits coalesced within the thread windows, 0 provoked 429s', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `Burst idea ${i}`);
    const answers = await staggered(texts.length, 40, (i) =>
      clickIdea(h, participant(i % 20), card, texts[i]!, i % 2 ? 'q2' : 'q1'),
    );
    assert.deepEqual(
      answers.map((a) => a.body?.statusCode),
      texts.map(() => 200),
    );
    await h.settled();
    assert.equal(h.fake.provoked429, 0, 'no 429 provoked');
    assertWithinThreadWindows(h);
    const list = h.cards()[h.cards().findIndex((c) => c.activityId === card.activityId) - 1]!;
    assert.equal(
      h.fake.requestsTo('PUT', card.activityId).length,
      0,
      'the form is never edited while typed in',
    );
    const edits = h.fake.requestsTo('PUT', list.activityId).length;
    assert.ok(edits < texts.length, `edits are coalesced (${edits} edits for ${texts.length} clicks)`);
    assert.equal((await ideas(h)).length, texts.length);
    assert.deepEqual(shownIdeas(h, card, texts), texts, 'the final card shows what the database holds');
  });

  it('a burst of typed commands: every reply posted within the thread windows, 0 provoked 429s', async () => {
    const before = h.fake.sent(MEETING_CHAT_ID).length;
    const typed = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        postActivity(
          h.app.url,
          message({
            text: 'status',
            from: participant(i),
            conversation: MEETING_CHAT_ID,
            serviceUrl: h.fake.url,
            mentionBot: true,
          }),
        ),
      ),
    );
    assert.ok(typed.every((r) => r.status === 200));
    await h.settled();
    assert.equal(h.fake.provoked429, 0, 'no 429 provoked');
    assertWithinThreadWindows(h);
    assert.equal(h.fake.sent(MEETING_CHAT_ID).length - before, 16, 'every reply was posted once');
  });

  it('refresh invokes: one per listed user (the facilitators) per edit, never the roster', async () => {
    h.fake.refreshInvokes.length = 0;
    const puts = h.fake.requestsTo('PUT').length;
    invokeCard(await h.click(people.caseworker, card, VERBS.idea, ideaInputs('q1', 'Listed idea')));
    const edits = h.fake.requestsTo('PUT').slice(puts);
    assert.ok(edits.length >= 1);
    const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
    assert.deepEqual(rt.facilitatorIds, [fac.id]);
    const withRefresh = edits.filter((r) =>
      JSON.stringify(r.body?.attachments ?? []).includes('"userIds"'),
    ).length;
    assert.equal(h.fake.refreshInvokes.length, withRefresh * rt.facilitatorIds.length);
    assert.ok(h.fake.refreshInvokes.every((r) => r.userId === fac.id));
    assert.ok(withRefresh >= 1, 'the open card keeps refresh for its facilitators');
  });
});

describe('Teams limits with two instances of the app on one database', function () {
  this.timeout(90_000);

  it('clicks on one card through both instances: 0 429s, and the final card equals the database', async () => {
    const database = await testDatabase();
    const env = { INSTANCE_COUNT: '2' };
    const a = await Harness.start({ database, env });
    const b = await Harness.start({ database, env, fake: a.fake });
    try {
      await a.say(fac, 'start J.T.');
      await a.say(fac, 'go brainstorm');
      const card = a.lastCard().form!;
      const texts = Array.from({ length: 40 }, (_, i) => `Two-instance idea ${i}`);
      const answers = await staggered(texts.length, 40, (i) =>
        clickIdea(i % 2 ? b : a, participant(i % 20), card, texts[i]!, i % 4 < 2 ? 'q1' : 'q2'),
      );
      assert.deepEqual(
        answers.map((x) => x.body?.statusCode),
        texts.map(() => 200),
      );
      await Promise.all([a.settled(), b.settled()]);
      await Promise.all([a.settled(), b.settled()]);
      assert.equal(a.fake.provoked429, 0, 'no 429 provoked');
      assertWithinThreadWindows(a);
      assert.equal((await ideas(a)).length, texts.length);
      assert.deepEqual(shownIdeas(a, card, texts), texts, 'the final card shows what the database holds');
    } finally {
      await b.close();
      await a.close();
      await database.close();
    }
  });
});

describe('card leases in Cosmos (one updater per card across instances)', () => {
  it('one holder at a time; a loser marks the card dirty; release tells the holder; an expired lease is free', async () => {
    const database = await testDatabase();
    let now = 1_000;
    const leases = new CosmosCardLeases(database.database, () => now);
    try {
      assert.equal(await leases.acquire('rt-1|brainstorm', 'a', 10_000), true);
      assert.equal(await leases.acquire('rt-1|brainstorm', 'b', 10_000), false, 'held by a');
      assert.equal(await leases.acquire('rt-1|clarify', 'b', 10_000), true, 'another card is apart');
      assert.equal(await leases.release('rt-1|brainstorm', 'a'), true, 'b asked for a pass meanwhile');
      assert.equal(await leases.acquire('rt-1|brainstorm', 'b', 10_000), true, 'released: b takes it');
      assert.equal(await leases.release('rt-1|brainstorm', 'b'), false, 'nobody asked');
      assert.equal(await leases.acquire('rt-1|brainstorm', 'a', 10_000), true);
      now += 10_001;
      assert.equal(await leases.acquire('rt-1|brainstorm', 'b', 10_000), true, 'a expired lease is free');
      assert.equal(await leases.release('rt-1|brainstorm', 'a'), false, 'a no longer holds it');
      const both = await Promise.all([
        leases.acquire('rt-2|brainstorm', 'a', 10_000),
        leases.acquire('rt-2|brainstorm', 'b', 10_000),
      ]);
      assert.equal(both.filter(Boolean).length, 1, 'two instances at once: exactly one holder');
    } finally {
      await database.close();
    }
  });
});
