// biome-ignore-all lint/suspicious/noTemplateCurlyInString: hostile fixtures are literal `${...}` text on purpose
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { BarrierReport } from '../../bot/roundtable/barrier-register.js';
import { initialPhases } from '../../bot/roundtable/phases.js';
import type { BarrierRegisterEntry } from '../../bot/roundtable/records.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import { BARRIER_CATEGORIES, type PlanStep, type Roundtable } from '../../bot/roundtable/types.js';
import { VERBS } from '../../cards/contract.js';
import { type AdaptiveCard, cardBytes, MAX_CARD_BYTES } from '../../cards/kit.js';
import { phaseCard } from '../../cards/phase-card.js';
import { barriersCard, downloadCard, PROGRAMME_VERBS } from '../../cards/programme-cards.js';

// The same checks as test/unit/cards.test.ts: the adaptivecards library parses and validates each card.
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');
const V15 = new AC.Version(1, 5);
const VERB_SET = new Set<string>([...Object.values(VERBS), ...Object.values(PROGRAMME_VERBS)]);
const HOSTILE = [
  '${$root}',
  '<script>x</script> **md** [l](https://evil.example)',
  'مرحبا \u202Eevil 👨‍👩‍👧',
];
type Json = Record<string, unknown>;

function walk(node: unknown, visit: (o: Json) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    visit(node as Json);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

function check(card: AdaptiveCard, label: string): { textRuns: string[]; textBlocks: string[] } {
  const ctx = new AC.SerializationContext(V15);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, ctx);
  assert.deepEqual(
    Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message),
    [],
    `${label}: parse`,
  );
  assert.deepEqual(
    parsed.validateProperties().validationEvents.map((e) => e.message),
    [],
    `${label}: validation`,
  );
  assert.equal(card.version, '1.5');
  assert.ok(cardBytes(card) < MAX_CARD_BYTES, `${label}: ${cardBytes(card)} bytes`);
  const found = { textRuns: [] as string[], textBlocks: [] as string[] };
  walk(card, (o) => {
    if (o.type === 'TextRun') found.textRuns.push(String(o.text));
    if (o.type === 'TextBlock') found.textBlocks.push(String(o.text));
    if (typeof o.type === 'string' && o.type.startsWith('Action.')) {
      assert.equal(o.type, 'Action.Execute', label);
      assert.ok(VERB_SET.has(String(o.verb)), `${label}: verb ${String(o.verb)}`);
      const d = o.data as Json;
      assert.equal(typeof d.rt, 'string');
      assert.equal(typeof d.phase, 'string');
      assert.equal(typeof d.rev, 'number');
      assert.match(
        String(d.nonce),
        /^([0-9a-f-]{36}|[A-Za-z0-9_-]{16})$/,
        `${label}: a UUID or a phase card nonce`,
      );
    }
  });
  for (const t of found.textBlocks) {
    assert.ok(
      !t.includes('${') && !/<script|evil/.test(t),
      `${label}: user text in a TextBlock: ${t.slice(0, 60)}`,
    );
  }
  return found;
}

const NOW = new Date('2027-01-11T15:00:00Z');
const person = (i: number) => ({ id: `29:p${i}`, name: HOSTILE[i % HOSTILE.length]! });

function followUp(steps: number): Roundtable {
  return {
    id: 'rt-2',
    caseAlias: '${x} J.T.',
    status: 'active',
    phaseIndex: 1,
    revision: 3,
    phases: initialPhases(DEFAULT_SETTINGS, 'followup').map((p, i) => (i <= 1 ? { ...p, visited: true } : p)),
    startedBy: person(0),
    facilitatorIds: ['29:p0'],
    roster: [{ ...person(0), role: 'facilitator', joinedAt: NOW.toISOString() }],
    anonymous: false,
    chat: { conversationId: 'c', serviceUrl: 'http://x', reference: {} },
    cardIds: {},
    createdAt: NOW.toISOString(),
    followUpOf: 'rt-1',
    ...(steps < 0 ? {} : {}),
  };
}

function step(i: number, long: boolean): PlanStep {
  const text = long ? `${HOSTILE[i % 3]} ${'x'.repeat(1900)}` : `${HOSTILE[i % 3]} step ${i}`;
  return {
    id: `s-${i}`,
    roundtableId: 'rt-1',
    kind: 'step',
    author: person(i),
    text,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    owner: person(i + 1),
    dueDate: '2026-12-03',
    status: (['not-started', 'in-progress', 'done', 'blocked', 'dropped'] as const)[i % 5]!,
    updates: Array.from({ length: 6 }, (_, k) => ({
      at: NOW.toISOString(),
      by: person(k),
      note: `${HOSTILE[k % 3]} note ${k}`,
    })),
  };
}

describe('programme cards (adaptivecards checks)', () => {
  for (const [label, count, long] of [
    ['small', 3, false],
    ['huge and hostile', 80, true],
  ] as const) {
    it(`review phase card is valid and shows steps, history and the rating table: ${label}`, () => {
      const children = ['A.B.', '${c}', 'C.D.', 'E.F.', 'G.H.'];
      const view = {
        roundtable: followUp(count),
        contributions: [],
        plan: { ratings: {}, draft: true },
        settings: DEFAULT_SETTINGS,
        now: NOW,
        review: {
          previous: { id: 'rt-1', createdAt: '2026-11-23T15:00:00Z' },
          steps: Array.from({ length: count }, (_, i) => step(i, long)),
          children,
          history: Array.from({ length: long ? 30 : 2 }, (_, i) => ({
            at: `2026-${String((i % 12) + 1).padStart(2, '0')}-01T00:00:00Z`,
            occasion: 'review' as const,
            ratings: { 'A.B.': 'poor', '${c}': 'fair' },
          })),
          current: { 'A.B.': 'good' },
        },
      };
      for (const readOnly of [false, true]) {
        const card = phaseCard(view, 'review', { readOnly });
        const found = check(card, `review ${label} ${readOnly}`);
        assert.ok(found.textRuns.some((t) => t.includes('Review the previous plan')));
        assert.ok(found.textRuns.includes('${c}'), 'a child alias stays text');
        assert.ok(found.textRuns.includes('Occasion'));
        if (!long)
          assert.ok(
            found.textRuns.some((t) => t.includes('note 5')),
            'step history lines',
          );
      }
    });
  }

  it('barriers card and download card are valid with hostile text, under 28 KB', () => {
    const entries: BarrierRegisterEntry[] = Array.from({ length: 40 }, (_, i) => ({
      id: `bar-${i}`,
      roundtableId: 'rt-1',
      caseAlias: HOSTILE[i % 3]!,
      category: BARRIER_CATEGORIES[i % BARRIER_CATEGORIES.length]!,
      text: `${HOSTILE[i % 3]} ${'y'.repeat(1500)}`,
      raisedAt: NOW.toISOString(),
      raisedBy: '29:p1',
      status: 'open',
      notes: [{ at: NOW.toISOString(), by: person(1), note: HOSTILE[0] }],
      source: 'brainstorm',
      updatedAt: NOW.toISOString(),
    }));
    const periods = [{ key: 'all', label: 'All time' }];
    const report: BarrierReport = {
      periods,
      counts: Object.fromEntries(
        BARRIER_CATEGORIES.map((c) => [c, { all: 3 }]),
      ) as unknown as BarrierReport['counts'],
      totals: { all: 18 },
      byStatus: { open: 40, escalated: 0, 'in-progress': 0, resolved: 0 },
      oldestOpen: entries,
      openCount: 40,
    };
    const card = barriersCard({
      report,
      leaders: Array.from({ length: 30 }, (_, i) => person(i)),
      notice: { kind: 'error', text: '${x}' },
    });
    const found = check(card, 'barriers');
    assert.ok(found.textRuns.includes(HOSTILE[0]!));
    const empty = barriersCard({ report: { ...report, oldestOpen: [], openCount: 0 }, leaders: [] });
    check(empty, 'barriers empty');
    const dl = downloadCard({
      what: 'Case file',
      alias: '${x}',
      linkTitle: 'Download',
      url: 'http://127.0.0.1/api/export?t=abc',
      expiresAt: NOW.toISOString(),
    });
    assert.ok(check(dl, 'download').textRuns.includes('${x}'));
  });
});
