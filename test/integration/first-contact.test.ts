/**
 * First contact (issue #24 item 7), over real HTTP: the 1:1 greeting names what is done in the 1:1 chat,
 * `start` there explains where a roundtable is started (and starts none), and the preparation card quotes
 * the real case alias in its `start` line.
 */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { preparationCard } from '../../cards/preparation-cards.js';
import { botAccount, type Person, people, personalMessage, postActivity } from '../support/activities.js';
import { cardText, Harness } from '../support/harness.js';

const { caseworker: cw } = people;
const personalChat = (p: Person) => `a:personal-${p.id.slice(3)}`;

describe('first contact: the 1:1 greeting, `start` in a 1:1 chat, the preparation card', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h?.close();
  });

  it('the 1:1 greeting names prepare, my steps and my reviews (not start)', async () => {
    const added = personalMessage({
      text: '',
      from: cw,
      conversation: { id: personalChat(cw), conversationType: 'personal' },
      serviceUrl: h.fake.url,
    }) as Activity;
    added.type = 'conversationUpdate';
    added.membersAdded = [botAccount()];
    await postActivity(h.app.url, added);
    await h.settled();
    const greeting = h.texts(personalChat(cw)).join('\n');
    assert.match(greeting, /`prepare <case alias>`/);
    assert.match(greeting, /`my steps`/);
    assert.match(greeting, /`my reviews`/);
    assert.doesNotMatch(greeting, /Type `@Roundtable start/);
  });

  it('`start J.T.` in a 1:1 chat starts nothing and says where to start one', async () => {
    await postActivity(
      h.app.url,
      personalMessage({
        text: 'start J.T.',
        from: cw,
        conversation: { id: personalChat(cw), conversationType: 'personal' },
        serviceUrl: h.fake.url,
      }),
    );
    await h.settled();
    assert.equal(await forChat(h.app.domain, personalChat(cw)), undefined, 'no roundtable in the 1:1 chat');
    assert.match(h.texts(personalChat(cw)).at(-1) ?? '', /started in the meeting chat/);
    assert.equal(h.cards(personalChat(cw)).length, 0, 'no Welcome card');
  });

  it('a practice roundtable scheduled past its own deletion date warns', async () => {
    const inDays = (n: number) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
    await h.say(people.facilitator, 'start practice');
    await h.sayMentioning(people.facilitator, `invite supervisor @Sam Supervisor on ${inDays(30)} 14:00`, [
      people.supervisor,
    ]);
    const said = h.texts().join('\n');
    assert.match(said, /this practice roundtable is deleted on \d{4}-\d{2}-\d{2}, before the meeting on/);
  });

  it('the preparation card quotes the real alias in its start line', () => {
    const text = cardText(preparationCard({ alias: 'J.T. 2024', maxLength: 2000 }));
    assert.match(text, /“@Roundtable start\s*J\.T\. 2024\s*” in the meeting chat/);
  });
});
