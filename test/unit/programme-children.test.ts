import assert from 'node:assert/strict';
import type { ChildRecord } from '../../bot/roundtable/child-types.js';
import { caseKeyOf } from '../../bot/roundtable/child-types.js';
import { initialPhases } from '../../bot/roundtable/phases.js';
import { childFigures } from '../../bot/roundtable/programme-child-figures.js';
import { programmeMonths } from '../../bot/roundtable/programme-facts.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import type { ActionPlan, AgencySettings, CaseSummary, Roundtable } from '../../bot/roundtable/types.js';

/** The per-child facts (issue #25) on small hand-made cases: which record counts, and against which scale. */

const TENANT = 'tenant-1';
const who = { id: 'fac', name: 'Fran Fac' };

function roundtable(id: string, alias: string, at: string, more: Partial<Roundtable> = {}): Roundtable {
  return {
    id,
    caseAlias: alias,
    status: 'ended',
    phaseIndex: 5,
    revision: 1,
    phases: initialPhases(DEFAULT_SETTINGS),
    startedBy: who,
    facilitatorIds: ['fac'],
    roster: [],
    anonymous: false,
    chat: { conversationId: `c-${id}`, serviceUrl: 'http://x', reference: {}, tenantId: TENANT },
    cardIds: {},
    createdAt: at,
    endedAt: at,
    ...more,
  } as Roundtable;
}

function child(
  alias: string,
  caseAlias: string,
  rts: string[],
  more: Partial<ChildRecord> = {},
): ChildRecord {
  return {
    id: `child-${alias.toLowerCase()}`,
    caseKey: caseKeyOf(TENANT, caseAlias),
    tenantId: TENANT,
    caseAlias,
    childAlias: alias,
    ratings: [],
    living: [],
    connections: [],
    roundtableIds: rts,
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: '2026-01-05T09:00:00.000Z',
    ...more,
  };
}

const rating = (key: string, at: string, roundtableId: string, occasion: 'roundtable' | 'review') => ({
  key,
  at,
  by: who,
  occasion,
  roundtableId,
});

describe('programme per-child facts (pure)', () => {
  const first = roundtable('rt-1', 'A.B.', '2026-01-05T09:00:00.000Z', { office: 'North' });
  const follow = roundtable('rt-2', 'A.B.', '2026-04-05T09:00:00.000Z', { followUpOf: 'rt-1' });
  const practice = roundtable('rt-p', 'P.R.', '2026-02-01T09:00:00.000Z', { practice: true });

  it('a child record counts once, in its case’s first roundtable’s month and office; practice records never', () => {
    const records = [
      child('A1', 'A.B.', ['rt-1', 'rt-2']),
      child('A2', 'A.B.', ['rt-2']),
      child('P1', 'P.R.', ['rt-p']),
    ];
    const months = programmeMonths(
      [
        { rt: first, contributions: [] },
        { rt: follow, contributions: [] },
        { rt: practice, contributions: [] },
      ],
      [],
      new Set(),
      DEFAULT_SETTINGS,
      records,
    );
    const all = months.flatMap((m) => m.children.map((c) => ({ month: m.month, ...c })));
    assert.equal(all.length, 2, 'two children of A.B.; the practice child is left out');
    assert.ok(
      all.every((c) => c.month === '2026-01' && c.office === 'North' && c.firstAt === first.createdAt),
    );
    assert.ok(
      all.every((c) => !c.derived),
      'the case has records: its plans are not counted again',
    );
  });

  it('a child of the case summary without a record yet is counted from the plans; one with a record is not counted twice', () => {
    const summary = { children: [{ alias: 'A1' }, { alias: 'a2' }] } as unknown as CaseSummary;
    const sources = (withSummary: boolean) => [
      { rt: first, contributions: [], ...(withSummary ? { summary } : {}) },
      { rt: follow, contributions: [] },
    ];
    const facts = (withSummary: boolean) =>
      programmeMonths(sources(withSummary), [], new Set(), DEFAULT_SETTINGS, [
        child('a1', 'a.b.', ['rt-2']),
      ]).flatMap((m) => m.children);
    assert.deepEqual(
      facts(true).map((c) => !!c.derived),
      [false, true],
      'A1 from its record (aliases compared without case), a2 from the plans',
    );
    assert.deepEqual(
      facts(false).map((c) => !!c.derived),
      [false],
      'no summary: the case alias does not stand for one more child',
    );
  });

  it('transitions follow the agency’s scale order, living moves its living scale; removed connections do not count', () => {
    // An agency whose scale lists the same keys the other way round: "poor" is now the best.
    const reversed: AgencySettings = {
      ...DEFAULT_SETTINGS,
      ratingScale: [...DEFAULT_SETTINGS.ratingScale].reverse(),
    };
    const record = child('A1', 'A.B.', ['rt-1'], {
      ratings: [
        rating('poor', '2026-01-05T11:00:00.000Z', 'rt-1', 'roundtable'),
        rating('good', '2026-03-01T11:00:00.000Z', 'rt-1', 'review'),
      ],
      living: [
        { key: 'residential', at: '2026-01-05', by: who },
        { key: 'relatives', at: '2026-05-01', by: who },
      ],
      connections: [
        {
          id: 'c1',
          relationship: 'aunt',
          committed: true,
          contact: 'phone-video',
          frequency: 'monthly',
          protected: { name: 'N' },
          addedAt: '2026-01-05',
          addedBy: who,
          updatedAt: '2026-02-01',
          removedAt: '2026-02-01',
        },
      ],
    });
    const facts = (settings: AgencySettings) =>
      programmeMonths([{ rt: first, contributions: [] }], [], new Set(), settings, [record]).flatMap(
        (m) => m.children,
      );
    assert.equal(facts(DEFAULT_SETTINGS)[0]?.rating, 'improved');
    assert.equal(facts(reversed)[0]?.rating, 'worse');
    assert.equal(facts(DEFAULT_SETTINGS)[0]?.living, 'less-restrictive');
    assert.equal(facts(DEFAULT_SETTINGS)[0]?.connection, false, 'the only committed connection was removed');
  });

  it('old plans: children of the summary, the closed plan’s outcome derived without a court date, APPLA in care', () => {
    const old = roundtable('rt-o', 'O.L.', '2025-01-10T09:00:00.000Z');
    const summary = { children: [{ alias: 'O1' }, { alias: 'O2' }] } as unknown as CaseSummary;
    const plan = (outcome: 'adoption' | 'appla' | 'other'): ActionPlan =>
      ({
        ratings: { O1: 'fair', O2: 'good' },
        ratingHistory: [
          { at: old.createdAt, by: who, ratings: { O1: 'poor', O2: 'good' }, occasion: 'roundtable' },
          {
            at: '2025-06-01T00:00:00.000Z',
            by: who,
            ratings: { O1: 'fair', O2: 'poor' },
            occasion: 'review',
          },
        ],
        closed: { at: '2025-09-01T00:00:00.000Z', by: who, outcome },
      }) as unknown as ActionPlan;
    const facts = (outcome: 'adoption' | 'appla' | 'other') =>
      programmeMonths(
        [{ rt: old, plan: plan(outcome), summary, contributions: [] }],
        [],
        new Set(),
        DEFAULT_SETTINGS,
      ).flatMap((m) => m.children);
    const adopted = facts('adoption');
    assert.deepEqual(
      adopted.map((c) => [c.rating, c.outcome, c.derived, c.living]),
      [
        ['improved', { kind: 'permanency', type: 'adoption' }, true, 'not-recorded'],
        ['worse', { kind: 'permanency', type: 'adoption' }, true, 'not-recorded'],
      ],
    );
    assert.deepEqual(facts('appla')[0]?.outcome, { kind: 'in-care' });
    // Closed for another reason: an exit without permanency ("other"), without a date.
    assert.deepEqual(facts('other')[0]?.outcome, { kind: 'exit', type: 'other' });
    // Undated permanency is "date not recorded", never a success or a failure in a window.
    const figures = childFigures(adopted, new Date('2027-01-01T00:00:00Z'), 1);
    assert.equal(figures.dateNotRecorded, 2);
    assert.deepEqual(
      figures.windows.map((w) => [w.months, w.elapsed, w.achieved]),
      [
        [6, 0, 0],
        [12, 0, 0],
        [18, 0, 0],
      ],
    );
  });

  it('legal permanency counts by the court’s date, not the day the plan was closed', () => {
    const rt = roundtable('rt-c', 'C.D.', '2025-01-10T09:00:00.000Z');
    const outcome = (finalisedOn: string) =>
      child('C1', 'C.D.', ['rt-c'], {
        outcome: {
          kind: 'permanency',
          type: 'guardianship',
          finalisedOn,
          recordedAt: '2025-03-01T00:00:00.000Z',
          recordedBy: who,
        },
      });
    const windowsOf = (finalisedOn: string) =>
      childFigures(
        programmeMonths([{ rt, contributions: [] }], [], new Set(), DEFAULT_SETTINGS, [
          outcome(finalisedOn),
        ]).flatMap((m) => m.children),
        new Date('2027-01-01T00:00:00Z'),
        1,
      ).windows.map((w) => w.achieved);
    // Recorded in March 2025, finalised by the court in September 2025: within 12 months, not within 6.
    assert.deepEqual(windowsOf('2025-09-01'), [0, 1, 1]);
    assert.deepEqual(windowsOf('2025-05-01'), [1, 1, 1]);
    assert.deepEqual(windowsOf('2026-05-01'), [0, 0, 1]);
  });
});
