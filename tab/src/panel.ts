/** The meeting side panel: phase, time, roster, counts and lists; facilitator controls; add an idea or a question. */
import { meeting } from '@microsoft/teams-js';
import {
  ApiError,
  type Board,
  barrierLabel,
  h,
  pollBoard,
  post,
  roleLabel,
  type Session,
  start,
} from './common';
import { tr } from './i18n';
import { clearFailure, sendTextForm, type TextForm } from './name-warning';
import { panelHeader } from './panel-view';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let board: Board | null = null;
let offset = 0;
let session: Session;
let poller: { refresh(): Promise<void> };
let shownPhase: string | undefined;

function say(text: string, kind: 'info' | 'error' = 'info'): void {
  const el = $('status');
  el.textContent = text;
  el.className = `status ${kind}`;
}

async function act(
  button: HTMLButtonElement | undefined,
  run: () => Promise<string | undefined>,
  done: string,
) {
  if (button) button.disabled = true;
  try {
    const notice = await run();
    say(notice ?? done);
    await poller.refresh();
  } catch (err) {
    say(err instanceof ApiError ? err.message : tr('tab:panel.failed'), 'error');
  } finally {
    if (button) button.disabled = false;
  }
}

function api(path: string): string {
  return `/api/tab/roundtables/${encodeURIComponent(board?.roundtable.id ?? '')}/${path}`;
}

function renderTimer(): void {
  const { clock } = panelHeader(board, Date.now() + offset, tr);
  const el = $('timer');
  el.textContent = clock.text;
  el.hidden = clock.text === '';
  el.classList.toggle('over', clock.over);
}

function render(): void {
  const main = $('app');
  main.setAttribute('aria-busy', 'false');
  const header = panelHeader(board, Date.now() + offset, tr);
  $('case').textContent = header.caseLine;
  $('phase').textContent = header.phaseLine;
  $('phase').classList.toggle('scheduled', header.scheduled);
  renderTimer();
  if (!board) {
    for (const id of ['controls', 'contribute', 'board']) $(id).hidden = true;
    return;
  }
  const rt = board.roundtable;
  renderProgress(rt.phases, rt.phaseIndex);

  const facilitator = board.me.facilitator && rt.status === 'active';
  $('controls').hidden = !facilitator;
  $<HTMLButtonElement>('back').disabled = rt.phaseIndex === 0 || header.scheduled;
  const next = $<HTMLButtonElement>('next');
  next.textContent = header.nextLabel;
  // Scheduled: the forward button opens the roundtable (the domain's navigation starts the clock on Next).
  next.disabled = !header.scheduled && rt.phaseIndex === rt.phases.length - 1;
  $('timer-form').hidden = header.scheduled;
  $<HTMLInputElement>('anonymous').checked = rt.anonymous;

  const open = rt.status === 'active' && (rt.phase === 'brainstorm' || rt.phase === 'clarify');
  $('contribute').hidden = !open;
  if (rt.phase !== shownPhase) clearFailure($('add')); // a warning about the last phase's text
  shownPhase = rt.phase;
  if (open) {
    const idea = rt.phase === 'brainstorm';
    $('contribute-h').textContent = tr(idea ? 'tab:panel.addIdea' : 'tab:panel.askQuestion');
    $('idea-fields').hidden = !idea;
    $('text-label').textContent = tr(idea ? 'tab:panel.yourIdea' : 'tab:panel.yourQuestion');
    const select = $<HTMLSelectElement>('question');
    if (idea && select.options.length !== board.brainstorm.length) {
      select.replaceChildren(...board.brainstorm.map((q) => h('option', { value: q.key }, q.text)));
    }
  }
  renderBoard(board);
}

function renderProgress(phases: Board['roundtable']['phases'], current: number): void {
  $('progress').replaceChildren(
    ...phases.map((p, i) =>
      h(
        'li',
        {
          class: i === current ? 'current' : p.visited ? 'visited' : '',
          'aria-current': i === current ? 'step' : undefined,
        },
        h('span', { class: 'num', 'aria-hidden': 'true' }, String(p.number)),
        h('span', { class: 'label' }, p.title),
      ),
    ),
  );
}

function renderBoard(b: Board): void {
  const c = b.counts;
  const section = (title: string, count: number, items: HTMLElement[]) =>
    h(
      'section',
      { 'aria-label': title },
      h(
        'h2',
        {},
        `${title} `,
        h('span', { class: 'count', 'aria-label': tr('tab:panel.items', { n: count }) }, String(count)),
      ),
      items.length ? h('ul', { class: 'list' }, ...items) : h('p', { class: 'empty' }, tr('tab:panel.none')),
    );
  const parts: HTMLElement[] = [];
  parts.push(
    h(
      'dl',
      { class: 'counts' },
      ...(
        [
          [tr('tab:panel.facts'), c.facts],
          [tr('tab:panel.questions'), c.questions],
          [tr('tab:panel.ideas'), c.ideas],
          [tr('tab:panel.steps'), c.steps],
        ] as const
      ).flatMap(([k, v]) => [h('div', {}, h('dt', {}, k), h('dd', {}, String(v)))]),
    ),
  );
  const phase = b.roundtable.phase;
  if (phase === 'clarify' || c.questions > 0) {
    parts.push(
      section(
        tr('tab:panel.clarifying'),
        c.questions,
        b.questions.map((q) =>
          h(
            'li',
            {},
            h('span', {}, q.text),
            q.author ? h('span', { class: 'by' }, ` · ${q.author}`) : undefined,
            q.answers.length
              ? h('ul', { class: 'answers' }, ...q.answers.map((a) => h('li', {}, a)))
              : undefined,
          ),
        ),
      ),
    );
  }
  if (phase === 'brainstorm' || c.ideas > 0) {
    parts.push(
      section(
        tr('tab:panel.brainstorm'),
        c.ideas,
        b.brainstorm
          .filter((q) => q.ideas.length)
          .map((q) =>
            h(
              'li',
              { class: 'group' },
              h('h3', {}, q.text),
              h(
                'ul',
                {},
                ...q.ideas.map((i) =>
                  h(
                    'li',
                    {},
                    i.text,
                    i.barrier
                      ? h(
                          'span',
                          { class: 'tag' },
                          tr('tab:panel.barrierTag', { barrier: barrierLabel(i.barrier) }),
                        )
                      : undefined,
                    i.author ? h('span', { class: 'by' }, ` · ${i.author}`) : undefined,
                  ),
                ),
              ),
            ),
          ),
      ),
    );
  }
  if (c.steps > 0 || phase === 'plan') {
    parts.push(
      section(
        tr('tab:panel.plan'),
        c.steps,
        b.plan.steps.map((s) =>
          h(
            'li',
            {},
            s.text,
            h('span', { class: 'by' }, tr('tab:panel.ownerDue', { owner: s.owner, date: s.dueDate })),
          ),
        ),
      ),
    );
  }
  parts.push(
    section(
      tr('tab:panel.roster'),
      b.roster.length,
      b.roster.map((r) =>
        h(
          'li',
          {},
          r.name,
          h('span', { class: 'by' }, ` · ${roleLabel(r.facilitator ? 'facilitator' : r.role)}`),
        ),
      ),
    ),
  );
  $('board').hidden = false;
  $('board').replaceChildren(...parts);
}

function wire(): void {
  $('back').addEventListener('click', (e) =>
    act(
      e.currentTarget as HTMLButtonElement,
      () => post(session, api('navigate'), { to: 'back', revision: board?.roundtable.revision }),
      tr('tab:panel.movedBack'),
    ),
  );
  $('next').addEventListener('click', (e) =>
    act(
      e.currentTarget as HTMLButtonElement,
      () => post(session, api('navigate'), { to: 'next', revision: board?.roundtable.revision }),
      tr(board?.roundtable.scheduled ? 'tab:panel.opened' : 'tab:panel.movedNext'),
    ),
  );
  $('timer-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const minutes = Number($<HTMLInputElement>('minutes').value);
    void act(
      undefined,
      () => post(session, api('timer'), { minutes }),
      minutes === 0 ? tr('tab:panel.timerCleared') : tr('tab:panel.timerSet', { n: minutes }),
    );
  });
  $('anonymous').addEventListener('change', (e) => {
    const on = (e.currentTarget as HTMLInputElement).checked;
    void act(
      undefined,
      () => post(session, api('anonymous'), { on }),
      tr(on ? 'tab:panel.authorsHidden' : 'tab:panel.authorsShown'),
    );
  });
  $('share').addEventListener('click', () => {
    meeting.shareAppContentToStage((err) => {
      if (err) say(tr('tab:panel.shareFailed'), 'error');
      else say(tr('tab:panel.shared'));
    }, `${location.origin}/tab/stage.html`);
  });
  $('form').addEventListener('submit', (e) => {
    e.preventDefault();
    void sendTextForm(contribution);
  });
}

/** One key per typed contribution, kept until it is stored: a resend ("Keep as written") is the same one. */
let submissionKey: string | undefined;

/** The panel's idea or question: a full-name warning appears beside Add, the text stays in its box. */
const contribution: TextForm = {
  get anchor() {
    return $('add');
  },
  get button() {
    return $<HTMLButtonElement>('add');
  },
  get fallback() {
    return tr('tab:panel.failed');
  },
  async send(keepNames) {
    const text = $<HTMLTextAreaElement>('text');
    const idea = board?.roundtable.phase === 'brainstorm';
    submissionKey ??= crypto.randomUUID();
    const body = idea
      ? {
          kind: 'idea',
          questionKey: $<HTMLSelectElement>('question').value,
          barrier: $<HTMLSelectElement>('barrier').value,
          text: text.value,
          submissionKey,
        }
      : { kind: 'question', text: text.value, submissionKey };
    say('');
    const notice = await post(session, api('contributions'), keepNames ? { ...body, keepNames } : body);
    submissionKey = undefined;
    text.value = '';
    say(notice ?? tr(idea ? 'tab:panel.ideaAdded' : 'tab:panel.questionAdded'));
    await poller.refresh();
  },
};

/** Only presenters and organizers can share to the stage: Teams says whether this person may. */
function showShareIfAllowed(): void {
  try {
    meeting.getAppContentStageSharingCapabilities((err, capabilities) => {
      $('share').hidden = !!err || !capabilities?.doesAppHaveSharePermission;
    });
  } catch {
    // Outside a meeting side panel (a chat tab) there is no stage: the button stays hidden.
  }
}

async function main(): Promise<void> {
  wire();
  try {
    session = await start();
  } catch (err) {
    say(err instanceof Error ? err.message : tr('tab:common.cannotStart'), 'error');
    return;
  }
  if (session.frameContext === 'meetingStage') {
    // Teams' own Share button opened this page on the meeting stage: show the stage view there.
    location.replace(`${location.origin}/tab/stage.html${location.search}`);
    return;
  }
  if (!session.dev) showShareIfAllowed();
  poller = pollBoard(
    session,
    3000,
    (b, o) => {
      board = b;
      offset = o;
      render();
    },
    (m) => say(m, 'error'),
  );
  window.setInterval(renderTimer, 1000);
}

void main();
