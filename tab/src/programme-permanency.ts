/** The programme page's permanency section: per child, legal permanency dated by the court, exits, moves. */
import type { Chart } from 'chart.js';
import { GOAL_LABELS } from './common';
import { countCell, daysText, renderFigure, shareCell, tile } from './programme-charts';
import type { TabProgramme } from './programme-types';

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const RATINGS: Record<string, string> = {
  achieved: 'Permanency achieved',
  'very-good': 'Very good',
  good: 'Good',
  fair: 'Fair',
  poor: 'Poor',
  unrated: 'Not rated',
};
const KINDS: Record<string, string> = {
  reunification: 'Reunification',
  adoption: 'Adoption',
  guardianship: 'Guardianship',
  'relative-placement': 'Placement with a relative',
};
const OUTCOMES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(KINDS).map(([k, v]) => [`permanency-${k}`, `Legal permanency: ${v}`])),
  'exit-aged-out': 'Left care: aged out',
  'exit-ran-away': 'Left care: ran away',
  'exit-transferred': 'Left care: transferred',
  'exit-other': 'Left care: other exit',
  'in-care': 'Still in care',
  'not-recorded': 'Not recorded',
};
const TRANSITIONS: Record<string, string> = {
  improved: 'Improved',
  same: 'Same',
  worse: 'Worse',
  'not-recorded': 'Not recorded',
};
const LIVING: Record<string, string> = {
  'less-restrictive': 'Less restrictive',
  same: 'Same',
  'more-restrictive': 'More restrictive',
  'not-recorded': 'Not recorded',
};

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
    tile('Children', countCell(m.children), 'first roundtable of the case in the period'),
    tile(
      'Legal permanency within 12 months',
      twelve ? shareCell(twelve.share) : '—',
      twelve ? `${countCell(twelve.stillWithin).text} still within 12 months` : undefined,
    ),
    tile(
      'Median days to permanency',
      daysText(m.medianDays),
      `from the first roundtable to the court’s date; children: ${countCell(m.medianDays.of).text}`,
    ),
    tile(
      'With a committed lifelong connection',
      shareCell(m.connections.share),
      `children: ${countCell(m.connections.children).text}`,
    ),
    tile(
      'Court date not recorded',
      countCell(m.dateNotRecorded),
      `legal permanency from plans closed before per-child records (children from old plans: ${countCell(m.fromOldPlans).text})`,
    ),
  );
  const windows = m.windows.map((w) => `${w.months} months`);
  const figures = [
    renderFigure($('permanency-windows'), {
      id: 'perm-windows',
      title: 'Legal permanency within 6, 12 and 18 months',
      summary:
        'Bars: percent of children whose window has passed who reached legal permanency (reunification, adoption, guardianship or placement with a relative) within it, by the court’s finalisation date.',
      axis: 'Window',
      labels: windows,
      series: [{ label: 'Reached legal permanency', cells: m.windows.map((w) => shareCell(w.share)) }],
      percent: true,
      csv: `permanency-windows-${period}`,
    }),
    renderFigure($('permanency-kinds'), {
      id: 'perm-kinds',
      title: 'Legal permanency within 6, 12 and 18 months, by kind',
      summary: 'Stacked bars: children who reached legal permanency within each window, one colour per kind.',
      axis: 'Window',
      labels: windows,
      series: Object.entries(KINDS).map(([key, label]) => ({
        label,
        cells: m.windows.map((w) => countCell(w.byKind.find((k) => k.key === key)?.achieved ?? 0)),
      })),
      stacked: true,
      csv: `permanency-by-kind-${period}`,
    }),
    renderFigure($('permanency-outcomes'), {
      id: 'perm-outcomes',
      title: 'Where the children are now',
      summary:
        'Horizontal bars: children by their latest recorded outcome: each kind of legal permanency, each way of leaving care without it, still in care, or not recorded.',
      axis: 'Outcome',
      labels: m.outcomes.map((o) => OUTCOMES[o.key] ?? o.key),
      series: [{ label: 'Children', cells: m.outcomes.map((o) => countCell(o.count)) }],
      horizontal: true,
      csv: `permanency-outcomes-${period}`,
    }),
    renderFigure($('permanency-transitions'), {
      id: 'perm-transitions',
      title: 'Permanency status: first roundtable to latest rating',
      summary:
        'Bars: children whose rating improved, stayed the same or got worse on the agency’s scale, from their first roundtable to their latest rating.',
      axis: 'Change',
      labels: m.transitions.map((t) => TRANSITIONS[t.key] ?? t.key),
      series: [{ label: 'Children', cells: m.transitions.map((t) => countCell(t.count)) }],
      csv: `permanency-transitions-${period}`,
    }),
    renderFigure($('permanency-ratings'), {
      id: 'perm-ratings',
      title: 'Permanency status: at the roundtable and now',
      summary:
        'Grouped bars: how many children had each rating at their first roundtable, and at their latest rating.',
      axis: 'Rating',
      labels: ratings.map((r) => RATINGS[r.rating] ?? r.rating),
      series: [
        { label: 'At the roundtable', cells: ratings.map((r) => countCell(r.atRoundtable)) },
        { label: 'Latest rating', cells: ratings.map((r) => countCell(r.latest)) },
      ],
      csv: `permanency-ratings-${period}`,
    }),
    renderFigure($('permanency-living'), {
      id: 'perm-living',
      title: 'Living situation: first to latest record',
      summary:
        'Bars: children whose living situation moved to a less restrictive setting, stayed the same or moved to a more restrictive one, on the agency’s scale.',
      axis: 'Change',
      labels: m.living.map((l) => LIVING[l.key] ?? l.key),
      series: [{ label: 'Children', cells: m.living.map((l) => countCell(l.count)) }],
      csv: `living-situation-${period}`,
    }),
    renderFigure($('permanency-goals'), {
      id: 'perm-goals',
      title: 'Legal permanency within 12 months, by primary goal',
      summary: 'Bars: percent per primary goal of the plan, among children whose 12 months have passed.',
      axis: 'Primary goal',
      labels: m.byGoal.map((g) => GOAL_LABELS[g.goal] ?? 'No goal set'),
      series: [{ label: 'Within 12 months', cells: m.byGoal.map((g) => shareCell(g.share12)) }],
      percent: true,
      horizontal: true,
      csv: `permanency-by-goal-${period}`,
    }),
  ];
  return figures.filter((c): c is Chart => !!c);
}
