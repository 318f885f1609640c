/** The programme page (personal app, leaders only): barriers, follow-through, permanency outcomes, fidelity. */
import type { Chart } from 'chart.js';
import { authorized, h, type Session, start } from './common';
import { isoDay, isoMoment } from './dates';
import { countCell, daysText, renderFigure, shareCell, tile } from './programme-charts';
import { renderPermanency } from './programme-permanency';
import type { TabProgramme } from './programme-types';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const CATEGORIES: Record<string, string> = {
  policy: 'Policy',
  legal: 'Legal',
  funding: 'Funding',
  practice: 'Practice',
  resources: 'Resources',
  other: 'Other',
};
const STEP_STATES = [
  ['done', 'Done'],
  ['inProgress', 'In progress'],
  ['notStarted', 'Not started'],
  ['blocked', 'Blocked'],
  ['overdue', 'Overdue'],
] as const;

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

/** "Mar 2026" for a month, "Q1 2026" for a quarter. */
const periodLabel = (p: string) =>
  p.includes('Q')
    ? `${p.slice(5)} ${p.slice(0, 4)}`
    : new Date(`${p}-01T12:00:00`).toLocaleDateString('en', { month: 'short', year: 'numeric' });

function status(text: string, error = false): void {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('error', error);
}

function renderBarriers(p: TabProgramme): void {
  const b = p.barriers;
  $('barrier-tiles').replaceChildren(
    tile(
      'Median days to resolve',
      daysText(b.medianDaysToResolve),
      `resolved in the period: ${countCell(b.medianDaysToResolve.of).text}`,
    ),
    tile(
      'Open barriers',
      String(b.openByAge.reduce((n, a) => n + (typeof a.count === 'number' ? a.count : 0), 0)),
      'today, all periods',
    ),
  );
  charts.push(
    ...[
      renderFigure($('barriers-by-month'), {
        id: 'barriers-month',
        title: 'Systemic barriers raised, by category over time',
        summary:
          'Stacked bars: one bar per month (per quarter for periods over six months), one colour per category. The table beside it has every number.',
        axis: 'Raised in',
        labels: b.overTime.map((m) => periodLabel(m.period)),
        series: Object.entries(CATEGORIES).map(([key, label]) => ({
          label,
          cells: b.overTime.map((m) => countCell(m.counts[key] ?? 0)),
        })),
        stacked: true,
        csv: `barriers-by-month-${p.query.from}-${p.query.to}`,
      }),
      renderFigure($('barriers-by-age'), {
        id: 'barriers-age',
        title: 'Open barriers by age (today)',
        summary: 'Bars: how many barriers are still open, by how long ago they were raised.',
        axis: 'Open for',
        labels: b.openByAge.map((a) => a.label),
        series: [{ label: 'Open barriers', cells: b.openByAge.map((a) => countCell(a.count)) }],
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
            'aria-label': `Actions for barrier ${id}`,
          },
          'Actions',
        )
      : h('span', { class: 'muted' }, '`barriers` in your chat with the bot');
  $('barriers-oldest').replaceChildren(
    h('h3', { id: 'oldest-h' }, 'Oldest open barriers'),
    b.oldestOpen.length === 0
      ? h('p', { class: 'muted' }, 'No open barriers.')
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
                ...['Category', 'Open for', 'Status', 'Owner', 'Actions'].map((c) =>
                  h('th', { scope: 'col' }, c),
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
                  h('th', { scope: 'row' }, CATEGORIES[o.category] ?? o.category),
                  h('td', {}, `${o.days} days`),
                  h('td', {}, o.status.replace('-', ' ')),
                  h('td', {}, o.owner ?? 'no owner yet'),
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
    tile('Steps done by their due date', shareCell(f.onTime), 'of steps whose due date has passed'),
    tile('Escalations', countCell(f.escalations), 'overdue steps the supervisor was told about'),
    tile(
      'Plans still in draft after 30 days',
      countCell(f.draftsOver30Days),
      'no family-team meeting recorded',
    ),
  );
  const chart = renderFigure($('steps-by-month'), {
    id: 'steps-month',
    title: 'Plan steps by due date and status',
    summary:
      'Stacked bars: one bar per month of the due date; done, in progress, not started, blocked, overdue.',
    axis: 'Due in',
    labels: f.overTime.map((m) => periodLabel(m.period)),
    series: STEP_STATES.map(([key, label]) => ({ label, cells: f.overTime.map((m) => countCell(m[key])) })),
    stacked: true,
    csv: `steps-by-month-${p.query.from}-${p.query.to}`,
  });
  if (chart) charts.push(chart);
}

function renderFidelity(p: TabProgramme): void {
  const f = p.fidelity;
  const chart = renderFigure($('fidelity-items'), {
    id: 'fidelity',
    title: `Roundtables passing each fidelity item (${countCell(f.roundtables).text} roundtables)`,
    summary:
      'Horizontal bars: percent of the period’s roundtables that passed each item of the fidelity check.',
    axis: 'Fidelity item',
    labels: f.items.map((i) => i.label),
    series: [{ label: 'Passed', cells: f.items.map((i) => shareCell(i.share)) }],
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
    ? `${shown.length} of ${all.length} answers match.`
    : `${all.length} answers in the period.`;
  $('learning').replaceChildren(...shown.slice(0, 200).map((l) => h('li', {}, l)));
}

function render(p: TabProgramme): void {
  last = p;
  for (const c of charts) c.destroy();
  charts = [];
  for (const el of document.querySelectorAll('.below')) el.textContent = String(p.suppressBelow - 1);
  for (const el of document.querySelectorAll('.below-n')) el.textContent = String(p.suppressBelow);
  const office = $<HTMLSelectElement>('office');
  const chosen = office.value;
  office.replaceChildren(
    h('option', { value: '' }, 'All offices'),
    ...p.offices.map((o) => h('option', { value: o }, o)),
  );
  office.value = p.offices.includes(chosen) ? chosen : '';
  $('office-field').hidden = p.offices.length === 0;
  const asOf = p.refreshedAt ? isoMoment(p.refreshedAt) : 'never (press Recompute figures)';
  $('asof').textContent =
    `${isoDay(p.query.from)} – ${isoDay(p.query.to)} · ${p.query.office ?? 'all offices'} · figures as of ${asOf}`;
  renderBarriers(p);
  renderFollowThrough(p);
  charts.push(...renderPermanency(p));
  renderFidelity(p);
}

/** Someone who is not a leader: no empty skeleton of charts, but plainly who the tab is for. */
function notForYou(reason: string | undefined): void {
  for (const el of document.querySelectorAll<HTMLElement>('#filters, .note, .jump, main > section'))
    el.hidden = true;
  $('asof').textContent = '';
  status(
    `${reason ?? 'The programme view is for agency leaders.'} It shows barriers, follow-through and permanency outcomes across all roundtables, for the leaders your organisation names. Your own steps and reviews are in the My roundtables tab.`,
  );
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
      notForYou(body.error);
      return;
    }
    if (!res.ok) {
      status(body.error ?? `Error ${res.status}`, true);
      return;
    }
    status('');
    render(body);
  } catch {
    status('The programme figures cannot be reached; try again.', true);
  } finally {
    $('app').setAttribute('aria-busy', 'false');
  }
}

async function main(): Promise<void> {
  session = await start();
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
    status('Recomputing the figures…');
    const res = await authorized(session, '/api/tab/programme/refresh', { method: 'POST' });
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    if (!res.ok) status(body.error ?? `Error ${res.status}`, true);
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
  status(err instanceof Error ? err.message : 'The page could not start.', true);
});
