/** The programme page (personal app, leaders only): barriers, follow-through, permanency outcomes, fidelity. */
import type { Chart } from 'chart.js';
import { authorized, h, type Session, start } from './common';
import { isoDay, isoMoment } from './dates';
import { language, tr } from './i18n';
import { countCell, daysText, renderFigure, shareCell, tile } from './programme-charts';
import { renderPermanency } from './programme-permanency';
import type { TabProgramme } from './programme-types';
import { num, R, Rn } from './reports-format';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const CATEGORIES = ['policy', 'legal', 'funding', 'practice', 'resources', 'other'];
const category = (c: string) => (CATEGORIES.includes(c) ? tr(`common:barriers.${c}`) : c);
/** The chart's step states and their labels (common.json's step statuses; "overdue" is the page's). */
const STEP_STATES = [
  ['done', () => tr('common:stepStatus.done')],
  ['inProgress', () => tr('common:stepStatus.in-progress')],
  ['notStarted', () => tr('common:stepStatus.not-started')],
  ['blocked', () => tr('common:stepStatus.blocked')],
  ['overdue', () => R('follow.overdue')],
] as const;
const AGES = ['under-30', '30-89', '90-179', '180-plus'];
const BARRIER_STATUSES = ['open', 'escalated', 'in-progress', 'resolved'];

let session: Session;
let charts: Chart[] = [];
let last: TabProgramme | undefined;

const iso = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The period a preset stands for, in whole months (the server answers for whole months only). */
function preset(kind: string, today = new Date()): { from: string; to: string } {
  const y = today.getFullYear();
  const q = Math.floor(today.getMonth() / 3);
  const monthEnd = iso(new Date(y, today.getMonth() + 1, 0));
  switch (kind) {
    case 'quarter':
      return { from: iso(new Date(y, q * 3, 1)), to: iso(new Date(y, q * 3 + 3, 0)) };
    case 'last-quarter':
      return { from: iso(new Date(y, q * 3 - 3, 1)), to: iso(new Date(y, q * 3, 0)) };
    case 'last-year':
      return { from: `${y - 1}-01-01`, to: `${y - 1}-12-31` };
    default:
      return { from: `${y}-01-01`, to: monthEnd };
  }
}

/** "Mar 2026" for a month, "Q1 2026" for a quarter (in the reader's language). */
const periodLabel = (p: string) =>
  p.includes('Q')
    ? R('programme.quarter', { q: p.slice(6), year: p.slice(0, 4) })
    : new Date(`${p}-01T12:00:00`).toLocaleDateString(language(), { month: 'short', year: 'numeric' });

/** The note on small numbers, with the server's threshold. */
function note(below: number): void {
  $('note').textContent = R('programme.note', { max: num(below - 1), n: num(below) });
}

function status(text: string, error = false): void {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('error', error);
}

function renderBarriers(p: TabProgramme): void {
  const b = p.barriers;
  $('barrier-tiles').replaceChildren(
    tile(
      R('barriers.medianDays'),
      daysText(b.medianDaysToResolve),
      R('barriers.resolvedInPeriod', { count: countCell(b.medianDaysToResolve.of).text }),
    ),
    tile(
      R('barriers.open'),
      num(b.openByAge.reduce((n, a) => n + (typeof a.count === 'number' ? a.count : 0), 0)),
      R('barriers.openNote'),
    ),
  );
  charts.push(
    ...[
      renderFigure($('barriers-by-month'), {
        id: 'barriers-month',
        title: R('barriers.byMonthTitle'),
        summary: R('barriers.byMonthSummary'),
        axis: R('barriers.raisedIn'),
        labels: b.overTime.map((m) => periodLabel(m.period)),
        series: CATEGORIES.map((key) => ({
          label: category(key),
          cells: b.overTime.map((m) => countCell(m.counts[key] ?? 0)),
        })),
        stacked: true,
        csv: `barriers-by-month-${p.query.from}-${p.query.to}`,
      }),
      renderFigure($('barriers-by-age'), {
        id: 'barriers-age',
        title: R('barriers.byAgeTitle'),
        summary: R('barriers.byAgeSummary'),
        axis: R('barriers.openFor'),
        labels: b.openByAge.map((a) =>
          a.key && AGES.includes(a.key) ? R(`barriers.ages.${a.key}`) : a.label,
        ),
        series: [{ label: R('barriers.open'), cells: b.openByAge.map((a) => countCell(a.count)) }],
        horizontal: true,
        csv: 'open-barriers-by-age',
      }),
    ].filter((c): c is Chart => !!c),
  );
  const link = (id: string) =>
    p.registerUrl
      ? h(
          'a',
          {
            href: p.registerUrl,
            target: '_blank',
            rel: 'noopener',
            'aria-label': R('barriers.actionsFor', { id }),
          },
          R('barriers.actions'),
        )
      : h('span', { class: 'muted' }, R('barriers.inChat'));
  $('barriers-oldest').replaceChildren(
    h('h3', { id: 'oldest-h' }, R('barriers.oldest')),
    b.oldestOpen.length === 0
      ? h('p', { class: 'muted' }, R('barriers.none'))
      : h(
          'div',
          { class: 'table-box' },
          h(
            'table',
            { class: 'data text', 'aria-labelledby': 'oldest-h' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['category', 'openFor', 'status', 'owner', 'actions'].map((c) =>
                  h('th', { scope: 'col' }, R(`barriers.${c}`)),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              ...b.oldestOpen.map((o) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, category(o.category)),
                  h('td', {}, Rn('chart.days', o.days)),
                  h(
                    'td',
                    {},
                    BARRIER_STATUSES.includes(o.status)
                      ? R(`barriers.statuses.${o.status}`)
                      : o.status.replace('-', ' '),
                  ),
                  h('td', {}, o.owner ?? R('barriers.noOwner')),
                  h('td', {}, link(o.id)),
                ),
              ),
            ),
          ),
        ),
  );
}

function renderFollowThrough(p: TabProgramme): void {
  const f = p.followThrough;
  $('follow-tiles').replaceChildren(
    tile(R('follow.onTime'), shareCell(f.onTime), R('follow.onTimeNote')),
    tile(R('follow.escalations'), countCell(f.escalations), R('follow.escalationsNote')),
    tile(R('follow.drafts'), countCell(f.draftsOver30Days), R('follow.draftsNote')),
  );
  const chart = renderFigure($('steps-by-month'), {
    id: 'steps-month',
    title: R('follow.title'),
    summary: R('follow.summary'),
    axis: R('follow.dueIn'),
    labels: f.overTime.map((m) => periodLabel(m.period)),
    series: STEP_STATES.map(([key, label]) => ({
      label: label(),
      cells: f.overTime.map((m) => countCell(m[key])),
    })),
    stacked: true,
    csv: `steps-by-month-${p.query.from}-${p.query.to}`,
  });
  if (chart) charts.push(chart);
}

function renderFidelity(p: TabProgramme): void {
  const f = p.fidelity;
  const chart = renderFigure($('fidelity-items'), {
    id: 'fidelity',
    title: R('fidelity.title', { count: countCell(f.roundtables).text }),
    summary: R('fidelity.summary'),
    axis: R('fidelity.item'),
    labels: f.items.map((i) => i.label),
    series: [{ label: R('fidelity.passed'), cells: f.items.map((i) => shareCell(i.share)) }],
    percent: true,
    horizontal: true,
    csv: `fidelity-${p.query.from}-${p.query.to}`,
  });
  if (chart) charts.push(chart);
  renderLearning();
}

function renderLearning(): void {
  const all = last?.learning ?? [];
  const q = ($('learning-q') as HTMLInputElement).value.trim().toLowerCase();
  const shown = q ? all.filter((l) => l.toLowerCase().includes(q)) : all;
  $('learning-count').textContent = q
    ? R('programme.learningMatch', { shown: num(shown.length), all: num(all.length) })
    : Rn('programme.learningAll', all.length);
  $('learning').replaceChildren(...shown.slice(0, 200).map((l) => h('li', {}, l)));
}

function render(p: TabProgramme): void {
  last = p;
  for (const c of charts) c.destroy();
  charts = [];
  note(p.suppressBelow);
  const office = $<HTMLSelectElement>('office');
  const chosen = office.value;
  office.replaceChildren(
    h('option', { value: '' }, R('programme.allOffices')),
    ...p.offices.map((o) => h('option', { value: o }, o)),
  );
  office.value = p.offices.includes(chosen) ? chosen : '';
  $('office-field').hidden = p.offices.length === 0;
  $('asof').textContent = R('programme.asOf', {
    from: isoDay(p.query.from),
    to: isoDay(p.query.to),
    office: p.query.office ?? R('programme.allOfficesLower'),
    when: p.refreshedAt ? isoMoment(p.refreshedAt) : R('programme.never'),
  });
  renderBarriers(p);
  renderFollowThrough(p);
  charts.push(...renderPermanency(p));
  renderFidelity(p);
}

/** Someone who is not a leader: no empty skeleton of charts, but plainly who the tab is for. */
function notForYou(): void {
  for (const el of document.querySelectorAll<HTMLElement>('#filters, .note, .jump, main > section'))
    el.hidden = true;
  $('asof').textContent = '';
  // The page's own words: the server's refusal says the first sentence, in English.
  status(R('programme.notForYou'));
}

async function load(): Promise<void> {
  const period = $<HTMLSelectElement>('period').value;
  const range =
    period === 'custom'
      ? { from: $<HTMLInputElement>('from').value, to: $<HTMLInputElement>('to').value }
      : preset(period);
  const office = $<HTMLSelectElement>('office').value;
  const qs = new URLSearchParams({ ...range, ...(office ? { office } : {}) });
  $('app').setAttribute('aria-busy', 'true');
  try {
    const res = await authorized(session, `/api/tab/programme/figures?${qs}`, { cache: 'no-store' });
    const body = (await res.json().catch(() => ({}))) as TabProgramme & { error?: string };
    if (res.status === 403) {
      notForYou();
      return;
    }
    if (!res.ok) {
      status(body.error ?? R('error', { status: res.status }), true);
      return;
    }
    status('');
    render(body);
  } catch {
    status(R('programme.unreachable'), true);
  } finally {
    $('app').setAttribute('aria-busy', 'false');
  }
}

async function main(): Promise<void> {
  session = await start();
  note(5);
  const { from, to } = preset('year');
  $<HTMLInputElement>('from').value = from;
  $<HTMLInputElement>('to').value = to;
  $('period').addEventListener('change', () => {
    const custom = $<HTMLSelectElement>('period').value === 'custom';
    for (const el of document.querySelectorAll<HTMLElement>('.field.custom')) el.hidden = !custom;
    if (!custom) void load();
  });
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  $('learning-q').addEventListener('input', renderLearning);
  $('refresh').addEventListener('click', async () => {
    status(R('programme.recomputing'));
    const res = await authorized(session, '/api/tab/programme/refresh', { method: 'POST' });
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    if (res.status === 429) status(R('programme.tooSoon'), true);
    else if (!res.ok) status(body.error ?? R('error', { status: res.status }), true);
    else await load();
  });
  // Teams themes change the colours the charts are drawn with.
  new MutationObserver(() => last && render(last)).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme'],
  });
  await load();
}

main().catch((err: unknown) => {
  status(err instanceof Error ? err.message : R('cannotStart'), true);
});
