/**
 * The personal app "My roundtables" over HTTP (local mode, development sign-in): the same steps as the 1:1
 * `my steps`, a one-click update stored once and seen in the 1:1 chat, and the deep link to the app on every
 * 1:1 reminder and hand-over card (Action.OpenUrl: phones cannot run Action.Execute).
 */
import assert from 'node:assert/strict';
import { type Person, people } from '../support/activities.js';
import { cardText, Harness, type PostedCard } from '../support/harness.js';
import { personalChat, postPersonally } from '../support/personal-chat.js';
import { type SeededPlan, seedPlan } from '../support/personal-world.js';
import { tabFetch } from '../support/tab-world.js';

const TEAMS_APP_ID = '0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
const LINK = `https://teams.microsoft.com/l/entity/${TEAMS_APP_ID}/my-roundtables`;
const { caseworker: cw, supervisor: sup, consultant: mp } = people;

/** Every Action.OpenUrl of a card, as [title, url]. */
function openUrls(card: unknown): [string, string][] {
  const out: [string, string][] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'Action.OpenUrl') out.push([String(o.title), String(o.url)]);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe('personal app "My roundtables": API, 1:1 consistency, deep links', function () {
  this.timeout(60_000);
  let h: Harness;
  let plan: SeededPlan;
  let token: string;

  async function sayPersonal(from: Person, text: string): Promise<PostedCard | undefined> {
    await postPersonally(h, from, text);
    await h.app.idle();
    return h.cards(personalChat(from)).at(-1);
  }

  // A fresh bot and plan per test: each passes alone and in any order.
  beforeEach(async () => {
    // Hand-overs go out in working hours (09–17, the recipients' New York time): a weekday, 11:00 there.
    const day = new Date();
    day.setUTCHours(16, 0, 0, 0);
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
    h = await Harness.start({ env: { TEAMS_APP_ID }, now: () => new Date(day) });
    plan = await seedPlan(h, {
      alias: 'P.A.',
      cwText: 'Call the aunt about guardianship',
      mpText: 'Find the uncle',
    });
    const signin = await tabFetch(h, '/api/tab/dev-signin', undefined, {
      body: { userId: cw.id, name: cw.name },
    });
    token = signin.body.token as string;
  });
  afterEach(async () => {
    await h?.close();
  });

  it('the hand-over cards in the 1:1 chats carry "Open My roundtables" (Action.OpenUrl)', async () => {
    await h.app.followUp.roundtableEnded(plan.id);
    await h.app.scheduler.drain(20);
    const sent = h.fake.createdConversations.map(({ id, parameters }) => ({
      to: ((parameters.members as { id: string }[] | undefined) ?? [])[0]?.id,
      cards: h.cards(id),
    }));
    const to = (p: Person) => sent.filter((s) => s.to === p.id).flatMap((s) => s.cards);
    for (const p of [cw, sup, mp]) {
      assert.ok(to(p).length >= 1, `${p.name} got a hand-over`);
      for (const c of to(p))
        assert.deepEqual(
          openUrls(c.card).filter(([title]) => title === 'Open My roundtables'),
          [['Open My roundtables', LINK]],
          `${p.name}: ${cardText(c.card).slice(0, 80)}`,
        );
    }
  });

  it('lists the steps `my steps` lists, and one click marks a step done for the 1:1 chat too', async () => {
    const before = await sayPersonal(cw, 'my steps');
    assert.match(cardText(before?.card), /Call the aunt about guardianship/);
    assert.deepEqual(
      openUrls(before?.card).find(([t]) => t === 'Open My roundtables'),
      ['Open My roundtables', LINK],
      '`my steps` carries the link too',
    );
    const mine = await tabFetch(h, '/api/tab/me/steps', token);
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    const steps = mine.body.steps as { stepId: string; text: string; caseAlias: string; practice: boolean }[];
    assert.deepEqual(steps.map((s) => s.text).sort(), [
      'Call the aunt about guardianship',
      'Hold a family team meeting to review this plan with the youth and family',
    ]);
    assert.ok(steps.every((s) => s.caseAlias === 'P.A.' && s.practice === false));
    const done = await tabFetch(h, `/api/tab/me/steps/${plan.id}/${plan.cwStep.id}`, token, {
      body: { change: 'done' },
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal((await h.app.followUp.step(plan.id, plan.cwStep.id))?.status, 'done');
    const after = await sayPersonal(cw, 'my steps');
    assert.doesNotMatch(cardText(after?.card), /Call the aunt about guardianship/);
    const again = (await tabFetch(h, '/api/tab/me/steps', token)).body.steps as { text: string }[];
    assert.ok(!again.some((s) => s.text === 'Call the aunt about guardianship'));
  });

  it('blocked needs a reason and a new due date cannot be in the past: the domain says so', async () => {
    const path = `/api/tab/me/steps/${plan.id}/${plan.mpStep.id}`;
    const mpToken = (await tabFetch(h, '/api/tab/dev-signin', undefined, { body: { userId: mp.id } })).body
      .token as string;
    const blocked = await tabFetch(h, path, mpToken, { body: { change: 'blocked' } });
    assert.equal(blocked.status, 400);
    assert.match(blocked.body.error ?? '', /Say why the step is blocked/);
    const past = await tabFetch(h, path, mpToken, { body: { change: 'due', dueDate: '2020-01-01' } });
    assert.equal(past.status, 400);
    const note = await tabFetch(h, path, mpToken, { body: { change: 'note', note: 'Left a message' } });
    assert.equal(note.status, 200);
    const steps = (await tabFetch(h, '/api/tab/me/steps', mpToken)).body.steps as { lastNote?: string }[];
    assert.equal(steps[0]?.lastNote, 'Left a message');
  });

  it('my reviews lists the plan for its caseworker and supervisor; team steps only for the supervisor', async () => {
    const done = await tabFetch(h, `/api/tab/me/steps/${plan.id}/${plan.cwStep.id}`, token, {
      body: { change: 'done' },
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const reviews = (await tabFetch(h, '/api/tab/me/reviews', token)).body.reviews as {
      caseAlias: string;
      draft: boolean;
      counts: { done: number };
    }[];
    assert.deepEqual(
      reviews.map((r) => [r.caseAlias, r.draft, r.counts.done]),
      [['P.A.', true, 1]],
    );
    const team = (await tabFetch(h, '/api/tab/me/team-steps', token)).body;
    assert.equal(team.supervisor, false);
    const supToken = (await tabFetch(h, '/api/tab/dev-signin', undefined, { body: { userId: sup.id } })).body
      .token as string;
    const supTeam = (await tabFetch(h, '/api/tab/me/team-steps', supToken)).body;
    assert.equal(supTeam.supervisor, true);
    assert.ok((supTeam.steps as { text: string }[]).some((s) => s.text === 'Find the uncle'));
  });
});
