/**
 * Every `${path}` in every card template (cards/templates, `$include` parts and the shared header
 * included) resolves on the data the card builders make for a realistic roundtable.
 *
 * How: the builders run on test/support/realistic-view.ts in many states (every phase, open and ended,
 * with and without notices, read-only, the 1:1 and programme cards); each expansion is recorded (the
 * template object the kit prepared and the data it was bound to). Each template is then walked as
 * adaptivecards-templating walks it: a `$data` array repeats the object once per item with that item as
 * the scope (an empty array renders nothing, so its paths are not judged in that state), `$root` is the
 * builder's data, a bare path is read in the current scope, `$index` needs an array scope. A path that
 * is undefined or null in one state is fine when another realistic state resolves it in the same place
 * (a `$when`-hidden part, a list that is empty here); it fails when no recorded state resolves it, or
 * when no state renders it at all.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import * as templating from 'adaptivecards-templating';
import type { BarrierReport } from '../../bot/roundtable/barrier-register.js';
import { BARRIER_CATEGORIES, PHASE_KEYS, type PlanStep } from '../../bot/roundtable/types.js';
import { realisticView } from '../support/realistic-view.js';
import { Findings, type Json, pathsOf, TEMPLATES, templateFiles, walk } from '../support/template-paths.js';

const ROOT = resolve(__dirname, '..', '..');
const CARDS = join(ROOT, 'cards');

describe('card templates against their builders’ data (every ${path} resolves on a realistic roundtable)', () => {
  const expansions: { template: Json; data: Json }[] = [];
  const Template = templating.Template as unknown as {
    prepare(payload: Json): Json;
    prototype: { expand(context: { $root: Json }): Json; _preparedPayload?: Json };
  };
  const rawOf = new WeakMap<object, Json>();
  const originalPrepare = Template.prepare;
  const originalExpand = Template.prototype.expand;
  const savedModules = new Map<string, NodeJS.Module>();
  let depth = 0;

  before(() => {
    // The kit keeps prepared templates for the process: load fresh card modules so that every template
    // is prepared (and so recorded) here; the modules other test files loaded are put back afterwards.
    for (const [key, mod] of Object.entries(require.cache))
      if (key.startsWith(CARDS + sep) && mod) {
        savedModules.set(key, mod);
        delete require.cache[key];
      }
    Template.prepare = function (payload: Json) {
      depth++;
      try {
        const prepared = originalPrepare.call(this, payload);
        if (depth === 1 && prepared && typeof prepared === 'object') rawOf.set(prepared, payload);
        return prepared;
      } finally {
        depth--;
      }
    };
    Template.prototype.expand = function (this: { _preparedPayload?: Json }, context: { $root: Json }) {
      const raw = this._preparedPayload && rawOf.get(this._preparedPayload as object);
      if (raw) expansions.push({ template: structuredClone(raw), data: structuredClone(context.$root) });
      return originalExpand.call(this, context);
    };
  });

  after(() => {
    Template.prepare = originalPrepare;
    Template.prototype.expand = originalExpand;
    for (const key of Object.keys(require.cache)) if (key.startsWith(CARDS + sep)) delete require.cache[key];
    for (const [key, mod] of savedModules) require.cache[key] = mod;
  });

  it('every path of every template resolves in some realistic state, and every template is rendered', () => {
    renderEverything();
    assert.ok(expansions.length > 50, `rendered ${expansions.length} cards`);
    const found = new Findings();
    for (const { template, data } of expansions) walk(template, { data }, data, 'card', found);

    const neverResolved = [...found.byPlace].filter(([, ok]) => !ok).map(([place]) => place);
    const unrendered: string[] = [];
    for (const file of templateFiles()) {
      const name = relative(TEMPLATES, file);
      const strings: string[] = [];
      const collect = (n: Json): void => {
        if (typeof n === 'string') {
          if (n.includes('${')) strings.push(n);
        } else if (Array.isArray(n)) n.forEach(collect);
        else if (n && typeof n === 'object') Object.values(n).forEach(collect);
      };
      collect(JSON.parse(readFileSync(file, 'utf8')));
      for (const text of strings)
        for (const path of pathsOf(text)) {
          const key = `${text}\u0000${path}`;
          if (!found.seen.has(key)) unrendered.push(`${name}: ${path} in "${text}"`);
          else if (!found.resolved.has(key)) neverResolved.push(`${name}: ${path} in "${text}"`);
        }
    }
    assert.deepEqual(
      { neverResolved: [...new Set(neverResolved)], unrendered },
      { neverResolved: [], unrendered: [] },
    );
  });

  it('reads paths the way the templating engine does', () => {
    assert.deepEqual(pathsOf('${$root.interactive && !editable}'), ['$root.interactive', 'editable']);
    assert.deepEqual(pathsOf("${if(count(steps) == 0, 'none', more)}"), ['steps', 'more']);
    assert.deepEqual(pathsOf('Step ${number}: ${text}'), ['number', 'text']);
    const found = new Findings();
    const template = {
      body: [{ $data: '${rows}', text: '${name} ${$root.title} ${$index}', $when: '${show}' }],
    };
    const data = { title: 'T', rows: [{ name: 'a', show: true }, { name: 'b' }] };
    walk(template, { data }, data, 'card', found);
    assert.deepEqual([...found.byPlace].map(([p, ok]) => `${p.split(' | ').at(-1)}:${ok}`).sort(), [
      '$index:true',
      '$root.title:true',
      'name:true',
      'rows:true',
      'show:true',
    ]);
    const empty = new Findings();
    walk(template, { data: { title: 'T', rows: [] } }, { title: 'T', rows: [] }, 'card', empty);
    assert.deepEqual(
      [...empty.byPlace.keys()].map((p) => p.split(' | ').at(-1)),
      ['rows'],
    );
  });
});

/** The builders, loaded after the cache of card modules was cleared (fresh templates, recorded). */
function renderEverything(): void {
  const { phaseCard } = require('../../cards/phase-card.js') as typeof import('../../cards/phase-card.js');
  const { hasForm, phaseFormCard } =
    require('../../cards/phase-form.js') as typeof import('../../cards/phase-form.js');
  const { summaryCard } =
    require('../../cards/summary-card.js') as typeof import('../../cards/summary-card.js');
  const { statusCard } = require('../../cards/status-card.js') as typeof import('../../cards/status-card.js');
  const { myIdeasCard } =
    require('../../cards/my-ideas-card.js') as typeof import('../../cards/my-ideas-card.js');
  const { helpCard } = require('../../cards/help-card.js') as typeof import('../../cards/help-card.js');
  const { noticeCard } = require('../../cards/notice-card.js') as typeof import('../../cards/notice-card.js');
  const prep =
    require('../../cards/preparation-cards.js') as typeof import('../../cards/preparation-cards.js');
  const followUp =
    require('../../cards/follow-up-cards.js') as typeof import('../../cards/follow-up-cards.js');
  const programme =
    require('../../cards/programme-cards.js') as typeof import('../../cards/programme-cards.js');

  const notices = [
    undefined,
    { kind: 'info', text: 'Saved: idea added.' },
    { kind: 'error', text: 'Too long.' },
  ] as const;
  for (const phase of PHASE_KEYS) {
    for (const ended of [false, true]) {
      const view = realisticView(phase, { ended });
      for (const notice of notices) phaseCard({ ...view, ...(notice ? { notice } : {}) }, phase);
      phaseCard(view, phase, { readOnly: true });
      if (hasForm(phase)) {
        for (const notice of notices) phaseFormCard({ ...view, ...(notice ? { notice } : {}) }, phase);
        phaseFormCard(view, phase, { readOnly: true });
      }
      statusCard(view);
    }
  }
  // A follow-up roundtable's review phase: the previous plan's steps with their history, the rating history.
  const previous = realisticView('plan');
  const previousSteps = previous.contributions
    .filter((c): c is PlanStep => c.kind === 'step')
    .map((step, i) => ({
      ...step,
      updates: [
        {
          at: previous.now.toISOString(),
          by: step.owner,
          status: 'in-progress' as const,
          note: `Update ${i}`,
        },
      ],
    }));
  const review = {
    previous: { id: previous.roundtable.id, createdAt: previous.roundtable.createdAt },
    steps: previousSteps,
    children: ['J.T.', 'M.T.'],
    history: [
      { at: previous.now.toISOString(), occasion: 'roundtable' as const, ratings: { 'J.T.': 'fair' } },
    ],
    current: { 'J.T.': 'good' },
  };
  phaseCard({ ...realisticView('review'), review } as ReturnType<typeof realisticView>, 'review');
  // The Welcome card with invitations sent and answered.
  const welcome = realisticView('welcome');
  const invited = (i: number, status: 'invited' | 'confirmed' | 'declined') => ({
    id: `inv-${i}`,
    roundtableId: welcome.roundtable.id,
    caseAlias: 'J.T.',
    // The one who confirmed has joined (shown once, on the roster); the others are not here yet.
    person: i === 1 ? welcome.roundtable.roster[i]! : { id: `29:invitee-${i}`, name: `Invitee ${i}` },
    invitedBy: welcome.roundtable.startedBy,
    invitedAt: welcome.now.toISOString(),
    meetingAt: '2026-03-20 14:00',
    status,
  });
  phaseCard(
    { ...welcome, invitations: [invited(1, 'confirmed'), invited(2, 'invited'), invited(3, 'declined')] },
    'welcome',
  );
  summaryCard(realisticView('debrief', { ended: true }));
  summaryCard(realisticView('plan'));
  const plan = realisticView('plan');
  for (const person of plan.roundtable.roster.slice(0, 3)) myIdeasCard(realisticView('brainstorm'), person);
  helpCard([{ usage: 'next', description: 'Moves to the next phase' }]);
  helpCard(
    [
      {
        title: 'During the roundtable',
        commands: [{ usage: '@Roundtable next', description: 'Next phase' }],
      },
      { title: 'Any time', commands: [{ usage: '@Roundtable help', description: 'This list' }] },
    ],
    'Personal commands are in the 1:1 chat.',
  );
  noticeCard('Saved.', 'info');
  noticeCard('Not saved.', 'error');

  const me = plan.roundtable.roster[1]!;
  for (const notice of notices) {
    prep.preparationCard({ alias: 'J.T.', maxLength: 2000, ...(notice ? { notice } : {}) });
  }
  const invitation = {
    id: 'inv-1',
    roundtableId: plan.roundtable.id,
    caseAlias: 'J.T.',
    person: me,
    invitedBy: plan.roundtable.startedBy,
    invitedAt: plan.now.toISOString(),
    meetingAt: '2026-03-20 14:00',
    status: 'invited' as const,
  };
  prep.invitationCard(invitation, plan.roundtable);
  prep.invitationCard({ ...invitation, role: 'caseworker' } as typeof invitation, plan.roundtable);

  const steps = plan.contributions.filter((c): c is PlanStep => c.kind === 'step');
  const lines = steps.slice(0, 4).map((step, i) => ({
    step: i === 1 ? { ...step, status: 'blocked' as const, reason: 'Waiting for the court date' } : step,
    roundtable: plan.roundtable,
    overdueDays: i === 0 ? 3 : 0,
  }));
  for (const actionable of [true, false])
    followUp.stepsCard({
      heading: 'Your steps',
      intro: 'Steps you own',
      lines,
      list: 'mine',
      actionable,
      notice: { kind: 'info', text: 'Saved.' },
      myRoundtablesUrl: 'https://teams.microsoft.com/l/entity/app/my',
    });
  followUp.stepsCard({ heading: 'Team steps', lines, list: 'team', actionable: true });
  followUp.familyReviewCard({
    roundtable: { ...plan.roundtable, status: 'ended' },
    notice: { kind: 'info', text: 'Marked done: Hold a family team meeting.' },
  });
  followUp.stepsCard({
    heading: 'Your steps',
    lines: [],
    list: 'mine',
    actionable: false,
    emptyText: 'None.',
  });
  for (const myRoundtablesUrl of [undefined, 'https://teams.microsoft.com/l/entity/app/my'])
    followUp.reviewCard({
      roundtable: { ...plan.roundtable, status: 'ended' },
      plan: plan.plan,
      steps,
      children: ['J.T.', 'M.T.'],
      settings: plan.settings,
      notice: { kind: 'error', text: 'Choose an outcome.' },
      ...(myRoundtablesUrl ? { myRoundtablesUrl } : {}),
    });

  const now = plan.now.toISOString();
  const entries = [0, 1, 2].map((i) => ({
    id: `bar-${i}`,
    roundtableId: plan.roundtable.id,
    caseAlias: 'J.T.',
    category: 'policy' as const,
    text: 'Licensing takes 9 months',
    raisedAt: now,
    raisedBy: me.id,
    status: 'open' as const,
    notes: [{ at: now, by: me, note: 'Asked the licensing unit' }],
    source: 'brainstorm' as const,
    updatedAt: now,
  }));
  const report = {
    periods: [{ key: 'all', label: 'All time' }],
    counts: Object.fromEntries(BARRIER_CATEGORIES.map((c, i) => [c, { all: i }])),
    totals: { all: 3 },
    byStatus: { open: 3, escalated: 0, 'in-progress': 0, resolved: 0 },
    oldestOpen: entries,
    openCount: 3,
  } as unknown as BarrierReport;
  programme.barriersCard({
    report,
    leaders: [me],
    heading: 'Barrier register',
    notice: { kind: 'info', text: 'Noted.' },
  });
  programme.barriersCard({ report: { ...report, oldestOpen: [], openCount: 0 }, leaders: [] });
  for (const alias of ['J.T.', undefined])
    programme.downloadCard({
      what: 'Case file',
      ...(alias ? { alias } : {}),
      linkTitle: 'Download',
      url: 'http://127.0.0.1/api/export?t=abc',
      expiresAt: now,
    });
}
