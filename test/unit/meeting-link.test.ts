import assert from 'node:assert/strict';
import { isUpn, teamsMeetingLink } from '../../bot/roundtable/meeting-link.js';
import { cardBytes, MAX_CARD_BYTES } from '../../cards/kit.js';
import { proposedSlot, slotAt } from '../../cards/meeting-slot.js';
import { roundtableDueCard } from '../../cards/roundtable-due-card.js';

const WEEKDAYS = { start: 9, end: 17, days: [1, 2, 3, 4, 5] };

describe('Schedule in Teams: the meeting deep link', () => {
  it('is a valid URL to Teams’ scheduling form with subject, attendees, UTC times and content', () => {
    const link = teamsMeetingLink({
      subject: 'Follow-up roundtable – J.T.',
      attendees: ['fiona@agency.example', 'carlos@agency.example'],
      start: new Date('2026-02-23T15:00:00.000Z'),
      end: new Date('2026-02-23T17:00:00.000Z'),
      content: 'Review the plan & next steps',
    });
    const url = new URL(link);
    assert.equal(url.origin + url.pathname, 'https://teams.microsoft.com/l/meeting/new');
    assert.equal(url.searchParams.get('subject'), 'Follow-up roundtable – J.T.');
    assert.equal(url.searchParams.get('attendees'), 'fiona@agency.example,carlos@agency.example');
    assert.equal(url.searchParams.get('startTime'), '2026-02-23T15:00:00Z');
    assert.equal(url.searchParams.get('endTime'), '2026-02-23T17:00:00Z');
    assert.equal(url.searchParams.get('content'), 'Review the plan & next steps');
    assert.doesNotMatch(link, /[ <>"]/, 'nothing left unencoded');
  });

  it('encodes `+`, unicode and reserved characters in each attendee, separated by commas', () => {
    const link = teamsMeetingLink({
      subject: 'S',
      attendees: ['ann+prt@agency.example', 'zoë.ångström@agency.example', 'a&b=c@agency.example'],
    });
    const raw = /attendees=([^&]*)/.exec(link)?.[1] ?? '';
    assert.equal(
      raw,
      'ann%2Bprt%40agency.example,zo%C3%AB.%C3%A5ngstr%C3%B6m%40agency.example,a%26b%3Dc%40agency.example',
    );
    assert.deepEqual(new URL(link).searchParams.get('attendees')?.split(','), [
      'ann+prt@agency.example',
      'zoë.ångström@agency.example',
      'a&b=c@agency.example',
    ]);
  });

  it('leaves out what is not a user principal name, and repeats, and never invents one', () => {
    const link = teamsMeetingLink({
      subject: 'S',
      attendees: [
        'Carlos Caseworker',
        'x@y',
        'a,b@agency.example',
        'c@agency.example',
        'C@agency.example',
        '',
      ],
    });
    assert.equal(new URL(link).searchParams.get('attendees'), 'c@agency.example');
    const none = teamsMeetingLink({ subject: 'S', attendees: ['nobody'] });
    assert.equal(new URL(none).searchParams.has('attendees'), false);
    assert.equal(isUpn('29:user-id'), false);
  });

  it('leaves the times out when there is no slot, or an end before its start', () => {
    const url = new URL(
      teamsMeetingLink({ subject: 'S', attendees: [], start: new Date(2), end: new Date(1) }),
    );
    assert.equal(url.searchParams.has('startTime'), false);
    assert.equal(url.searchParams.has('endTime'), false);
  });

  it('proposes two hours at 10:00 local on the due day, or the next working day', () => {
    // Monday 23 February 2026 in New York (UTC-5).
    const monday = proposedSlot('2026-02-23', 'America/New_York', WEEKDAYS);
    assert.equal(monday.start.toISOString(), '2026-02-23T15:00:00.000Z');
    assert.equal(monday.end.toISOString(), '2026-02-23T17:00:00.000Z');
    // Saturday 21 February → Monday.
    const saturday = proposedSlot('2026-02-21', 'America/New_York', WEEKDAYS);
    assert.equal(saturday.start.toISOString(), '2026-02-23T15:00:00.000Z');
    assert.equal(
      proposedSlot('2026-02-21', 'Not/AZone', null).start.toISOString(),
      '2026-02-21T10:00:00.000Z',
    );
  });

  it('takes an invitation’s time as typed, in the agency’s zone', () => {
    const slot = slotAt('2026-06-01 14:00', 'Europe/Berlin', WEEKDAYS);
    assert.equal(slot?.start.toISOString(), '2026-06-01T12:00:00.000Z');
    assert.equal(slot?.end.toISOString(), '2026-06-01T14:00:00.000Z');
    assert.equal(slotAt('June 1st', 'UTC', WEEKDAYS), undefined);
  });
});

describe('the follow-up-due card', () => {
  const rules = { timeZone: 'America/New_York', workingHours: WEEKDAYS };
  const card = (alias: string, missing = 0) =>
    roundtableDueCard({
      alias,
      lastEndedAt: '2026-11-23T15:00:00.000Z',
      dueDay: '2027-02-21',
      passed: false,
      cadenceDays: 90,
      attendees: ['fiona@agency.example'],
      missing,
      rules,
    });

  it('keeps a hostile alias as text in its own runs, links only to Teams and fits the card budget', () => {
    const alias = '${$root.secret} <at>x</at> "J.T." & co';
    const c = card(alias, 2);
    const json = JSON.stringify(c);
    assert.ok(cardBytes(c) < MAX_CARD_BYTES);
    assert.ok(json.includes(JSON.stringify(alias).slice(1, -1)), 'the alias as typed, never expanded');
    const urls = [...json.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1] ?? '');
    assert.equal(urls.length, 1);
    const url = new URL(urls[0]!);
    assert.equal(url.searchParams.get('subject'), `Follow-up roundtable – ${alias}`);
    assert.match(json, /2 people on the roster are not in the form/);
    assert.match(json, /the next one is due on 2027-02-21/);
  });

  it('once the due day has passed, proposes a week from today and says so; a follow-up left open is named', () => {
    const c = roundtableDueCard({
      alias: 'J.T.',
      lastEndedAt: '2026-11-23T15:00:00.000Z',
      dueDay: '2027-02-21',
      passed: true,
      today: '2027-03-24',
      leftOpenSince: '2027-02-01T15:00:00.000Z',
      cadenceDays: 90,
      attendees: ['fiona@agency.example'],
      missing: 0,
      rules,
    });
    const json = JSON.stringify(c);
    const url = new URL(String(json.match(/"url":"([^"]+)"/)?.[1]));
    assert.equal(
      url.searchParams.get('startTime'),
      '2027-03-31T14:00:00Z',
      'Wednesday 31 March, 10:00 in New York',
    );
    assert.match(json, /two hours proposed a week from today/);
    assert.match(json, /was started on 2027-02-01 and never ended/);
  });

  it('proposes the due day’s slot (Sunday → Monday 10:00 in the agency zone)', () => {
    const url = new URL(String(JSON.stringify(card('J.T.')).match(/"url":"([^"]+)"/)?.[1]));
    assert.equal(url.searchParams.get('startTime'), '2027-02-22T15:00:00Z');
    assert.equal(url.searchParams.get('endTime'), '2027-02-22T17:00:00Z');
  });
});
