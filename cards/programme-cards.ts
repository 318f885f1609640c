import { randomUUID } from 'node:crypto';
import type { BarrierReport } from '../bot/roundtable/barrier-register.js';
import type { BarrierRegisterEntry, BarrierStatus } from '../bot/roundtable/records.js';
import { BARRIER_CATEGORIES, type Person } from '../bot/roundtable/types.js';
import { type AdaptiveCard, cap, cardBytes, expand, loadTemplate, MAX_CARD_BYTES } from './kit.js';
import { BARRIER_LABELS } from './labels.js';

/** Card verbs of the barrier register (leaders' 1:1 chat). */
export const PROGRAMME_VERBS = {
  show: 'barrier.show',
  csv: 'barrier.csv',
  escalate: 'barrier.escalate',
  progress: 'barrier.progress',
  resolve: 'barrier.resolve',
  assign: 'barrier.assign',
  note: 'barrier.note',
} as const;

/** Action data of register cards (the same shape as roundtable cards: rt/phase/rev/nonce, target = entry id). */
export interface RegisterActionData {
  rt: 'register';
  phase: 'register';
  rev: 0;
  nonce: string;
  target?: string;
}

/** Per-entry input ids. */
export const registerInputs = {
  owner: (id: string) => `owner_${id}`,
  note: (id: string) => `note_${id}`,
};

const BARRIERS = loadTemplate('programme/barriers');
const DOWNLOAD = loadTemplate('programme/download');

const STATUS_LABELS: Record<BarrierStatus, string> = {
  open: 'Open',
  escalated: 'Escalated',
  'in-progress': 'In progress',
  resolved: 'Resolved',
};

function entryDetail(b: BarrierRegisterEntry, max: number): string {
  const parts = [b.owner ? `Owner: ${b.owner.name}` : 'No owner yet'];
  if (b.dueDate) parts.push(`due ${b.dueDate}`);
  const last = [...b.notes].reverse().find((n) => n.note);
  if (last?.note) parts.push(`Last note (${last.at.slice(0, 10)}, ${last.by.name}): ${last.note}`);
  return cap(parts.join(' · '), max);
}

/** The register for leaders: counts by category and period, the oldest open barriers with actions. */
export function barriersCard(opts: {
  report: BarrierReport;
  leaders: Person[];
  heading?: string;
  notice?: { kind: 'info' | 'error'; text: string };
}): AdaptiveCard {
  const { report } = opts;
  const nonce = randomUUID();
  const data = (target?: string): RegisterActionData => ({
    rt: 'register',
    phase: 'register',
    rev: 0,
    nonce,
    ...(target ? { target } : {}),
  });
  const cell = (text: string, bold: boolean, first: boolean) => ({
    text,
    weight: bold ? 'Bolder' : 'Default',
    width: first ? 'stretch' : 'auto',
  });
  const countRows = [
    { cells: [cell('Category', true, true), ...report.periods.map((p) => cell(p.label, true, false))] },
    ...BARRIER_CATEGORIES.map((c) => ({
      cells: [
        cell(BARRIER_LABELS[c], false, true),
        ...report.periods.map((p) => cell(String(report.counts[c][p.key] ?? 0), false, false)),
      ],
    })),
    {
      cells: [
        cell('Total', true, true),
        ...report.periods.map((p) => cell(String(report.totals[p.key] ?? 0), true, false)),
      ],
    },
  ];
  const build = (max: number, text: number) =>
    expand(BARRIERS, {
      heading: opts.heading ?? 'Systemic barriers register',
      notice: opts.notice ? cap(opts.notice.text, 500) : '',
      noticeStyle: opts.notice?.kind === 'error' ? 'attention' : 'good',
      statusLine: `Open ${report.byStatus.open} · escalated ${report.byStatus.escalated} · in progress ${report.byStatus['in-progress']} · resolved ${report.byStatus.resolved}`,
      countRows,
      openCount: report.openCount,
      actionable: true,
      leaderChoices: opts.leaders.map((l) => ({ title: cap(l.name, 60), value: l.id })),
      entries: report.oldestOpen.slice(0, max).map((b) => ({
        statusLabel: STATUS_LABELS[b.status],
        color: b.status === 'escalated' ? 'Attention' : 'Default',
        categoryLabel: BARRIER_LABELS[b.category],
        caseAlias: cap(b.caseAlias, 80),
        raised: b.raisedAt.slice(0, 10),
        text: cap(b.text, text),
        detail: entryDetail(b, text),
        ownerId: registerInputs.owner(b.id),
        noteId: registerInputs.note(b.id),
        data: data(b.id),
      })),
      listData: data(),
    });
  for (const [max, text] of [
    [8, 600],
    [5, 300],
    [3, 160],
    [1, 80],
  ] as const) {
    const card = build(max, text);
    if (cardBytes(card) < MAX_CARD_BYTES) return card;
  }
  return build(0, 80);
}

/** A private download link (case file or CSV), sent in the requester's 1:1 chat. */
export function downloadCard(opts: {
  what: string;
  alias?: string;
  linkTitle: string;
  url: string;
  expiresAt: string;
}): AdaptiveCard {
  return expand(DOWNLOAD, {
    what: opts.what,
    hasAlias: opts.alias !== undefined,
    alias: opts.alias ?? '',
    linkTitle: opts.linkTitle,
    url: opts.url,
    expires: opts.expiresAt.slice(11, 16),
  });
}

/** The monthly barrier digest a leader receives in their 1:1 chat: the register with what is new. */
export function barrierDigestCard(digest: {
  month: string;
  report: BarrierReport;
  leaders: Person[];
  newCount: number;
  since: string;
}): AdaptiveCard {
  const { newCount } = digest;
  return barriersCard({
    report: digest.report,
    leaders: digest.leaders,
    heading: `Systemic barriers: monthly digest (${digest.month})`,
    notice: {
      kind: 'info',
      text: `${newCount} barrier${newCount === 1 ? '' : 's'} raised in the last 30 days (since ${digest.since}); ${digest.report.openCount} not resolved.`,
    },
  });
}
