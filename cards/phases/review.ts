/** The Review card of a follow-up roundtable: the previous plan's steps, the permanency status history, new ratings. */
import { type Lang, REFERENCE_LANGUAGE, t } from '../../bot/i18n/text.js';
import type { PreviousPlanReview } from '../../bot/roundtable/follow-up-roundtable.js';
import type { AgencySettings, PlanStep } from '../../bot/roundtable/types.js';
import type { PhaseData } from '../card-view.js';
import { INPUTS } from '../contract.js';
import { cap as capTo, type Data } from '../kit.js';
import { labelsIn } from '../labels-in.js';
import { ratingMeaningsData } from '../rating-meanings.js';

/** Children per history table: a wider sibling group gets more tables, so columns stay readable. */
const CHILDREN_PER_TABLE = 4;

function historyLines(
  step: PlanStep,
  cap: (t: string) => string,
  max: number,
  lang: Lang,
): { line: string }[] {
  const lines = (step.updates ?? []).map((u) => {
    const what = [
      u.status ? labelsIn(lang).stepStatus[u.status] : '',
      u.dueDate ? t(lang, 'meeting:review.newDueDate', { date: u.dueDate }) : '',
      u.note ?? '',
    ]
      .filter(Boolean)
      .join(' · ');
    return { line: cap(`${u.at.slice(0, 10)} ${u.by.name}: ${what}`) };
  });
  return lines.length > max
    ? [
        ...lines.slice(0, max - 1),
        { line: t(lang, 'meeting:review.earlierUpdates', { n: lines.length - max + 1 }) },
      ]
    : lines;
}

/**
 * The data of the review phase card: every step of the previous plan with status and history,
 * the permanency status history as a table (one row per rating occasion, one column per child)
 * and a rating input per child. Without a previous plan (never for a real follow-up) it is empty.
 */
export function reviewPhaseData(
  review: PreviousPlanReview | undefined,
  settings: AgencySettings,
  items: number,
  cap: (t: string) => string,
  lang: Lang = REFERENCE_LANGUAGE,
): Data {
  const labels = labelsIn(lang);
  const steps = review?.steps ?? [];
  const children = review?.children ?? [];
  const shown = steps.slice(0, items);
  const done = steps.filter((s) => s.status === 'done').length;
  const label = (key: string | undefined) =>
    key ? (settings.ratingScale.find((r) => r.key === key)?.label ?? key) : '—';
  const history = (review?.history ?? []).slice(-Math.max(2, items));
  const tables = [];
  for (let i = 0; i < children.length; i += CHILDREN_PER_TABLE) {
    const group = children.slice(i, i + CHILDREN_PER_TABLE);
    const row = (cells: string[], bold: boolean) => ({
      cells: cells.map((text, c) => ({
        text,
        weight: bold ? 'Bolder' : 'Default',
        width: c < 2 ? 'auto' : 'stretch',
      })),
    });
    tables.push({
      rows: [
        row([t(lang, 'meeting:review.date'), t(lang, 'meeting:review.occasion'), ...group.map(cap)], true),
        ...history.map((h) =>
          row(
            [h.at.slice(0, 10), labels.ratingOccasion[h.occasion], ...group.map((c) => label(h.ratings[c]))],
            false,
          ),
        ),
      ],
    });
  }
  return {
    previousLine: review
      ? t(lang, 'meeting:review.previous', {
          date: review.previous.createdAt.slice(0, 10),
          done,
          total: steps.length,
        })
      : t(lang, 'meeting:review.noPrevious'),
    stepCount: steps.length,
    steps: shown.map((s) => ({
      statusLabel: labels.stepStatus[s.status],
      color: 'Default', // the label says blocked: red text fails contrast in Teams dark
      text: cap(s.text),
      detail: cap(
        s.reason
          ? t(lang, 'meeting:review.stepDetailReason', {
              owner: s.owner.name,
              due: s.dueDate,
              reason: s.reason,
            })
          : t(lang, 'meeting:review.stepDetail', { owner: s.owner.name, due: s.dueDate }),
      ),
      history: historyLines(s, cap, Math.max(1, Math.ceil(items / 2)), lang),
    })),
    stepsMore: {
      show: steps.length > shown.length,
      text: t(lang, 'common:andMore', { n: steps.length - shown.length }),
    },
    historyCount: history.length,
    tables: history.length ? tables : [],
    ratingChoices: settings.ratingScale.map((r) => ({ title: r.label, value: r.key })),
    ...ratingMeaningsData(settings, 'reviewRatingMeanings', 600, lang),
    ratings: children.map((alias, i) => ({
      alias: cap(alias),
      value: review?.current[alias] ?? '',
      ratingLabel: review?.current[alias]
        ? label(review.current[alias])
        : t(lang, 'meeting:review.notReRated'),
      inputId: `${INPUTS.ratingPrefix}${i}`,
    })),
  };
}

/** The Review card's data. */
export const reviewData: PhaseData = (view, limits) =>
  reviewPhaseData(
    view.review,
    view.settings,
    limits.items,
    (text: string) => capTo(text, limits.text),
    view.lang,
  );
