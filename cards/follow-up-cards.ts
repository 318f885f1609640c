import { type Lang, t } from '../bot/i18n/text.js';
import { CHILD_OUTCOME_CHOICES } from '../bot/roundtable/child-outcome.js';
import type { ChildView, PlanWithChildren } from '../bot/roundtable/child-record.js';
import type { ActionPlan, AgencySettings, PlanStep, Roundtable } from '../bot/roundtable/types.js';
import {
  type AdaptiveCard,
  cap,
  cardBytes,
  cardSentence,
  expand,
  loadTemplate,
  MAX_CARD_BYTES,
} from './kit.js';
import { labelsIn } from './labels-in.js';
import { ratingMeaningsData } from './rating-meanings.js';
import { reviewChildRow } from './review-child-rows.js';

/** The title of the deep link to the personal app on every 1:1 follow-up card. */
export const MY_ROUNDTABLES_TITLE = t('en', 'personal:myRoundtables');

/** Card verbs of the 1:1 follow-up chat (reminders, `my steps`, reviews). */
export const FOLLOW_UP_VERBS = {
  done: 'step.done',
  progress: 'step.progress',
  blocked: 'step.blocked',
  due: 'step.due',
  note: 'step.note',
  review: 'review.save',
  /** The family team meeting reviewed the plan with the youth and family (ends the draft). */
  familyReview: 'plan.familyReview',
} as const;

/** Data on every follow-up action: the roundtable, the step, which list the card shows, a per-rendering nonce. */
export interface FollowUpActionData {
  rt: string;
  step?: string;
  list: 'mine' | 'team' | 'reminder' | 'review';
  nonce: string;
  /** "Keep as written" after the full-name warning (the family-team-meeting record). */
  keepNames?: true;
}

/** Per-step input ids (unique on a card that lists several steps). */
export const followUpInputs = {
  reason: (stepId: string) => `reason_${stepId}`,
  due: (stepId: string) => `due_${stepId}`,
  note: (stepId: string) => `note_${stepId}`,
  rating: (index: number) => `rating_${index}`,
  familyDate: 'familyReviewDate',
  familyParticipants: 'familyReviewParticipants',
  familyChanges: 'familyReviewChanges',
  familyYouthTookPart: 'familyReviewYouthTookPart',
  familyYouthSaid: 'familyReviewYouthSaid',
};

const STEPS = loadTemplate('follow-up/steps');
const REVIEW = loadTemplate('follow-up/review');
const FAMILY_REVIEW = loadTemplate('follow-up/family-review');

/**
 * When the plan's next follow-up review is due (YYYY-MM-DD): reviews follow the roundtable's end every
 * `everyDays` days (the reminder trail plans them so), the first one on or after today. Undefined while the
 * roundtable runs, and for a closed plan or one a follow-up roundtable took over.
 */
export function nextReviewDue(
  rt: Pick<Roundtable, 'endedAt'>,
  plan: Pick<ActionPlan, 'closed' | 'supersededBy'> | undefined,
  everyDays: number,
  now: Date,
): string | undefined {
  if (!rt.endedAt || plan?.closed || plan?.supersededBy || everyDays <= 0) return undefined;
  const DAY = 86_400_000;
  const ended = Date.parse(rt.endedAt);
  const periods = Math.max(1, Math.ceil((now.getTime() - ended) / (everyDays * DAY)));
  return new Date(ended + periods * everyDays * DAY).toISOString().slice(0, 10);
}

/** A step with what the 1:1 card needs about its roundtable. */
export interface StepLine {
  step: PlanStep;
  roundtable: Roundtable;
  overdueDays: number;
  /** When the plan's next follow-up review is due (YYYY-MM-DD), when known. */
  nextReview?: string;
}

function chatLink(rt: Roundtable): string {
  const message = rt.cardIds.summary ?? rt.cardIds.plan;
  if (!message) return '';
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(rt.chat.conversationId)}/${encodeURIComponent(message)}`;
}

function stepDetail(line: StepLine, lang: Lang): string {
  const s = line.step;
  const parts = [
    t(lang, 'personal:steps.due', { date: s.dueDate }),
    labelsIn(lang).stepStatus[s.status],
    t(lang, 'personal:steps.owner', { name: s.owner.name }),
  ];
  if (line.nextReview) parts.push(t(lang, 'personal:steps.nextReview', { date: line.nextReview }));
  if (line.overdueDays > 0) parts.unshift(t(lang, 'personal:steps.overdue', { n: line.overdueDays }));
  if (s.reason && (s.status === 'blocked' || s.status === 'dropped'))
    parts.push(t(lang, 'personal:steps.reason', { text: s.reason.slice(0, 200) }));
  const last = s.updates?.at(-1);
  if (last?.note && last.note !== s.reason)
    parts.push(t(lang, 'personal:steps.lastNote', { text: last.note.slice(0, 200) }));
  return parts.join(' · ');
}

/** Steps by due date, earliest first (overdue ones lead): the order of every step list after the meeting. */
export function byDue<T extends Pick<PlanStep, 'dueDate'>>(steps: T[]): T[] {
  return [...steps].sort((a, b) => (a.dueDate || '9999').localeCompare(b.dueDate || '9999'));
}

/** A list of steps with one-click updates: reminders, `my steps`, `team steps`. */
export function stepsCard(opts: {
  heading: string;
  intro?: string;
  lines: StepLine[];
  list: FollowUpActionData['list'];
  actionable: boolean;
  notice?: { kind: 'info' | 'error'; text: string };
  emptyText?: string;
  /** The deep link to the personal app "My roundtables" (an Action.OpenUrl: works on phones too). */
  myRoundtablesUrl?: string;
  /** The agency's review cadence: each step then says when its plan's next review is due. */
  reviewEveryDays?: number;
  /** The clock the next review is counted from (the scheduler's; now by default). */
  now?: Date;
  /** The reader's language (a code of locales/). */
  lang?: Lang;
}): AdaptiveCard {
  const lang = opts.lang ?? 'en';
  const nonce = crypto.randomUUID();
  const now = opts.now ?? new Date();
  const withReview = (line: StepLine): StepLine => {
    if (line.nextReview || !opts.reviewEveryDays) return line;
    const due = nextReviewDue(line.roundtable, undefined, opts.reviewEveryDays, now);
    return due ? { ...line, nextReview: due } : line;
  };
  const build = (max: number) => {
    const shown = opts.lines.slice(0, max);
    const practice = opts.lines.find((l) => l.roundtable.practice === true)?.roundtable;
    return expand(STEPS, {
      lang,
      heading: opts.heading,
      practice: practice !== undefined,
      practiceText: labelsIn(lang).practiceBanner(practice?.deleteAfter),
      intro: opts.intro ?? '',
      notice: cardSentence(opts.notice?.text ?? ''),
      noticeStyle: opts.notice?.kind === 'error' ? 'attention' : 'good',
      emptyText: opts.emptyText ?? t(lang, 'personal:steps.empty'),
      steps: shown.map((line, i) => ({
        // The team list is grouped by caseworker (step-queries `byOwner`): a heading where each group starts.
        group:
          opts.list === 'team' && shown[i - 1]?.step.owner.id !== line.step.owner.id
            ? cap(line.step.owner.name, 80)
            : '',
        caseAlias: line.roundtable.caseAlias,
        text: line.step.text.length > 600 ? `${line.step.text.slice(0, 599)}…` : line.step.text,
        detail: stepDetail(withReview(line), lang),
        style: line.overdueDays > 0 ? 'warning' : 'default',
        actionable: opts.actionable,
        dueDate: line.step.dueDate,
        reasonId: followUpInputs.reason(line.step.id),
        dueId: followUpInputs.due(line.step.id),
        noteId: followUpInputs.note(line.step.id),
        data: {
          rt: line.roundtable.id,
          step: line.step.id,
          list: opts.list,
          nonce,
        } satisfies FollowUpActionData,
      })),
      more:
        opts.lines.length > shown.length
          ? t(lang, 'personal:steps.more', { n: opts.lines.length - shown.length })
          : '',
      chatLink: opts.lines.length === 1 && opts.lines[0] ? chatLink(opts.lines[0].roundtable) : '',
      myRoundtablesUrl: opts.myRoundtablesUrl ?? '',
    });
  };
  for (const max of [15, 10, 6, 3, 1]) {
    const card = build(max);
    if (cardBytes(card) < MAX_CARD_BYTES) return card;
  }
  return build(0);
}

/** The periodic follow-up review: every step with its status, a rating per child, and closing the plan. */
export function reviewCard(opts: {
  roundtable: Roundtable;
  plan: ActionPlan;
  steps: PlanStep[];
  children: string[];
  /** Each child's record (latest rating, outcome), when read: "not recorded" otherwise. */
  childViews?: ChildView[];
  settings: AgencySettings;
  notice?: { kind: 'info' | 'error'; text: string };
  /** The deep link to the personal app "My roundtables" (an Action.OpenUrl: works on phones too). */
  myRoundtablesUrl?: string;
  /** The reader's language (a code of locales/). */
  lang?: Lang;
}): AdaptiveCard {
  const { roundtable: rt, plan } = opts;
  const lang = opts.lang ?? 'en';
  const labels = labelsIn(lang);
  const today = new Date().toISOString().slice(0, 10);
  const done = opts.steps.filter((s) => s.status === 'done').length;
  const goals = [plan.primaryGoal, plan.concurrentGoal].map((g) =>
    g ? labels.goals[g] : t(lang, 'personal:review.goalNotSet'),
  );
  const next = nextReviewDue(rt, plan, opts.settings.followUp.reviewEveryDays, new Date());
  const build = (max: number) =>
    expand(REVIEW, {
      lang,
      caseAlias: rt.caseAlias,
      practice: rt.practice === true,
      practiceText: labels.practiceBanner(rt.deleteAfter),
      notice: cardSentence(opts.notice?.text ?? ''),
      noticeStyle: opts.notice?.kind === 'error' ? 'attention' : 'good',
      summaryLine: plan.closed
        ? (plan as PlanWithChildren).childOutcomes
          ? t(lang, 'personal:review.closedAllOut', { date: plan.closed.at.slice(0, 10) })
          : t(lang, 'personal:review.closed', {
              outcome: plan.closed.outcome,
              date: plan.closed.at.slice(0, 10),
            })
        : t(lang, next ? 'personal:review.summaryNext' : 'personal:review.summary', {
            done: String(done),
            total: String(opts.steps.length),
            primary: goals[0] ?? '',
            concurrent: goals[1] ?? '',
            next: next ?? '',
          }),
      steps: byDue(opts.steps)
        .slice(0, max)
        .map((s) => ({
          statusLabel: labels.stepStatus[s.status],
          text: s.text.length > 400 ? `${s.text.slice(0, 399)}…` : s.text,
          detail: s.reason
            ? t(lang, 'personal:review.stepDetailReason', {
                date: s.dueDate,
                owner: s.owner.name,
                reason: s.reason.slice(0, 150),
              })
            : t(lang, 'personal:review.stepDetail', { date: s.dueDate, owner: s.owner.name }),
        })),
      more: opts.steps.length > max ? t(lang, 'personal:review.more', { n: opts.steps.length - max }) : '',
      open: !plan.closed,
      draft: plan.draft && !plan.closed,
      familyLine: plan.familyReview
        ? t(lang, 'personal:review.familyLine', {
            date: plan.familyReview.date,
            changes: plan.familyReview.changes.slice(0, 300),
          })
        : '',
      today,
      children: opts.children.map((child, i) => ({
        ...reviewChildRow(child, i, plan, opts.settings, opts.childViews, lang),
        ratingId: followUpInputs.rating(i),
      })),
      scale: opts.settings.ratingScale.map((r) => ({ title: r.label, value: r.key })),
      ...ratingMeaningsData(opts.settings, 'reviewCardRatingMeanings', 600, lang),
      outcomes: outcomeChoices(lang),
      data: { rt: rt.id, list: 'review', nonce: crypto.randomUUID() } satisfies FollowUpActionData,
      myRoundtablesUrl: opts.myRoundtablesUrl ?? '',
    });
  for (const max of [25, 15, 8, 3]) {
    const card = build(max);
    if (cardBytes(card) < MAX_CARD_BYTES) return card;
  }
  return build(0);
}

/**
 * The family team meeting's record, open (what "Done" on the family-team-meeting step answers while the plan is
 * a draft): its date, who took part, the changes agreed, the youth's part. Recording it ends the draft.
 */
export function familyReviewCard(opts: {
  roundtable: Roundtable;
  notice?: { kind: 'info' | 'error'; text: string };
  /** The deep link to the personal app "My roundtables" (an Action.OpenUrl: works on phones too). */
  myRoundtablesUrl?: string;
  /** The reader's language (a code of locales/). */
  lang?: Lang;
}): AdaptiveCard {
  const rt = opts.roundtable;
  const lang = opts.lang ?? 'en';
  return expand(FAMILY_REVIEW, {
    lang,
    caseAlias: rt.caseAlias,
    practice: rt.practice === true,
    practiceText: labelsIn(lang).practiceBanner(rt.deleteAfter),
    notice: cardSentence(opts.notice?.text ?? ''),
    noticeStyle: opts.notice?.kind === 'error' ? 'attention' : 'good',
    intro: t(lang, 'personal:family.intro'),
    today: new Date().toISOString().slice(0, 10),
    data: { rt: rt.id, list: 'review', nonce: crypto.randomUUID() } satisfies FollowUpActionData,
    myRoundtablesUrl: opts.myRoundtablesUrl ?? '',
  });
}

/** The choices of a child's outcome on the review card, in the reader's language. */
function outcomeChoices(lang: Lang): { value: string; title: string }[] {
  return CHILD_OUTCOME_CHOICES.map((c) => ({
    value: c.value,
    title: t(lang, `personal:review.outcomes.${c.value.replace(':', '.')}`),
  }));
}
