/**
 * The personal app "My roundtables": my open plan steps, the plans I review, and (supervisors) my team's
 * steps, with the same one-click updates as the 1:1 reminder cards. Works where Action.Execute does not
 * (Teams on phones). Case alias only; a practice roundtable's steps are marked PRACTICE.
 */
import { ApiError, GOAL_LABELS, getJson, h, post, type Session, start } from './common';
import { isoDay } from './dates';
import { sendTextForm, type TextForm } from './name-warning';
import type { MyStep } from './personal-types.js';

type Step = MyStep;
interface Review {
  roundtableId: string;
  caseAlias: string;
  practice: boolean;
  draft: boolean;
  primaryGoal?: string;
  lastReviewAt?: string;
  nextReviewAt?: string;
  counts: { open: number; done: number; blocked: number; overdue: number };
}
type Section = 'steps' | 'reviews' | 'team';

const STATUS: Record<string, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  blocked: 'Blocked',
  done: 'Done',
  dropped: 'Dropped',
};
/** The confirmation names the step, as the 1:1 cards do ("Marked done: Call the aunt."). */
function notice(kind: string, text: string): string {
  const step = text.length > 80 ? `${text.slice(0, 79)}…` : text;
  const said: Record<string, string> = {
    done: `Marked done: ${step}. Its reminders have stopped.`,
    'in-progress': `Marked in progress: ${step}.`,
    blocked: `Marked blocked, with your reason: ${step}.`,
    due: `New due date saved for: ${step}. Reminders follow it.`,
    note: `Note added to: ${step}.`,
  };
  return said[kind] ?? 'Saved.';
}

/** A calendar day as everywhere else (cards, case file): "2026-12-17". */
const day = isoDay;

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const statusLine = $('status');
let session: Session;

function say(text: string, error = false): void {
  statusLine.textContent = text;
  statusLine.classList.toggle('error', error);
}

/** The segmented control: one section at a time, arrow keys move between tabs. */
function show(section: Section): void {
  for (const s of ['steps', 'reviews', 'team'] as const) {
    const tab = $(`tab-${s}`);
    tab.setAttribute('aria-selected', String(s === section));
    tab.tabIndex = s === section ? 0 : -1;
    $(`panel-${s}`).hidden = s !== section;
  }
}

function emptyState(icon: string, title: string, text: string): HTMLElement {
  return h(
    'li',
    { class: 'empty-state' },
    h('span', { class: 'big', 'aria-hidden': 'true' }, icon),
    h('b', {}, title),
    h('p', {}, text),
  );
}

function caseLine(alias: string, practice: boolean, ...tags: (HTMLElement | false)[]): HTMLElement {
  return h(
    'p',
    { class: 'case' },
    alias,
    practice && h('span', { class: 'tag practice' }, 'PRACTICE'),
    ...tags,
  );
}

/** One step with its one-click updates; `after` reloads the lists once the change is stored. */
function stepItem(step: Step, showOwner: boolean, after: () => Promise<void>): HTMLElement {
  const late = step.overdueDays > 0;
  const details = [`Due ${day(step.dueDate)}`, STATUS[step.status] ?? step.status];
  if (showOwner) details.push(`Owner: ${step.owner}`);
  if (step.reason && step.status === 'blocked') details.push(`Reason: ${step.reason}`);
  if (step.lastNote && step.lastNote !== step.reason) details.push(`Last note: ${step.lastNote}`);
  if (step.nextReview) details.push(`Next plan review due ${day(step.nextReview)}`);
  const li = h(
    'li',
    { class: late ? 'step overdue' : 'step' },
    caseLine(
      step.caseAlias,
      step.practice,
      late &&
        h(
          'span',
          { class: 'tag late' },
          `Overdue ${step.overdueDays} day${step.overdueDays === 1 ? '' : 's'}`,
        ),
    ),
    h('p', { class: 'text' }, step.text),
    h('p', { class: 'detail' }, details.join(' · ')),
  );
  const label = `${step.text.slice(0, 60)} (${step.caseAlias})`;
  const path = `/api/tab/me/steps/${encodeURIComponent(step.roundtableId)}/${encodeURIComponent(step.stepId)}`;
  const change = async (body: Record<string, string>, button: HTMLButtonElement) => {
    button.disabled = true;
    try {
      await post(session, path, body);
      say(notice(body.change ?? '', step.text));
      await after();
    } catch (err) {
      say(err instanceof ApiError ? err.message : 'The change could not be sent; try again.', true);
      button.disabled = false;
    }
  };
  // The accessible name starts with the visible words (WCAG 2.5.3), then says which step.
  const button = (text: string, cls: string, onClick: (b: HTMLButtonElement) => void) => {
    const name = `${text.replace(/[✓…]/g, '').trim()}: ${label}`;
    const b = h('button', { type: 'button', class: cls, 'aria-label': name }, text) as HTMLButtonElement;
    b.addEventListener('click', () => onClick(b));
    return b;
  };
  /** A small form under the step (reason, new date or note), one at a time. */
  const form = (kind: 'blocked' | 'due' | 'note') => {
    li.querySelector('form')?.remove();
    const id = `${kind}-${step.stepId}`;
    const input =
      kind === 'due'
        ? h('input', {
            id,
            type: 'date',
            required: true,
            min: new Date().toISOString().slice(0, 10),
            value: step.dueDate,
          })
        : h('textarea', { id, rows: '2', maxlength: kind === 'blocked' ? '500' : '2000', required: true });
    const title = { blocked: 'Why is it blocked?', due: 'New due date', note: 'Note' }[kind];
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save') as HTMLButtonElement;
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const row = h('div', { class: 'row2' }, save, cancel);
    const f = h('form', {}, h('label', { for: id }, title), input, row);
    cancel.addEventListener('click', () => f.remove());
    // A reason or a note is free text: a full-name warning appears under Save, the text stays in its box.
    const sent: TextForm = {
      anchor: row,
      button: save,
      fallback: 'The change could not be sent; try again.',
      async send(keepNames) {
        const value = (input as HTMLInputElement).value;
        const body =
          kind === 'blocked'
            ? { change: kind, reason: value }
            : kind === 'due'
              ? { change: kind, dueDate: value }
              : { change: kind, note: value };
        say('');
        await post(session, path, keepNames ? { ...body, keepNames } : body);
        say(notice(kind, step.text));
        await after();
      },
    };
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      void sendTextForm(sent);
    });
    li.append(f);
    input.focus();
  };
  li.append(
    h(
      'div',
      { class: 'actions' },
      button('✓ Done', 'primary', (b) => void change({ change: 'done' }, b)),
      step.status !== 'in-progress' &&
        button('In progress', '', (b) => void change({ change: 'in-progress' }, b)),
      button('Blocked…', '', () => form('blocked')),
      button('New date…', '', () => form('due')),
      button('Note…', '', () => form('note')),
    ),
  );
  return li;
}

/** The family team meeting that reviewed a draft plan with the youth and family (ends the draft). */
function familyReviewForm(r: Review, li: HTMLElement, after: () => Promise<void>): void {
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
    h('option', { value: '' }, 'Not recorded'),
    h('option', { value: 'yes' }, 'Yes'),
    h('option', { value: 'no' }, 'No'),
  );
  const said = h('textarea', { id: `fr-said-${r.roundtableId}`, rows: '2', maxlength: '2000' });
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save') as HTMLButtonElement;
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const row = h('div', { class: 'row2' }, save, cancel);
  const f = h(
    'form',
    {},
    ...field(date.id, 'Date of the family team meeting', date),
    ...field(who.id, 'Who took part', who),
    ...field(changes.id, 'Changes agreed (or "none")', changes),
    ...field(tookPart.id, 'Did the youth take part? (optional)', tookPart),
    ...field(said.id, 'What the youth said about the plan (optional)', said),
    row,
  );
  cancel.addEventListener('click', () => f.remove());
  // The record is echoed onto the plan summary: a full-name warning appears under Save, the text stays.
  const sent: TextForm = {
    anchor: row,
    button: save,
    fallback: 'The review could not be sent; try again.',
    async send(keepNames) {
      const body = {
        date: (date as HTMLInputElement).value,
        participants: (who as HTMLInputElement).value,
        changes: (changes as HTMLTextAreaElement).value,
        youthTookPart: (tookPart as HTMLSelectElement).value || undefined,
        youthSaid: (said as HTMLTextAreaElement).value,
      };
      say('');
      const path = `/api/tab/me/reviews/${encodeURIComponent(r.roundtableId)}/family-review`;
      const notice = await post(session, path, keepNames ? { ...body, keepNames } : body);
      say(notice ?? 'Family team meeting recorded.');
      await after();
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
  child: ['records-link', 'Children’s records', ' — ratings, living situation, lifelong connections'],
  handout: [
    'handout-link',
    'Family handout',
    ' — the plan in plain words, English or Spanish, to print or as a PDF',
  ],
} as const;

/** A link from a plan to one of its pages (`page`.html?rt=…), the development sign-in's parameters kept. */
function planLink(page: keyof typeof PLAN_LINKS, r: Review): HTMLElement {
  const [cls, label, note] = PLAN_LINKS[page];
  const q = new URLSearchParams(location.search);
  q.set('rt', r.roundtableId);
  const link = h(
    'a',
    { href: `${page}.html?${q.toString()}`, 'aria-label': `${label}: ${r.caseAlias}` },
    label,
  );
  return h('p', { class: cls }, link, note);
}

function reviewItem(r: Review, after: () => Promise<void>): HTMLElement {
  const c = r.counts;
  const goal = r.primaryGoal ? (GOAL_LABELS[r.primaryGoal] ?? r.primaryGoal) : 'not set';
  const li = h(
    'li',
    { class: 'step' },
    caseLine(r.caseAlias, r.practice, r.draft && h('span', { class: 'tag' }, 'DRAFT')),
    r.draft && h('p', { class: 'text' }, 'Not yet reviewed with the youth and family.'),
    h(
      'p',
      { class: 'detail' },
      `Primary goal: ${goal}${r.lastReviewAt ? ` · last review ${day(r.lastReviewAt)}` : ''}${r.nextReviewAt ? ` · next review due ${day(r.nextReviewAt)}` : ''}`,
    ),
    h(
      'p',
      { class: 'counts-line' },
      h('span', { class: 'count' }, `${c.open} open`),
      c.overdue > 0 && h('span', { class: 'tag late' }, `${c.overdue} overdue`),
      c.blocked > 0 && h('span', { class: 'count' }, `${c.blocked} blocked`),
      h('span', { class: 'count' }, `${c.done} done`),
    ),
  );
  if (!r.practice) li.append(planLink('child', r));
  // The family handout (print page and PDF) for the family team meeting.
  li.append(planLink('handout', r));
  if (r.draft) {
    const record = h(
      'button',
      { type: 'button', 'aria-label': `Record the family team meeting: ${r.caseAlias}` },
      'Record the family team meeting…',
    );
    record.addEventListener('click', () => familyReviewForm(r, li, after));
    li.append(h('div', { class: 'actions one' }, record));
  }
  return li;
}

async function load(): Promise<void> {
  const [mine, reviews, team] = await Promise.all([
    getJson<{ me: { name: string; officer?: boolean }; steps: Step[] }>(session, '/api/tab/me/steps'),
    getJson<{ reviews: Review[] }>(session, '/api/tab/me/reviews'),
    getJson<{ supervisor: boolean; steps: Step[] }>(session, '/api/tab/me/team-steps'),
  ]);
  $('hello').textContent = `Signed in as ${mine.me.name}.`;
  $('officer-link').hidden = mine.me.officer !== true; // the access log's link, for security officers only
  $('n-steps').textContent = String(mine.steps.length);
  $('n-reviews').textContent = String(reviews.reviews.length);
  $('n-team').textContent = String(team.steps.length);
  $('steps').replaceChildren(
    ...(mine.steps.length
      ? mine.steps.map((s) => stepItem(s, false, load))
      : [
          emptyState(
            '🎉',
            'You have no open plan steps.',
            'New steps appear here when a roundtable gives you one.',
          ),
        ]),
  );
  $('reviews').replaceChildren(
    ...(reviews.reviews.length
      ? reviews.reviews.map((r) => reviewItem(r, load))
      : [
          emptyState(
            '📋',
            'No plans to review.',
            'Plans appear here when you are the caseworker or supervisor of an ended roundtable.',
          ),
        ]),
  );
  $('tab-team').hidden = !team.supervisor;
  $('team').replaceChildren(
    ...(team.steps.length
      ? team.steps.flatMap((s, i) => [
          // Grouped by caseworker (the server's order: whoever has overdue steps first).
          ...(team.steps[i - 1]?.owner === s.owner
            ? []
            : [h('li', { class: 'group' }, h('h3', {}, s.owner))]),
          stepItem(s, true, load),
        ])
      : [
          emptyState(
            '✅',
            'No open steps on your team.',
            'Steps of the roundtables you supervise appear here.',
          ),
        ]),
  );
}

async function main(): Promise<void> {
  for (const s of ['steps', 'reviews', 'team'] as const)
    $(`tab-${s}`).addEventListener('click', () => show(s));
  $('sections').addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const tabs = [...document.querySelectorAll<HTMLElement>('[role="tab"]:not([hidden])')];
    const at = tabs.indexOf(document.activeElement as HTMLElement);
    const next = tabs[(at + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    next?.click();
    next?.focus();
  });
  try {
    session = await start();
    await load();
  } catch (err) {
    say(
      err instanceof ApiError ? err.message : 'My roundtables cannot be reached; try again in a moment.',
      true,
    );
  } finally {
    $('app').setAttribute('aria-busy', 'false');
  }
}

void main();
