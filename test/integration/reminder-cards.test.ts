/**
 * What the scheduled 1:1 reminder cards say, over HTTP under a fake clock: every one says when the plan's next
 * review is due (as `my steps` does).
 */
import assert from 'node:assert/strict';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { MEETING_CHAT_ID, people } from '../support/activities.js';
import { TestClock } from '../support/clock.js';
import { cardText, Harness, invokeCard } from '../support/harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup } = people;

describe('reminder cards', function () {
  this.timeout(60_000);
  let h: Harness;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock();
    h = await Harness.start({ now: clock.now, storage: 'memory', teams: 'lenient' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('every scheduled 1:1 reminder card says when the next review is due', async () => {
    await h.say(fac, 'start J.T.');
    await h.joinAs(cw, 'caseworker');
    await h.joinAs(sup, 'supervisor');
    await h.say(fac, 'go plan');
    invokeCard(
      await h.click(cw, h.lastCard(), VERBS.step, {
        inputs: {
          [INPUTS.stepText]: 'Ask the aunt about guardianship',
          [INPUTS.stepOwner]: cw.id,
          [INPUTS.stepDue]: '2026-12-03',
        },
      }),
    );
    await h.say(fac, 'end confirm');
    const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
    assert.ok(rt?.endedAt, 'the roundtable ended');
    const every = h.app.followUp.settings.reviewEveryDays;
    const due = new Date(Date.parse(rt.endedAt) + every * 86_400_000).toISOString().slice(0, 10);
    const line = new RegExp(`Next plan review due ${due}`);

    // The hand-over at `end`: the owner's steps and the whole plan to the supervisor.
    const handOver = [...h.personalCards().values()].flat();
    assert.ok(handOver.length >= 2, 'hand-over cards were sent');
    for (const c of handOver) assert.match(cardText(c.card), line);

    // The scheduled ones: coming up, due today, overdue.
    for (const [at, heading] of [
      ['2026-11-30T14:00:00Z', /Coming up/],
      ['2026-12-03T14:30:00Z', /Due today/],
      ['2026-12-04T14:00:00Z', /Overdue/],
    ] as const) {
      clock.set(at);
      assert.equal((await h.app.scheduler.tick()).sent, 1, `one reminder at ${at}`);
      const text = cardText(h.personalCards().get(cw.id)?.at(-1)?.card ?? {});
      assert.match(text, heading);
      assert.match(text, line, `${heading}: the next review`);
    }
  });
});
