import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { MeetingRoles, ROLE_TTL_MS } from '../../bot/teams/edge/meeting-roles.js';
import { MEETING_CHAT_ID, MEETING_ID, people, postActivity, TEST_TENANT_ID } from '../support/activities.js';
import { Harness } from '../support/harness.js';

const { facilitator: fac, consultant: organizer, caseworker: cw } = people;
const fixture = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'meeting-participant-organizer.json'), 'utf8'),
) as { user: Record<string, unknown>; meeting: { role: 'Organizer' }; conversation: Record<string, unknown> };

/** The event Teams sends to the meeting chat when the meeting ends. */
function meetingEnd(serviceUrl: string) {
  return {
    type: 'event',
    name: 'application/vnd.microsoft.meetingEnd',
    id: `meeting-end-${Date.now()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: organizer.id, name: organizer.name, aadObjectId: organizer.aadObjectId },
    conversation: {
      id: MEETING_CHAT_ID,
      isGroup: true,
      conversationType: 'groupChat',
      tenantId: TEST_TENANT_ID,
    },
    recipient: { id: '28:bot', name: 'Roundtable' },
    channelData: { tenant: { id: TEST_TENANT_ID }, meeting: { id: MEETING_ID } },
    value: {
      Id: MEETING_ID,
      JoinUrl: 'https://teams.microsoft.com/l/meetup-join/x',
      Title: 'PRT J.T.',
      MeetingType: 'Scheduled',
      EndTime: new Date().toISOString(),
    },
  };
}

describe('meeting roles and meeting events', function () {
  this.timeout(30000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(async () => {
    await h?.close();
  });

  it('the meeting organizer facilitates (recorded participant answer), asked once and cached', async () => {
    h.fake.setMeetingParticipant(MEETING_ID, organizer.aadObjectId, fixture);
    await h.say(fac, 'start J.T.');
    await h.say(organizer, 'next');
    assert.match(h.texts().join('\n'), /^(?![\s\S]*Only a facilitator)/, 'the organizer was not refused');
    await h.say(organizer, 'next');
    const asked = h.fake.requestsTo('GET', '/participants/');
    assert.equal(asked.length, 1, 'the second command used the cached answer');
    assert.equal(asked[0]?.query.tenantId, TEST_TENANT_ID);
    const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
    assert.equal(rt?.phaseIndex, 2, 'two moves by the organizer');
  });

  it('degrades to starter and co-facilitators when Teams cannot answer (404, outage)', async () => {
    await h.say(fac, 'start J.T.');
    await h.say(cw, 'next'); // 404: not in the meeting (as in group chats and the Playground)
    assert.match(h.texts().at(-1) ?? '', /Only a facilitator/);
    h.fake.failNext({ pathIncludes: '/participants/', status: 500, count: 10 });
    await h.say(organizer, 'next');
    assert.match(h.texts().at(-1) ?? '', /Only a facilitator/);
    const asked = h.fake.requestsTo('GET', '/participants/').length;
    await h.say(organizer, 'next'); // the failure is remembered for a minute: Teams is not asked again
    await h.say(fac, 'next'); // the starter never needs Teams
    assert.equal((await forChat(h.app.domain, MEETING_CHAT_ID))?.phaseIndex, 1);
    assert.equal(h.fake.requestsTo('GET', '/participants/').length, asked);
  });

  it('the meeting end with an unfinished roundtable tells the facilitator what is left', async () => {
    await h.say(fac, 'start J.T.');
    await h.say(fac, 'go brainstorm');
    const before = h.texts().length;
    const res = await postActivity(h.app.url, meetingEnd(h.fake.url) as never);
    assert.equal(res.status, 200);
    const told = h.texts().slice(before).join('\n');
    assert.match(told, /meeting has ended.*J\.T\..*phase 4: Brainstorm/);
    assert.match(told, /Still to do: Permanency Action Plan, Debrief/);
    assert.match(told, /Skipped so far: Present the case, Clarify and explore/);
    assert.match(told, /Fiona Facilitator/);
    assert.match(told, /`@Roundtable status`.*`@Roundtable next`.*`@Roundtable end`/s);
    assert.match(told, /their 1:1 hand-over, type `@Roundtable end`/, '`end` sends the hand-over at once');
  });

  it('the meeting end says nothing when no roundtable is unfinished', async () => {
    await h.say(fac, 'start J.T.');
    await h.say(fac, 'end confirm');
    const before = h.texts().length;
    await postActivity(h.app.url, meetingEnd(h.fake.url) as never);
    assert.equal(h.texts().length, before);
  });
});

describe('MeetingRoles cache', () => {
  it('shares one call between concurrent askers, expires after the TTL, remembers failures briefly', async () => {
    let now = 0;
    const roles = new MeetingRoles(() => now);
    let calls = 0;
    const ask = async () => {
      calls++;
      return 'Organizer';
    };
    const both = await Promise.all([roles.role('m', 'u', ask), roles.role('m', 'u', ask)]);
    assert.deepEqual(both, ['Organizer', 'Organizer']);
    assert.equal(calls, 1);
    now += ROLE_TTL_MS + 1;
    await roles.role('m', 'u', ask);
    assert.equal(calls, 2);
    const failing = async () => {
      calls++;
      throw new Error('404');
    };
    assert.equal(await roles.role('m', 'other', failing), 'unavailable');
    assert.equal(await roles.role('m', 'other', failing), 'unavailable');
    assert.equal(calls, 3);
  });
});
