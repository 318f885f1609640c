/**
 * A 1:1 reminder (or invitation) card is drawn in its recipient's language (#29 item 4): the bot stores each person's Teams locale
 * from their last activity (`activity.locale`), and the scheduler draws their reminders in it. Over HTTP under a
 * fake clock, with the fake Teams connector: the caseworker's Teams is in Spanish (es-MX), the supervisor's in
 * English (en-US).
 */
import assert from 'node:assert/strict';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { MEETING_CHAT_ID, type Person, people } from '../support/activities.js';
import { TestClock } from '../support/clock.js';
import { endedWithSteps } from '../support/ended-roundtable.js';
import { cardText, Harness } from '../support/harness.js';
import { personalChat, postPersonally } from '../support/personal-chat.js';

const { facilitator: fac, caseworker: cw, supervisor: sup } = people;

describe('1:1 reminder and invitation cards in the reader’s language', function () {
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

  /** Someone writes to the bot in their 1:1 chat from a Teams client in `locale`. */
  async function sayPersonally(from: Person, text: string, locale: string) {
    await postPersonally(h, from, text, locale);
    await h.settled();
  }

  /** The latest card a person got in a 1:1 chat (theirs, or one the bot created). */
  function lastPersonalCard(p: Person): Record<string, unknown> {
    const own = h.cards(personalChat(p));
    const created = h.personalCards().get(p.id) ?? [];
    const card = [...created, ...own].at(-1)?.card;
    assert.ok(card, `${p.name} got a 1:1 card`);
    return card as Record<string, unknown>;
  }

  it('a caseworker whose Teams is es-MX gets the reminder in Spanish, a supervisor on en-US in English', async () => {
    await endedWithSteps(
      h,
      [cw, sup].map((owner) => ({
        text: `Ask the aunt about guardianship (${owner.name})`,
        owner,
        due: '2026-12-03',
      })),
    );
    assert.ok((await forChat(h.app.domain, MEETING_CHAT_ID))?.endedAt, 'the roundtable ended');

    // Their last activity tells the bot their language: Spanish (Mexico) and English (US).
    await sayPersonally(cw, 'help', 'es-MX');
    await sayPersonally(sup, 'help', 'en-US');
    assert.equal((await h.app.followUp.person(cw.id))?.locale, 'es');
    assert.equal((await h.app.followUp.person(sup.id))?.locale, 'en');

    clock.set('2026-11-30T14:00:00Z');
    assert.equal((await h.app.scheduler.tick()).sent, 2, 'one pre-due reminder each');

    const spanish = lastPersonalCard(cw);
    const es = cardText(spanish);
    assert.match(es, /Próximamente: un paso de J\.T\./);
    assert.match(es, /Vence el 2026-12-03/);
    assert.match(es, /Responsable: Carlos Caseworker/);
    assert.doesNotMatch(es, /Coming up|Due 2026|Owner:/);
    const buttons = JSON.stringify(spanish);
    assert.match(buttons, /"title":"Hecho"/);
    assert.match(buttons, /"title":"Bloqueado"/);

    const english = lastPersonalCard(sup);
    const en = cardText(english);
    assert.match(en, /Coming up: a step for J\.T\./);
    assert.match(en, /Due 2026-12-03/);
    assert.doesNotMatch(en, /Próximamente|Vence el/);
    assert.match(JSON.stringify(english), /"title":"Done"/);
  });

  it('the 1:1 invitation is drawn in each invitee’s language: Spanish for es-MX, English for en-US', async () => {
    await h.say(fac, 'start J.T.');
    await sayPersonally(cw, 'help', 'es-MX');
    await sayPersonally(sup, 'help', 'en-US');
    await h.sayMentioning(fac, 'invite on 2026-12-07 14:00', [cw, sup]);

    const es = cardText(lastPersonalCard(cw));
    assert.match(es, /Está invitado\/a a la Mesa Redonda de Permanencia de/);
    assert.match(es, /Reglas básicas/);
    assert.match(JSON.stringify(lastPersonalCard(cw)), /"title":"Asistiré"/);
    assert.doesNotMatch(es, /You are invited|Ground rules/);

    const en = cardText(lastPersonalCard(sup));
    assert.match(en, /You are invited to the Permanency Roundtable for/);
    assert.match(JSON.stringify(lastPersonalCard(sup)), /"title":"I'll be there"/);
    assert.doesNotMatch(en, /Está invitado/);
  });
});
