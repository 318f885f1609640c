/**
 * Follow-up roundtables on time (#25 item 5), over real HTTP with Bot Framework tokens ON: when a case's next
 * follow-up roundtable comes due, the facilitator and the plan owners get a 1:1 card with "Schedule in Teams" (Teams'
 * own meeting form, prefilled); not before it is due, not twice, not for a closed plan, not once a follow-up started.
 */
import assert from 'node:assert/strict';
import { FOLLOW_UP_ON_TIME } from '../../bot/roundtable/fidelity.js';
import { forChat } from '../../bot/roundtable/roundtables.js';
import type { Roundtable } from '../../bot/roundtable/types.js';
import { SCHEDULE_IN_TEAMS } from '../../cards/roundtable-due-card.js';
import { MEETING_CHAT_ID, member, type Person, people } from '../support/activities.js';
import { TestClock } from '../support/clock.js';
import { cardText, type PostedCard } from '../support/harness.js';
import { SignedHarness } from '../support/signed-harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: ec } = people;
/** A chat member Teams lists without a user principal name (a guest, say): never invented, left out of the link. */
const guest: Person = {
  id: '29:guest',
  name: 'Gil Guest',
  aadObjectId: '00000000-0000-4000-8000-000000000031',
  userPrincipalName: '',
  role: 'outsider',
};
const NEXT_CHAT = '19:follow-up-meeting@thread.v2';
const DUE_HEADING = /A follow-up roundtable is due for \nJ\.T\./;

/** Every Action.OpenUrl on a card, by title. */
function openUrls(card: unknown): { title: string; url: string }[] {
  const out: { title: string; url: string }[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'Action.OpenUrl') out.push({ title: String(o.title), url: String(o.url) });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The follow-up-due cards each person got in their 1:1 chat. */
function dueCards(s: SignedHarness): Map<string, PostedCard[]> {
  const out = new Map<string, PostedCard[]>();
  for (const [id, cards] of s.h.personalCards()) {
    const due = cards.filter((c) => DUE_HEADING.test(cardText(c.card)));
    if (due.length) out.set(id, due);
  }
  return out;
}

describe('follow-up roundtables on time (tokens on)', function () {
  this.timeout(90000);
  let s: SignedHarness;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock(); // Monday 23 November 2026, 10:00 in New York
    s = await SignedHarness.start({ now: clock.now, storage: 'memory' });
    for (const chat of [MEETING_CHAT_ID, NEXT_CHAT]) {
      s.h.fake.setMembers(chat, [
        ...[fac, cw, sup, ec].map((p) => member(p)),
        { ...member(guest), userPrincipalName: undefined, email: undefined },
      ]);
    }
  });
  afterEach(async () => {
    await s.close();
  });

  /** A roundtable for J.T. with the caseworker, the supervisor, an external consultant and a guest, ended today. */
  async function endedRoundtable(): Promise<Roundtable> {
    await s.say(fac, 'start J.T.');
    await s.say(fac, `role <at>${cw.name}</at> caseworker`, [cw]);
    await s.say(fac, `role <at>${sup.name}</at> supervisor`, [sup]);
    await s.say(fac, `role <at>${ec.name}</at> consultant`, [ec]);
    await s.say(fac, `role <at>${guest.name}</at> participant`, [guest]);
    await s.say(fac, 'end confirm');
    const rt = (await forChat(s.h.app.domain, MEETING_CHAT_ID))!;
    assert.equal(rt.status, 'ended');
    assert.equal(
      rt.roster.find((r) => r.id === ec.id)?.role,
      'external-consultant',
      '"consultant" is the external one',
    );
    return rt;
  }

  it('reminds the facilitator, caseworker and supervisor in 1:1 two weeks ahead, with a valid "Schedule in Teams" link; not before, not twice', async () => {
    await endedRoundtable();
    // Due 90 days after 23 November 2026: Sunday 21 February 2027. Two weeks ahead: Sunday 7 February → Monday 8th.
    clock.set('2027-02-05T15:00:00Z');
    await s.h.app.scheduler.drain();
    assert.equal(dueCards(s).size, 0, 'nothing before it is due');

    clock.set('2027-02-08T15:00:00Z');
    await s.h.app.scheduler.drain();
    const cards = dueCards(s);
    assert.deepEqual(
      [...cards.keys()].sort(),
      [fac.id, cw.id, sup.id].sort(),
      'the facilitator and plan owners',
    );
    assert.ok(!cards.has(ec.id) && !cards.has(guest.id), 'not the consultant or a participant');
    for (const [, [card]] of cards) {
      assert.match(cardText(card!.card), /the next one is due on 2027-02-21/);
      const button = openUrls(card!.card).find((a) => a.title === SCHEDULE_IN_TEAMS);
      assert.ok(button, 'the card has "Schedule in Teams"');
      const url = new URL(button.url);
      assert.equal(`${url.origin}${url.pathname}`, 'https://teams.microsoft.com/l/meeting/new');
      assert.equal(url.searchParams.get('subject'), 'Follow-up roundtable – J.T.');
      assert.deepEqual(
        url.searchParams.get('attendees')?.split(',').sort(),
        [fac, cw, sup, ec].map((p) => p.userPrincipalName).sort(),
        'the roster’s user principal names; the guest without one is left out',
      );
      assert.match(
        button.url,
        /attendees=[^&]*%40agency\.example,/,
        'each attendee encoded, comma-separated',
      );
      const start = Date.parse(url.searchParams.get('startTime') ?? '');
      const end = Date.parse(url.searchParams.get('endTime') ?? '');
      assert.match(
        url.searchParams.get('startTime') ?? '',
        /^2027-02-22T\d\d:00:00Z$/,
        'the next working day, UTC',
      );
      assert.equal(end - start, 2 * 3600_000, 'two hours');
      assert.match(cardText(card!.card), /1 person on the roster is not in the form/);
      assert.doesNotMatch(JSON.stringify(card!.card), /Gil Guest/);
    }

    await s.h.app.scheduler.drain();
    clock.set('2027-02-09T15:00:00Z');
    await s.h.app.scheduler.drain();
    assert.deepEqual(
      [...dueCards(s).values()].map((c) => c.length),
      [1, 1, 1],
      'once per due date and person',
    );

    clock.set('2027-02-22T15:00:00Z'); // the due day (Sunday 21st), in working hours: Monday
    await s.h.app.scheduler.drain();
    assert.deepEqual(
      [...dueCards(s).values()].map((c) => c.length),
      [2, 2, 2],
      'and on the due day',
    );
    assert.match(cardText(dueCards(s).get(cw.id)!.at(-1)!.card), /the next one was due on 2027-02-21/);
  });

  it('stops once a follow-up roundtable was started for the case (under way, then held)', async () => {
    await endedRoundtable();
    clock.set('2027-02-07T15:00:00Z');
    await s.say(fac, 'start followup J.T.', [], NEXT_CHAT);
    const next = (await forChat(s.h.app.domain, NEXT_CHAT))!;
    assert.ok(next.followUpOf, 'a follow-up roundtable of the case');
    clock.set('2027-02-08T15:00:00Z'); // the two-weeks-ahead reminders: the follow-up started yesterday
    await s.h.app.scheduler.drain();
    assert.equal(dueCards(s).size, 0, 'a follow-up under way stops them');
    // Held 76 days after the previous roundtable: within the cadence, and its fidelity says so.
    await s.say(fac, 'end confirm', [], NEXT_CHAT);
    clock.set('2027-02-22T15:00:00Z');
    await s.h.app.scheduler.drain();
    assert.equal(dueCards(s).size, 0, 'a held follow-up stops them');
    const ended = (await forChat(s.h.app.domain, NEXT_CHAT))!;
    assert.equal(ended.status, 'ended');
    assert.deepEqual(
      ended.fidelity?.find((f) => f.item === FOLLOW_UP_ON_TIME),
      { item: FOLLOW_UP_ON_TIME, passed: true },
    );
  });

  it('goes on when the follow-up was started and never ended: the card names it, and comes again after the due day', async () => {
    await endedRoundtable();
    clock.set('2027-02-01T15:00:00Z');
    await s.say(fac, 'start followup J.T.', [], NEXT_CHAT);
    assert.equal((await forChat(s.h.app.domain, NEXT_CHAT))?.status, 'active');
    // A week later it is still open: left open, so the case still waits for its follow-up.
    clock.set('2027-02-08T15:00:00Z');
    await s.h.app.scheduler.drain();
    const cards = dueCards(s);
    assert.deepEqual([...cards.keys()].sort(), [fac.id, cw.id, sup.id].sort());
    const text = cardText(cards.get(cw.id)![0]!.card);
    assert.match(text, /A follow-up roundtable of this case was started on 2027-02-01 and never ended/);
    assert.match(text, /@Roundtable end/);
    clock.set('2027-02-22T15:00:00Z'); // the due day (Sunday 21st): still open
    await s.h.app.scheduler.drain();
    assert.deepEqual(
      [...dueCards(s).values()].map((c) => c.length),
      [2, 2, 2],
    );
    // After the due day the reminders do not stop for good: a month on, they come again (planned with the reviews),
    // and the meeting form proposes a day a week ahead instead of the passed due day.
    clock.set('2027-03-23T15:00:00Z');
    await s.h.app.scheduler.drain();
    clock.set('2027-03-24T15:00:00Z');
    await s.h.app.scheduler.drain();
    const again = dueCards(s).get(cw.id)!;
    assert.equal(again.length, 3, 'a third reminder, 30 days after the due day');
    assert.match(cardText(again[2]!.card), /the next one was due on 2027-02-21/);
    assert.match(cardText(again[2]!.card), /started on 2027-02-01 and never ended/);
    const link = new URL(openUrls(again[2]!.card).find((a) => a.title === SCHEDULE_IN_TEAMS)!.url);
    assert.ok(
      Date.parse(link.searchParams.get('startTime') ?? '') > Date.parse('2027-03-29T00:00:00Z'),
      'proposed a week from the reminder, not on the passed due day',
    );
  });

  it('stops for a closed plan', async () => {
    const rt = await endedRoundtable();
    clock.set('2026-12-23T15:00:00Z');
    const closed = await s.h.app.followUp.saveReview(cw, rt.id, { ratings: {}, outcome: 'reunification' });
    assert.ok(closed.ok);
    clock.set('2027-02-22T15:00:00Z');
    await s.h.app.scheduler.drain();
    assert.equal(dueCards(s).size, 0);
  });

  it('an invitation carries "Schedule in Teams": the meeting at the time given, the roster and the invitee', async () => {
    await s.say(fac, 'start J.T.');
    await s.say(fac, `role <at>${cw.name}</at> caseworker`, [cw]);
    await s.say(fac, `invite consultant <at>${ec.name}</at> on 2026-12-07 14:00`, [ec]);
    const chat = s.personalChat(ec);
    assert.ok(chat, 'the invitation went to their 1:1 chat');
    const card = s.h.lastCard(chat);
    assert.match(cardText(card.card), /Your role: \nPermanency consultant \(external/);
    const button = openUrls(card.card).find((a) => a.title === SCHEDULE_IN_TEAMS);
    assert.ok(button, 'the invitation has "Schedule in Teams"');
    const url = new URL(button.url);
    assert.equal(`${url.origin}${url.pathname}`, 'https://teams.microsoft.com/l/meeting/new');
    assert.equal(url.searchParams.get('subject'), 'Permanency Roundtable – J.T.');
    assert.deepEqual(
      url.searchParams.get('attendees')?.split(',').sort(),
      [fac, cw, ec].map((p) => p.userPrincipalName).sort(),
    );
    // 14:00 as typed, in the agency's time zone (UTC unless AGENCY_TIME_ZONE says otherwise), for two hours.
    assert.equal(url.searchParams.get('startTime'), '2026-12-07T14:00:00Z');
    assert.equal(url.searchParams.get('endTime'), '2026-12-07T16:00:00Z');
  });
});

describe('follow-up roundtables on time: a plan that ended before these reminders (tokens on)', function () {
  this.timeout(90000);
  let s: SignedHarness;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock();
    s = await SignedHarness.start({ now: clock.now }); // the Cosmos-compatible server: its documents are edited below
    s.h.fake.setMembers(
      MEETING_CHAT_ID,
      [fac, cw, sup].map((p) => member(p)),
    );
  });
  afterEach(async () => {
    await s.close();
  });

  it('gets its follow-up-due reminders with its next follow-up review, once', async () => {
    await s.say(fac, 'start J.T.');
    await s.say(fac, `role <at>${cw.name}</at> caseworker`, [cw]);
    await s.say(fac, `role <at>${sup.name}</at> supervisor`, [sup]);
    await s.say(fac, 'end confirm');
    const rt = (await forChat(s.h.app.domain, MEETING_CHAT_ID))!;
    // As stored before #25: no follow-up-due reminder documents.
    const container = s.h.database.database.container('reminders');
    const kindOf = async () =>
      (await s.h.stores.followUp.remindersOf(rt.id)).filter((r) => r.value.kind === 'follow-up-due');
    for (const r of await kindOf()) await container.item(r.value.id, r.value.ownerId).delete();
    assert.equal((await kindOf()).length, 0);

    clock.set('2026-12-23T15:00:00Z'); // the first follow-up review
    await s.h.app.scheduler.drain();
    assert.equal((await kindOf()).length, 6, 'two for each of the facilitator, caseworker and supervisor');
    clock.set('2027-01-22T15:00:00Z'); // the next review plans none twice
    await s.h.app.scheduler.drain();
    assert.equal((await kindOf()).length, 6);

    clock.set('2027-02-08T15:00:00Z');
    await s.h.app.scheduler.drain();
    assert.deepEqual([...dueCards(s).keys()].sort(), [fac.id, cw.id, sup.id].sort());
  });
});
