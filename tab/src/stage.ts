/** The meeting stage: a large read-only board (ideas grouped by question, then the plan), live. */
import { type Board, GOAL_LABELS, h, pollBoard, start, timeLeft } from './common';
import { scheduledLine } from './panel-view';
import { stageSections } from './stage-sections';

const $ = (id: string) => document.getElementById(id) as HTMLElement;
let board: Board | null = null;
let offset = 0;

function renderTimer(): void {
  const left = board ? timeLeft(board, offset) : undefined;
  $('timer').textContent = left?.text ?? '';
  $('timer').classList.toggle('over', !!left?.over);
}

function render(): void {
  $('app').setAttribute('aria-busy', 'false');
  if (!board) {
    $('case').textContent = 'Permanency Roundtable';
    $('phase').textContent = 'No roundtable is running in this meeting yet.';
    $('board').replaceChildren();
    return;
  }
  const b = board;
  const rt = b.roundtable;
  $('case').textContent = rt.caseAlias;
  $('phase').textContent =
    rt.status === 'ended'
      ? 'Roundtable ended'
      : rt.scheduled
        ? scheduledLine(b)
        : `Phase ${rt.phaseIndex + 1} of ${rt.phases.length} · ${rt.phaseTitle}`;
  renderTimer();
  const show = stageSections(b);
  const parts: HTMLElement[] = [];
  if (show.questions) {
    parts.push(
      h(
        'section',
        { 'aria-labelledby': 'q-h', class: 'stage-section' },
        h('h2', { id: 'q-h' }, 'Clarifying questions'),
        b.questions.length
          ? h(
              'ol',
              { class: 'cards' },
              ...b.questions.map((q) =>
                h('li', {}, q.text, ...q.answers.map((a) => h('p', { class: 'answer' }, a))),
              ),
            )
          : h('p', { class: 'empty' }, 'Questions appear here as they are asked.'),
      ),
    );
  }
  if (show.brainstorm) {
    parts.push(
      h(
        'section',
        { 'aria-labelledby': 'b-h', class: 'stage-section' },
        h('h2', { id: 'b-h' }, `Brainstorm · ${b.counts.ideas} ideas`),
        h(
          'div',
          { class: 'columns' },
          ...b.brainstorm.map((q) =>
            h(
              'section',
              { class: 'column', 'aria-label': q.text },
              h('h3', {}, q.text),
              q.ideas.length
                ? h(
                    'ul',
                    { class: 'cards' },
                    ...q.ideas.map((i) =>
                      h(
                        'li',
                        {},
                        i.text,
                        i.barrier ? h('span', { class: 'tag' }, `${i.barrier} barrier`) : undefined,
                      ),
                    ),
                  )
                : h('p', { class: 'empty' }, 'No ideas yet.'),
            ),
          ),
        ),
      ),
    );
  }
  if (show.plan) {
    const goals = [
      b.plan.primaryGoal
        ? `Primary goal: ${GOAL_LABELS[b.plan.primaryGoal] ?? b.plan.primaryGoal}`
        : undefined,
      b.plan.concurrentGoal
        ? `Concurrent goal: ${GOAL_LABELS[b.plan.concurrentGoal] ?? b.plan.concurrentGoal}`
        : undefined,
    ].filter((g): g is string => !!g);
    parts.push(
      h(
        'section',
        { 'aria-labelledby': 'p-h', class: 'stage-section' },
        h('h2', { id: 'p-h' }, `Permanency Action Plan${b.plan.draft ? ' (draft)' : ''}`),
        goals.length ? h('p', { class: 'goals' }, goals.join(' · ')) : undefined,
        b.plan.steps.length
          ? h(
              'table',
              { class: 'plan' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col' }, 'Step'),
                  h('th', { scope: 'col' }, 'Owner'),
                  h('th', { scope: 'col' }, 'Due'),
                ),
              ),
              h(
                'tbody',
                {},
                ...b.plan.steps.map((s) =>
                  h('tr', {}, h('td', {}, s.text), h('td', {}, s.owner), h('td', {}, s.dueDate)),
                ),
              ),
            )
          : h('p', { class: 'empty' }, 'Plan steps appear here as they are added.'),
      ),
    );
  }
  if (parts.length === 0) {
    parts.push(
      h(
        'section',
        { class: 'stage-section' },
        h('h2', {}, 'One child, one plan'),
        h(
          'p',
          { class: 'empty' },
          `${b.roster.length} people on the roster · ${b.counts.facts} case facts noted`,
        ),
      ),
    );
  }
  $('board').replaceChildren(...parts);
}

async function main(): Promise<void> {
  let session: Awaited<ReturnType<typeof start>>;
  try {
    session = await start();
  } catch (err) {
    $('phase').textContent = err instanceof Error ? err.message : 'Could not start inside Teams.';
    return;
  }
  pollBoard(
    session,
    2000,
    (b, o) => {
      board = b;
      offset = o;
      render();
    },
    (m) => {
      $('status').textContent = m;
    },
  );
  window.setInterval(renderTimer, 1000);
}

void main();
