// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the hostile fixtures are literal `${...}` text on purpose
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { initialPhases } from '../../bot/roundtable/phases.js';
import type { Invitation, SystemicBarrier } from '../../bot/roundtable/records.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import {
  BARRIER_CATEGORIES,
  type Contribution,
  type Person,
  PHASE_KEYS,
  ROLES,
  type RosterEntry,
  type Roundtable,
} from '../../bot/roundtable/types.js';
import type { CardView } from '../../cards/card-view.js';
import { FORM_REFRESH, INPUTS, PREPARATION_VERBS, VERBS } from '../../cards/contract.js';
import { helpCard } from '../../cards/help-card.js';
import { type AdaptiveCard, cardBytes, expand, MAX_CARD_BYTES } from '../../cards/kit.js';
import { myIdeasCard } from '../../cards/my-ideas-card.js';
import { noticeCard } from '../../cards/notice-card.js';
import { phaseCard } from '../../cards/phase-card.js';
import { FORM_PHASES, phaseFormCard } from '../../cards/phase-form.js';
import { invitationCard, preparationCard } from '../../cards/preparation-cards.js';
import { statusCard } from '../../cards/status-card.js';
import { summaryCard } from '../../cards/summary-card.js';

// `require('adaptivecards')` fails on Node 20 (its lib build uses extensionless ESM imports); the dist bundle works.
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

type Json = Record<string, unknown>;
const NOW = new Date('2025-03-10T15:00:00.000Z');
const VERB_SET = new Set<string>(Object.values(VERBS));
/** Verbs of the 1:1 cards before the roundtable (their data carries no phase or revision). */
const ONE_TO_ONE_VERBS = new Set<string>(Object.values(PREPARATION_VERBS));

// ---------------------------------------------------------------------------------------------
// Fixtures

const HOSTILE_SHORT = [
  '${roundtable.id}',
  '${$root}',
  'before ${$root.act.next} after',
  '<script>alert("x")</script><b>bold</b>',
  '**bold** _it_ [link](https://evil.example) # h1',
  'مرحبا \u202Eevil\u202C zero\u200Bwidth 👨‍👩‍👧 ﷽',
  '{{DATE(2017-02-14T06:08:39Z, SHORT)}} `code` \\n "quotes"',
];
const LONG = `\${roundtable.id} \${$root} <script>x</script> **md** ${'x'.repeat(2000)}`.slice(0, 2000);
const EMOJI_LONG = '👶'.repeat(1000);
const WITHDRAWN = 'WITHDRAWN-SECRET';

function at(minutes: number): string {
  return new Date(NOW.getTime() - (10000 - minutes) * 60000).toISOString();
}

function person(i: number, hostile: boolean): Person {
  const name = hostile ? `${HOSTILE_SHORT[i % HOSTILE_SHORT.length]} #${i}` : `Person ${i} Example`;
  return { id: `29:user-${i}`, name, aadObjectId: `aad-${i}` };
}

interface Options {
  hostile?: boolean;
  anonymous?: boolean;
  ended?: boolean;
  phaseIndex?: number;
  notice?: CardView['notice'];
  noSummary?: boolean;
  practice?: boolean;
}

function hostileText(i: number): string {
  if (i < HOSTILE_SHORT.length) return HOSTILE_SHORT[i]!;
  return i % 3 === 0 ? EMOJI_LONG : i % 3 === 1 ? LONG : `${HOSTILE_SHORT[i % HOSTILE_SHORT.length]} ${i}`;
}

/** A full roundtable with roster, contributions of every kind, a plan and a case summary. */
function makeView(o: Options = {}): CardView {
  const h = o.hostile === true;
  const rosterSize = h ? 70 : 6;
  const roster: RosterEntry[] = Array.from({ length: rosterSize }, (_, i) => ({
    ...person(i, h),
    role: ROLES[i % ROLES.length]!,
    joinedAt: at(i),
  }));
  const rtId = 'rt-0001';
  let seq = 0;
  const base = (kind: Contribution['kind'], i: number, text: string) => ({
    id: `${kind}-${i}`,
    roundtableId: rtId,
    author: person(i % rosterSize, h),
    text,
    createdAt: at(seq++),
    updatedAt: at(seq),
  });
  const text = (i: number, normal: string) => (h ? hostileText(i) : normal);
  const contributions: Contribution[] = [];
  const n = (normal: number, hostile: number) => (h ? hostile : normal);
  for (let i = 0; i < n(4, 100); i++)
    contributions.push({ ...base('fact', i, text(i, `Fact ${i}: placed with aunt`)), kind: 'fact' });
  for (let i = 0; i < n(5, 200); i++) {
    contributions.push({
      ...base('question', i, text(i, `Question ${i}: when did dad last visit?`)),
      kind: 'question',
    });
    if (i % 2 === 0) {
      contributions.push({
        ...base('answer', i, text(i + 1, `Answer to ${i}: in January`)),
        kind: 'answer',
        questionId: `question-${i}`,
      });
    }
  }
  const questions = DEFAULT_SETTINGS.questions;
  for (let i = 0; i < n(12, 500); i++) {
    contributions.push({
      ...base('idea', i, text(Math.floor(i / questions.length), `Idea ${i}: search for paternal relatives`)),
      kind: 'idea',
      questionKey: questions[i % questions.length]!.key,
      barrier: i % 4 === 0 ? BARRIER_CATEGORIES[i % BARRIER_CATEGORIES.length] : undefined,
    });
  }
  for (let i = 0; i < 6; i++) {
    contributions.push({
      ...base('idea', 1000 + i, `${WITHDRAWN}-${i} \${$root}`),
      kind: 'idea',
      questionKey: questions[i % questions.length]!.key,
      withdrawn: true,
    });
  }
  for (let i = 0; i < n(4, 60); i++) {
    contributions.push({
      ...base('step', i, text(i, `Step ${i}: hold a family team meeting`)),
      kind: 'step',
      owner: person(i % rosterSize, h),
      dueDate: '2025-04-01',
      // Older steps hold free text; newer ones a roster person.
      supporter:
        i % 2 === 0 ? text(i + 2, 'Supervisor') : i % 4 === 1 ? person((i + 1) % rosterSize, h) : undefined,
      ideaId: i === 0 ? 'idea-4' : undefined,
      status: 'not-started',
      proposed: i % 3 === 1 ? true : undefined,
    });
  }
  for (let i = 0; i < n(4, 40); i++) {
    contributions.push({
      ...base('debrief', i, text(i, `Debrief ${i}: good energy`)),
      kind: 'debrief',
      prompt: i % 2 === 0 ? 'went-well' : 'change',
    });
  }
  const phases = initialPhases(DEFAULT_SETTINGS).map((p, i) => ({
    ...p,
    visited: i <= (o.phaseIndex ?? 3),
    spentMs: i < (o.phaseIndex ?? 3) ? p.plannedMinutes * 60000 : 0,
    enteredAt: i === (o.phaseIndex ?? 3) ? at(9990) : undefined,
    timerEndsAt: i === (o.phaseIndex ?? 3) ? at(10005) : undefined,
  }));
  const roundtable: Roundtable = {
    id: rtId,
    caseAlias: h ? 'J.D. ${$root} <b>x</b>' : 'J.D.',
    status: o.ended ? 'ended' : 'active',
    phaseIndex: o.phaseIndex ?? 3,
    revision: 17,
    phases,
    startedBy: person(0, h),
    facilitatorIds: [person(0, h).id, person(1, h).id],
    roster,
    anonymous: o.anonymous === true,
    chat: { conversationId: 'conv-1', serviceUrl: 'https://smba.example', reference: {} },
    cardIds: {},
    createdAt: at(0),
    endedAt: o.ended ? at(9999) : undefined,
    practice: o.practice === true ? true : undefined,
  };
  const barrierIdeas = contributions.filter((c) => c.kind === 'idea' && c.barrier && !c.withdrawn);
  const barriers: SystemicBarrier[] = barrierIdeas.map((idea, i) => ({
    id: `barrier-${idea.id}`,
    roundtableId: rtId,
    ideaId: idea.id,
    caseAlias: roundtable.caseAlias,
    category: 'policy',
    text: idea.text,
    raisedBy: idea.author,
    answer:
      i % 3 === 0
        ? { kind: 'solved-now', decision: text(i, 'Waiver granted'), by: person(4, h), at: at(i) }
        : i % 3 === 1
          ? {
              kind: 'needs-decision',
              owner: person(4, h),
              dueDate: '2025-05-01',
              by: person(4, h),
              at: at(i),
            }
          : { kind: 'not-a-barrier', by: person(4, h), at: at(i) },
    inRegister: i % 3 === 1,
    registerStatus: 'open',
    practice: false,
    createdAt: at(i),
    updatedAt: at(i),
  }));
  const invitations: Invitation[] = Array.from({ length: h ? 70 : 3 }, (_, i) => ({
    id: `inv-${i}`,
    roundtableId: rtId,
    caseAlias: roundtable.caseAlias,
    person: person(i, h),
    invitedBy: person(0, h),
    invitedAt: at(i),
    meetingAt: '2025-03-20 14:00',
    status: (['invited', 'confirmed', 'declined', 'unreachable'] as const)[i % 4]!,
  }));
  const field = (normal: string, i: number) => (h ? (i % 2 === 0 ? EMOJI_LONG : LONG) : normal);
  const children = h
    ? Array.from({ length: 12 }, (_, i) => ({
        alias: `${HOSTILE_SHORT[i % HOSTILE_SHORT.length]} ${i}`,
        age: i,
      }))
    : [
        { alias: 'J.D.', age: 12 },
        { alias: 'A.D.', age: 9 },
      ];
  return {
    roundtable,
    contributions,
    caseSummary: o.noSummary
      ? undefined
      : {
          children,
          timeInCare: field('4 years', 0),
          placement: field('Group home since 2023', 1),
          legalStatus: field('TPR granted for mother', 2),
          currentGoal: field('Adoption', 3),
          connections: field('Aunt in Ohio, former teacher', 4),
          strengths: field('Loves soccer, good at school', 5),
          needs: field('Trauma therapy', 6),
          tried: field('Two adoptive recruitments', 7),
          updatedBy: person(1, h),
          updatedAt: at(5),
        },
    plan: {
      primaryGoal: 'adoption',
      concurrentGoal: 'guardianship',
      ratings: { [children[0]!.alias]: 'fair' },
      draft: true,
    },
    settings: DEFAULT_SETTINGS,
    now: NOW,
    notice: o.notice,
    barriers,
    invitations,
    preparation: {
      caseAlias: roundtable.caseAlias,
      preparedBy: person(1, h),
      youthLiving: field('With my aunt in Ohio', 0),
      youthMatters: field('My sister and my coach', 1),
      family: field('Aunt is willing', 2),
      stakeholders: h ? HOSTILE_SHORT[0]! : '',
      summary: {
        children,
        timeInCare: field('4 years', 0),
        placement: field('Group home', 1),
        legalStatus: '',
        currentGoal: '',
        connections: '',
        strengths: '',
        needs: '',
        tried: field('Recruitment', 7),
      },
      createdAt: at(1),
      updatedAt: at(2),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Checks

function walk(node: unknown, visit: (o: Json, path: string) => void, path = '$'): void {
  if (Array.isArray(node)) {
    for (const [i, n] of node.entries()) walk(n, visit, `${path}[${i}]`);
  } else if (typeof node === 'object' && node !== null) {
    visit(node as Json, path);
    for (const [k, v] of Object.entries(node)) walk(v, visit, `${path}.${k}`);
  }
}

function strings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const n of node) strings(n, out);
  else if (typeof node === 'object' && node !== null) for (const v of Object.values(node)) strings(v, out);
  return out;
}

const V15 = new AC.Version(1, 5);
/** Teams renders these in 1.5 cards (the people picker's `choices.data`, REAL-TEAMS.md); the library files them under 1.6. */
const TEAMS_EXTENSIONS = ['choices.data'];

function schemaNames(
  obj: InstanceType<typeof AC.SerializableObject>,
): Map<string, InstanceType<typeof AC.Version>> {
  const schema = obj.getSchema();
  const names = new Map<string, InstanceType<typeof AC.Version>>();
  for (let i = 0; i < schema.getCount(); i++) {
    const p = schema.getItemAt(i);
    names.set(p.name, p.targetVersion);
  }
  return names;
}

function instanceFor(
  o: Json,
  key: string | undefined,
): InstanceType<typeof AC.SerializableObject> | undefined {
  const type = o.type;
  if (type === 'AdaptiveCard') return new AC.AdaptiveCard();
  if (type === 'TextRun') return new AC.TextRun();
  if (type === 'Column') return new AC.Column();
  if (typeof type === 'string') {
    return (
      AC.GlobalRegistry.elements.createInstance(type, V15) ??
      AC.GlobalRegistry.actions.createInstance(type, V15)
    );
  }
  if (key === 'refresh') return new AC.RefreshDefinition();
  if (key === 'choices') return new AC.Choice();
  if (key === 'facts') return new AC.Fact();
  return undefined;
}

/** Collections the library parses by hand (not through its property schema). */
const COLLECTIONS: Record<string, string[]> = {
  AdaptiveCard: ['body', 'actions'],
  Container: ['items'],
  Column: ['items'],
  ColumnSet: ['columns'],
  RichTextBlock: ['inlines'],
  ActionSet: ['actions'],
  'Action.ShowCard': ['card'],
};

/** Every property of every card object must be known to the library's 1.5 schema. */
function unknownProperties(card: Json): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, key: string | undefined, path: string) => {
    if (Array.isArray(node)) {
      for (const [i, n] of node.entries()) visit(n, key, `${path}[${i}]`);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const o = node as Json;
    const inst = instanceFor(o, key);
    if (!inst) {
      problems.push(`${path}: cannot tell what object this is`);
      return;
    }
    const names = schemaNames(inst);
    for (const [k, v] of Object.entries(o)) {
      if (k === 'type' || k === '$schema') continue;
      if (COLLECTIONS[String(o.type)]?.includes(k)) {
        visit(v, k, `${path}.${k}`);
        continue;
      }
      const version = names.get(k);
      if (!version) problems.push(`${path}.${k}: unknown property of ${String(o.type ?? key)}`);
      else if (version.compareTo(V15) > 0 && !TEAMS_EXTENSIONS.includes(k))
        problems.push(`${path}.${k}: needs schema ${version.toString()}`);
      if (k === 'data' || k === 'userIds' || TEAMS_EXTENSIONS.includes(k)) continue;
      if (typeof v === 'object' && v !== null) visit(v, k, `${path}.${k}`);
    }
  };
  visit(card, undefined, '$');
  return problems;
}

interface Checked {
  textRuns: string[];
  textBlocks: string[];
  inputIds: string[];
  actions: Json[];
}

/** Validates a card with the adaptivecards library and the house rules; returns what it found. */
function check(card: AdaptiveCard, label: string, opts: { oneToOne?: boolean } = {}): Checked {
  const ctx = new AC.SerializationContext(V15);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, ctx);
  const events = Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message).filter(
    (m) => !TEAMS_EXTENSIONS.some((k) => m.startsWith(`Property "${k}" is supported in version 1.6`)),
  );
  assert.deepEqual(events, [], `${label}: parse events`);
  const validation = parsed.validateProperties();
  // Teams' people picker: a ChoiceSet whose choices come from its Data.Query has no static ones (static choices
  // are added to the query's results: every member would show twice). The library knows no Data.Query.
  const queried = JSON.stringify(card).includes('"choices.data":{"type":"Data.Query"');
  assert.deepEqual(
    validation.validationEvents
      .map((e) => e.message)
      .filter((m) => !(queried && m === 'An Input.ChoiceSet must have at least one choice defined.')),
    [],
    `${label}: validation failures`,
  );
  assert.deepEqual(unknownProperties(card), [], `${label}: unknown properties`);
  assert.equal(card.version, '1.5', `${label}: version`);
  assert.equal(card.type, 'AdaptiveCard');
  const size = cardBytes(card);
  assert.ok(size < MAX_CARD_BYTES, `${label}: ${size} bytes`);
  const found: Checked = { textRuns: [], textBlocks: [], inputIds: [], actions: [] };
  const elementIds = new Set<string>();
  walk(card, (o) => {
    if (typeof o.id === 'string' && typeof o.type === 'string' && !o.type.startsWith('Action.')) {
      assert.ok(!elementIds.has(o.id), `${label}: element id ${o.id} is unique`);
      elementIds.add(o.id);
    }
  });
  walk(card, (o, path) => {
    const type = o.type;
    if (type === 'TextRun') found.textRuns.push(String(o.text));
    if (type === 'TextBlock') found.textBlocks.push(String(o.text));
    if (typeof type === 'string' && type.startsWith('Input.')) found.inputIds.push(String(o.id));
    if (type === 'Action.ShowCard') return; // opens a form inside the card; its own actions are checked
    if (type === 'Action.ToggleVisibility') {
      // Folds a form or list away and back (no round trip to the bot); its targets exist in the card.
      const targets = (o.targetElements as unknown[]) ?? [];
      assert.ok(targets.length > 0, `${label} ${path}: toggles something`);
      for (const t of targets) assert.ok(elementIds.has(String(t)), `${label} ${path}: target ${String(t)}`);
      return;
    }
    if (type === 'Action.OpenUrl') {
      // A Teams deep link only ("Schedule in Teams": Teams' own meeting form, #25); never another site.
      assert.match(
        String(o.url),
        /^https:\/\/teams\.microsoft\.com\/l\//,
        `${label} ${path}: a Teams deep link`,
      );
      return;
    }
    if (typeof type === 'string' && type.startsWith('Action.')) {
      assert.equal(
        type,
        'Action.Execute',
        `${label} ${path}: only Action.Execute, a Teams link (or ToggleVisibility)`,
      );
      const data = o.data as Json;
      if (opts.oneToOne) {
        assert.ok(ONE_TO_ONE_VERBS.has(String(o.verb)), `${label} ${path}: verb ${String(o.verb)}`);
        assert.match(String(data.nonce), /^[0-9a-f-]{36}$/, `${label} ${path}: data.nonce`);
        found.actions.push(o);
        return;
      }
      assert.ok(VERB_SET.has(String(o.verb)), `${label} ${path}: verb ${String(o.verb)}`);
      assert.equal(typeof data.rt, 'string', `${label} ${path}: data.rt`);
      assert.equal(typeof data.phase, 'string', `${label} ${path}: data.phase`);
      assert.equal(typeof data.rev, 'number', `${label} ${path}: data.rev`);
      assert.match(
        String(data.nonce),
        /^[A-Za-z0-9_-]{16}$/,
        `${label} ${path}: data.nonce (96 random bits)`,
      );
      found.actions.push(o);
    }
  });
  for (const t of found.textBlocks) {
    assert.ok(!t.includes('${'), `${label}: TextBlock with user text: ${t.slice(0, 80)}`);
    assert.ok(
      !/<script|\*\*bold\*\*|evil|#\d/.test(t),
      `${label}: TextBlock with user text: ${t.slice(0, 80)}`,
    );
  }
  assert.ok(!JSON.stringify(card).includes(WITHDRAWN), `${label}: withdrawn idea shown`);
  return found;
}

function userStrings(view: CardView): string[] {
  const all = new Set<string>();
  const add = (s: string | undefined) => {
    if (s) all.add(s);
  };
  add(view.roundtable.caseAlias);
  for (const r of view.roundtable.roster) add(r.name);
  for (const c of view.contributions) {
    add(c.text);
    add(c.author.name);
    if (c.kind === 'step') {
      add(c.owner.name);
      add(typeof c.supporter === 'string' ? c.supporter : c.supporter?.name);
    }
  }
  if (view.caseSummary) for (const s of strings(view.caseSummary)) add(s);
  if (view.notice) add(view.notice.text);
  if (view.preparation) for (const s of strings(view.preparation)) add(s);
  for (const b of view.barriers ?? []) for (const s of strings(b)) add(s);
  for (const i of view.invitations ?? []) for (const s of strings(i)) add(s);
  return [...all];
}

/** Every string that carries `${` is user text, verbatim or cut with an ellipsis — never expanded. */
function assertUserTextIntact(card: AdaptiveCard, view: CardView, label: string): void {
  const user = userStrings(view);
  for (const s of strings(card)) {
    if (!s.includes('${')) continue;
    const ok = user.some(
      (u) => s === u || (s.endsWith('…') && u.startsWith(s.slice(0, -1))) || s.includes(u),
    );
    assert.ok(ok, `${label}: string with \${ not from user text: ${s.slice(0, 120)}`);
  }
}

const ALL_CARDS = (view: CardView, readOnly: boolean): [string, AdaptiveCard][] => [
  ...PHASE_KEYS.map((p): [string, AdaptiveCard] => [p, phaseCard(view, p, { readOnly })]),
  ...FORM_PHASES.map((p): [string, AdaptiveCard] => [`${p} form`, phaseFormCard(view, p, { readOnly })]),
  ['summary', summaryCard(view)],
  ['my-ideas', myIdeasCard(view, view.roundtable.startedBy)],
  ['status', statusCard(view)],
];

// ---------------------------------------------------------------------------------------------

describe('cards', () => {
  describe('the validity check itself', () => {
    it('catches duplicate input ids, unknown elements and unknown properties', () => {
      const broken: AdaptiveCard = {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          { type: 'Input.Text', id: 'same' },
          { type: 'Input.Text', id: 'same' },
        ],
      };
      assert.throws(() => check(broken, 'broken'), /validation failures/);
      const unknownType = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Nope' }] };
      assert.throws(() => check(unknownType, 'unknown type'), /parse events/);
      const unknownProp = {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlock', text: 'x', colour: 'red' }],
      };
      assert.throws(() => check(unknownProp, 'unknown prop'), /unknown properties/);
      const submit = {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlock', text: 'x' }],
        actions: [{ type: 'Action.Submit', title: 'x' }],
      };
      assert.throws(() => check(submit, 'submit'), /only Action.Execute/);
    });
  });

  describe('expand', () => {
    it('binds user text as data: ${...} in a value stays text', () => {
      const out = expand(
        { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${a}', id: 'x ${b}' }] },
        { a: '${$root} ${b}', b: '${a}' },
      );
      assert.deepEqual(out.body, [{ type: 'TextBlock', text: '${$root} ${b}', id: 'x ${a}' }]);
    });
  });

  for (const hostile of [false, true]) {
    describe(hostile ? 'hostile data' : 'normal data', function () {
      this.timeout(60000);
      for (const readOnly of [false, true]) {
        for (const anonymous of [false, true]) {
          for (const notice of [
            undefined,
            { kind: 'error' as const, text: 'Only facilitators can move phases. ${x}' },
          ]) {
            const label = `${readOnly ? 'read-only' : 'live'}, anonymous ${anonymous ? 'on' : 'off'}${notice ? ', notice' : ''}`;
            it(`every card is valid: ${label}`, () => {
              const view = makeView({ hostile, anonymous, notice });
              for (const [name, card] of ALL_CARDS(view, readOnly)) {
                const l = `${name} (${label})`;
                const found = check(card, l);
                assertUserTextIntact(card, view, l);
                if (PHASE_KEYS.includes(name as never) && readOnly) {
                  assert.equal(found.actions.length, 0, `${l}: actions on a read-only card`);
                  assert.equal(found.inputIds.length, 0, `${l}: inputs on a read-only card`);
                  assert.equal(card.refresh, undefined, `${l}: refresh on a read-only card`);
                  assert.ok(found.textRuns.some((t) => t.startsWith('This phase is closed')));
                }
                if (notice && PHASE_KEYS.includes(name as never)) {
                  assert.ok(found.textRuns.includes(notice.text), `${l}: notice text`);
                  assert.ok(JSON.stringify(card).includes('"style":"attention"'), `${l}: attention banner`);
                }
              }
            });
          }
        }
      }

      it('ended roundtable: every phase card is closed, summary and status have no actions', () => {
        const view = makeView({ hostile, ended: true });
        for (const [name, card] of ALL_CARDS(view, false)) {
          const found = check(card, `${name} ended`);
          assert.equal(found.actions.length, 0, `${name}: actions after end`);
          assert.equal(found.inputIds.length, 0, `${name}: inputs after end`);
          if (PHASE_KEYS.includes(name as never))
            assert.ok(found.textRuns.includes('This roundtable has ended'));
        }
      });

      it('without a case summary', () => {
        const view = makeView({ hostile, noSummary: true });
        check(phaseCard(view, 'present'), 'present without summary');
        check(phaseCard(view, 'plan'), 'plan without summary');
        check(summaryCard(view), 'summary without summary');
      });

      it('notice and help cards', () => {
        for (const text of hostile ? [...HOSTILE_SHORT, LONG, EMOJI_LONG] : ['Saved.']) {
          for (const kind of ['info', 'error'] as const) {
            const found = check(noticeCard(text, kind), `notice ${kind}`);
            assert.ok(
              found.textRuns.some((t) => t === text || (t.endsWith('…') && text.startsWith(t.slice(0, -1)))),
            );
          }
        }
        const commands = Array.from({ length: hostile ? 300 : 8 }, (_, i) => ({
          usage: `cmd${i} ${hostile ? '${x}' : '<phase>'}`,
          description: hostile ? LONG : `Does thing ${i}`,
        }));
        check(helpCard(commands), 'help');
      });
    });
  }

  describe('content', () => {
    const view = makeView();
    const hostileView = makeView({ hostile: true });

    it('hostile user text appears verbatim in TextRuns on the cards that show it', () => {
      const runs = (card: AdaptiveCard) => check(card, 'hostile').textRuns;
      const cards = [
        phaseCard(hostileView, 'present'),
        phaseCard(hostileView, 'clarify'),
        phaseCard(hostileView, 'brainstorm'),
        phaseCard(hostileView, 'plan'),
        phaseCard(hostileView, 'debrief'),
      ];
      for (const card of cards) {
        const r = runs(card);
        const header = (card.body as Json[])[0] as Json;
        assert.ok(strings(header).includes(hostileView.roundtable.caseAlias), 'alias verbatim in header');
        const expressions = HOSTILE_SHORT.filter((x) => x.includes('${'));
        assert.ok(
          r.some((t) => expressions.includes(t)),
          `no \${...} user text verbatim in ${strings(header).join('')}`,
        );
      }
      const brainstorm = runs(phaseCard(hostileView, 'brainstorm'));
      for (const s of HOSTILE_SHORT.slice(0, 6)) assert.ok(brainstorm.includes(s), `brainstorm shows ${s}`);
    });

    it('lists are trimmed with "…and N more"', () => {
      const card = phaseCard(hostileView, 'brainstorm');
      const more = strings(card).filter((s) => /^…and \d+ more$/.test(s));
      assert.equal(more.length, 5);
      const clarify = phaseCard(hostileView, 'clarify');
      assert.ok(strings(clarify).some((s) => /^…and \d+ more$/.test(s)));
      // Answers are typed in the form: a question chosen from the list (capped like the card's).
      const form = check(phaseFormCard(hostileView, 'clarify'), 'clarify form');
      assert.ok(form.inputIds.includes(INPUTS.answerQuestion));
    });

    it('welcome: agenda with minutes and total, roster, facilitators, join', () => {
      const card = phaseCard(view, 'welcome', {});
      const found = check(card, 'welcome');
      const all = strings(card);
      assert.ok(all.includes('Agenda (Total: 120 min): '));
      assert.ok(all.some((t) => t.includes('Permanency Action Plan 25 · Debrief 10')));
      assert.ok(found.textRuns.includes('Person 2 Example'));
      assert.ok(found.textRuns.includes('Person 0 Example, Person 1 Example'));
      assert.deepEqual(found.inputIds, ['role', 'rolePerson', 'roleAssigned']);
      const join = found.actions.find((a) => a.verb === VERBS.join);
      assert.ok(join);
      const header = (card.body as Json[])[0] as Json;
      assert.equal(
        strings(header).join(''),
        'RichTextBlockTextRunPermanency RoundtableBolderAccentTextRun · BolderAccentTextRunJ.D.BolderAccentTextRun · Phase 1 of 6: Welcome and overviewBolderAccent',
      );
    });

    it('phase cards carry refresh, Back/Next/Status and data of this rendering', () => {
      const a = phaseCard(view, 'clarify');
      const b = phaseCard(view, 'clarify');
      const refresh = a.refresh as { action: Json; userIds: string[] };
      assert.equal(refresh.action.verb, VERBS.refresh);
      // Refresh only for the facilitators: each listed client invokes the bot on every edit of the card.
      assert.deepEqual(refresh.userIds, view.roundtable.facilitatorIds);
      assert.ok(refresh.userIds.length < view.roundtable.roster.length);
      // Everyone else's view is the shared card, edited a few seconds after changes: the brainstorm says so.
      assert.match(
        JSON.stringify(phaseCard(view, 'brainstorm').body),
        /updates for everyone a few seconds after/,
      );
      const data = refresh.action.data as Json;
      assert.equal(data.rt, 'rt-0001');
      assert.equal(data.phase, 'clarify');
      assert.equal(data.rev, 17);
      assert.notEqual(data.nonce, ((b.refresh as { action: Json }).action.data as Json).nonce);
      assert.deepEqual(
        (a.actions as Json[]).map((x) => x.verb),
        [VERBS.join, VERBS.back, VERBS.next, VERBS.status],
      );
      const hostileRefresh = phaseCard(hostileView, 'welcome').refresh as { userIds: string[] };
      assert.ok(hostileRefresh.userIds.length <= 60);
      assert.deepEqual(
        hostileRefresh.userIds,
        [...new Set(hostileView.roundtable.facilitatorIds)].slice(0, 60),
      );
      const welcome = phaseCard(makeView({ phaseIndex: 0 }), 'welcome');
      assert.deepEqual(
        (welcome.actions as Json[]).map((x) => x.verb),
        [VERBS.next, VERBS.status],
      );
    });

    it('clarify: answers are typed in the form (a question chosen), never on the shared card', () => {
      const found = check(phaseCard(view, 'clarify'), 'clarify');
      assert.equal(found.actions.filter((a) => a.verb === VERBS.answer).length, 0);
      assert.equal(found.inputIds.length, 0, 'the shared card has no typing boxes');
      assert.ok(found.textRuns.includes('Answer to 0: in January'));
      const form = check(phaseFormCard(view, 'clarify'), 'clarify form');
      const answer = form.actions.find((a) => a.verb === VERBS.answer);
      assert.ok(answer, 'the form has Answer');
      assert.equal((answer.data as Json).target, undefined);
      assert.ok(form.inputIds.includes(INPUTS.answerQuestion) && form.inputIds.includes(INPUTS.answerText));
      const questions = view.contributions
        .filter((c) => c.kind === 'question' && !c.withdrawn)
        .map((c) => c.id);
      const json = JSON.stringify(phaseFormCard(view, 'clarify'));
      for (const id of questions) assert.ok(json.includes(`"value":"${id}"`), `question ${id} is a choice`);
      const refresh = form.actions.find((a) => a.verb === VERBS.refresh);
      assert.equal(
        (refresh?.data as Json | undefined)?.target,
        FORM_REFRESH,
        'Show new questions redraws the form',
      );
    });

    it('brainstorm: questions, counts, barrier badge, authors unless anonymous', () => {
      const named = check(phaseCard(view, 'brainstorm'), 'brainstorm');
      const anon = check(phaseCard(makeView({ anonymous: true }), 'brainstorm'), 'brainstorm anon');
      const authors = view.contributions.filter((c) => c.kind === 'idea').map((c) => c.author.name);
      assert.ok(authors.some((a) => named.textRuns.includes(a)));
      for (const a of authors) assert.ok(!anon.textRuns.includes(a), `anonymous shows ${a}`);
      const anonJson = JSON.stringify(phaseCard(makeView({ anonymous: true }), 'brainstorm'));
      // Barrier busters answer barriers under their own name (a waiver must be attributable); anonymity covers idea authors.
      const busters = new Set(
        view.roundtable.roster.filter((r) => r.role === 'barrier-buster').map((r) => r.name),
      );
      for (const a of new Set(authors))
        assert.ok(busters.has(a) || !anonJson.includes(a), `anonymous card names ${a}`);
      assert.ok(named.textRuns.some((t) => t.startsWith(' ⚑ Systemic barrier: ')));
      assert.ok(named.textRuns.includes(' (latest 2 of 3 ideas shown)'));
      // The list card (redrawn for everyone) has no idea box: it is in the form message beside it.
      assert.deepEqual(
        named.inputIds.filter((id) => !id.startsWith('barrier')),
        [],
      );
      const form = check(phaseFormCard(view, 'brainstorm'), 'brainstorm form');
      // One idea box with a question chooser and the barrier flag (not one box per question).
      assert.deepEqual(
        form.inputIds.filter((id) => id.startsWith('idea')),
        [INPUTS.ideaQuestion, INPUTS.ideaText, INPUTS.ideaBarrier],
      );
      const chooser = JSON.stringify(phaseFormCard(view, 'brainstorm'));
      for (const q of DEFAULT_SETTINGS.questions) assert.ok(chooser.includes(`"value":"${q.key}"`), q.key);
      const toggle = named.actions.find((a) => a.verb === VERBS.anonymous);
      assert.equal((toggle!.data as Json).target, 'on');
      assert.ok(form.actions.some((a) => a.verb === VERBS.myIdeas));
      assert.equal(form.actions.filter((a) => a.verb === VERBS.idea).length, 1);
    });

    it('plan: draft marker, goals, rating per child, steps with remove, add-step form', () => {
      const card = phaseCard(view, 'plan');
      const found = check(card, 'plan');
      const all = strings(card);
      assert.ok(all.includes('DRAFT — to be reviewed with the youth and family'));
      // Per-step change inputs and barrier answer inputs are checked in the 'around the roundtable' tests below.
      assert.deepEqual(
        found.inputIds.filter((id) => !/^(stepEdit|barrier)/.test(id)),
        [
          'primaryGoal',
          'concurrentGoal',
          'rating_0',
          'rating_1',
          'stepText',
          'stepOwner',
          'stepDue',
          'stepSupporter',
          'stepIdea',
          'stepPick',
          'stepNewOwner',
          'stepNewDue',
        ],
      );
      const removes = found.actions
        .filter((a) => a.verb === VERBS.stepRemove)
        .map((a) => (a.data as Json).target);
      assert.deepEqual(removes, ['step-0', 'step-1', 'step-2', 'step-3']);
      const noKids = makeView({ noSummary: true });
      const one = check(phaseCard(noKids, 'plan'), 'plan no kids');
      assert.deepEqual(
        one.inputIds.filter((i) => i.startsWith('rating_')),
        ['rating_0'],
      );
      assert.ok(one.textRuns.includes('J.D.'));
    });

    it('present: alias warning, saved summary, pre-filled form, facts', () => {
      const card = phaseCard(view, 'present');
      const found = check(card, 'present');
      assert.ok(strings(card).includes("Use the case alias or initials only — never a child's full name."));
      assert.ok(found.textRuns.includes('Group home since 2023'));
      const formCard = phaseFormCard(view, 'present');
      const form = check(formCard, 'present form');
      const children = JSON.stringify(formCard).includes('"value":"J.D., 12\\nA.D., 9"');
      assert.ok(children, 'children pre-filled as lines');
      assert.deepEqual(found.inputIds, [], 'the list card has no inputs');
      // Pre-filled from the preparation and not saved yet: folded behind "Check and confirm" (cards were 2,424 px).
      const unsaved = JSON.stringify(phaseFormCard(makeView({ noSummary: true }), 'present'));
      assert.match(unsaved, /"title":"Check and confirm the case summary"/);
      assert.match(unsaved, /"id":"summaryForm","isVisible":false|"isVisible":false[^}]*"id":"summaryForm"/);
      assert.ok(form.inputIds.includes('factText') && form.inputIds.includes('caseTried'));
      assert.ok(found.textRuns.includes('Fact 0: placed with aunt'));
    });

    it('debrief: the fidelity count only (the list is on the plan summary), end button, end confirmation', () => {
      const found = check(phaseCard(view, 'debrief'), 'debrief');
      assert.ok(!found.textRuns.includes('✓ ') && !found.textRuns.includes('✗ '), 'no fidelity list here');
      assert.match(strings(phaseCard(view, 'debrief')).join('\n'), /Fidelity check: \d+ of \d+ met/);
      const summary = check(summaryCard(view), 'summary');
      assert.ok(
        summary.textRuns.includes('✓ ') || summary.textRuns.includes('✗ '),
        'the list is on the summary',
      );
      assert.ok(found.actions.some((a) => a.verb === VERBS.end));
      const confirm = makeView();
      confirm.roundtable.endRequestedAt = NOW.toISOString();
      const c = check(phaseCard(confirm, 'debrief'), 'debrief confirm');
      assert.ok(c.actions.some((a) => a.verb === VERBS.endConfirm));
      assert.ok(!c.actions.some((a) => a.verb === VERBS.end));
    });

    it("my ideas: only the viewer's live ideas, with edit boxes and Save / Withdraw", () => {
      const viewer = person(0, false);
      const found = check(myIdeasCard(view, viewer), 'my ideas');
      const mine = view.contributions.filter(
        (c) => c.kind === 'idea' && !c.withdrawn && c.author.id === viewer.id,
      );
      assert.deepEqual(
        found.inputIds,
        mine.map((c) => `ideaEdit_${c.id}`),
      );
      assert.equal(found.actions.filter((a) => a.verb === VERBS.ideaEdit).length, mine.length);
      assert.equal(found.actions.filter((a) => a.verb === VERBS.ideaWithdraw).length, mine.length);
    });

    it('summary and status', () => {
      const s = summaryCard(view);
      const found = check(s, 'summary');
      assert.equal(found.actions.length, 0);
      assert.equal(s.refresh, undefined);
      const all = strings(s);
      assert.ok(all.includes('Ideas: 12 across 5 of 5 questions'));
      assert.ok(all.some((x) => x.startsWith('Systemic barriers: 3 (')));
      assert.ok(found.textRuns.includes('Step 3: hold a family team meeting'));
      const st = statusCard(view);
      const sf = check(st, 'status');
      const sa = strings(st);
      assert.ok(sa.includes('Now: Phase 4 of 6: Brainstorm'));
      assert.ok(sa.includes('Timer: 5 min left'));
      assert.ok(sa.includes('20 of 20 min'));
      assert.deepEqual(
        sf.actions.filter((a) => a.verb === VERBS.go).map((a) => (a.data as Json).target),
        ['1', '2', '3', '4', '5', '6'],
      );
    });
  });
  describe('around the roundtable', () => {
    for (const hostile of [false, true]) {
      const label = hostile ? 'hostile' : 'normal';
      it(`PRACTICE is on every card of a practice roundtable (${label})`, () => {
        const view = makeView({ hostile, practice: true });
        for (const [name, card] of [...ALL_CARDS(view, false), ...ALL_CARDS(view, true)]) {
          const found = check(card, `${name} practice`);
          assert.ok(
            found.textRuns.some((t) => t.startsWith('PRACTICE roundtable on a fictional case')),
            `${name}: PRACTICE banner`,
          );
        }
        for (const [name, card] of ALL_CARDS(makeView({ hostile }), false)) {
          assert.ok(
            !JSON.stringify(card).includes('PRACTICE roundtable'),
            `${name}: banner on a real roundtable`,
          );
        }
      });

      it(`youth voice, barrier answers, proposals and invitations render validly (${label})`, () => {
        const view = makeView({ hostile });
        const brainstorm = check(phaseCard(view, 'brainstorm'), 'brainstorm');
        assert.ok(brainstorm.textRuns.some((t) => t.startsWith('Barrier busters (')));
        for (const verb of [VERBS.barrierSolved, VERBS.barrierDecision, VERBS.barrierNone]) {
          assert.ok(
            brainstorm.actions.some((a) => a.verb === verb),
            `brainstorm: ${verb}`,
          );
        }
        const voiceRuns = check(phaseCard(view, 'present'), 'present').textRuns;
        assert.ok(voiceRuns.includes('Where and with whom the youth wants to live: '));
        const plan = check(phaseCard(view, 'plan'), 'plan');
        assert.ok(plan.actions.some((a) => a.verb === VERBS.stepAccept));
        assert.ok(plan.textRuns.some((t) => t.startsWith('PROPOSAL by ')));
        const welcome = phaseCard(view, 'welcome');
        check(welcome, 'welcome');
        // Invitees on the roster are shown there, once, with their role (counted as here), the others as invited.
        assert.match(JSON.stringify(welcome), /Invited: \d+ · confirmed: \d+ · here: \d+/);
        const summary = check(summaryCard(view), 'summary');
        assert.ok(summary.textRuns.includes(' · PROPOSAL, not accepted'));
      });

      it(`the preparation and invitation cards are valid 1:1 cards (${label})`, () => {
        const view = makeView({ hostile });
        const prep = view.preparation!;
        for (const draft of [undefined, prep]) {
          const card = preparationCard({ alias: view.roundtable.caseAlias, draft, maxLength: 1000 });
          const found = check(card, 'preparation', { oneToOne: true });
          assertUserTextIntact(card, view, 'preparation');
          assert.ok(found.actions.some((a) => a.verb === PREPARATION_VERBS.save));
          if (!hostile)
            assert.ok(found.inputIds.includes('prepYouthLiving') && found.inputIds.includes('caseTried'));
        }
        for (const inv of view.invitations!.slice(0, 4)) {
          const card = invitationCard(inv, view.roundtable, { kind: 'info', text: 'Thank you' });
          const found = check(card, 'invitation', { oneToOne: true });
          assert.deepEqual(
            found.actions.map((a) => a.verb),
            [PREPARATION_VERBS.confirm, PREPARATION_VERBS.decline],
          );
        }
      });
    }
  });
});
