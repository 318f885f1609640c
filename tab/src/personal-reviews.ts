/**
 * The personal app's "My reviews" (personal.ts): one plan I review (caseworker or supervisor) with its counts, the
 * links to its children's records and family handout, and the form recording the family team meeting that
 * reviewed a draft plan with the youth and family.
 */
import { goalLabel, h, post, type Session } from './common';
import { isoDay } from './dates';
import { tr } from './i18n';
import { sendTextForm, type TextForm } from './name-warning';

/** One plan I review, as the API lists it. */
export interface Review {
  roundtableId: string;
  caseAlias: string;
  practice: boolean;
  draft: boolean;
  primaryGoal?: string;
  lastReviewAt?: string;
  nextReviewAt?: string;
  counts: { open: number; done: number; blocked: number; overdue: number };
}

/** What a review needs from the page: the session, the status line, the reload after a change. */
export interface ReviewContext {
  session: Session;
  say: (text: string, error?: boolean) => void;
  after: () => Promise<void>;
}

/** The case alias line, PRACTICE marked, with more tags. */
export function caseLine(alias: string, practice: boolean, ...tags: (HTMLElement | false)[]): HTMLElement {
  return h(
    'p',
    { class: 'case' },
    alias,
    practice && h('span', { class: 'tag practice' }, tr('tab:common.practice')),
    ...tags,
  );
}

/** The family team meeting that reviewed a draft plan with the youth and family (ends the draft). */
function familyReviewForm(r: Review, li: HTMLElement, ctx: ReviewContext): void {
  li.querySelector('form')?.remove();
  const today = new Date().toISOString().slice(0, 10);
  const field = (id: string, label: string, input: HTMLElement) => [h('label', { for: id }, label), input];
  const date = h('input', {
    id: `fr-date-${r.roundtableId}`,
    type: 'date',
    required: true,
    max: today,
    value: today,
  });
  const who = h('input', { id: `fr-who-${r.roundtableId}`, type: 'text', maxlength: '500', required: true });
  const changes = h('textarea', {
    id: `fr-changes-${r.roundtableId}`,
    rows: '3',
    maxlength: '2000',
    required: true,
  });
  // The practice asks whether the youth took part and what they said about the plan (both optional).
  const tookPart = h(
    'select',
    { id: `fr-youth-${r.roundtableId}` },
    h('option', { value: '' }, tr('tab:review.notRecorded')),
    h('option', { value: 'yes' }, tr('tab:common.yes')),
    h('option', { value: 'no' }, tr('tab:common.no')),
  );
  const said = h('textarea', { id: `fr-said-${r.roundtableId}`, rows: '2', maxlength: '2000' });
  const save = h('button', { type: 'submit', class: 'primary' }, tr('tab:common.save')) as HTMLButtonElement;
  const cancel = h('button', { type: 'button' }, tr('tab:common.cancel'));
  const row = h('div', { class: 'row2' }, save, cancel);
  const f = h(
    'form',
    {},
    ...field(date.id, tr('tab:review.meetingDate'), date),
    ...field(who.id, tr('tab:review.whoTookPart'), who),
    ...field(changes.id, tr('tab:review.changes'), changes),
    ...field(tookPart.id, tr('tab:review.youthTookPart'), tookPart),
    ...field(said.id, tr('tab:review.youthSaid'), said),
    row,
  );
  cancel.addEventListener('click', () => f.remove());
  // The record is echoed onto the plan summary: a full-name warning appears under Save, the text stays.
  const sent: TextForm = {
    anchor: row,
    button: save,
    fallback: tr('tab:review.notSent'),
    async send(keepNames) {
      const body = {
        date: (date as HTMLInputElement).value,
        participants: (who as HTMLInputElement).value,
        changes: (changes as HTMLTextAreaElement).value,
        youthTookPart: (tookPart as HTMLSelectElement).value || undefined,
        youthSaid: (said as HTMLTextAreaElement).value,
      };
      ctx.say('');
      const path = `/api/tab/me/reviews/${encodeURIComponent(r.roundtableId)}/family-review`;
      const notice = await post(ctx.session, path, keepNames ? { ...body, keepNames } : body);
      ctx.say(notice ?? tr('tab:review.recorded'));
      await ctx.after();
    },
  };
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    void sendTextForm(sent);
  });
  li.append(f);
  date.focus();
}

/** The pages a plan links to: their class, link text and what they hold. */
const PLAN_LINKS = {
  child: ['records-link', 'tab:review.records', 'tab:review.recordsNote'],
  handout: ['handout-link', 'tab:review.handout', 'tab:review.handoutNote'],
} as const;

/** A link from a plan to one of its pages (`page`.html?rt=…), the development sign-in's parameters kept. */
function planLink(page: keyof typeof PLAN_LINKS, r: Review): HTMLElement {
  const [cls, labelKey, noteKey] = PLAN_LINKS[page];
  const label = tr(labelKey);
  const q = new URLSearchParams(location.search);
  q.set('rt', r.roundtableId);
  const link = h(
    'a',
    { href: `${page}.html?${q.toString()}`, 'aria-label': `${label}: ${r.caseAlias}` },
    label,
  );
  return h('p', { class: cls }, link, tr(noteKey));
}

/** One plan I review: its counts, its pages, and (a draft) the family team meeting to record. */
export function reviewItem(r: Review, ctx: ReviewContext): HTMLElement {
  const c = r.counts;
  const goal = r.primaryGoal ? goalLabel(r.primaryGoal) : tr('tab:review.goalNotSet');
  const li = h(
    'li',
    { class: 'step' },
    caseLine(r.caseAlias, r.practice, r.draft && h('span', { class: 'tag' }, tr('tab:common.draft'))),
    r.draft && h('p', { class: 'text' }, tr('tab:review.notReviewed')),
    h(
      'p',
      { class: 'detail' },
      tr('tab:review.primaryGoal', { goal }) +
        (r.lastReviewAt ? tr('tab:review.lastReview', { date: isoDay(r.lastReviewAt) }) : '') +
        (r.nextReviewAt ? tr('tab:review.nextReview', { date: isoDay(r.nextReviewAt) }) : ''),
    ),
    h(
      'p',
      { class: 'counts-line' },
      h('span', { class: 'count' }, tr('tab:review.open', { n: c.open })),
      c.overdue > 0 && h('span', { class: 'tag late' }, tr('tab:review.overdue', { n: c.overdue })),
      c.blocked > 0 && h('span', { class: 'count' }, tr('tab:review.blocked', { n: c.blocked })),
      h('span', { class: 'count' }, tr('tab:review.done', { n: c.done })),
    ),
  );
  if (!r.practice) li.append(planLink('child', r));
  // The family handout (print page and PDF) for the family team meeting.
  li.append(planLink('handout', r));
  if (r.draft) {
    const record = h(
      'button',
      { type: 'button', 'aria-label': tr('tab:review.recordLabel', { alias: r.caseAlias }) },
      tr('tab:review.record'),
    );
    record.addEventListener('click', () => familyReviewForm(r, li, ctx));
    li.append(h('div', { class: 'actions one' }, record));
  }
  return li;
}
