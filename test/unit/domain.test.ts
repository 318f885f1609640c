import assert from 'node:assert/strict';
import { fidelityCheck, fidelityOf } from '../../bot/roundtable/fidelity.js';
import { cleanText, contributionId, parseChildren, validateAlias } from '../../bot/roundtable/input.js';
import { isFacilitator, isPlanOwner } from '../../bot/roundtable/permissions.js';
import {
  initialPhases,
  isScheduled,
  moveTo,
  openClock,
  parsePhase,
  scheduleAhead,
  skippedPhases,
  spentMs,
  timeLeftMs,
} from '../../bot/roundtable/phases.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import type { BrainstormIdea, Contribution, PlanStep, Roundtable } from '../../bot/roundtable/types.js';
import { parseCommand } from '../../bot/teams/routing/commands.js';

const T0 = new Date('2026-11-23T09:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60000);

function roundtable(over: Partial<Roundtable> = {}): Roundtable {
  return {
    id: 'rt-1',
    caseAlias: 'J.T.',
    status: 'active',
    phaseIndex: 0,
    revision: 1,
    phases: initialPhases(DEFAULT_SETTINGS).map((p, i) =>
      i === 0 ? { ...p, visited: true, enteredAt: T0.toISOString() } : p,
    ),
    startedBy: { id: 'fac', name: 'F' },
    facilitatorIds: ['fac'],
    roster: [
      { id: 'fac', name: 'F', role: 'facilitator', joinedAt: T0.toISOString() },
      { id: 'cw', name: 'C', role: 'caseworker', joinedAt: T0.toISOString() },
    ],
    anonymous: false,
    chat: { conversationId: 'chat-1', serviceUrl: 'http://x', reference: {} },
    cardIds: {},
    createdAt: T0.toISOString(),
    ...over,
  };
}

const actor = (id: string, organizer?: boolean) => ({
  person: { id, name: id },
  conversationId: 'chat-1',
  ...(organizer === undefined ? {} : { isMeetingOrganizer: async () => organizer }),
});

describe('phases', () => {
  it('parses phase numbers and names, case-insensitively', () => {
    assert.equal(parsePhase('1'), 0);
    assert.equal(parsePhase('6'), 5);
    assert.equal(parsePhase('Brainstorm'), 3);
    assert.equal(parsePhase('action plan'), 4);
    assert.equal(parsePhase('7'), undefined);
    assert.equal(parsePhase('lunch'), undefined);
  });

  it('moving accumulates time in the phase left and starts the clock of the next', () => {
    const rt = roundtable();
    const moved = moveTo(rt, 1, minutes(12));
    assert.equal(moved.phaseIndex, 1);
    assert.equal(moved.revision, rt.revision + 1);
    assert.equal(moved.phases[0]?.spentMs, 12 * 60000);
    assert.equal(moved.phases[0]?.enteredAt, undefined);
    assert.equal(moved.phases[1]?.visited, true);
    const back = moveTo(moved, 0, minutes(20));
    assert.equal(spentMs(back.phases[0]!, minutes(25)), 17 * 60000);
    assert.equal(back.phases[1]?.spentMs, 8 * 60000);
  });

  it('lists skipped phases and time left on a timer', () => {
    const rt = moveTo(roundtable(), 3, minutes(5));
    assert.deepEqual(skippedPhases(rt), ['present', 'clarify', 'plan', 'debrief']);
    const withTimer = {
      ...rt,
      phases: rt.phases.map((p, i) => (i === 3 ? { ...p, timerEndsAt: minutes(35).toISOString() } : p)),
    };
    assert.equal(timeLeftMs(withTimer, minutes(30)), 5 * 60000);
    const cleared = { ...rt, phases: rt.phases.map((p) => ({ ...p, timerEndsAt: undefined })) };
    assert.equal(timeLeftMs(cleared, minutes(30)), undefined);
  });

  it("a phase's time box starts from the agenda's minutes when it opens (less time already spent there)", () => {
    const rt = moveTo(roundtable(), 3, minutes(5));
    assert.equal(timeLeftMs(rt, minutes(30)), 10 * 60000, 'brainstorm: 35 min from minute 5');
    assert.equal(rt.phases[0]?.timerEndsAt, undefined, 'the phase left loses its box');
    const back = moveTo(moveTo(rt, 0, minutes(40)), 3, minutes(50));
    assert.equal(timeLeftMs(back, minutes(50)), 0, 'brainstorm already had its 35 minutes');
    assert.ok((timeLeftMs(back, minutes(55)) ?? 0) < 0, 'over');
  });

  it('both default agendas total the two-hour minimum', () => {
    for (const sequence of ['standard', 'followup'] as const) {
      const total = initialPhases(DEFAULT_SETTINGS, sequence).reduce((n, p) => n + p.plannedMinutes, 0);
      assert.equal(total, 120, sequence);
    }
  });

  it('a roundtable invited for a later day waits, scheduled, until the facilitator opens it', () => {
    const started = { ...roundtable(), openedAt: T0.toISOString() };
    const scheduled = scheduleAhead(started, '2026-11-30 14:00', minutes(3));
    assert.equal(isScheduled({ ...scheduled, scheduledFor: '2026-11-30 14:00' }), true);
    assert.equal(scheduled.phases[0]?.enteredAt, undefined, 'no clock runs');
    assert.equal(scheduled.phases[0]?.spentMs, 0);
    // A meeting today, or a roundtable that already moved, keeps its clock.
    assert.equal(scheduleAhead(started, '2026-11-23 14:00', minutes(3)), started);
    const moved = moveTo(started, 1, minutes(2));
    assert.equal(scheduleAhead(moved, '2026-11-30', minutes(3)), moved);
    const opened = openClock({ ...scheduled, scheduledFor: '2026-11-30 14:00' }, minutes(60 * 24 * 7));
    assert.equal(isScheduled(opened), false);
    assert.equal(opened.openedAt, minutes(60 * 24 * 7).toISOString());
    assert.equal(timeLeftMs(opened, minutes(60 * 24 * 7 + 4)), 6 * 60000, 'Welcome: 10 min box from opening');
  });
});

describe('permissions', () => {
  it('the starter and co-facilitators facilitate; others do not', async () => {
    const rt = roundtable({ facilitatorIds: ['fac', 'co'] });
    assert.equal(await isFacilitator(rt, actor('fac')), true);
    assert.equal(await isFacilitator(rt, actor('co')), true);
    assert.equal(await isFacilitator(rt, actor('cw')), false);
  });

  it('the meeting organizer facilitates; a failing lookup degrades to "no"', async () => {
    const rt = roundtable();
    assert.equal(await isFacilitator(rt, actor('org', true)), true);
    assert.equal(await isFacilitator(rt, actor('org', false)), false);
    const broken = {
      ...actor('org'),
      isMeetingOrganizer: async () => {
        throw new Error('404');
      },
    };
    assert.equal(await isFacilitator(rt, broken), false);
  });

  it('caseworker, supervisor and facilitators own the plan', async () => {
    const rt = roundtable();
    assert.equal(await isPlanOwner(rt, actor('cw')), true);
    assert.equal(await isPlanOwner(rt, actor('fac')), true);
    assert.equal(await isPlanOwner(rt, actor('someone')), false);
  });
});

describe('validation', () => {
  it('accepts aliases and refuses long or odd ones', () => {
    assert.deepEqual(validateAlias('  J.T.   2024 '), { ok: true, value: 'J.T. 2024', notice: undefined });
    assert.equal(validateAlias('').ok, false);
    assert.equal(validateAlias('x'.repeat(41)).ok, false);
    assert.equal(validateAlias('<b>x</b>').ok, false);
    assert.equal(validateAlias('${x}').ok, false);
    assert.equal(validateAlias('Jane Doe').ok, false, 'a full name is refused');
    assert.equal(validateAlias('Case 4711').ok, true);
  });

  it('text must be non-empty and within the limit', () => {
    assert.equal(cleanText('  hi  ', 'The idea', 10).ok, true);
    assert.equal(cleanText('   ', 'The idea', 10).ok, false);
    assert.equal(cleanText(42, 'The idea', 10).ok, false);
    const long = cleanText('x'.repeat(11), 'The idea', 10);
    assert.equal(long.ok, false);
    assert.match(!long.ok ? long.failure.message : '', /too long: 11 characters, 10 at most/);
  });

  it('parses the sibling group', () => {
    const r = parseChildren('J.T., 9\nM.T.,6');
    assert.deepEqual(r.ok && r.value, [
      { alias: 'J.T.', age: 9 },
      { alias: 'M.T.', age: 6 },
    ]);
    assert.equal(parseChildren('J.T., nine').ok, false);
    assert.equal(parseChildren('J.T.\nJ.T.').ok, false);
    assert.equal(parseChildren('').ok, false);
  });

  it('the same submission gets the same id; another text another id', () => {
    assert.equal(contributionId(['a', 'b']), contributionId(['a', 'b']));
    assert.notEqual(contributionId(['a', 'b']), contributionId(['a', 'c']));
    assert.notEqual(contributionId(['ab', '']), contributionId(['a', 'b']));
  });
});

describe('commands', () => {
  it('parses commands case-insensitively and keeps the alias as typed', () => {
    assert.deepEqual(parseCommand('START J.T.'), { name: 'start', alias: 'J.T.' });
    assert.deepEqual(parseCommand('Next'), { name: 'next' });
    assert.deepEqual(parseCommand('go to Brainstorm'), { name: 'go', target: 'Brainstorm' });
    assert.deepEqual(parseCommand('timer 15'), { name: 'timer', minutes: '15' });
    assert.deepEqual(parseCommand('end confirm'), { name: 'end', confirm: true });
    assert.deepEqual(parseCommand('anonymous ON'), { name: 'anonymous', on: true });
    assert.deepEqual(parseCommand('facilitator add <at>Sam</at>'), { name: 'facilitator-add' });
    assert.equal(parseCommand('dance').name, 'unknown');
    assert.equal(parseCommand('').name, 'help');
    assert.equal(parseCommand(`start ${'x'.repeat(300)}`).name, 'unknown');
  });
});

describe('fidelity check', () => {
  const now = minutes(120);
  const idea = (id: string, questionKey: string): BrainstormIdea => ({
    id,
    roundtableId: 'rt-1',
    kind: 'idea',
    questionKey,
    author: { id: 'cw', name: 'C' },
    text: 'idea',
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
  });
  const step = (id: string, ideaId?: string, dueDate = '2026-12-01'): PlanStep => ({
    id,
    roundtableId: 'rt-1',
    kind: 'step',
    author: { id: 'cw', name: 'C' },
    text: 'step',
    owner: { id: 'cw', name: 'C' },
    dueDate,
    status: 'not-started',
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    ...(ideaId ? { ideaId } : {}),
  });

  it('passes when every question has ideas and the youth idea became a step; time is one line', () => {
    let rt = roundtable();
    for (let i = 1; i < 6; i++) rt = moveTo(rt, i, minutes(i * 15));
    const contributions: Contribution[] = [
      ...DEFAULT_SETTINGS.questions.map((q, i) => idea(`i${i}`, q.key)),
      step('s1', 'i4'),
    ];
    const items = fidelityCheck(rt, contributions, DEFAULT_SETTINGS, now);
    assert.equal(items[0]?.ok, true);
    assert.equal(items[1]?.ok, true);
    assert.equal(items.filter((i) => /minute|Time/.test(i.label)).length, 1, 'time is one line');
    assert.ok(!items.some((i) => /owner and a due date/.test(i.label)), 'no line that cannot fail');
  });

  it('fails the lines that are not met, and ignores withdrawn ideas', () => {
    const rt = roundtable();
    const contributions: Contribution[] = [
      { ...idea('i0', 'q1') },
      { ...idea('i4', 'q5'), withdrawn: true },
      step('s1', 'i0'),
      { ...step('s2'), dueDate: '' },
    ];
    const items = fidelityCheck(rt, contributions, DEFAULT_SETTINGS, now);
    assert.equal(items[0]?.ok, false);
    assert.match(items[0]?.detail ?? '', /engage the youth/);
    assert.equal(items[1]?.ok, false);
    assert.match(items.find((i) => i.label.includes('minimum'))?.detail ?? '', /skipped: .*Debrief/);
  });

  it('flags what matters to the practice: short phases, the two-hour minimum, goal, ratings, family meeting, barriers, supervisor, voice', () => {
    let rt = roundtable();
    for (let i = 1; i < 6; i++) rt = moveTo(rt, i, minutes(i * 5));
    const barrierIdea = { ...idea('i9', 'q1'), barrier: 'policy' as const };
    const items = fidelityOf(
      { roundtable: rt, contributions: [barrierIdea, step('s1')], plan: { ratings: {}, draft: true } },
      DEFAULT_SETTINGS,
      minutes(30),
      true,
    );
    const failed = (label: RegExp) => items.find((i) => label.test(i.label) && !i.ok)?.detail;
    assert.match(
      failed(/120-minute minimum/) ?? '',
      /^30 of 120 minutes; the minimum is 120; much shorter than planned: .*Present/,
    );
    assert.equal(failed(/concurrent permanency goal/), 'no concurrent goal chosen');
    assert.equal(failed(/primary permanency goal/), 'no primary goal chosen');
    assert.equal(failed(/child has a permanency rating/), 'no child recorded in the case summary');
    assert.equal(failed(/family team meeting/), 'the family-team-meeting step was removed');
    assert.match(failed(/systemic barrier/) ?? '', /1 barrier/);
    assert.equal(failed(/supervisor/), 'no supervisor on the roster');
    assert.match(failed(/youth and family voice/) ?? '', /nothing recorded/);
    // The same record, complete, passes those lines.
    const full = fidelityOf(
      {
        roundtable: {
          ...moveTo(roundtable(), 5, minutes(130)),
          roster: [...rt.roster, { id: 'sup', name: 'S', role: 'supervisor', joinedAt: T0.toISOString() }],
        },
        contributions: [barrierIdea, { ...step('s1'), suggested: 'family-team-meeting' }],
        plan: {
          primaryGoal: 'guardianship',
          concurrentGoal: 'adoption',
          ratings: { 'J.T.': 'fair' },
          draft: true,
        },
        caseSummary: { children: [{ alias: 'J.T.' }] } as never,
        barriers: [{ ideaId: 'i9' }] as never,
        preparation: { youthLiving: '', youthMatters: 'wants to stay at school', family: '' } as never,
      },
      DEFAULT_SETTINGS,
      minutes(140),
      true,
    );
    for (const label of [
      /minimum/,
      /primary/,
      /concurrent/,
      /rating/,
      /family team/,
      /barrier/,
      /supervisor/,
      /voice/,
    ]) {
      assert.equal(full.find((i) => label.test(i.label))?.ok, true, String(label));
    }
    // A phase still running is not "short" on the debrief card.
    const running = fidelityOf(
      { roundtable: rt, contributions: [], plan: { ratings: {}, draft: true } },
      DEFAULT_SETTINGS,
      minutes(26),
    );
    assert.doesNotMatch(
      running.find((i) => i.label.includes('minimum'))?.detail ?? '',
      /shorter than planned: .*Debrief/,
    );
  });
});
