/**
 * The side panel's board over HTTP for a roundtable started ahead of its meeting: `invite … on` a later day
 * makes it scheduled (no countdown); the facilitator's Next from the panel opens it and the countdown starts.
 */
import assert from 'node:assert/strict';
import { invite } from '../../bot/roundtable/invitations.js';
import { endRoundtable, forChat } from '../../bot/roundtable/roundtables.js';
import { MEETING_CHAT_ID, people } from '../support/activities.js';
import { Harness } from '../support/harness.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { actorOf, startRoundtable, tabFetch } from '../support/tab-world.js';

const { facilitator: fac, caseworker: cw, supervisor: sup } = people;
const board = `/api/tab/board?chat=${encodeURIComponent(MEETING_CHAT_ID)}`;

interface BoardHead {
  roundtable: {
    phase: string;
    scheduled: boolean;
    scheduledFor?: string;
    scheduledText?: string;
    timerEndsAt?: string;
  };
}

/** YYYY-MM-DD, `days` from today (UTC). */
function dateFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('tab API: a scheduled roundtable on the side panel board', function () {
  this.timeout(30000);
  let rig: TabSsoRig;
  let h: Harness;
  let rtId: string;
  before(async () => {
    rig = await TabSsoRig.start();
    h = await Harness.start({ env: rig.env(), auth: rig.auth() });
  });
  // Each test starts from a new roundtable started in the meeting (one another test left running is ended).
  beforeEach(async () => {
    const running = await forChat(h.app.domain, MEETING_CHAT_ID);
    if (running && running.status !== 'ended')
      assert.ok((await endRoundtable(h.app.domain, actorOf(fac), running.id, true)).ok);
    rtId = await startRoundtable(h);
  });
  after(async () => {
    await h?.close();
    await rig?.close();
  });

  const head = async (token: string) => {
    const res = await tabFetch(h, board, token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body as unknown as BoardHead).roundtable;
  };

  it('started in the meeting: not scheduled, the Welcome countdown runs', async () => {
    const rt = await head(await rig.token(cw));
    assert.equal(rt.scheduled, false);
    assert.ok(rt.timerEndsAt, 'the Welcome time box runs');
  });

  /** The facilitator invites the supervisor for a day next week: the roundtable is scheduled for then. */
  const inviteForNextWeek = async () => {
    const when = `${dateFromToday(7)} 14:00`;
    const invited = await invite(
      h.app.domain,
      actorOf(fac),
      rtId,
      [{ id: sup.id, name: sup.name, aadObjectId: sup.aadObjectId }],
      'supervisor',
      when,
    );
    assert.ok(invited.ok, JSON.stringify(invited));
    return when;
  };

  it('invited for a day next week: scheduled for that meeting, no countdown, for every member', async () => {
    const when = await inviteForNextWeek();
    for (const person of [cw, fac]) {
      const rt = await head(await rig.token(person));
      assert.equal(rt.scheduled, true, person.name);
      assert.equal(rt.scheduledFor, when);
      assert.equal(rt.scheduledText, `${when} (UTC)`, 'shown with the agency time zone');
      assert.equal(rt.timerEndsAt, undefined, 'no countdown before the facilitator opens it');
      assert.equal(rt.phase, 'welcome');
    }
  });

  it("the facilitator's Next on the panel opens it: still Welcome, the countdown starts", async () => {
    await inviteForNextWeek();
    const opened = await tabFetch(h, `/api/tab/roundtables/${rtId}/navigate`, await rig.token(fac), {
      body: { to: 'next' },
    });
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.match(String(opened.body.notice ?? ''), /The roundtable is open/);
    const rt = await head(await rig.token(cw));
    assert.equal(rt.scheduled, false);
    assert.equal(rt.phase, 'welcome');
    assert.ok(rt.timerEndsAt && Date.parse(rt.timerEndsAt) > Date.now(), 'the countdown runs');
    assert.ok(rt.scheduledFor, 'the meeting time stays known');
  });
});
