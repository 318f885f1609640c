/**
 * Adaptive Cards: the one template expansion function and the typed card builders.
 * Templates live in cards/templates/*.json; builders turn domain objects into the data the
 * templates bind to. User text is only ever data, never template, so `${...}` in it stays text.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import type { SystemicBarrier } from '../bot/roundtable/barrier-busting.js';
import { fidelityCheck } from '../bot/roundtable/fidelity.js';
import type { PreviousPlanReview } from '../bot/roundtable/followup-roundtable.js';
import type { Invitation } from '../bot/roundtable/invitations.js';
import {
  currentPhase,
  PHASE_INFO,
  phaseNumber,
  skippedPhases,
  spentMs,
  timeLeftMs,
} from '../bot/roundtable/phases.js';
import type { Preparation } from '../bot/roundtable/preparation.js';
import {
  type ActionPlan,
  type AgencySettings,
  BARRIER_CATEGORIES,
  type BarrierCategory,
  type BrainstormIdea,
  type CaseSummary,
  type Contribution,
  PERMANENCY_GOALS,
  type PermanencyGoal,
  type Person,
  PHASE_KEYS,
  type PhaseKey,
  ROLES,
  type Role,
  type Roundtable,
} from '../bot/roundtable/types.js';
import {
  answerLine,
  answerTitle,
  barrierSection,
  invitationData,
  PRACTICE_BANNER,
  preparedSummaryNote,
  stepOwnership,
  voiceData,
} from './around-the-roundtable.js';
import { type CardActionData, INPUTS } from './contract.js';
import { STEP_STATUS_LABELS } from './labels.js';
import { reviewPhaseData } from './review-phase.js';

/** Everything a card is rendered from. */
export interface CardView {
  roundtable: Roundtable;
  contributions: Contribution[];
  caseSummary?: CaseSummary;
  plan: ActionPlan;
  settings: AgencySettings;
  now: Date;
  notice?: { kind: 'info' | 'error'; text: string };
  /** The youth and family voice and case facts prepared before the roundtable (shown once its preparer joined). */
  preparation?: Preparation;
  /** Barrier busters' answers, by idea. */
  barriers?: SystemicBarrier[];
  invitations?: Invitation[];
  /** A follow-up roundtable: the previous plan and the permanency status history (review phase). */
  review?: PreviousPlanReview;
}

export type AdaptiveCard = Record<string, unknown>;
type Data = Record<string, unknown>;

/** Teams rejects cards larger than this (serialized, in bytes). */
export const MAX_CARD_BYTES = 28 * 1024;

/** Refresh is sent to at most this many users (a Teams limit). */
const MAX_REFRESH_USERS = 60;

export const ROLE_LABELS: Record<Role, string> = {
  facilitator: 'Facilitator',
  caseworker: 'Caseworker',
  supervisor: 'Supervisor',
  'master-practitioner': 'Master practitioner / permanency consultant',
  'barrier-buster': 'Barrier buster (regional / central office, legal, leadership)',
  scribe: 'Scribe',
  other: 'Other participant',
};

export const GOAL_LABELS: Record<PermanencyGoal, string> = {
  reunification: 'Reunification',
  adoption: 'Adoption',
  guardianship: 'Guardianship (incl. permanent managing conservatorship with a relative)',
  'relative-placement': 'Permanent placement with a relative',
  appla: 'Another planned permanent living arrangement (APPLA)',
};

export const BARRIER_LABELS: Record<BarrierCategory, string> = {
  policy: 'Policy',
  legal: 'Legal',
  funding: 'Funding',
  practice: 'Practice',
  resources: 'Resources',
  other: 'Other',
};

export { STEP_STATUS_LABELS };

// ---------------------------------------------------------------------------------------------
// Templates

/** The project runs as CommonJS (botbuilder is CommonJS), so the folder comes from __dirname. */
const TEMPLATE_DIR = join(__dirname, 'templates');

function loadJson(name: string): Data {
  return JSON.parse(readFileSync(join(TEMPLATE_DIR, `${name}.json`), 'utf8')) as Data;
}

const SHARED = loadJson('_shared') as { header: unknown[]; refresh: Data; facilitatorActions: unknown[] };

type CardName = PhaseKey | 'summary' | 'my-ideas' | 'status' | 'help' | 'notice';

/** Merges the shared header (and, for phase cards, refresh and facilitator buttons) into a template. */
function compose(name: CardName): Data {
  const card = loadJson(name);
  const body = (card.body as unknown[]) ?? [];
  if (name === 'notice') return card;
  const merged: Data = { ...card, body: [...SHARED.header, ...body] };
  if ((PHASE_KEYS as readonly string[]).includes(name)) {
    merged.refresh = SHARED.refresh;
    merged.actions = [...SHARED.facilitatorActions, ...((card.actions as unknown[]) ?? [])];
  }
  return merged;
}

const CARD_NAMES: CardName[] = [...PHASE_KEYS, 'summary', 'my-ideas', 'status', 'help', 'notice'];
const TEMPLATES = new Map<CardName, Data>(CARD_NAMES.map((n) => [n, compose(n)]));

/** The composed template object of a card (shared header merged in), for tests and tools. */
export function cardTemplate(name: CardName): Data {
  const t = TEMPLATES.get(name);
  if (!t) throw new Error(`no card template ${name}`);
  return t;
}

/**
 * Expands a template object with a data object, exactly once. Never pass a JSON string built
 * from data: values are bound as data, so user text containing `${...}` stays text.
 */
export function expand(template: object, data: Data): AdaptiveCard {
  let prepared = PREPARED.get(template);
  if (!prepared) {
    prepared = new Template(template);
    PREPARED.set(template, prepared);
  }
  const expanded: unknown = prepared.expand({ $root: data });
  return prune(expanded) as AdaptiveCard;
}

/**
 * Templates parsed once: `new Template()` parses every `${...}` of the payload (the costly part);
 * `expand` then only binds data, synchronously, so one instance serves every rendering.
 */
const PREPARED = new WeakMap<object, Template>();

/** Drops what `$when` left behind: null properties, empty action lists and empty ActionSets. */
function prune(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(prune).filter((n) => n !== null && !isEmptyActionSet(n));
  }
  if (typeof node !== 'object' || node === null) return node;
  const out: Data = {};
  for (const [key, value] of Object.entries(node as Data)) {
    if (value === null || value === undefined) continue;
    const pruned = prune(value);
    if (key === 'actions' && Array.isArray(pruned) && pruned.length === 0) continue;
    out[key] = pruned;
  }
  return out;
}

function isEmptyActionSet(n: unknown): boolean {
  if (typeof n !== 'object' || n === null) return false;
  const o = n as Data;
  return o.type === 'ActionSet' && (!Array.isArray(o.actions) || o.actions.length === 0);
}

/** Serialized size of a card in bytes (what the 28 KB limit is measured on). */
export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

// ---------------------------------------------------------------------------------------------
// Size budget: render, measure, reduce list limits (and, as a last resort, long texts), re-render.

export interface Limits {
  /** Items shown per list. */
  items: number;
  /** Answer boxes on the clarify card. */
  boxes: number;
  /** Characters of user text shown per item. */
  text: number;
  /** Pre-fill inputs with saved text (case summary, my ideas). */
  prefill: boolean;
}

const LEVELS: Limits[] = [
  { items: 40, boxes: 10, text: 2000, prefill: true },
  { items: 20, boxes: 8, text: 2000, prefill: true },
  { items: 10, boxes: 5, text: 1000, prefill: true },
  { items: 6, boxes: 3, text: 500, prefill: true },
  { items: 4, boxes: 2, text: 300, prefill: true },
  { items: 2, boxes: 1, text: 160, prefill: true },
  { items: 1, boxes: 1, text: 80, prefill: true },
  { items: 1, boxes: 1, text: 60, prefill: false },
];

/**
 * The level that fitted last time, per card: a roundtable's brainstorm card grows idea by idea, so
 * it is the best first guess, and saves re-rendering a large card level by level on every change.
 * The result is the same as scanning from the loosest level (size falls as levels tighten): from
 * the guess, a fit is loosened while it still fits, a miss is tightened until it fits.
 * A cache only: losing it costs time, never correctness.
 */
const fittedLevel = new Map<string, number>();

function fitToSize(
  build: (limits: Limits) => AdaptiveCard,
  fallback: () => AdaptiveCard,
  cacheKey?: string,
): AdaptiveCard {
  const fits = (level: number) => {
    const card = build(LEVELS[level] as Limits);
    return cardBytes(card) < MAX_CARD_BYTES ? card : undefined;
  };
  const remember = (level: number) => {
    if (!cacheKey) return;
    if (fittedLevel.size > 2000) fittedLevel.clear();
    fittedLevel.set(cacheKey, level);
  };
  let level = cacheKey ? (fittedLevel.get(cacheKey) ?? 0) : 0;
  let card = fits(level);
  if (card) {
    while (level > 0) {
      const looser = fits(level - 1);
      if (!looser) break;
      card = looser;
      level--;
    }
    remember(level);
    return card;
  }
  for (level++; level < LEVELS.length; level++) {
    card = fits(level);
    if (card) {
      remember(level);
      return card;
    }
  }
  return fallback();
}

/** Shortens user text to `max` code points, marking the cut with an ellipsis. */
export function cap(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, Math.max(1, max - 1)).join('')}…`;
}

export interface Trimmed<T> {
  shown: T[];
  more: { show: boolean; text: string };
}

export function trim<T>(items: T[], limit: number): Trimmed<T> {
  const shown = items.slice(0, Math.max(0, limit));
  const rest = items.length - shown.length;
  return { shown, more: { show: rest > 0, text: `…and ${rest} more` } };
}

// ---------------------------------------------------------------------------------------------
// Shared data

export function actionData(rt: Roundtable, phase: PhaseKey, nonce: string, target?: string): CardActionData {
  const data: CardActionData = { rt: rt.id, phase, rev: rt.revision, nonce };
  if (target !== undefined) data.target = target;
  return data;
}

function live<K extends Contribution['kind']>(
  all: Contribution[],
  kind: K,
): Extract<Contribution, { kind: K }>[] {
  return all
    .filter((c): c is Extract<Contribution, { kind: K }> => c.kind === kind && !c.withdrawn)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

function noticeData(notice: CardView['notice'], limits: Limits): Data {
  if (!notice) return { show: false, text: '', style: 'default', color: 'Default' };
  const error = notice.kind === 'error';
  return {
    show: true,
    text: cap(notice.text, limits.text),
    style: error ? 'attention' : 'emphasis',
    color: error ? 'Attention' : 'Default',
  };
}

function facilitatorNames(rt: Roundtable, limits: Limits): string {
  const names = new Map<string, string>([[rt.startedBy.id, rt.startedBy.name]]);
  for (const id of rt.facilitatorIds) {
    const entry = rt.roster.find((r) => r.id === id);
    if (!names.has(id)) names.set(id, entry?.name ?? 'co-facilitator');
  }
  const { shown, more } = trim([...names.values()], limits.items);
  const list = shown.map((n) => cap(n, 80)).join(', ');
  return more.show ? `${list} ${more.text}` : list;
}

function refreshUserIds(rt: Roundtable): string[] {
  return [...new Set(rt.roster.map((r) => r.id))].slice(0, MAX_REFRESH_USERS);
}

interface Base {
  phase: PhaseKey;
  interactive: boolean;
  title: string;
  closedText?: string;
}

/** Root data every card shares: header, notice, closed line, action data, limits. */
function baseData(view: CardView, base: Base, nonce: string, limits: Limits): Data {
  const rt = view.roundtable;
  const act = (target?: string) => actionData(rt, base.phase, nonce, target);
  return {
    header: {
      hasAlias: true,
      alias: cap(rt.caseAlias, Math.min(limits.text, 80)),
      title: base.title,
      practice: rt.practice === true,
      practiceText: PRACTICE_BANNER,
      timer: phaseTimer(view, base.interactive),
    },
    notice: noticeData(view.notice, limits),
    closed: { show: base.closedText !== undefined, text: base.closedText ?? '' },
    interactive: base.interactive,
    maxLength: view.settings.maxTextLength,
    refreshUserIds: refreshUserIds(rt),
    canBack: rt.phaseIndex > 0,
    canNext: rt.phaseIndex < rt.phases.length - 1,
    act: {
      refresh: act(),
      back: act(),
      next: act(),
      status: act(),
      join: act(),
      caseSave: act(),
      fact: act(),
      question: act(),
      myIdeas: act(),
      anonymous: act(rt.anonymous ? 'off' : 'on'),
      goals: act(),
      step: act(),
      debrief: act(),
      reviewRatings: act(),
      end: act(),
      endConfirm: act(),
    },
  };
}

function phaseTitle(rt: Roundtable, phase: PhaseKey): string {
  return `Phase ${phaseNumber(rt, phase)} of ${rt.phases.length}: ${PHASE_INFO[phase].title}`;
}

function minutes(ms: number): number {
  return Math.round(ms / 60000);
}

function isoDate(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

function choices<T extends string>(
  keys: readonly T[],
  labels: Record<T, string>,
): { title: string; value: string }[] {
  return keys.map((k) => ({ title: labels[k], value: k }));
}

// ---------------------------------------------------------------------------------------------
// Phase bodies

type PhaseData = (view: CardView, limits: Limits, nonce: string) => Data;

const welcomeData: PhaseData = (view, limits) => {
  const rt = view.roundtable;
  const roster = trim(rt.roster, limits.items);
  return {
    agenda: rt.phases.map((p, i) => ({
      label: `${i + 1}. ${PHASE_INFO[p.key].title}`,
      minutes: `${p.plannedMinutes} min`,
    })),
    totalMinutes: rt.phases.reduce((sum, p) => sum + p.plannedMinutes, 0),
    facilitators: facilitatorNames(rt, limits),
    rosterCount: rt.roster.length,
    roster: roster.shown.map((r) => ({
      name: cap(r.name, Math.min(limits.text, 120)),
      roleLabel: ROLE_LABELS[r.role],
    })),
    rosterMore: roster.more,
    roleChoices: choices(ROLES, ROLE_LABELS),
    ...invitationData(view.invitations, rt, limits),
  };
};

const SUMMARY_FIELDS = [
  ['timeInCare', 'Time in care'],
  ['placement', 'Placement'],
  ['legalStatus', 'Legal status'],
  ['currentGoal', 'Current permanency goal'],
  ['connections', 'Important connections'],
  ['strengths', 'Strengths'],
  ['needs', 'Needs'],
  ['tried', 'What has been tried'],
] as const;

function childLines(summary: Pick<CaseSummary, 'children'> | undefined): string {
  return (summary?.children ?? [])
    .map((c) => (c.age === undefined ? c.alias : `${c.alias}, ${c.age}`))
    .join('\n');
}

function summaryRows(summary: CaseSummary | undefined, limits: Limits): { label: string; value: string }[] {
  if (!summary) return [];
  const rows: { label: string; value: string }[] = [];
  const children = childLines(summary).replace(/\n/g, '; ');
  if (children) rows.push({ label: 'Children', value: cap(children, limits.text) });
  for (const [key, label] of SUMMARY_FIELDS) {
    const value = summary[key];
    if (value) rows.push({ label, value: cap(value, limits.text) });
  }
  return rows;
}

function summaryForm(
  summary: Omit<CaseSummary, 'updatedBy' | 'updatedAt'> | undefined,
  limits: Limits,
): Data {
  const s = limits.prefill ? summary : undefined;
  const form: Data = { show: limits.prefill || !summary, children: childLines(s) };
  for (const [key] of SUMMARY_FIELDS) form[key] = s?.[key] ?? '';
  return form;
}

const presentData: PhaseData = (view, limits) => {
  const s = view.caseSummary;
  const facts = live(view.contributions, 'fact');
  const shown = trim(facts, limits.items);
  return {
    hasSummary: s !== undefined,
    summaryRows: summaryRows(s, limits),
    summaryBy: s ? cap(s.updatedBy.name, 80) : '',
    summaryAt: isoDate(s?.updatedAt),
    form: summaryForm(s ?? view.preparation?.summary, limits),
    prepNote: preparedSummaryNote(view),
    voice: voiceData(view.preparation, limits),
    factCount: facts.length,
    facts: shown.shown.map((f) => ({ author: cap(f.author.name, 80), text: cap(f.text, limits.text) })),
    factsMore: shown.more,
  };
};

const clarifyData: PhaseData = (view, limits, nonce) => {
  const rt = view.roundtable;
  const questions = live(view.contributions, 'question');
  const answers = live(view.contributions, 'answer');
  const answersOf = (id: string) => answers.filter((a) => a.questionId === id);
  const unanswered = questions.filter((q) => answersOf(q.id).length === 0);
  const ordered = [...unanswered, ...questions.filter((q) => answersOf(q.id).length > 0)];
  const shown = trim(ordered, limits.items);
  const perQuestion = Math.max(1, Math.ceil(limits.items / 4));
  return {
    questionCount: questions.length,
    unansweredCount: unanswered.length,
    questions: shown.shown.map((q, i) => {
      const a = trim(answersOf(q.id), perQuestion);
      return {
        text: cap(q.text, limits.text),
        author: cap(q.author.name, 80),
        answerCount: a.shown.length,
        answers: a.shown.map((x) => ({ text: cap(x.text, limits.text), author: cap(x.author.name, 80) })),
        answersMore: a.more,
        hasBox: i < limits.boxes,
        inputId: `${INPUTS.answerPrefix}${q.id}`,
        answerData: actionData(rt, 'clarify', nonce, q.id),
      };
    }),
    questionsMore: shown.more,
  };
};

const brainstormData: PhaseData = (view, limits, nonce) => {
  const rt = view.roundtable;
  const ideas = live(view.contributions, 'idea');
  return {
    anonymousLine: rt.anonymous
      ? 'Anonymous mode is on: ideas are shown without names.'
      : 'Ideas are shown with the name of who added them.',
    anonymousToggleTitle: rt.anonymous ? 'Anonymous mode: on (turn off)' : 'Anonymous mode: off (turn on)',
    barrierChoices: [
      { title: 'Not a systemic barrier', value: 'none' },
      ...choices(BARRIER_CATEGORIES, BARRIER_LABELS),
    ],
    voice: voiceData(view.preparation, limits, 200),
    ...barrierSection(view, 'brainstorm', ideas, limits, nonce),
    questions: view.settings.questions.map((q, i) => {
      const mine = ideas.filter((idea) => idea.questionKey === q.key);
      const shown = trim(mine, limits.items);
      return {
        number: i + 1,
        text: q.text,
        countLabel: mine.length === 1 ? '1 idea' : `${mine.length} ideas`,
        ideas: shown.shown.map((idea) =>
          ideaRow(
            idea,
            rt.anonymous,
            limits,
            view.barriers?.find((b) => b.ideaId === idea.id),
          ),
        ),
        ideasMore: shown.more,
        textInputId: `${INPUTS.ideaTextPrefix}${q.key}`,
        barrierInputId: `${INPUTS.ideaBarrierPrefix}${q.key}`,
        addData: actionData(rt, 'brainstorm', nonce, q.key),
      };
    }),
  };
};

function ideaRow(idea: BrainstormIdea, anonymous: boolean, limits: Limits, answer?: SystemicBarrier): Data {
  const line = idea.barrier ? answerTitle(answer) : '';
  return {
    hasAnswer: line !== '',
    answerLine: line ? ` → ${line}` : '',
    text: cap(idea.text, limits.text),
    hasAuthor: !anonymous,
    author: anonymous ? '' : cap(idea.author.name, 80),
    hasBarrier: idea.barrier !== undefined,
    barrierLabel: idea.barrier ? BARRIER_LABELS[idea.barrier] : '',
  };
}

function ratingRows(view: CardView, limits: Limits): Trimmed<Data> {
  const children = view.caseSummary?.children.length
    ? view.caseSummary.children.map((c) => c.alias)
    : [view.roundtable.caseAlias];
  const scale = view.settings.ratingScale;
  const rows = children.map((alias, i) => {
    const value = view.plan.ratings[alias] ?? '';
    return {
      alias: cap(alias, Math.min(limits.text, 80)),
      value,
      ratingLabel: scale.find((r) => r.key === value)?.label ?? 'not rated yet',
      inputId: `${INPUTS.ratingPrefix}${i}`,
    };
  });
  return trim(rows, limits.items);
}

function stepRows(view: CardView, limits: Limits, nonce: string, max: number): Trimmed<Data> {
  const steps = live(view.contributions, 'step');
  const rows = steps.map((s, i) => ({
    number: i + 1,
    text: cap(s.text, limits.text),
    owner: cap(s.owner.name, 80),
    due: s.dueDate || 'no due date',
    statusLabel: STEP_STATUS_LABELS[s.status],
    hasSupporter: Boolean(s.supporter),
    supporter: cap(s.supporter ?? '', 120),
    removeData: actionData(view.roundtable, 'plan', nonce, s.id),
    ...stepOwnership(s),
    stepData: actionData(view.roundtable, 'plan', nonce, s.id),
    hasEdit: i < limits.boxes,
    editOwnerId: `${INPUTS.stepEditOwnerPrefix}${s.id}`,
    editDueId: `${INPUTS.stepEditDuePrefix}${s.id}`,
    ownerValue: s.owner.id,
    dueValue: s.dueDate,
  }));
  return trim(rows, max);
}

function goalLabel(goal: PermanencyGoal | undefined): string {
  return goal ? GOAL_LABELS[goal] : 'not set yet';
}

const planData: PhaseData = (view, limits, nonce) => {
  const { plan, roundtable: rt } = view;
  const ratings = ratingRows(view, limits);
  const steps = stepRows(view, limits, nonce, limits.items);
  const ideas = trim(live(view.contributions, 'idea'), limits.items * 2);
  const owners = [...new Map(rt.roster.map((r) => [r.id, r])).values()];
  return {
    draft: plan.draft,
    primaryGoal: plan.primaryGoal ?? '',
    concurrentGoal: plan.concurrentGoal ?? '',
    primaryGoalLabel: goalLabel(plan.primaryGoal),
    concurrentGoalLabel: goalLabel(plan.concurrentGoal),
    goalChoices: choices(PERMANENCY_GOALS, GOAL_LABELS),
    ratingChoices: view.settings.ratingScale.map((r) => ({ title: r.label, value: r.key })),
    ratings: ratings.shown,
    ratingsMore: ratings.more,
    stepCount: live(view.contributions, 'step').length,
    steps: steps.shown,
    stepsMore: steps.more,
    ownerChoices: owners.map((r) => ({ title: `${cap(r.name, 60)} · ${ROLE_LABELS[r.role]}`, value: r.id })),
    hasIdeaChoices: ideas.shown.length > 0,
    ideaChoices: ideas.shown.map((i) => ({ title: cap(i.text, Math.min(60, limits.text)), value: i.id })),
    ideaChoicesMore: { show: ideas.more.show, text: `${ideas.more.text} ideas not listed` },
    today: isoDate(view.now.toISOString()),
    ...barrierSection(view, 'plan', live(view.contributions, 'idea'), limits, nonce),
    familyReview: familyReviewLine(plan, limits),
  };
};

/** Whether the plan was reviewed with the youth and family (the end of its draft status). */
function familyReviewLine(plan: ActionPlan, limits: Limits): { show: boolean; text: string } {
  const r = plan.familyReview;
  return r
    ? {
        show: true,
        text: `Reviewed with the youth and family on ${r.date} (${cap(r.participants, 200)}). Changes agreed: ${cap(r.changes, limits.text)}`,
      }
    : { show: false, text: '' };
}

function fidelityRows(view: CardView, limits: Limits): Data {
  const items = fidelityCheck(view.roundtable, view.contributions, view.settings, view.now);
  return {
    fidelityOk: items.filter((i) => i.ok).length,
    fidelityTotal: items.length,
    fidelity: items.map((i) => ({
      mark: i.ok ? '✓' : '✗',
      color: i.ok ? 'Good' : 'Attention',
      label: i.label,
      detail: cap(i.detail, Math.max(limits.text, 200)),
    })),
  };
}

const debriefData: PhaseData = (view, limits) => {
  const answers = live(view.contributions, 'debrief');
  const row = (a: Contribution) => ({ text: cap(a.text, limits.text), author: cap(a.author.name, 80) });
  const wentWell = trim(
    answers.filter((a) => a.prompt === 'went-well'),
    limits.items,
  );
  const change = trim(
    answers.filter((a) => a.prompt === 'change'),
    limits.items,
  );
  const skipped = skippedPhases(view.roundtable).map((k) => PHASE_INFO[k].title);
  return {
    wentWellCount: answers.filter((a) => a.prompt === 'went-well').length,
    wentWell: wentWell.shown.map(row),
    wentWellMore: wentWell.more,
    changeCount: answers.filter((a) => a.prompt === 'change').length,
    change: change.shown.map(row),
    changeMore: change.more,
    ...fidelityRows(view, limits),
    endRequested: view.roundtable.endRequestedAt !== undefined,
    endWarning: skipped.length
      ? `These phases were skipped: ${skipped.join(', ')}. End the roundtable anyway?`
      : 'End the roundtable now?',
  };
};

const PHASE_DATA: Record<PhaseKey, PhaseData> = {
  welcome: welcomeData,
  present: presentData,
  clarify: clarifyData,
  review: (view, limits) =>
    reviewPhaseData(view.review, view.settings, limits.items, (t: string) => cap(t, limits.text)),
  brainstorm: brainstormData,
  plan: planData,
  debrief: debriefData,
};

// ---------------------------------------------------------------------------------------------
// Builders

function tooLargeCard(view: CardView, base: Base, nonce: string): AdaptiveCard {
  const data = baseData(view, base, nonce, LEVELS[LEVELS.length - 1] ?? LEVELS[0]!);
  data.notice = {
    show: true,
    text: 'This card has too much content to show in Teams (28 KB limit). Use the side panel to see everything.',
    style: 'attention',
    color: 'Attention',
  };
  const t = cardTemplate('notice');
  const template = { ...t, body: [...SHARED.header] } as Data;
  if (base.interactive && (PHASE_KEYS as readonly string[]).includes(base.phase)) {
    template.actions = SHARED.facilitatorActions;
  }
  return expand(template, data);
}

/** The card of one phase; `readOnly` (or an ended roundtable) shows content without inputs or actions. */
export function phaseCard(view: CardView, phase: PhaseKey, opts?: { readOnly?: boolean }): AdaptiveCard {
  const ended = view.roundtable.status === 'ended';
  const readOnly = ended || opts?.readOnly === true;
  const base: Base = {
    phase,
    interactive: !readOnly,
    title: phaseTitle(view.roundtable, phase),
    closedText: ended
      ? 'This roundtable has ended'
      : readOnly
        ? 'This phase is closed — the current card is further down the chat'
        : undefined,
  };
  const nonce = randomUUID();
  return fitToSize(
    (limits) =>
      expand(cardTemplate(phase), {
        ...baseData(view, base, nonce, limits),
        ...PHASE_DATA[phase](view, limits, nonce),
      }),
    () => tooLargeCard(view, base, nonce),
    `${view.roundtable.id}|${phase}|${readOnly}`,
  );
}

function barrierCounts(ideas: BrainstormIdea[]): string {
  const counts = BARRIER_CATEGORIES.map(
    (c) => [c, ideas.filter((i) => i.barrier === c).length] as const,
  ).filter(([, n]) => n > 0);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return 'Systemic barriers: none raised';
  return `Systemic barriers: ${total} (${counts.map(([c, n]) => `${BARRIER_LABELS[c].toLowerCase()} ${n}`).join(', ')})`;
}

/** The Permanency Action Plan summary posted at `end`; read-only. */
export function summaryCard(view: CardView): AdaptiveCard {
  const rt = view.roundtable;
  const base: Base = {
    phase: currentPhase(rt).key,
    interactive: false,
    title: 'Plan summary',
  };
  const nonce = randomUUID();
  const ideas = live(view.contributions, 'idea');
  const build = (limits: Limits) => {
    const ratings = ratingRows(view, limits);
    const steps = stepRows(view, limits, nonce, limits.items * 2);
    return expand(cardTemplate('summary'), {
      ...baseData(view, base, nonce, limits),
      draft: view.plan.draft,
      alias: cap(rt.caseAlias, Math.min(limits.text, 80)),
      endedLine: rt.endedAt
        ? `Roundtable ended ${isoDate(rt.endedAt)}`
        : `As of ${isoDate(view.now.toISOString())}`,
      primaryGoalLabel: goalLabel(view.plan.primaryGoal),
      concurrentGoalLabel: goalLabel(view.plan.concurrentGoal),
      ratings: ratings.shown,
      ratingsMore: ratings.more,
      stepCount: live(view.contributions, 'step').length,
      steps: steps.shown,
      stepsMore: steps.more,
      familyReview: familyReviewLine(view.plan, limits),
      barrierAnswers: trim(
        (view.barriers ?? []).filter((b) => ideas.some((i) => i.id === b.ideaId)),
        limits.items,
      ).shown.map((b) => ({ text: cap(b.text, limits.text), answer: answerLine(b, limits) })),
      ideasLine: `Ideas: ${ideas.length} across ${new Set(ideas.map((i) => i.questionKey)).size} of ${view.settings.questions.length} questions`,
      barriersLine: barrierCounts(ideas),
      ...fidelityRows(view, limits),
    });
  };
  return fitToSize(build, () => tooLargeCard(view, base, nonce));
}

/** A personal card listing the viewer's own ideas with an edit box and Save / Withdraw per idea. */
export function myIdeasCard(view: CardView, viewer: Person): AdaptiveCard {
  const rt = view.roundtable;
  const interactive = rt.status === 'active';
  const base: Base = { phase: 'brainstorm', interactive, title: 'My ideas' };
  const nonce = randomUUID();
  const mine = live(view.contributions, 'idea').filter((i) => i.author.id === viewer.id);
  const questionText = (key: string) => {
    const i = view.settings.questions.findIndex((q) => q.key === key);
    const q = view.settings.questions[i];
    return q ? `${i + 1}. ${q.text}` : 'Brainstorm';
  };
  const build = (limits: Limits) => {
    const shown = trim(mine, limits.items);
    return expand(cardTemplate('my-ideas'), {
      ...baseData(view, base, nonce, limits),
      viewer: cap(viewer.name, 80),
      ideaCount: mine.length,
      ideas: shown.shown.map((idea) => ({
        questionText: questionText(idea.questionKey),
        hasBarrier: idea.barrier !== undefined,
        barrierLabel: idea.barrier ? BARRIER_LABELS[idea.barrier] : '',
        editable: limits.prefill,
        text: limits.prefill ? idea.text : cap(idea.text, limits.text),
        inputId: `${INPUTS.ideaEditPrefix}${idea.id}`,
        editData: actionData(rt, 'brainstorm', nonce, idea.id),
        withdrawData: actionData(rt, 'brainstorm', nonce, idea.id),
      })),
      ideasMore: shown.more,
    });
  };
  return fitToSize(build, () => tooLargeCard(view, base, nonce));
}

const KIND_LABELS: [Contribution['kind'], string][] = [
  ['fact', 'Case facts'],
  ['question', 'Clarifying questions'],
  ['answer', 'Answers'],
  ['idea', 'Brainstorm ideas'],
  ['step', 'Plan steps'],
  ['debrief', 'Debrief answers'],
];

function timerLine(view: CardView): { timerLine: string; timerColor: string } {
  if (view.roundtable.status === 'ended')
    return { timerLine: 'The roundtable has ended.', timerColor: 'Default' };
  const left = timeLeftMs(view.roundtable, view.now);
  if (left === undefined) return { timerLine: 'No timer is running.', timerColor: 'Default' };
  if (left >= 0) return { timerLine: `Timer: ${minutes(left)} min left`, timerColor: 'Good' };
  return { timerLine: `Timer: over by ${minutes(-left)} min`, timerColor: 'Attention' };
}

/** The time box on the open phase card: a card cannot tick, so it says when it was counted. */
function phaseTimer(view: CardView, interactive: boolean): { show: boolean; text: string; color: string } {
  const left = view.roundtable.status === 'active' ? timeLeftMs(view.roundtable, view.now) : undefined;
  if (!interactive || left === undefined) return { show: false, text: '', color: 'Default' };
  return left >= 0
    ? {
        show: true,
        text: `Time box: ${minutes(left)} min left (when this card was last updated)`,
        color: 'Good',
      }
    : { show: true, text: `Time box: over by ${minutes(-left)} min`, color: 'Attention' };
}

/** "Jump to phase" buttons in rows of three (hosts allow five actions per set). */
function goActionRows(rt: Roundtable, current: PhaseKey, nonce: string): { actions: Data[] }[] {
  const actions = rt.phases.map((p, i) => ({
    title: `${i + 1}. ${PHASE_INFO[p.key].title}`,
    data: actionData(rt, current, nonce, String(i + 1)),
  }));
  return [{ actions: actions.slice(0, 3) }, { actions: actions.slice(3) }];
}

/** Where the roundtable stands: phase, time per phase, timer, counts, people. */
export function statusCard(view: CardView): AdaptiveCard {
  const rt = view.roundtable;
  const current = currentPhase(rt).key;
  const interactive = rt.status === 'active';
  const base: Base = { phase: current, interactive, title: 'Status' };
  const nonce = randomUUID();
  const ideas = live(view.contributions, 'idea');
  const build = (limits: Limits) =>
    expand(cardTemplate('status'), {
      ...baseData(view, base, nonce, limits),
      phaseLine: interactive ? `Now: ${phaseTitle(rt, current)}` : 'The roundtable has ended',
      ...timerLine(view),
      phases: rt.phases.map((p, i) => ({
        label: `${i === rt.phaseIndex && interactive ? '▶ ' : ''}${i + 1}. ${PHASE_INFO[p.key].title}`,
        value: p.visited
          ? `${minutes(spentMs(p, view.now))} of ${p.plannedMinutes} min`
          : `not started (${p.plannedMinutes} min planned)`,
      })),
      counts: [
        ...KIND_LABELS.map(([kind, label]) => ({
          label,
          value: String(live(view.contributions, kind).length),
        })),
        { label: 'Systemic barriers', value: String(ideas.filter((i) => i.barrier).length) },
      ],
      facilitators: facilitatorNames(rt, limits),
      rosterCount: rt.roster.length,
      goActionRows: goActionRows(rt, current, nonce),
    });
  return fitToSize(build, () => tooLargeCard(view, base, nonce));
}

/** The list of commands. */
export function helpCard(commands: { usage: string; description: string }[]): AdaptiveCard {
  const build = (limits: Limits) => {
    const shown = trim(commands, limits.items * 2);
    return expand(cardTemplate('help'), {
      header: { hasAlias: false, alias: '', title: 'Help' },
      notice: noticeData(undefined, limits),
      closed: { show: false, text: '' },
      interactive: false,
      commands: shown.shown.map((c) => ({
        usage: cap(c.usage, 200),
        description: cap(c.description, limits.text),
      })),
      commandsMore: shown.more,
    });
  };
  return fitToSize(build, () => noticeCard('The help text is too long to show.', 'error'));
}

/** A short message card; `error` shows it in the attention colour. */
export function noticeCard(text: string, kind: 'info' | 'error' = 'info'): AdaptiveCard {
  const error = kind === 'error';
  const build = (limits: Limits) =>
    expand(cardTemplate('notice'), {
      text: cap(text, limits.text),
      style: error ? 'attention' : 'emphasis',
      color: error ? 'Attention' : 'Default',
      weight: error ? 'Bolder' : 'Default',
    });
  return fitToSize(build, () => build({ items: 0, boxes: 0, text: 200, prefill: false }));
}
