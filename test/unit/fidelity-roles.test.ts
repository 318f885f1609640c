import assert from 'node:assert/strict';
import {
  FOLLOW_UP_GRACE_DAYS,
  FOLLOW_UP_ON_TIME,
  fidelityCheck,
  fidelityOf,
} from '../../bot/roundtable/fidelity.js';
import { initialPhases } from '../../bot/roundtable/phases.js';
import { parseRole } from '../../bot/roundtable/roles.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import type { Role, RosterEntry, Roundtable } from '../../bot/roundtable/types.js';

const T0 = new Date('2026-11-23T09:00:00Z');
const DAY = 86_400_000;

function entry(id: string, role: Role): RosterEntry {
  return { id, name: id.toUpperCase(), role, joinedAt: T0.toISOString() };
}

function roundtable(over: Partial<Roundtable> = {}): Roundtable {
  return {
    id: 'rt-2',
    caseAlias: 'J.T.',
    status: 'active',
    phaseIndex: 0,
    revision: 1,
    phases: initialPhases(DEFAULT_SETTINGS),
    startedBy: { id: 'fac', name: 'F' },
    facilitatorIds: ['fac'],
    roster: [entry('fac', 'facilitator'), entry('cw', 'caseworker'), entry('sup', 'supervisor')],
    anonymous: false,
    chat: { conversationId: 'chat-1', serviceUrl: 'http://x', reference: {} },
    cardIds: {},
    createdAt: T0.toISOString(),
    ...over,
  };
}

const line = (rt: Roundtable, label: string, facts = {}) =>
  fidelityCheck(rt, [], DEFAULT_SETTINGS, T0, facts).find((i) => i.label === label);

const EXTERNAL = 'An external consultant took part';
const INDEPENDENT = 'The facilitator is someone other than the caseworker and supervisor';

describe('fidelity: the two roles and the follow-up cadence (#25)', () => {
  it('asks whether an external consultant took part; a master practitioner alone is not one', () => {
    const none = roundtable();
    assert.equal(line(none, EXTERNAL)?.ok, false);
    const internal = roundtable({ roster: [...none.roster, entry('mp', 'master-practitioner')] });
    assert.equal(line(internal, EXTERNAL)?.ok, false);
    assert.match(line(internal, EXTERNAL)?.detail ?? '', /master practitioner took part/);
    const external = roundtable({ roster: [...none.roster, entry('ec', 'external-consultant')] });
    assert.equal(line(external, EXTERNAL)?.ok, true);
    const removed = roundtable({ roster: external.roster, removedIds: ['ec'] });
    assert.equal(line(removed, EXTERNAL)?.ok, false, 'someone removed from the chat took no part');
  });

  it('asks whether the facilitator is someone other than the caseworker and supervisor', () => {
    assert.equal(line(roundtable(), INDEPENDENT)?.ok, true);
    const cwFacilitates = roundtable({ facilitatorIds: ['fac', 'cw'] });
    assert.equal(line(cwFacilitates, INDEPENDENT)?.ok, false);
    assert.equal(line(cwFacilitates, INDEPENDENT)?.detail, 'the caseworker also facilitates');
    const supervisorOnly = roundtable({
      facilitatorIds: ['sup'],
      roster: [entry('cw', 'caseworker'), entry('sup', 'supervisor')],
    });
    assert.equal(line(supervisorOnly, INDEPENDENT)?.ok, false);
    assert.equal(line(supervisorOnly, INDEPENDENT)?.detail, 'the supervisor also facilitates');
  });

  it('a follow-up roundtable held within the cadence (+ grace) of the previous one is on time; later is not', () => {
    const previousEndedAt = T0.toISOString();
    const heldAfter = (days: number) =>
      roundtable({
        followUpOf: 'rt-1',
        createdAt: new Date(T0.getTime() + (days - 20) * DAY).toISOString(),
        openedAt: new Date(T0.getTime() + days * DAY).toISOString(),
      });
    const at = (days: number) =>
      fidelityCheck(heldAfter(days), [], DEFAULT_SETTINGS, new Date(T0.getTime() + (days + 1) * DAY), {
        previousEndedAt,
      }).find((i) => i.label === FOLLOW_UP_ON_TIME);
    const limit = DEFAULT_SETTINGS.followUpRoundtableDays + FOLLOW_UP_GRACE_DAYS;
    assert.equal(at(90)?.ok, true);
    assert.equal(at(limit)?.ok, true);
    assert.equal(at(limit + 1)?.ok, false);
    assert.match(at(limit + 1)?.detail ?? '', /105 days after the previous roundtable; due within 90/);
    const monthly = fidelityCheck(
      heldAfter(40),
      [],
      { ...DEFAULT_SETTINGS, followUpRoundtableDays: 30 },
      new Date(T0.getTime() + 41 * DAY),
      { previousEndedAt },
    ).find((i) => i.label === FOLLOW_UP_ON_TIME);
    assert.equal(monthly?.ok, true, 'an agency cadence of 30 days: 40 days is within 30 + 14');
  });

  it('the cadence line is only for follow-up roundtables, read from the view’s previous roundtable', () => {
    assert.equal(line(roundtable(), FOLLOW_UP_ON_TIME, { previousEndedAt: T0.toISOString() }), undefined);
    const rt = roundtable({
      followUpOf: 'rt-1',
      openedAt: new Date(T0.getTime() + 200 * DAY).toISOString(),
    });
    const items = fidelityOf(
      {
        roundtable: rt,
        contributions: [],
        plan: { ratings: {}, draft: true },
        review: { previous: { createdAt: T0.toISOString(), endedAt: T0.toISOString() } },
      },
      DEFAULT_SETTINGS,
      new Date(T0.getTime() + 201 * DAY),
    );
    assert.equal(items.find((i) => i.label === FOLLOW_UP_ON_TIME)?.ok, false);
  });

  it('a role is typed as a word: consultant is the external one, master practitioner the internal one', () => {
    assert.equal(parseRole('consultant'), 'external-consultant');
    assert.equal(parseRole('external consultant'), 'external-consultant');
    assert.equal(parseRole('permanency consultant'), 'external-consultant');
    assert.equal(parseRole('master practitioner'), 'master-practitioner');
  });
});
