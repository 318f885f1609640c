/**
 * A time box that runs out is said in the chat, once (issue #24 item 4): the flag is on the roundtable
 * document (claimed under its etag), not in a timer of the process; a new time box is said again.
 */
import assert from 'node:assert/strict';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { people } from '../support/activities.js';
import { actions, Harness, invokeCard } from '../support/harness.js';

const { facilitator: fac, caseworker: cw } = people;
const TIME_UP = /^Time is up for phase 4: Brainstorm/;

describe('a time box that runs out is said once in the chat', function () {
  this.timeout(60_000);
  let h: Harness;
  let now = new Date('2026-05-04T14:00:00Z');
  before(async () => {
    h = await Harness.start({ now: () => now });
  });
  after(async () => {
    await h?.close();
  });

  const idea = async (text: string) =>
    invokeCard(
      await h.click(
        cw,
        h
          .cards()
          .filter((c) => actions(c.card).some((a) => a.verb === VERBS.idea))
          .at(-1)!,
        VERBS.idea,
        {
          inputs: { [INPUTS.ideaQuestion]: 'q1', [INPUTS.ideaText]: text },
        },
      ),
    );
  const timeUps = () => h.texts().filter((t) => TIME_UP.test(t));

  it('one line when the brainstorm time box has run out, not one per click after it', async () => {
    await h.say(fac, 'start J.T.');
    invokeCard(await h.joinAs(cw, 'caseworker'));
    await h.say(fac, 'go brainstorm');
    await idea('Ask the aunt about weekends');
    assert.deepEqual(timeUps(), [], 'not while time is left');

    now = new Date(now.getTime() + 36 * 60_000); // the 35-minute time box has run out
    await idea('Ask the school about a mentor');
    await idea('Call the older brother');
    await h.say(fac, 'status');
    assert.equal(timeUps().length, 1, h.texts().join('\n'));
    assert.match(timeUps()[0] ?? '', /`@Roundtable timer <minutes>`/);

    // More time, run out again: said again, once.
    await h.say(fac, 'timer 5');
    now = new Date(now.getTime() + 6 * 60_000);
    await idea('Invite the art teacher');
    await idea('Fund the bus pass');
    assert.equal(timeUps().length, 2);
  });

  it('the line is said when the time box runs out although nobody acts: the scheduler runs its job, once', async () => {
    const chat = '19:meeting_dGltZS11cC1qb2I@thread.v2';
    await h.say(fac, 'start T.U.', chat);
    await h.say(fac, 'go clarify', chat);
    await h.settled();
    const said = () => h.texts(chat).filter((t) => /^Time is up for phase 3: Clarify/.test(t));
    await h.app.scheduler.drain();
    await h.settled();
    assert.deepEqual(said(), [], 'not while time is left');
    now = new Date(now.getTime() + 60 * 60_000); // past the clarify time box; nobody types or clicks
    await h.app.scheduler.drain();
    await h.settled();
    assert.equal(said().length, 1, h.texts(chat).join('\n'));
    await h.app.scheduler.drain(); // a second pass (or a second instance) says nothing more
    await h.settled();
    assert.equal(said().length, 1);
  });
});
