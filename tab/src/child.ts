/**
 * The child's record in the personal app (#25): the case's children, and for one child the outcome, the rating
 * history with the agency's meaning of each rating, the living situations, and the lifelong connections WITH their
 * protected name and contact details, with forms to add, change and remove a connection and record where the child
 * lives. For the plan's caseworker and supervisor and the roundtable's facilitators (the API refuses everyone else).
 * URL: child.html?rt=<roundtable id>[&child=<alias>]; other query parameters (theme, development sign-in) are kept.
 */
import { connectionForm, type FormContext, livingForm, table } from './child-forms';
import type { CaseChildrenPage, ChildRecordPage, ConnectionLine } from './child-types';
import { ApiError, getJson, h, post, type Session, start } from './common';
import { isoDay } from './dates';
import { tr } from './i18n';

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const params = new URLSearchParams(location.search);
const rt = params.get('rt') ?? '';
const childAlias = params.get('child');
let session: Session;

function say(text: string, error = false): void {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
}

/** This page for another child (or the list), keeping the other query parameters. */
function hrefFor(child?: string): string {
  const p = new URLSearchParams(location.search);
  if (child) p.set('child', child);
  else p.delete('child');
  return `child.html?${p.toString()}`;
}

const base = () => `/api/tab/me/children/${encodeURIComponent(rt)}`;
const childBase = () => `${base()}/${encodeURIComponent(childAlias ?? '')}`;

/** What the forms need from this page. */
const forms = (): FormContext => ({
  session,
  childBase: childBase(),
  saved: async (notice) => {
    await loadChild();
    say(notice ?? tr('tab:common.saved'));
  },
});

function connectionItem(page: ChildRecordPage, c: ConnectionLine): HTMLElement {
  const li = h(
    'li',
    { class: c.removedAt ? 'step removed' : 'step' },
    h(
      'p',
      { class: 'case' },
      c.relationship,
      c.committed
        ? h('span', { class: 'tag' }, tr('tab:child.committed'))
        : h('span', { class: 'tag practice' }, tr('tab:child.notCommitted')),
    ),
    h(
      'p',
      { class: 'detail' },
      `${c.contactLabel} · ${c.frequencyLabel}${tr('tab:child.added', { date: isoDay(c.addedAt) })}${c.removedAt ? tr('tab:child.removedOn', { date: isoDay(c.removedAt) }) : ''}`,
    ),
  );
  if (c.name || c.details) {
    li.append(
      h(
        'dl',
        { class: 'protected', 'aria-label': tr('tab:child.protectedOf', { relationship: c.relationship }) },
        c.name ? h('dt', {}, tr('tab:child.name')) : undefined,
        c.name ? h('dd', {}, c.name) : undefined,
        c.details ? h('dt', {}, tr('tab:child.contact')) : undefined,
        c.details ? h('dd', {}, c.details) : undefined,
      ),
    );
  }
  if (c.removedAt) return li;
  const of = { relationship: c.relationship };
  const edit = h(
    'button',
    { type: 'button', 'aria-label': tr('tab:child.changeOf', of) },
    tr('tab:child.change'),
  );
  const remove = h(
    'button',
    { type: 'button', 'aria-label': tr('tab:child.removeOf', of) },
    tr('tab:child.remove'),
  );
  const actions = h('div', { class: 'actions' }, edit, remove);
  edit.addEventListener('click', () => {
    const form = connectionForm(forms(), page, c, () => {
      form.remove();
      actions.hidden = false;
      edit.focus();
    });
    actions.hidden = true;
    li.append(form);
    form.querySelector('input')?.focus();
  });
  remove.addEventListener('click', () => {
    const yes = h('button', { type: 'button', class: 'primary' }, tr('tab:child.yesRemove'));
    const keep = h('button', { type: 'button' }, tr('tab:child.keepIt'));
    const ask = h(
      'div',
      { class: 'actions', role: 'group', 'aria-label': tr('tab:child.removeAsk') },
      h('p', {}, tr('tab:child.removeText')),
      yes,
      keep,
    );
    actions.hidden = true;
    li.append(ask);
    yes.focus();
    keep.addEventListener('click', () => {
      ask.remove();
      actions.hidden = false;
      remove.focus();
    });
    yes.addEventListener('click', async () => {
      try {
        const notice = await post(session, `${childBase()}/connections/${encodeURIComponent(c.id)}`, {
          remove: true,
        });
        await loadChild();
        say(notice ?? tr('tab:child.removedNotice'));
      } catch (err) {
        say(err instanceof ApiError ? err.message : tr('tab:child.notRemoved'), true);
      }
    });
  });
  li.append(actions);
  return li;
}

function childrenNav(children: string[], current?: string): void {
  const nav = $('children');
  nav.hidden = children.length === 0;
  nav.replaceChildren(
    h(
      'ul',
      {},
      ...children.map((c) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href: hrefFor(c),
              'aria-current': c.toLowerCase() === current?.toLowerCase() ? 'page' : undefined,
            },
            c,
          ),
        ),
      ),
    ),
  );
}

function render(page: ChildRecordPage): void {
  document.title = tr('tab:child.docTitle', { alias: page.childAlias });
  $('title').textContent = tr('tab:child.title', { alias: page.childAlias });
  $('sub').textContent = tr('tab:child.sub', { alias: page.caseAlias, facts: page.facts });
  childrenNav(page.siblings, page.childAlias);
  $('outcome').textContent = page.outcome
    ? `${page.outcome.text}${page.outcome.on ? ` (${page.outcome.on})` : ''}`
    : tr('tab:child.notRecorded');
  $('ratings').replaceChildren(
    page.ratings.length
      ? table(
          ['date', 'rating', 'meaning', 'when'].map((k) => tr(`tab:child.ratingHead.${k}`)),
          page.ratings.map((r) => [isoDay(r.at), r.label, r.definition ?? '—', r.occasion]),
        )
      : h('p', { class: 'intro' }, tr('tab:child.notRecordedYet')),
  );
  const steps = page.livingScale.length;
  $('living').replaceChildren(
    page.living.length
      ? table(
          ['since', 'living', 'rank', 'by'].map((k) => tr(`tab:child.livingHead.${k}`)),
          [...page.living]
            .reverse()
            .map((l) => [l.since, l.label, tr('tab:child.rankOf', { rank: l.rank, steps }), l.by]),
        )
      : h('p', { class: 'intro' }, tr('tab:child.notRecordedYet')),
  );
  $('living-form').replaceChildren(livingForm(forms(), page));
  const current = page.connections.filter((c) => !c.removedAt);
  const removed = page.connections.filter((c) => c.removedAt);
  $('connections').replaceChildren(
    ...(current.length
      ? current.map((c) => connectionItem(page, c))
      : [h('li', { class: 'empty-state' }, tr('tab:child.noConnection'))]),
  );
  $('removed').replaceChildren(
    removed.length
      ? h(
          'details',
          {},
          h('summary', {}, tr('tab:child.removedList', { n: removed.length })),
          h('ul', { class: 'steps' }, ...removed.map((c) => connectionItem(page, c))),
        )
      : '',
  );
  $('add').replaceChildren(connectionForm(forms(), page, undefined, () => {}));
  $('record').hidden = false;
}

async function loadChild(): Promise<void> {
  render(await getJson<ChildRecordPage>(session, childBase()));
}

async function loadList(): Promise<void> {
  const list = await getJson<CaseChildrenPage>(session, base());
  $('title').textContent = tr('tab:child.records');
  $('sub').textContent = tr('tab:child.listSub', { alias: list.caseAlias });
  const nav = $('children');
  nav.hidden = false;
  nav.replaceChildren(
    list.children.length
      ? h(
          'ul',
          { class: 'steps' },
          ...list.children.map((c) =>
            h(
              'li',
              { class: 'step' },
              h('p', { class: 'case' }, h('a', { href: hrefFor(c.alias) }, c.alias)),
              h('p', { class: 'detail' }, c.facts),
            ),
          ),
        )
      : h('p', { class: 'empty-state' }, tr('tab:child.noChild')),
  );
}

async function main(): Promise<void> {
  session = await start();
  const p = new URLSearchParams(location.search);
  p.delete('rt');
  p.delete('child');
  $('back').setAttribute('href', `personal.html${p.toString() ? `?${p.toString()}` : ''}`);
  if (!rt) throw new ApiError(400, tr('tab:child.openFromReviews'));
  if (childAlias) await loadChild();
  else await loadList();
}

main()
  .catch((err: unknown) => {
    say(err instanceof Error ? err.message : tr('tab:common.pageCannotStart'), true);
  })
  .finally(() => $('app').setAttribute('aria-busy', 'false'));
