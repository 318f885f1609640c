/**
 * The coordinator's queue (issue #26): the agency's rules against a seeded extract. The expected list is computed
 * here, independently, from the rules as the agency states them (not by calling the queue's helpers).
 */
import assert from 'node:assert/strict';
import {
  type ExtractChild,
  meetingLink,
  type QueueRoundtable,
  type QueueRules,
  readExtract,
  roundtablesDue,
  weekCapacity,
} from '../../bot/roundtable/roundtable-queue.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import type { Roundtable } from '../../bot/roundtable/types.js';

const NOW = new Date('2026-12-02T10:00:00Z'); // a Wednesday
/** The agency's defaults: the follow-up roundtable cadence (settings `followUpRoundtableDays`, 90 by default). */
const RULES: QueueRules = {
  monthsInCare: 12,
  goals: ['appla'],
  minAge: 12,
  followUpDays: DEFAULT_SETTINGS.followUpRoundtableDays,
};

/** The seeded extract as the page sends it (CSV columns as keys). */
const ROWS = [
  // 3 years in care: due since 12 months after entry.
  ['C-1', 'A.A.', '2023-06-01', '2016-01-01', '', 'adoption', 'North'],
  // 6 months in care, APPLA goal: due since entry.
  ['C-2', 'B.B.', '2026-06-01', '2015-03-01', '', 'APPLA', 'North'],
  // 3 months in care, aged 14: due since entry (turned 12 before).
  ['C-3', 'C.C.', '2026-09-01', '2012-05-05', '', 'reunification', 'South'],
  // 3 months in care, age band 15+: due since entry.
  ['C-4', 'D.D.', '2026-09-15', '', '15+', 'reunification', 'South'],
  // 3 months in care, aged 5, reunification: not due.
  ['C-5', 'E.E.', '2026-09-01', '2021-01-01', '', 'reunification', 'North'],
  // Ended roundtable 100 days ago: follow-up due (every 90 days).
  ['C-6', 'F.F.', '2022-01-01', '2010-01-01', '', 'guardianship', 'South'],
  // Ended roundtable 10 days ago: not due yet.
  ['C-7', 'G.G.', '2022-01-01', '2010-01-01', '', 'guardianship', 'North'],
  // Plan closed: not due.
  ['C-8', 'H.H.', '2022-01-01', '2010-01-01', '', 'adoption', 'North'],
  // A roundtable running now: not due.
  ['C-9', 'I.I.', '2022-01-01', '2010-01-01', '', 'adoption', 'North'],
].map(([case_number, alias, date_entered_care, date_of_birth, age_band, permanency_goal, office]) => ({
  case_number,
  alias,
  date_entered_care,
  date_of_birth,
  age_band,
  permanency_goal,
  office,
}));

const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

function rt(alias: string, opts: Partial<Roundtable>): Roundtable {
  return {
    id: `rt-${alias}`,
    caseAlias: alias,
    status: 'ended',
    phaseIndex: 0,
    revision: 1,
    phases: [],
    startedBy: { id: 'fac-1', name: 'Fiona' },
    facilitatorIds: ['fac-1'],
    roster: [],
    anonymous: false,
    chat: { conversationId: `c-${alias}`, serviceUrl: 'x', reference: {} },
    cardIds: {},
    createdAt: daysAgo(400),
    ...opts,
  };
}

const ROUNDTABLES: QueueRoundtable[] = [
  { roundtable: rt('F.F.', { endedAt: daysAgo(100) }), plan: { ratings: {}, draft: false } },
  // Matched by the case number on its plan, whatever its alias.
  {
    roundtable: rt('G.G. 2', { endedAt: daysAgo(10) }),
    plan: { ratings: {}, draft: false, caseNumber: 'C-7' },
  },
  {
    roundtable: rt('H.H.', { endedAt: daysAgo(300) }),
    plan: {
      ratings: {},
      draft: false,
      closed: { at: daysAgo(10), by: { id: 'cw', name: 'Carlos' }, outcome: 'adoption' },
    },
  },
  // Running now: opened this morning.
  { roundtable: rt('I.I.', { status: 'active', openedAt: daysAgo(0.1) }) },
];

/** The expectation, from the rules in words: any rule makes a child due; the earliest date it applied is "since". */
function expected(children: ExtractChild[]) {
  const today = NOW.toISOString().slice(0, 10);
  const out: { office: string; alias: string; kind: string; since: string }[] = [];
  for (const c of children) {
    const since: string[] = [];
    const entered = new Date(`${c.enteredCare}T00:00:00Z`);
    const yearOn = new Date(
      Date.UTC(entered.getUTCFullYear() + 1, entered.getUTCMonth(), entered.getUTCDate()),
    );
    if (yearOn.toISOString().slice(0, 10) < today) since.push(yearOn.toISOString().slice(0, 10));
    if (c.goal === 'appla') since.push(c.enteredCare);
    const born = c.dateOfBirth ? new Date(`${c.dateOfBirth}T00:00:00Z`) : undefined;
    const twelve = born
      ? new Date(Date.UTC(born.getUTCFullYear() + 12, born.getUTCMonth(), born.getUTCDate()))
      : undefined;
    if (twelve && twelve.toISOString().slice(0, 10) <= today)
      since.push([twelve.toISOString().slice(0, 10), c.enteredCare].sort()[1]!);
    if (!born && c.ageBand && Number.parseInt(c.ageBand, 10) >= 12) since.push(c.enteredCare);
    const mine = ROUNDTABLES.filter(
      (r) => r.roundtable.caseAlias === c.alias || r.plan?.caseNumber === c.caseNumber,
    );
    if (mine.length === 0) {
      if (since.length)
        out.push({ office: c.office, alias: c.alias, kind: 'first', since: since.sort()[0]! });
      continue;
    }
    const last = mine[0]!;
    if (last.roundtable.status !== 'ended' || last.plan?.closed) continue;
    const next = new Date(Date.parse(last.roundtable.endedAt!) + RULES.followUpDays * 86_400_000)
      .toISOString()
      .slice(0, 10);
    if (next <= today) out.push({ office: c.office, alias: c.alias, kind: 'follow-up', since: next });
  }
  return out.sort((a, b) => a.office.localeCompare(b.office) || a.since.localeCompare(b.since));
}

describe('coordinator queue: roundtables due by the agency rules (issue #26)', () => {
  it('lists first and follow-up roundtables due, by office, oldest first, as the rules say', () => {
    const read = readExtract(ROWS);
    assert.ok(read.ok);
    const queue = roundtablesDue(read.value, ROUNDTABLES, RULES, NOW);
    const got = queue.offices.flatMap((o) =>
      o.children.map((c) => ({ office: o.office, alias: c.alias, kind: c.kind, since: c.dueSince })),
    );
    assert.deepEqual(got, expected(read.value));
    assert.deepEqual(
      got.map((g) => g.alias),
      ['A.A.', 'B.B.', 'C.C.', 'D.D.', 'F.F.'],
    );
  });

  it('a roundtable left open (started, never ended) makes the child due again, naming the day it was started', () => {
    const read = readExtract(ROWS);
    assert.ok(read.ok);
    const ended = { ratings: {}, draft: false };
    const withLeftOpen: QueueRoundtable[] = [
      // F.F.'s follow-up was opened 5 days ago and never ended; C.C.'s first one 3 days ago.
      { roundtable: rt('F.F.', { endedAt: daysAgo(100) }), plan: ended },
      {
        roundtable: rt('F.F.', {
          id: 'rt-F.F.-2',
          status: 'active',
          followUpOf: 'rt-F.F.',
          createdAt: daysAgo(5),
          openedAt: daysAgo(5),
        }),
      },
      { roundtable: rt('C.C.', { status: 'active', createdAt: daysAgo(3), openedAt: daysAgo(3) }) },
      // Still under way (opened yesterday), set for a day not yet 2 days past, or prepared a week ago with no date.
      { roundtable: rt('I.I.', { status: 'active', openedAt: daysAgo(1) }) },
      { roundtable: rt('B.B.', { status: 'active', scheduledFor: daysAgo(1).slice(0, 10) }) },
      { roundtable: rt('A.A.', { status: 'active', createdAt: daysAgo(7) }) },
    ];
    const due = roundtablesDue(read.value, withLeftOpen, RULES, NOW).offices.flatMap((o) => o.children);
    const byAlias = new Map(due.map((d) => [d.alias, d]));
    assert.deepEqual(byAlias.get('F.F.')?.why, [{ code: 'left-open', date: daysAgo(5).slice(0, 10) }]);
    assert.equal(byAlias.get('F.F.')?.kind, 'follow-up');
    assert.equal(byAlias.get('F.F.')?.dueSince, daysAgo(5).slice(0, 10));
    assert.deepEqual(byAlias.get('C.C.')?.why, [{ code: 'left-open', date: daysAgo(3).slice(0, 10) }]);
    assert.equal(byAlias.get('C.C.')?.kind, 'first');
    for (const alias of ['I.I.', 'B.B.', 'A.A.']) assert.ok(!byAlias.has(alias), `${alias} is under way`);
  });

  it('a malformed extract is refused with the row and column named, never the value', () => {
    const bad = readExtract([...ROWS.slice(0, 2), { ...ROWS[2], date_entered_care: '31/12/2020' }]);
    assert.ok(!bad.ok);
    assert.match(bad.failure.message, /Row 4: date_entered_care must be a date/);
    assert.ok(!bad.failure.message.includes('31/12/2020'));
    assert.ok(!readExtract([]).ok);
    assert.ok(!readExtract('case_number,alias').ok);
  });

  it('capacity counts this week’s scheduled roundtables per day and per facilitator; the schedule link is encoded', () => {
    const week = weekCapacity(
      [
        rt('A', { status: 'active', scheduledFor: '2026-12-02 14:00' }),
        rt('B', { status: 'active', scheduledFor: '2026-12-02 09:00', facilitatorIds: ['fac-2'] }),
        rt('C', { status: 'active', scheduledFor: '2026-12-04 09:00' }),
        rt('D', { status: 'active', scheduledFor: '2026-12-09 09:00' }),
      ],
      NOW,
    );
    assert.equal(week.days[0]!.date, '2026-11-30');
    assert.deepEqual(
      week.days.map((d) => d.count),
      [0, 0, 2, 0, 1, 0, 0],
    );
    assert.deepEqual(
      week.facilitators.map((f) => [f.id, f.count]),
      [
        ['fac-1', 2],
        ['fac-2', 1],
      ],
    );
    const link = meetingLink({
      subject: 'R.S. & sibs',
      attendees: ['a@agency.example', 'b@agency.example'],
      startTime: '2026-12-04T14:00:00Z',
      endTime: '2026-12-04T16:00:00Z',
    });
    assert.equal(
      link,
      'https://teams.microsoft.com/l/meeting/new?subject=R.S.%20%26%20sibs&attendees=a%40agency.example,b%40agency.example&startTime=2026-12-04T14%3A00%3A00Z&endTime=2026-12-04T16%3A00%3A00Z',
    );
  });
});
