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
    say(notice ?? 'Saved.');
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
        ? h('span', { class: 'tag' }, 'Committed')
        : h('span', { class: 'tag practice' }, 'Not committed'),
    ),
    h(
      'p',
      { class: 'detail' },
      `${c.contactLabel} · ${c.frequencyLabel} · added ${isoDay(c.addedAt)}${c.removedAt ? ` · removed ${isoDay(c.removedAt)}` : ''}`,
    ),
  );
  if (c.name || c.details) {
    li.append(
      h(
        'dl',
        { class: 'protected', 'aria-label': `Protected: ${c.relationship}` },
        c.name ? h('dt', {}, 'Name') : undefined,
        c.name ? h('dd', {}, c.name) : undefined,
        c.details ? h('dt', {}, 'Contact') : undefined,
        c.details ? h('dd', {}, c.details) : undefined,
      ),
    );
  }
  if (c.removedAt) return li;
  const edit = h('button', { type: 'button', 'aria-label': `Change: ${c.relationship}` }, 'Change');
  const remove = h('button', { type: 'button', 'aria-label': `Remove: ${c.relationship}` }, 'Remove');
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
    const yes = h('button', { type: 'button', class: 'primary' }, 'Yes, remove');
    const keep = h('button', { type: 'button' }, 'Keep it');
    const ask = h(
      'div',
      { class: 'actions', role: 'group', 'aria-label': 'Remove this connection?' },
      h('p', {}, 'Remove this connection? It stays in the record as removed, with today’s date.'),
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
        say(notice ?? 'Removed.');
      } catch (err) {
        say(err instanceof ApiError ? err.message : 'The connection could not be removed.', true);
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
  document.title = `${page.childAlias} — child’s record`;
  $('title').textContent = `${page.childAlias}: child’s record`;
  $('sub').textContent = `Case ${page.caseAlias} · ${page.facts}`;
  childrenNav(page.siblings, page.childAlias);
  $('outcome').textContent = page.outcome
    ? `${page.outcome.text}${page.outcome.on ? ` (${page.outcome.on})` : ''}`
    : 'Not recorded.';
  $('ratings').replaceChildren(
    page.ratings.length
      ? table(
          ['Date', 'Rating', 'What it means', 'When'],
          page.ratings.map((r) => [isoDay(r.at), r.label, r.definition ?? '—', r.occasion]),
        )
      : h('p', { class: 'intro' }, 'Not recorded yet.'),
  );
  const steps = page.livingScale.length;
  $('living').replaceChildren(
    page.living.length
      ? table(
          ['Since', 'Living situation', 'On the scale', 'Recorded by'],
          [...page.living].reverse().map((l) => [l.since, l.label, `${l.rank} of ${steps}`, l.by]),
        )
      : h('p', { class: 'intro' }, 'Not recorded yet.'),
  );
  $('living-form').replaceChildren(livingForm(forms(), page));
  const current = page.connections.filter((c) => !c.removedAt);
  const removed = page.connections.filter((c) => c.removedAt);
  $('connections').replaceChildren(
    ...(current.length
      ? current.map((c) => connectionItem(page, c))
      : [h('li', { class: 'empty-state' }, 'No lifelong connection recorded yet.')]),
  );
  $('removed').replaceChildren(
    removed.length
      ? h(
          'details',
          {},
          h('summary', {}, `Removed connections (${removed.length})`),
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
  $('title').textContent = 'Children’s records';
  $('sub').textContent =
    `Case ${list.caseAlias}: each child’s permanency record across the case’s roundtables.`;
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
      : h(
          'p',
          { class: 'empty-state' },
          'No child is named yet: the case summary of a roundtable names the children.',
        ),
  );
}

async function main(): Promise<void> {
  session = await start();
  const p = new URLSearchParams(location.search);
  p.delete('rt');
  p.delete('child');
  $('back').setAttribute('href', `personal.html${p.toString() ? `?${p.toString()}` : ''}`);
  if (!rt) throw new ApiError(400, 'Open a child’s record from “My reviews”.');
  if (childAlias) await loadChild();
  else await loadList();
}

main()
  .catch((err: unknown) => {
    say(err instanceof Error ? err.message : 'The page could not start.', true);
  })
  .finally(() => $('app').setAttribute('aria-busy', 'false'));
