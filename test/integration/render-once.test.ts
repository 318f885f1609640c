/**
 * Each card is rendered once per change (issue #28): a click's answer, the coalesced edit of the shared card
 * and the refresh invokes that edit causes share one rendering, and a kept rendering is never sent once what
 * it shows (the data, the time box) has changed. Counted by the renderer's own counters.
 */
import assert from 'node:assert/strict';
import { renderedCardsOf } from '../../bot/teams/outgoing/rendered-cards.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { cardAction, people, postActivity } from '../support/activities.js';
import { findAction, Harness, type InvokeResult, invokeCard, type PostedCard } from '../support/harness.js';

const { facilitator: fac, caseworker: cw, consultant: mp } = people;

describe('Cards rendered once per change (issue #28)', function () {
  this.timeout(60_000);
  let h: Harness;
  let now = new Date('2026-05-04T14:00:00Z');
  /** The cards the refresh invokes were answered with (as the facilitators' Teams clients got them). */
  const refreshed: Record<string, unknown>[] = [];

  before(async () => {
    h = await Harness.start({ now: () => now });
    // As the harness does, and the answers kept: each listed user's Teams client asks for their view after an edit.
    h.fake.refreshTo = async (r) => {
      const from = Object.values(people).find((p) => p.id === r.userId) ?? fac;
      const res = await postActivity(
        h.app.url,
        cardAction({
          verb: String(r.action.verb ?? VERBS.refresh),
          data: (r.action.data ?? {}) as Record<string, unknown>,
          from,
          conversation: r.conversationId,
          serviceUrl: h.fake.url,
          replyToId: r.activityId,
        }),
      );
      refreshed.push(invokeCard(res as InvokeResult));
    };
    await h.say(fac, 'start J.T.');
    invokeCard(await h.joinAs(cw, 'caseworker'));
    await h.say(fac, 'go brainstorm');
  });
  after(async () => {
    await h?.close();
  });

  const counts = () => ({ ...renderedCardsOf(h.app.domain).counts });
  const since = (before: ReturnType<typeof counts>) => {
    const after = counts();
    return {
      rendered: after.rendered - before.rendered,
      reused: after.reused - before.reused,
      forms: after.forms - before.forms,
    };
  };
  const brainstormCard = (): PostedCard => h.lastCard();
  const nonceOf = (card: Record<string, unknown>) =>
    (findAction(card, VERBS.refresh).data as { nonce?: string }).nonce;

  it('an idea from the form: the form is drawn once for the answer, the list once for everyone, refreshes reuse it', async () => {
    const before = counts();
    refreshed.length = 0;
    const answer = invokeCard(
      await h.click(mp, brainstormCard(), VERBS.idea, {
        inputs: { [INPUTS.ideaQuestion]: 'q1', [INPUTS.ideaText]: 'Ask the aunt about weekends' },
      }),
    );
    const counted = since(before);
    assert.ok(refreshed.length >= 1, 'the facilitator’s client asked for its view after the edit');
    assert.deepEqual(counted, { rendered: 1, reused: refreshed.length, forms: 1 });
    // The answer is the form (where the clicker types their next idea), not the list.
    assert.ok(JSON.stringify(answer).includes('Add idea'));
    assert.ok(!JSON.stringify(answer).includes('Ask the aunt about weekends'));
    // Everyone's list shows the idea, and the refresh answers are that same rendering.
    const shared = brainstormCard().card;
    assert.ok(JSON.stringify(shared).includes('Ask the aunt about weekends'));
    for (const card of refreshed) assert.deepEqual(card, shared);
  });

  it('each idea gets a fresh form (its own nonce): a second idea is never taken for a replay of the first', async () => {
    const first = invokeCard(
      await h.click(mp, brainstormCard(), VERBS.idea, {
        inputs: { [INPUTS.ideaQuestion]: 'q2', [INPUTS.ideaText]: 'Call the older brother' },
      }),
    );
    const second = invokeCard(
      await h.click(mp, brainstormCard(), VERBS.idea, {
        inputs: { [INPUTS.ideaQuestion]: 'q2', [INPUTS.ideaText]: 'Call the older brother' },
      }),
    );
    const nonce = (card: Record<string, unknown>) =>
      (findAction(card, VERBS.idea).data as { nonce?: string }).nonce;
    assert.notEqual(nonce(first), nonce(second));
    assert.notEqual(nonceOf(brainstormCard().card), undefined);
  });

  it('a click on the list card (anonymous mode): one rendering for the answer, the edit and the refreshes', async () => {
    const before = counts();
    refreshed.length = 0;
    const answer = invokeCard(await h.click(fac, brainstormCard(), VERBS.anonymous, { target: 'on' }));
    const counted = since(before);
    assert.equal(counted.rendered, 1, JSON.stringify(counted));
    assert.equal(counted.forms, 0);
    // The edit pass and every refresh took the answer's rendering.
    assert.equal(counted.reused, 1 + refreshed.length, JSON.stringify(counted));
    const shared = brainstormCard().card;
    assert.ok(JSON.stringify(shared).includes('Anonymous mode is on'));
    assert.equal(nonceOf(answer), nonceOf(shared));
    for (const card of refreshed) assert.deepEqual(card, shared);
  });

  it('a kept rendering is not reused once the time box reads differently, nor once the data changed', async () => {
    // The card as drawn now (and kept).
    const kept = invokeCard(await h.click(fac, brainstormCard(), VERBS.refresh));
    const timer = (card: unknown) => JSON.stringify(card).match(/Time box: [^"]*/)?.[0];
    assert.ok(timer(kept), 'the running card shows its time box');

    // Twenty seconds on: the time box reads the same, so the refresh is the kept card.
    now = new Date(now.getTime() + 20_000);
    let before = counts();
    const same = invokeCard(await h.click(fac, brainstormCard(), VERBS.refresh));
    assert.deepEqual(since(before), { rendered: 0, reused: 1, forms: 0 });
    assert.deepEqual(same, kept);

    // Five minutes on: a new rendering with the new time box.
    now = new Date(now.getTime() + 5 * 60_000);
    before = counts();
    const later = invokeCard(await h.click(fac, brainstormCard(), VERBS.refresh));
    assert.equal(since(before).rendered, 1);
    assert.notEqual(timer(later), timer(kept));
    assert.notEqual(nonceOf(later), nonceOf(kept));

    // The data changes (an idea from the form, which does not draw the list): the card drawn next shows it.
    await h.click(cw, brainstormCard(), VERBS.idea, {
      inputs: { [INPUTS.ideaQuestion]: 'q3', [INPUTS.ideaText]: 'Fund the bus pass' },
    });
    before = counts();
    const after = invokeCard(await h.click(fac, brainstormCard(), VERBS.refresh));
    assert.ok(JSON.stringify(later).match(/Fund the bus pass/) === null);
    assert.ok(JSON.stringify(after).includes('Fund the bus pass'));
    assert.notEqual(nonceOf(after), nonceOf(later));
    // Drawn by the idea's edit pass, and that rendering is what the refresh got.
    assert.deepEqual(since(before), { rendered: 0, reused: 1, forms: 0 });
    assert.deepEqual(after, brainstormCard().card);
  });
});
