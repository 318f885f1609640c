/** The meeting stage: a large read-only board (ideas grouped by question, then the plan), live. */
import { type Board, barrierLabel, goalLabel, h, pollBoard, start, timeLeft } from './common';
import { tr } from './i18n';
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
    $('case').textContent = tr('tab:common.roundtable');
    $('phase').textContent = tr('tab:stage.none');
    $('board').replaceChildren();
    return;
  }
  const b = board;
  const rt = b.roundtable;
  $('case').textContent = rt.caseAlias;
  $('phase').textContent =
    rt.status === 'ended'
      ? tr('tab:stage.ended')
      : rt.scheduled
        ? scheduledLine(b, tr)
        : tr('tab:stage.phaseOf', { n: rt.phaseIndex + 1, count: rt.phases.length, title: rt.phaseTitle });
  renderTimer();
  const show = stageSections(b);
  const parts: HTMLElement[] = [];
  if (show.questions) {
    parts.push(
      h(
        'section',
        { 'aria-labelledby': 'q-h', class: 'stage-section' },
        h('h2', { id: 'q-h' }, tr('tab:stage.clarifying')),
        b.questions.length
          ? h(
              'ol',
              { class: 'cards' },
              ...b.questions.map((q) =>
                h('li', {}, q.text, ...q.answers.map((a) => h('p', { class: 'answer' }, a))),
              ),
            )
          : h('p', { class: 'empty' }, tr('tab:stage.noQuestions')),
      ),
    );
  }
  if (show.brainstorm) {
    parts.push(
      h(
        'section',
        { 'aria-labelledby': 'b-h', class: 'stage-section' },
        h('h2', { id: 'b-h' }, tr('tab:stage.brainstorm', { n: b.counts.ideas })),
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
                        i.barrier
                          ? h(
                              'span',
                              { class: 'tag' },
                              tr('tab:stage.barrier', { barrier: barrierLabel(i.barrier) }),
                            )
                          : undefined,
                      ),
                    ),
                  )
                : h('p', { class: 'empty' }, tr('tab:stage.noIdeas')),
            ),
          ),
        ),
      ),
    );
  }
  if (show.plan) {
    const goals = [
      b.plan.primaryGoal ? tr('tab:stage.primaryGoal', { goal: goalLabel(b.plan.primaryGoal) }) : undefined,
      b.plan.concurrentGoal
        ? tr('tab:stage.concurrentGoal', { goal: goalLabel(b.plan.concurrentGoal) })
        : undefined,
    ].filter((g): g is string => !!g);
    parts.push(
      h(
        'section',
        { 'aria-labelledby': 'p-h', class: 'stage-section' },
        h('h2', { id: 'p-h' }, tr(b.plan.draft ? 'tab:stage.planDraft' : 'tab:stage.plan')),
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
                  h('th', { scope: 'col' }, tr('tab:stage.step')),
                  h('th', { scope: 'col' }, tr('tab:stage.owner')),
                  h('th', { scope: 'col' }, tr('tab:stage.due')),
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
          : h('p', { class: 'empty' }, tr('tab:stage.noSteps')),
      ),
    );
  }
  if (parts.length === 0) {
    parts.push(
      h(
        'section',
        { class: 'stage-section' },
        h('h2', {}, tr('tab:stage.oneChild')),
        h(
          'p',
          { class: 'empty' },
          tr('tab:stage.summary', { people: b.roster.length, facts: b.counts.facts }),
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
    $('phase').textContent = err instanceof Error ? err.message : tr('tab:common.cannotStart');
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
