/**
 * A meeting's time of day is shown with its time zone (issue #24, item 8): the Welcome card and the status card
 * in the agency's zone (AGENCY_TIME_ZONE), an invitee's 1:1 invitation in their own zone when Teams told it.
 */
import assert from 'node:assert/strict';
import { PREPARATION_VERBS } from '../../cards/contract.js';
import { cardAction, people, postActivity } from '../support/activities.js';
import { actions, cardText, Harness, invokeCard } from '../support/harness.js';

const { facilitator: fac, caseworker: cw } = people;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('meeting times with their time zone', function () {
  this.timeout(60_000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({
      storage: 'memory',
      teams: 'lenient',
      configure: (config) => ({ ...config, timeZone: 'America/Chicago' }),
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it("the Welcome and status cards say the agency's zone; the invitee's invitation and answer cards show their own", async () => {
    const day = inDays(7);
    await h.say(fac, 'start J.T.');
    // Carlos has talked to the bot: Teams told his zone (America/New_York, the test people's).
    await h.say(cw, 'status');
    await h.sayMentioning(fac, `invite caseworker on ${day} 14:00`, [cw]);
    const welcome = cardText(h.cards()[0]!.card);
    assert.match(welcome, new RegExp(`Scheduled for ${day} 14:00 \\(America/Chicago\\)`));
    assert.match(welcome, new RegExp(`meeting ${day} 14:00 \\(America/Chicago\\)`));
    await h.say(fac, 'status');
    assert.match(cardText(h.lastCard().card), new RegExp(`Scheduled for ${day} 14:00 \\(America/Chicago\\)`));

    // Carlos confirms from his 1:1 invitation: the card he gets back shows the time in his own zone.
    const invitation = h.personalCards().get(cw.id)?.[0];
    assert.ok(invitation, 'the invitation was sent');
    // As posted: in his own zone; the chat is told the time in the agency's.
    assert.match(cardText(invitation.card), new RegExp(`${day} 15:00 \\(America/New_York\\)`));
    assert.ok(
      h.texts().some((t) => t.includes(`Invitation sent to ${cw.name} for ${day} 14:00 (America/Chicago)`)),
      h.texts().join('\n'),
    );
    const confirm = actions(invitation.card).find((a) => a.verb === PREPARATION_VERBS.confirm);
    assert.ok(confirm);
    const conversation = h.fake.createdConversations.find(
      (c) => (c.parameters.members as { id: string }[])[0]?.id === cw.id,
    );
    assert.ok(conversation);
    const res = await postActivity(
      h.app.url,
      cardAction({
        verb: PREPARATION_VERBS.confirm,
        data: confirm.data as Record<string, unknown>,
        from: cw,
        conversation: { id: conversation.id, conversationType: 'personal' },
        serviceUrl: h.fake.url,
        replyToId: invitation.activityId,
      }),
    );
    const answered = cardText(invokeCard(res as Parameters<typeof invokeCard>[0]));
    assert.match(answered, /You confirmed/);
    // 14:00 in Chicago is 15:00 in New York, summer or winter.
    assert.match(answered, new RegExp(`${day} 15:00 \\(America/New_York\\)`));
  });
});
