/**
 * The programme page in local mode (issue #24 item 8): the development sign-in has no tenant of its own, and
 * the figures are those of the roundtables run on this machine, not an always-empty page.
 */
import assert from 'node:assert/strict';
import { people } from '../support/activities.js';
import { Harness, invokeCard } from '../support/harness.js';
import { tabFetch } from '../support/tab-world.js';

const { facilitator: fac, caseworker: cw, leader } = people;

describe('the programme page in local mode shows the local roundtables', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start({ env: { LEADER_IDS: leader.aadObjectId ?? '', SUPPRESS_BELOW: '1' } });
  });
  after(async () => {
    await h?.close();
  });

  it('a leader signed in with the development sign-in sees the roundtable ended here', async () => {
    await h.say(fac, 'start J.T.');
    invokeCard(await h.joinAs(cw, 'caseworker'));
    await h.say(fac, 'end confirm');
    const signin = await tabFetch(h, '/api/tab/dev-signin', undefined, {
      body: { userId: leader.aadObjectId, name: leader.name },
    });
    const token = signin.body.token as string;
    const res = await tabFetch(h, '/api/tab/programme/figures', token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const fidelity = res.body.fidelity as { roundtables: unknown };
    assert.equal(fidelity.roundtables, 1, JSON.stringify(res.body).slice(0, 400));
  });
});
