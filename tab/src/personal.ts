/**
 * The personal app "My roundtables": my open plan steps, the plans I review, and (supervisors) my team's
 * steps, with the same one-click updates as the 1:1 reminder cards. Works where Action.Execute does not
 * (Teams on phones). Case alias only; a practice roundtable's steps are marked PRACTICE.
 */
import { ApiError, getJson, h, post, type Session, start, statusLabel } from './common';
import { isoDay } from './dates';
import { tr } from './i18n';
import { sendTextForm, type TextForm } from './name-warning';
import { caseLine, type Review, reviewItem } from './personal-reviews';
import type { MyStep } from './personal-types.js';

type Step = MyStep;
type Section = 'steps' | 'reviews' | 'team';

/** The confirmation names the step, as the 1:1 cards do ("Marked done: Call the aunt."). */
function notice(kind: string, text: string): string {
  const step = text.length > 80 ? `${text.slice(0, 79)}…` : text;
  const said: Record<string, string> = {
    done: 'tab:step.saidDone',
    'in-progress': 'tab:step.saidInProgress',
    blocked: 'tab:step.saidBlocked',
    due: 'tab:step.saidDue',
    note: 'tab:step.saidNote',
  };
  const key = said[kind];
  return key ? tr(key, { step }) : tr('tab:common.saved');
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

/** One step with its one-click updates; `after` reloads the lists once the change is stored. */
function stepItem(step: Step, showOwner: boolean, after: () => Promise<void>): HTMLElement {
  const late = step.overdueDays > 0;
  const details = [tr('tab:step.due', { date: day(step.dueDate) }), statusLabel(step.status)];
  if (showOwner) details.push(tr('tab:step.owner', { name: step.owner }));
  if (step.reason && step.status === 'blocked') details.push(tr('tab:step.reason', { text: step.reason }));
  if (step.lastNote && step.lastNote !== step.reason)
    details.push(tr('tab:step.lastNote', { text: step.lastNote }));
  if (step.nextReview) details.push(tr('tab:step.nextReview', { date: day(step.nextReview) }));
  const li = h(
    'li',
    { class: late ? 'step overdue' : 'step' },
    caseLine(
      step.caseAlias,
      step.practice,
      late && h('span', { class: 'tag late' }, tr('tab:step.overdue', { n: step.overdueDays })),
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
      say(err instanceof ApiError ? err.message : tr('tab:step.notSent'), true);
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
    const title = tr(
      { blocked: 'tab:step.whyBlocked', due: 'tab:step.newDueDate', note: 'tab:step.noteLabel' }[kind],
    );
    const save = h(
      'button',
      { type: 'submit', class: 'primary' },
      tr('tab:common.save'),
    ) as HTMLButtonElement;
    const cancel = h('button', { type: 'button' }, tr('tab:common.cancel'));
    const row = h('div', { class: 'row2' }, save, cancel);
    const f = h('form', {}, h('label', { for: id }, title), input, row);
    cancel.addEventListener('click', () => f.remove());
    // A reason or a note is free text: a full-name warning appears under Save, the text stays in its box.
    const sent: TextForm = {
      anchor: row,
      button: save,
      fallback: tr('tab:step.notSent'),
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
      button(tr('tab:step.done'), 'primary', (b) => void change({ change: 'done' }, b)),
      step.status !== 'in-progress' &&
        button(tr('tab:step.inProgress'), '', (b) => void change({ change: 'in-progress' }, b)),
      button(tr('tab:step.blocked'), '', () => form('blocked')),
      button(tr('tab:step.newDate'), '', () => form('due')),
      button(tr('tab:step.note'), '', () => form('note')),
    ),
  );
  return li;
}

async function load(): Promise<void> {
  const [mine, reviews, team] = await Promise.all([
    getJson<{ me: { name: string; officer?: boolean }; steps: Step[] }>(session, '/api/tab/me/steps'),
    getJson<{ reviews: Review[] }>(session, '/api/tab/me/reviews'),
    getJson<{ supervisor: boolean; steps: Step[] }>(session, '/api/tab/me/team-steps'),
  ]);
  $('hello').textContent = tr('tab:personal.hello', { name: mine.me.name });
  $('officer-link').hidden = mine.me.officer !== true; // the access log's link, for security officers only
  $('n-steps').textContent = String(mine.steps.length);
  $('n-reviews').textContent = String(reviews.reviews.length);
  $('n-team').textContent = String(team.steps.length);
  $('steps').replaceChildren(
    ...(mine.steps.length
      ? mine.steps.map((s) => stepItem(s, false, load))
      : [emptyState('🎉', tr('tab:personal.noSteps'), tr('tab:personal.noStepsText'))]),
  );
  $('reviews').replaceChildren(
    ...(reviews.reviews.length
      ? reviews.reviews.map((r) => reviewItem(r, { session, say, after: load }))
      : [emptyState('📋', tr('tab:personal.noReviews'), tr('tab:personal.noReviewsText'))]),
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
      : [emptyState('✅', tr('tab:personal.noTeamSteps'), tr('tab:personal.noTeamStepsText'))]),
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
    say(err instanceof ApiError ? err.message : tr('tab:personal.unreachable'), true);
  } finally {
    $('app').setAttribute('aria-busy', 'false');
  }
}

void main();
