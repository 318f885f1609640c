import { randomUUID } from 'node:crypto';
import { type Lang, t } from '../bot/i18n/text.js';
import type { BarrierReport } from '../bot/roundtable/barrier-register.js';
import type { BarrierRegisterEntry, BarrierStatus } from '../bot/roundtable/records.js';
import { BARRIER_CATEGORIES, type Person } from '../bot/roundtable/types.js';
import { type AdaptiveCard, cap, cardBytes, expand, loadTemplate, MAX_CARD_BYTES } from './kit.js';
import { labelsIn } from './labels-in.js';

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

const statusLabel = (status: BarrierStatus, lang: Lang) => t(lang, `personal:barriers.status.${status}`);

function entryDetail(b: BarrierRegisterEntry, max: number, lang: Lang): string {
  const parts = [
    b.owner
      ? t(lang, 'personal:barriers.owner', { name: b.owner.name })
      : t(lang, 'personal:barriers.noOwner'),
  ];
  if (b.dueDate) parts.push(t(lang, 'personal:barriers.due', { date: b.dueDate }));
  const last = [...b.notes].reverse().find((n) => n.note);
  if (last?.note)
    parts.push(
      t(lang, 'personal:barriers.lastNote', {
        date: last.at.slice(0, 10),
        name: last.by.name,
        note: last.note,
      }),
    );
  return cap(parts.join(' · '), max);
}

/** The register for leaders: counts by category and period, the oldest open barriers with actions. */
export function barriersCard(opts: {
  report: BarrierReport;
  leaders: Person[];
  heading?: string;
  notice?: { kind: 'info' | 'error'; text: string };
  /** The reader's language (a code of locales/). */
  lang?: Lang;
}): AdaptiveCard {
  const { report } = opts;
  const lang = opts.lang ?? 'en';
  const barrierLabels = labelsIn(lang).barriers;
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
    {
      cells: [
        cell(t(lang, 'personal:barriers.category'), true, true),
        ...report.periods.map((p) => cell(p.label, true, false)),
      ],
    },
    ...BARRIER_CATEGORIES.map((c) => ({
      cells: [
        cell(barrierLabels[c], false, true),
        ...report.periods.map((p) => cell(String(report.counts[c][p.key] ?? 0), false, false)),
      ],
    })),
    {
      cells: [
        cell(t(lang, 'personal:barriers.total'), true, true),
        ...report.periods.map((p) => cell(String(report.totals[p.key] ?? 0), true, false)),
      ],
    },
  ];
  const build = (max: number, text: number) =>
    expand(BARRIERS, {
      lang,
      heading: opts.heading ?? t(lang, 'personal:barriers.heading'),
      notice: opts.notice ? cap(opts.notice.text, 500) : '',
      noticeStyle: opts.notice?.kind === 'error' ? 'attention' : 'good',
      statusLine: t(lang, 'personal:barriers.statusLine', {
        open: report.byStatus.open,
        escalated: report.byStatus.escalated,
        progress: report.byStatus['in-progress'],
        resolved: report.byStatus.resolved,
      }),
      countRows,
      openCount: report.openCount,
      actionable: true,
      leaderChoices: opts.leaders.map((l) => ({ title: cap(l.name, 60), value: l.id })),
      entries: report.oldestOpen.slice(0, max).map((b) => ({
        statusLabel: statusLabel(b.status, lang),
        color: b.status === 'escalated' ? 'Attention' : 'Default',
        categoryLabel: barrierLabels[b.category],
        caseAlias: cap(b.caseAlias, 80),
        raised: b.raisedAt.slice(0, 10),
        text: cap(b.text, text),
        detail: entryDetail(b, text, lang),
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
  /** The reader's language (a code of locales/). */
  lang?: Lang;
}): AdaptiveCard {
  return expand(DOWNLOAD, {
    lang: opts.lang ?? 'en',
    what: opts.what,
    hasAlias: opts.alias !== undefined,
    alias: opts.alias ?? '',
    linkTitle: opts.linkTitle,
    url: opts.url,
    expires: opts.expiresAt.slice(11, 16),
  });
}

/** The monthly barrier digest a leader receives in their 1:1 chat: the register with what is new. */
export function barrierDigestCard(
  digest: {
    month: string;
    report: BarrierReport;
    leaders: Person[];
    newCount: number;
    since: string;
  },
  lang: Lang = 'en',
): AdaptiveCard {
  const { newCount } = digest;
  return barriersCard({
    report: digest.report,
    leaders: digest.leaders,
    heading: t(lang, 'personal:barriers.digestHeading', { month: digest.month }),
    notice: {
      kind: 'info',
      text: t(lang, 'personal:barriers.digestNotice', {
        n: newCount,
        since: digest.since,
        open: digest.report.openCount,
      }),
    },
    lang,
  });
}
