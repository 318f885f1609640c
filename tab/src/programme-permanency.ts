/** The programme page's permanency section: per child, legal permanency dated by the court, exits, moves. */
import type { Chart } from 'chart.js';
import { tr } from './i18n';
import { countCell, daysText, renderFigure, shareCell, tile } from './programme-charts';
import type { TabProgramme } from './programme-types';
import { R, Rn } from './reports-format';

const $ = (id: string) => document.getElementById(id) as HTMLElement;
/**
 * The agency's permanency rating scale, best to worst: practice words, kept as the agency writes them (in English
 * unless its settings translate them, #29 item 4); "not rated" is the page's own text.
 */
const RATINGS: Record<string, string> = {
  achieved: 'Permanency achieved',
  'very-good': 'Very good',
  good: 'Good',
  fair: 'Fair',
  poor: 'Poor',
  unrated: '',
};
const KINDS = ['reunification', 'adoption', 'guardianship', 'relative-placement'];
const kind = (k: string) => R(`permanency.kinds.${k}`);
const rating = (r: string) => (r === 'unrated' ? R('permanency.notRated') : (RATINGS[r] ?? r));
const OUTCOME_KEYS = {
  'exit-aged-out': 1,
  'exit-ran-away': 1,
  'exit-transferred': 1,
  'exit-other': 1,
  'in-care': 1,
  'not-recorded': 1,
};
/** An outcome's label: a kind of legal permanency, a way of leaving care, still in care, not recorded. */
function outcome(key: string): string {
  const legal = /^permanency-(.+)$/.exec(key)?.[1];
  if (legal && KINDS.includes(legal)) return R('permanency.legal', { kind: kind(legal) });
  return key in OUTCOME_KEYS ? R(`permanency.outcomes.${key}`) : key;
}
const TRANSITIONS = ['improved', 'same', 'worse', 'not-recorded'];
const LIVING = ['less-restrictive', 'same', 'more-restrictive', 'not-recorded'];
const keyed = (list: string[], area: string, key: string) =>
  list.includes(key) ? R(`permanency.${area}.${key}`) : key;
const GOALS = { reunification: 1, adoption: 1, guardianship: 1, 'relative-placement': 1, appla: 1 };
/** A primary goal's label (common.json), or "no goal set". */
const goal = (g: string) => (g in GOALS ? tr(`common:goals.${g}`) : R('permanency.noGoal'));

/** Renders the permanency section; returns its charts (to destroy on re-render). */
export function renderPermanency(p: TabProgramme): Chart[] {
  const m = p.permanency;
  const period = `${p.query.from}-${p.query.to}`;
  const twelve = m.windows.find((w) => w.months === 12);
  // The agency's scale from best to worst, then anything else, then "not rated".
  const order = (r: string) =>
    r in RATINGS ? Object.keys(RATINGS).indexOf(r) : Object.keys(RATINGS).length - 1.5;
  const ratings = [...m.ratings].sort((a, b) => order(a.rating) - order(b.rating));
  $('permanency-tiles').replaceChildren(
    tile(R('permanency.children'), countCell(m.children), R('permanency.childrenNote')),
    tile(
      R('permanency.within12'),
      twelve ? shareCell(twelve.share) : '—',
      twelve ? R('permanency.stillWithin12', { count: countCell(twelve.stillWithin).text }) : undefined,
    ),
    tile(
      R('permanency.medianDays'),
      daysText(m.medianDays),
      R('permanency.medianNote', { count: countCell(m.medianDays.of).text }),
    ),
    tile(
      R('permanency.connection'),
      shareCell(m.connections.share),
      R('permanency.childrenCount', { count: countCell(m.connections.children).text }),
    ),
    tile(
      R('permanency.dateNotRecorded'),
      countCell(m.dateNotRecorded),
      R('permanency.dateNotRecordedNote', { count: countCell(m.fromOldPlans).text }),
    ),
  );
  const windows = m.windows.map((w) => Rn('permanency.months', w.months));
  const figures = [
    renderFigure($('permanency-windows'), {
      id: 'perm-windows',
      title: R('permanency.windowsTitle'),
      summary: R('permanency.windowsSummary'),
      axis: R('permanency.window'),
      labels: windows,
      series: [{ label: R('permanency.reached'), cells: m.windows.map((w) => shareCell(w.share)) }],
      percent: true,
      csv: `permanency-windows-${period}`,
    }),
    renderFigure($('permanency-kinds'), {
      id: 'perm-kinds',
      title: R('permanency.kindsTitle'),
      summary: R('permanency.kindsSummary'),
      axis: R('permanency.window'),
      labels: windows,
      series: KINDS.map((key) => ({
        label: kind(key),
        cells: m.windows.map((w) => countCell(w.byKind.find((k) => k.key === key)?.achieved ?? 0)),
      })),
      stacked: true,
      csv: `permanency-by-kind-${period}`,
    }),
    renderFigure($('permanency-outcomes'), {
      id: 'perm-outcomes',
      title: R('permanency.outcomesTitle'),
      summary: R('permanency.outcomesSummary'),
      axis: R('permanency.outcome'),
      labels: m.outcomes.map((o) => outcome(o.key)),
      series: [{ label: R('permanency.children'), cells: m.outcomes.map((o) => countCell(o.count)) }],
      horizontal: true,
      csv: `permanency-outcomes-${period}`,
    }),
    renderFigure($('permanency-transitions'), {
      id: 'perm-transitions',
      title: R('permanency.transitionsTitle'),
      summary: R('permanency.transitionsSummary'),
      axis: R('permanency.change'),
      labels: m.transitions.map((t) => keyed(TRANSITIONS, 'transitions', t.key)),
      series: [{ label: R('permanency.children'), cells: m.transitions.map((t) => countCell(t.count)) }],
      csv: `permanency-transitions-${period}`,
    }),
    renderFigure($('permanency-ratings'), {
      id: 'perm-ratings',
      title: R('permanency.ratingsTitle'),
      summary: R('permanency.ratingsSummary'),
      axis: R('permanency.rating'),
      labels: ratings.map((r) => rating(r.rating)),
      series: [
        { label: R('permanency.atRoundtable'), cells: ratings.map((r) => countCell(r.atRoundtable)) },
        { label: R('permanency.latestRating'), cells: ratings.map((r) => countCell(r.latest)) },
      ],
      csv: `permanency-ratings-${period}`,
    }),
    renderFigure($('permanency-living'), {
      id: 'perm-living',
      title: R('permanency.livingTitle'),
      summary: R('permanency.livingSummary'),
      axis: R('permanency.change'),
      labels: m.living.map((l) => keyed(LIVING, 'living', l.key)),
      series: [{ label: R('permanency.children'), cells: m.living.map((l) => countCell(l.count)) }],
      csv: `living-situation-${period}`,
    }),
    renderFigure($('permanency-goals'), {
      id: 'perm-goals',
      title: R('permanency.goalsTitle'),
      summary: R('permanency.goalsSummary'),
      axis: R('permanency.primaryGoal'),
      labels: m.byGoal.map((g) => goal(g.goal)),
      series: [{ label: R('permanency.within12Short'), cells: m.byGoal.map((g) => shareCell(g.share12)) }],
      percent: true,
      horizontal: true,
      csv: `permanency-by-goal-${period}`,
    }),
  ];
  return figures.filter((c): c is Chart => !!c);
}
