import assert from 'node:assert/strict';
import { initialPhases } from '../../bot/roundtable/phases.js';
import { anonymise, programmeMonths } from '../../bot/roundtable/programme-facts.js';
import { bucketsOf, median, share, shown } from '../../bot/roundtable/programme-figures.js';
import { splitOffice } from '../../bot/roundtable/programme-office.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import type { Contribution, Roundtable } from '../../bot/roundtable/types.js';

describe('programme figures: suppression, medians, periods (pure)', () => {
  it('counts from 1 to N−1 read "fewer than N"; 0 and N stay numbers', () => {
    assert.equal(shown(0, 5), 0);
    assert.deepEqual(shown(1, 5), { fewerThan: 5 });
    assert.deepEqual(shown(4, 5), { fewerThan: 5 });
    assert.equal(shown(5, 5), 5);
    assert.deepEqual(shown(9, 10), { fewerThan: 10 });
  });

  it('counts of N and more are rounded to the nearest multiple of N, and shares use the rounded counts', () => {
    assert.equal(shown(7, 5), 5);
    assert.equal(shown(8, 5), 10);
    assert.equal(shown(23, 5), 25);
    assert.equal(shown(23, 1), 23, 'no suppression, no rounding');
    // 12 of 38: rounded 10 of 40, so the percent tells no more than the counts shown.
    assert.deepEqual(share(12, 38, 5), { percent: 25, of: 40 });
  });

  it('a share is hidden when the whole, the part or the rest is small', () => {
    assert.deepEqual(share(10, 40, 5), { percent: 25, of: 40 });
    assert.deepEqual(share(2, 40, 5), { percent: null, of: 40 });
    assert.deepEqual(share(38, 40, 5), { percent: null, of: 40 });
    assert.deepEqual(share(40, 40, 5), { percent: 100, of: 40 });
    assert.deepEqual(share(0, 40, 5), { percent: 0, of: 40 });
    assert.deepEqual(share(2, 4, 5), { percent: null, of: { fewerThan: 5 } });
    assert.deepEqual(share(0, 0, 5), { percent: null, of: 0 });
  });

  it('a median rests on at least N values', () => {
    assert.deepEqual(median([10, 2, 30, 4, 50], 5), { days: 10, of: 5 });
    assert.deepEqual(median([1, 2, 3, 4, 5, 6], 5), { days: 4, of: 5 }); // 6 values, shown rounded to 5
    assert.deepEqual(median([1, 2, 3], 5), { days: null, of: { fewerThan: 5 } });
    assert.deepEqual(median([], 5), { days: null, of: 0 });
  });

  it('periods of up to six months go by month, longer ones by quarter', () => {
    assert.deepEqual(
      bucketsOf({ from: '2026-01-15', to: '2026-03-02' }).map((b) => b.period),
      ['2026-01', '2026-02', '2026-03'],
    );
    const q = bucketsOf({ from: '2025-11-01', to: '2026-07-31' });
    assert.deepEqual(
      q.map((b) => b.period),
      ['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'],
    );
    assert.deepEqual(q[0]?.months, ['2025-11', '2025-12']);
  });

  it('learning answers lose the case alias, children and roster names', () => {
    assert.equal(
      anonymise('With J.T. and Sam Facilitator we called the aunt', ['J.T.', 'Sam Facilitator', 'Sam']),
      'With […] and […] we called the aunt',
    );
  });

  it('`start <alias> office <name>` takes the office from the configured list', () => {
    assert.deepEqual(splitOffice('J.T.', []), { ok: true, value: { alias: 'J.T.' }, notice: undefined });
    const found = splitOffice('J.T. office north  region', ['North Region']);
    assert.ok(found.ok && found.value.office === 'North Region' && found.value.alias === 'J.T.');
    assert.equal(splitOffice('J.T. office Mars', ['North Region']).ok, false);
    assert.equal(splitOffice('J.T. office North', []).ok, false);
  });

  it('an ended roundtable counts the fidelity items and learning answers it stored at `end`, once each', () => {
    const at = '2026-10-01T09:00:00.000Z';
    const rt = {
      id: 'rt-f',
      caseAlias: 'Q.R.',
      status: 'ended',
      phaseIndex: 5,
      revision: 9,
      phases: initialPhases(DEFAULT_SETTINGS),
      startedBy: { id: 'fac', name: 'F' },
      facilitatorIds: ['fac'],
      roster: [{ id: 'fac', name: 'Fran Fac', role: 'facilitator', joinedAt: at }],
      anonymous: false,
      chat: { conversationId: 'c', serviceUrl: 'http://x', reference: {} },
      cardIds: {},
      createdAt: at,
      endedAt: at,
      fidelity: [
        { item: 'A supervisor was on the roster', passed: false },
        { item: 'Every brainstorm question got ideas', passed: true },
      ],
      learning: ['Call the relatives in week one'],
    } as Roundtable;
    // The same answer as a debrief contribution: kept at `end` on the roundtable, counted once.
    const debrief = {
      kind: 'debrief',
      prompt: 'learning',
      text: 'Call the relatives in week one',
    } as unknown as Contribution;
    const [month] = programmeMonths([{ rt, contributions: [debrief] }], [], new Set(), DEFAULT_SETTINGS);
    assert.deepEqual(month?.roundtables[0]?.fidelity, [
      { label: 'A supervisor was on the roster', ok: false },
      { label: 'Every brainstorm question got ideas', ok: true },
    ]);
    assert.deepEqual(month?.roundtables[0]?.learning, ['Call the relatives in week one']);
  });
});
