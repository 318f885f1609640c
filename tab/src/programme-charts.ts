/**
 * One figure of the programme page: a Chart.js bar chart (canvas with an aria-label), the data table
 * beside it that carries the same numbers for screen readers and printing, and a CSV download.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { h } from './common';
import { language } from './i18n';
import type { Median, Share, Shown } from './programme-types';
import { num, pct, R, Rn } from './reports-format';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** One table cell: the number a chart draws (null: nothing drawn) and the text the table shows. */
export interface Cell {
  value: number | null;
  text: string;
  /** A count under the suppression threshold ("fewer than N"). */
  suppressed?: boolean;
}

/** A count as a cell: suppressed counts are not drawn and read "fewer than N". */
export function countCell(s: Shown): Cell {
  return typeof s === 'number'
    ? { value: s, text: num(s) }
    : { value: null, text: R('chart.fewerThan', { n: num(s.fewerThan) }), suppressed: true };
}

/** A share as a cell: "62.5% of 40", or why it is hidden. */
export function shareCell(s: Share): Cell {
  const of = countCell(s.of).text;
  if (s.percent === null)
    return { value: null, text: s.of === 0 ? R('chart.noneYet') : R('chart.hiddenShare', { of }) };
  return { value: s.percent, text: R('chart.share', { percent: pct(s.percent), of }) };
}

/** A headline figure: a label, its value and a note under it. */
export function tile(label: string, cell: Cell | string, note?: string): HTMLElement {
  const text = typeof cell === 'string' ? cell : cell.text;
  return h('div', {}, h('dt', {}, label), h('dd', {}, text, note ? h('small', {}, note) : undefined));
}

/** A median in days, or why it is not shown. */
export const daysText = (m: Median) =>
  m.days === null
    ? m.of === 0
      ? R('chart.noneYet')
      : R('chart.hiddenMedian', { count: countCell(m.of).text })
    : Rn('chart.days', m.days);

export interface FigureSpec {
  id: string;
  title: string;
  /** What the chart shows, in words (the canvas's aria-label). */
  summary: string;
  /** The first column's heading (the categories). */
  axis: string;
  labels: string[];
  series: { label: string; cells: Cell[] }[];
  stacked?: boolean;
  horizontal?: boolean;
  /** Values are percentages (0–100). */
  percent?: boolean;
  /** File name of the CSV download, without .csv. */
  csv: string;
}

/** A label on lines of at most `width` characters (words kept whole), or as it is when short. */
export function lines(label: string, width: number): string | string[] {
  if (label.length <= width) return label;
  const out: string[] = [];
  for (const word of label.split(' ')) {
    const last = out.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
  }
  return out;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** CSV text: every cell quoted, formula-like cells neutralised for spreadsheets. */
export function toCsv(rows: string[][]): string {
  const cell = (v: string) => {
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return `"${safe.replace(/"/g, '""')}"`;
  };
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = h('a', { href: url, download: `${name}.csv` });
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Renders a figure into `into` (replacing what was there); returns its chart, to destroy on re-render. */
export function renderFigure(into: HTMLElement, spec: FigureSpec): Chart | undefined {
  into.replaceChildren();
  const titleId = `${spec.id}-title`;
  const rows = spec.labels.map((label, i) => [label, ...spec.series.map((s) => s.cells[i]?.text ?? '')]);
  const head = [spec.axis, ...spec.series.map((s) => s.label)];
  const table = h(
    'table',
    { class: 'data' },
    h('caption', {}, R('chart.numbers', { title: spec.title })),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...rows.map(([first, ...rest]) =>
        h('tr', {}, h('th', { scope: 'row' }, first ?? ''), ...rest.map((c) => h('td', {}, c))),
      ),
    ),
  );
  const empty = spec.labels.length === 0 || spec.series.every((s) => s.cells.every((c) => !c.value));
  const canvas = h('canvas', { role: 'img', 'aria-label': `${spec.title}. ${spec.summary}` });
  const chartBox = h('div', { class: 'chart-box' }, canvas);
  // Beside horizontal bars, a long label (a goal, a Spanish outcome) goes on lines, narrower on a phone; the
  // chart grows to give each line its room (set through CSSOM: the pages' CSP allows no style attribute).
  const width = into.clientWidth < 600 ? 18 : 36;
  if (spec.horizontal) {
    // Chart.js gives every bar the same band: the longest label sets it.
    const most = Math.max(1, ...spec.labels.map((l) => [lines(l, width)].flat().length));
    chartBox.style.minHeight = `${spec.labels.length * most * 15 + 80}px`;
  }
  const csvButton = h('button', { type: 'button', class: 'secondary' }, R('downloadCsv'));
  csvButton.addEventListener('click', () => download(spec.csv, toCsv([head, ...rows])));
  const suppressed = spec.series.some((s) => s.cells.some((c) => c.suppressed));
  into.append(
    h(
      'figure',
      { class: 'figure', 'aria-labelledby': titleId },
      h('h3', { id: titleId }, spec.title),
      h(
        'div',
        { class: 'figure-body' },
        empty ? h('p', { class: 'muted chart-box' }, R('chart.nothing')) : chartBox,
        h(
          'div',
          {
            class: 'table-box',
            tabindex: '0',
            role: 'region',
            'aria-label': R('chart.table', { title: spec.title }),
          },
          table,
        ),
      ),
      h(
        'div',
        { class: 'figure-tools' },
        csvButton,
        suppressed ? h('span', { class: 'muted' }, R('chart.smallCounts')) : undefined,
      ),
    ),
  );
  if (empty) return undefined;
  const colours = ['--c1', '--c2', '--c3', '--c4', '--c5', '--c6'].map(cssVar);
  const text = cssVar('--text');
  const grid = cssVar('--grid');
  const valueAxis = {
    stacked: spec.stacked,
    beginAtZero: true,
    ...(spec.percent ? { max: 100 } : {}),
    ticks: {
      color: text,
      precision: 0,
      ...(spec.percent ? { callback: (v: string | number) => pct(Number(v)) } : {}),
    },
    grid: { color: grid },
    title: { display: true, text: R(spec.percent ? 'chart.percent' : 'chart.count'), color: text },
  };
  const categoryAxis = {
    stacked: spec.stacked,
    // Every bar keeps its label (auto-skipping dropped them); long ones are slanted, not hidden.
    ticks: {
      color: text,
      autoSkip: false,
      maxRotation: 60,
      minRotation: 0,
      ...(spec.horizontal ? { callback: (_: unknown, i: number) => lines(spec.labels[i] ?? '', width) } : {}),
    },
    grid: { display: false },
  };
  return new Chart(canvas as HTMLCanvasElement, {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s, i) => ({
        label: s.label,
        data: s.cells.map((c) => c.value),
        backgroundColor: colours[i % colours.length],
        borderColor: text,
        borderWidth: document.documentElement.dataset.theme === 'contrast' ? 1 : 0,
      })),
    },
    options: {
      // Tick numbers in the reader's language.
      locale: language(),
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
      plugins: {
        legend: { display: spec.series.length > 1, labels: { color: text } },
        tooltip: {
          callbacks: {
            label: (ctx) =>
              `${ctx.dataset.label}: ${spec.series[ctx.datasetIndex]?.cells[ctx.dataIndex]?.text ?? ''}`,
          },
        },
      },
      scales: spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    },
  });
}
