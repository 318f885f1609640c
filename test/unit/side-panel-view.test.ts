/** The side panel's header from the board alone: scheduled (no countdown, Next opens it), live, ended. */
import assert from 'node:assert/strict';
import { translator } from '../../bot/i18n/text.js';
import type { TabBoard } from '../../tab/src/board.js';
import { panelHeader as panelHeaderIn, scheduledLine as scheduledLineIn } from '../../tab/src/panel-view.js';

/** The page's texts in English, from locales/ (the page passes its `tr`). */
const en = translator('en');
const panelHeader = (b: TabBoard | null, now: number) => panelHeaderIn(b, now, en);
const scheduledLine = (b: TabBoard) => scheduledLineIn(b, en);

const NOW = Date.parse('2026-11-27T10:00:00Z');

function board(roundtable: Partial<TabBoard['roundtable']>): TabBoard {
  const phases = [
    'Welcome',
    'Present the case',
    'Clarify and explore',
    'Brainstorm',
    'Permanency Action Plan',
    'Debrief',
  ];
  return {
    roundtable: {
      id: 'rt-1',
      caseAlias: 'J.T.',
      status: 'active',
      scheduled: false,
      revision: 1,
      phaseIndex: 0,
      phase: 'welcome',
      phaseTitle: 'Welcome',
      plannedMinutes: 10,
      anonymous: false,
      phases: phases.map((title, i) => ({
        key: `p${i}`,
        number: i + 1,
        title,
        visited: i === 0,
        reached: i === 0,
      })),
      ...roundtable,
    },
    me: { name: 'Fran Facilitator', facilitator: true },
    roster: [],
    counts: { facts: 0, questions: 0, answers: 0, ideas: 0, steps: 0, debrief: 0 },
    facts: [],
    questions: [],
    brainstorm: [],
    plan: { draft: true, steps: [] },
  };
}

describe('side panel header (unit)', () => {
  it('scheduled: says when and that the facilitator opens it, no countdown, the forward button opens it', () => {
    const header = panelHeader(
      board({ scheduled: true, scheduledFor: '2026-12-04 14:00', timerEndsAt: '2026-11-27T10:10:00Z' }),
      NOW,
    );
    assert.equal(header.scheduled, true);
    assert.equal(
      header.phaseLine,
      'Scheduled for 2026-12-04 14:00 — opens when the facilitator types "@Roundtable open" in the meeting chat. No clock runs until then.',
    );
    assert.deepEqual(header.clock, { text: '', over: false }, 'no countdown while scheduled');
    assert.equal(header.nextLabel, 'Open the roundtable ▶');
    assert.equal(header.caseLine, 'Roundtable: J.T.');
    assert.equal(
      scheduledLine(board({ scheduled: true })),
      'Scheduled — opens when the facilitator types "@Roundtable open" in the meeting chat.',
      'the stage says the same, without a meeting time when none was given',
    );
    assert.equal(
      scheduledLine(
        board({
          scheduled: true,
          scheduledFor: '2026-12-04 14:00',
          scheduledText: '2026-12-04 14:00 (America/Chicago)',
        }),
      ),
      'Scheduled for 2026-12-04 14:00 (America/Chicago) — opens when the facilitator types "@Roundtable open" in the meeting chat.',
      'with the time zone the bot gives',
    );
  });

  it('opened: the phase and the live countdown, then minutes over', () => {
    const live = board({ scheduledFor: '2026-12-04 14:00', timerEndsAt: '2026-11-27T10:09:30Z' });
    const header = panelHeader(live, NOW);
    assert.equal(header.scheduled, false);
    assert.equal(header.phaseLine, 'Phase 1 of 6: Welcome');
    assert.deepEqual(header.clock, { text: '9:30 left', over: false });
    assert.equal(header.nextLabel, 'Next phase ▶');
    assert.deepEqual(panelHeader(live, NOW + 12 * 60_000).clock, { text: '2:30 over', over: true });
  });

  it('without a time box: the planned minutes; ended: no clock; no roundtable: how to start one', () => {
    assert.equal(panelHeader(board({}), NOW).clock.text, '10 min planned');
    const ended = panelHeader(board({ status: 'ended', scheduled: false }), NOW);
    assert.equal(ended.phaseLine, 'This roundtable has ended.');
    assert.equal(ended.clock.text, '');
    assert.match(panelHeader(null, NOW).phaseLine, /No roundtable is running in this meeting/);
  });
});

describe('side panel header in Spanish (unit)', () => {
  const es = translator('es');
  it('the same header from locales/es; the phase title (the agency’s practice word) as the board gives it', () => {
    const live = board({ timerEndsAt: '2026-11-27T10:09:30Z' });
    const header = panelHeaderIn(live, NOW, es);
    assert.equal(header.phaseLine, 'Fase 1 de 6: Welcome');
    assert.equal(header.caseLine, 'Mesa redonda: J.T.');
    assert.deepEqual(header.clock, { text: 'quedan 9:30', over: false });
    assert.equal(header.nextLabel, 'Siguiente fase ▶');
    assert.equal(panelHeaderIn(board({}), NOW, es).clock.text, '10 min previstos');
    assert.match(panelHeaderIn(null, NOW, es).phaseLine, /^No hay ninguna mesa redonda/);
    assert.equal(
      scheduledLineIn(board({ scheduled: true, scheduledFor: '2026-12-04 14:00' }), es),
      'Programada para 2026-12-04 14:00 — se abre cuando el facilitador escribe "@Roundtable open" en el chat de la reunión.',
    );
  });
});
