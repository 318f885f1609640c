/**
 * Barrier decisions that stay legible (issue #24 item 2), over real HTTP: barriers keep the order they were
 * raised in after answers, a pending decision reads differently from one solved in the room, and a saved
 * answer is replaced only when the barrier buster ticks "Replace the saved answer".
 */
import assert from 'node:assert/strict';
import { listBarrierAnswers } from '../../bot/roundtable/barrier-answers.js';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { MEETING_CHAT_ID, people } from '../support/activities.js';
import { actions, cardText, Harness, invokeCard, type PostedCard } from '../support/harness.js';

const { facilitator: fac, caseworker: cw, leader } = people;
const inDays = (n: number) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

describe('barrier decisions: stable order, pending shown apart, replacing confirmed', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h?.close();
  });

  /** The Brainstorm list card (with the barriers' buttons), as everyone sees it now. */
  const listCard = (): PostedCard =>
    h
      .cards()
      .filter((c) => actions(c.card).some((a) => a.verb === VERBS.next))
      .at(-1)!;
  /** Barrier texts in the order the card shows them (the repeated short lines under "Barrier busting"). */
  const barrierOrder = () => {
    const text = cardText(listCard().card);
    const section = text.slice(text.indexOf('Barrier busting'));
    return ['Waive the home study', 'Court will not allow', 'No funding for travel'].sort(
      (a, b) => section.indexOf(a) - section.indexOf(b),
    );
  };

  it('keeps the order, shows pending decisions apart, and asks before replacing an answer', async () => {
    await h.say(fac, 'start J.T.');
    invokeCard(await h.joinAs(cw, 'caseworker'));
    invokeCard(await h.joinAs(leader, 'barrier-buster'));
    await h.say(fac, 'go brainstorm');
    const form = h.lastCard();
    for (const [q, text, barrier] of [
      ['q2', 'Waive the home study rule for the aunt', 'policy'],
      ['q3', 'Court will not allow contact with the father', 'legal'],
      ['q4', 'No funding for travel to visits', 'funding'],
    ] as const) {
      invokeCard(
        await h.click(cw, form, VERBS.idea, {
          inputs: { [INPUTS.ideaQuestion]: q, [INPUTS.ideaText]: text, [INPUTS.ideaBarrier]: barrier },
        }),
      );
    }
    const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
    const ideas = (await roundtableView(h.app.domain, rt.id))!.contributions.filter((c) => c.kind === 'idea');
    const court = ideas.find((c) => c.text.startsWith('Court'))!.id;
    const waiver = ideas.find((c) => c.text.startsWith('Waive'))!.id;
    const before = barrierOrder();

    // The second barrier answered: the order stays.
    invokeCard(
      await h.click(leader, listCard(), VERBS.barrierDecision, {
        target: court,
        inputs: {
          [`${INPUTS.barrierOwnerPrefix}${court}`]: leader.id,
          [`${INPUTS.barrierDuePrefix}${court}`]: inDays(30),
        },
      }),
    );
    invokeCard(
      await h.click(leader, listCard(), VERBS.barrierSolved, {
        target: waiver,
        inputs: { [`${INPUTS.barrierDecisionPrefix}${waiver}`]: 'Waiver granted today' },
      }),
    );
    assert.deepEqual(barrierOrder(), before, 'answered barriers stay where they were');

    // Pending reads differently from solved: its own words and its own container style.
    const shared = cardText(listCard().card);
    assert.match(shared, /PENDING — Needs a policy\/legal decision: Lee Leader takes it up, due/);
    assert.match(shared, /✓ Can be solved now: Waiver granted today/);
    const styles = JSON.stringify(listCard().card);
    assert.ok(styles.includes('"style":"warning"') && styles.includes('"style":"good"'));

    // One click on "Not a barrier" does not replace the pending decision…
    const refused = cardText(
      invokeCard(await h.click(leader, listCard(), VERBS.barrierNone, { target: court })),
    );
    assert.match(refused, /already answered \(needs a policy\/legal decision, by Lee Leader\)/);
    let stored = await listBarrierAnswers(h.app.domain, rt.id);
    assert.equal(stored.find((b) => b.ideaId === court)?.answer.kind, 'needs-decision');
    // …ticking "Replace the saved answer" does.
    invokeCard(
      await h.click(leader, listCard(), VERBS.barrierNone, {
        target: court,
        inputs: { [`${INPUTS.barrierReplacePrefix}${court}_not-a-barrier`]: 'true' },
      }),
    );
    stored = await listBarrierAnswers(h.app.domain, rt.id);
    assert.equal(stored.find((b) => b.ideaId === court)?.answer.kind, 'not-a-barrier');
    assert.doesNotMatch(cardText(listCard().card), /No barrier buster has joined/);
  });
});
