/**
 * What every roundtable card shares: the view it is rendered from, the composed templates (shared
 * header, refresh and facilitator buttons merged in), the root data (header, notice, action data)
 * and the notice card shown when a card cannot fit.
 */

import { type Lang, REFERENCE_LANGUAGE, t } from '../bot/i18n/text.js';
import type { PreviousPlanReview } from '../bot/roundtable/follow-up-roundtable.js';
import { meetingTimeText } from '../bot/roundtable/meeting-time.js';
import { isScheduled, PHASE_INFO, phaseNumber, timeLeftMs } from '../bot/roundtable/phases.js';
import type { Invitation, Preparation, SystemicBarrier } from '../bot/roundtable/records.js';
import { roleRequests } from '../bot/roundtable/roles.js';
import {
  type ActionPlan,
  type AgencySettings,
  type CaseSummary,
  type Contribution,
  PHASE_KEYS,
  type PhaseKey,
  type Roundtable,
} from '../bot/roundtable/types.js';
import {
  type AdaptiveCard,
  actionData,
  cap,
  cardSentence,
  type Data,
  expand,
  type Limits,
  loadTemplate,
  TIGHTEST_LIMITS,
  trim,
} from './kit.js';
import { labelsIn } from './labels-in.js';
import { noticeLines } from './notice-lines.js';

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
  /**
   * The language the card is drawn in (#29 item 4): the reader's Teams locale for a card only they see (an answer,
   * a refresh, a 1:1 card), the agency's language for a card posted to the chat. Unset: English.
   */
  lang?: Lang;
}

/** The data a phase's own part of its card is built from. */
export type PhaseData = (view: CardView, limits: Limits, nonce: string) => Data;

/** Refresh is sent to at most this many users (a Teams limit). */
const MAX_REFRESH_USERS = 60;

// ---------------------------------------------------------------------------------------------
// Templates

/** The shared template parts: header, refresh, facilitator buttons. */
export const SHARED = loadTemplate('_shared') as {
  header: unknown[];
  refresh: Data;
  facilitatorActions: unknown[];
};

/** The roundtable cards with a template of their own. */
export type CardName = PhaseKey | 'summary' | 'my-ideas' | 'status' | 'help' | 'notice';

/** Merges the shared header (and, for phase cards, refresh and facilitator buttons) into a template. */
function compose(name: CardName): Data {
  const card = loadTemplate(name);
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
  const template = TEMPLATES.get(name);
  if (!template) throw new Error(`no card template ${name}`);
  return template;
}

// ---------------------------------------------------------------------------------------------
// Shared data

/** Live (not withdrawn) contributions of one kind, oldest first. */
export function live<K extends Contribution['kind']>(
  all: Contribution[],
  kind: K,
): Extract<Contribution, { kind: K }>[] {
  return all
    .filter((c): c is Extract<Contribution, { kind: K }> => c.kind === kind && !c.withdrawn)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** The notice banner's data (hidden without a notice). */
export function noticeData(notice: CardView['notice'], limits: Limits): Data {
  if (!notice) return { show: false, text: '', lines: [], style: 'default', color: 'Default' };
  const error = notice.kind === 'error';
  const text = cap(cardSentence(notice.text), limits.text);
  return {
    show: true,
    text,
    lines: noticeLines(text),
    style: error ? 'attention' : 'emphasis',
    color: 'Default', // the container style says it is an error: red text fails contrast in Teams dark
  };
}

/** The facilitators' names, in one line. */
export function facilitatorNames(rt: Roundtable, limits: Limits, lang: Lang = REFERENCE_LANGUAGE): string {
  const names = new Map<string, string>([[rt.startedBy.id, rt.startedBy.name]]);
  for (const id of rt.facilitatorIds) {
    const entry = rt.roster.find((r) => r.id === id);
    if (!names.has(id)) names.set(id, entry?.name ?? t(lang, 'meeting:card.coFacilitator'));
  }
  const { shown, more } = trim([...names.values()], limits.items, lang);
  const list = shown.map((n) => cap(n, 80)).join(', ');
  return more.show ? `${list} ${more.text}` : list;
}

/**
 * Who gets Teams' automatic refresh (every listed client invokes `refresh` on each edit of the card): the
 * facilitators, whose clients keep the running card current, and the people whose Teams is in another language
 * than the agency's (#29 item 4: their refresh draws the card in theirs); everyone else sees the shared card,
 * edited for all. Never the whole roster (60 invokes per idea), at most Teams' 60.
 */
function refreshUserIds(rt: Roundtable, agencyLanguage: string): string[] {
  const removed = new Set(rt.removedIds ?? []);
  const otherLanguage = rt.roster
    .filter((r) => r.lang && r.lang !== agencyLanguage && !removed.has(r.id))
    .map((r) => r.id);
  return [...new Set([...rt.facilitatorIds, ...otherLanguage])].slice(0, MAX_REFRESH_USERS);
}

/** What a card says about itself: its phase, whether it takes input, its title, its closed line. */
export interface Base {
  phase: PhaseKey;
  interactive: boolean;
  title: string;
  closedText?: string;
}

/** Root data every card shares: header, notice, closed line, action data, limits. */
export function baseData(view: CardView, base: Base, nonce: string, limits: Limits): Data {
  const rt = view.roundtable;
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const act = (target?: string) => actionData(rt, base.phase, nonce, target);
  return {
    lang,
    header: {
      hasAlias: true,
      alias: cap(rt.caseAlias, Math.min(limits.text, 80)),
      title: base.title,
      practice: rt.practice === true,
      practiceText: labelsIn(lang).practiceBanner(rt.deleteAfter),
      timer: phaseTimer(view, base.interactive),
    },
    notice: noticeData(view.notice, limits),
    closed: { show: base.closedText !== undefined, text: base.closedText ?? '' },
    interactive: base.interactive,
    maxLength: view.settings.maxTextLength,
    refreshUserIds: refreshUserIds(rt, view.settings.language ?? REFERENCE_LANGUAGE),
    canBack: rt.phaseIndex > 0,
    canNext: rt.phaseIndex < rt.phases.length - 1,
    /** Join on every phase card but the Welcome card (which has its own "Join as"). */
    showJoin: base.interactive && base.phase !== 'welcome',
    ...roleRequestData(rt, act, limits, lang),
    act: {
      joinParticipant: act('other'),
      refresh: act(),
      back: act(),
      next: act(),
      status: act(),
      join: act(),
      caseSave: act(),
      fact: act(),
      question: act(),
      myIdeas: act(),
      idea: act(),
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

/** Pending role requests, each with Confirm and Decline (a facilitator answers; the guard checks it). */
function roleRequestData(
  rt: Roundtable,
  act: (target?: string) => unknown,
  limits: Limits,
  lang: Lang,
): Data {
  const { shown, more } = trim(roleRequests(rt), limits.items, lang);
  const roles = labelsIn(lang).roles;
  return {
    hasRoleRequests: shown.length > 0,
    roleRequests: shown.map((r) => ({
      text: t(lang, 'meeting:card.roleRequest', { name: cap(r.name, 80), role: roles[r.requestedRole] }),
      confirm: act(r.id),
      decline: act(r.id),
    })),
    roleRequestsMore: more,
  };
}

/** A phase's name: the agency's practice word, in its own translation for the card's language if it has one. */
export function phaseName(view: Pick<CardView, 'settings'>, phase: PhaseKey): string {
  return view.settings.phaseNames?.[phase] ?? PHASE_INFO[phase].title;
}

/** "Phase 3 of 6: Clarify", in the card's language (the phase's name is the practice word). */
export function phaseTitle(view: CardView, phase: PhaseKey): string {
  const rt = view.roundtable;
  return t(view.lang ?? REFERENCE_LANGUAGE, 'meeting:card.phaseTitle', {
    number: phaseNumber(rt, phase),
    total: rt.phases.length,
    name: phaseName(view, phase),
  });
}

/** The timer line of a scheduled roundtable, in the card's language. */
export function scheduledText(view: CardView): string {
  const rt = view.roundtable;
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const when = rt.scheduledFor
    ? meetingTimeText(rt.scheduledFor, view.settings.followUp.defaultTimeZone)
    : t(lang, 'meeting:card.laterMeeting');
  return t(lang, 'meeting:card.scheduled', { when });
}

/** Milliseconds as whole minutes. */
export function minutes(ms: number): number {
  return Math.round(ms / 60000);
}

/** The date part of an ISO timestamp ('' when absent). */
export function isoDate(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

/** ChoiceSet choices from keys and their labels. */
export function choices<T extends string>(
  keys: readonly T[],
  labels: Record<T, string>,
): { title: string; value: string }[] {
  return keys.map((k) => ({ title: labels[k], value: k }));
}

/** Phases whose cards read the clock beyond `clockKey` (the debrief's fidelity check counts the minutes spent). */
const READS_MORE_CLOCK: ReadonlySet<PhaseKey> = new Set<PhaseKey>(['debrief']);

/**
 * All that a phase card reads from the clock, as a key: the time box line and today's date (the due dates of
 * barrier answers and plan steps); undefined when the card reads more (it is then never reused). Two renderings
 * of one view whose keys are equal show the same card.
 */
export function clockKey(view: CardView, phase: PhaseKey, interactive: boolean): string | undefined {
  if (READS_MORE_CLOCK.has(phase)) return undefined;
  return `${phaseTimer(view, interactive).text}|${view.now.toISOString().slice(0, 10)}`;
}

/** The time box on the open phase card: a card cannot tick, so it says when it was counted. */
function phaseTimer(view: CardView, interactive: boolean): { show: boolean; text: string; color: string } {
  if (interactive && isScheduled(view.roundtable))
    return { show: true, text: scheduledText(view), color: 'Default' };
  const left = view.roundtable.status === 'active' ? timeLeftMs(view.roundtable, view.now) : undefined;
  if (!interactive || left === undefined) return { show: false, text: '', color: 'Default' };
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const text =
    left >= 0
      ? t(lang, 'meeting:card.timeLeft', { minutes: minutes(left) })
      : t(lang, 'meeting:card.timeOver', { minutes: minutes(-left) });
  return { show: true, text, color: 'Default' };
}

/** The card shown instead of one that cannot fit in 28 KB even at the tightest limits. */
export function tooLargeCard(view: CardView, base: Base, nonce: string): AdaptiveCard {
  const data = baseData(view, base, nonce, TIGHTEST_LIMITS);
  const tooMuch = t(view.lang ?? REFERENCE_LANGUAGE, 'meeting:card.tooLarge');
  data.notice = {
    show: true,
    lines: [tooMuch],
    text: tooMuch,
    style: 'attention',
    color: 'Default',
  };
  const template = { ...cardTemplate('notice'), body: [...SHARED.header] } as Data;
  if (base.interactive && (PHASE_KEYS as readonly string[]).includes(base.phase)) {
    template.actions = SHARED.facilitatorActions;
  }
  return expand(template, data);
}
