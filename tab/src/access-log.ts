/** The security officer's access log page (personal app): filters, a table of entries, older pages, a CSV download. */
import type { TabAccessEntry, TabAccessLogPage } from './access-log-types';
import { authorized, h, type Session, start } from './common';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const KINDS: Record<TabAccessEntry['kind'], string> = {
  read: 'Viewed',
  change: 'Changed',
  export: 'Exported',
  delete: 'Deleted',
  role: 'Role change',
  refusal: 'Refused',
};

let session: Session;
/** The query of the entries on screen, and where the next page starts. */
let shown: { query: string; continuation?: string; count: number } | undefined;

/** yyyy-mm-dd of a UTC day (the log's days are UTC days). */
const utcDay = (d: Date) => d.toISOString().slice(0, 10);

function status(text: string, error = false): void {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('error', error);
}

/** The filters as a query string (the server validates them again). */
function query(): string {
  const q = new URLSearchParams({
    from: $<HTMLInputElement>('from').value,
    to: $<HTMLInputElement>('to').value,
  });
  const alias = $<HTMLInputElement>('alias').value.trim();
  const person = $<HTMLInputElement>('person').value.trim();
  if (alias) q.set('alias', alias);
  if (person) q.set('person', person);
  if ($<HTMLInputElement>('refused').checked) q.set('refused', '1');
  return q.toString();
}

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;

function row(e: TabAccessEntry): HTMLElement {
  const cell = (label: string, ...children: (Node | string)[]) =>
    h('td', { 'data-label': label }, ...children);
  const outcome =
    e.outcome === 'refused'
      ? h('span', { class: 'verdict refused' }, `Refused${e.code ? ` (${e.code})` : ''}`)
      : h('span', { class: 'verdict allowed' }, 'Allowed');
  return h(
    'tr',
    { class: `entry-${e.outcome}` },
    cell('When (UTC)', h('time', { datetime: e.at }, when(e.at))),
    cell('Person', h('code', {}, e.actorId)),
    cell('Route', h('code', {}, e.route)),
    cell('Kind', KINDS[e.kind] ?? e.kind),
    cell('Case', e.caseAlias ?? '—'),
    cell('Roundtable', e.roundtableId ? h('code', {}, e.roundtableId) : '—'),
    cell('Outcome', outcome),
  );
}

function render(page: TabAccessLogPage, asked: string, append: boolean): void {
  const rows = $('rows');
  if (!append) rows.replaceChildren();
  rows.append(...page.entries.map(row));
  const count = (append ? (shown?.count ?? 0) : 0) + page.entries.length;
  shown = { query: asked, count, ...(page.continuation ? { continuation: page.continuation } : {}) };
  $('entries').hidden = count === 0;
  $('empty').hidden = count > 0;
  $('more').hidden = !page.continuation;
  const q = page.query;
  const filters = [
    q.caseAlias ? `case ${q.caseAlias}` : '',
    q.actorId ? `person ${q.actorId}` : '',
    q.refusedOnly ? 'refused only' : '',
  ].filter(Boolean);
  $('summary').textContent =
    `${count}${page.continuation ? '+' : ''} ${count === 1 ? 'entry' : 'entries'} · ${q.from} – ${q.to} (UTC)` +
    (filters.length ? ` · ${filters.join(' · ')}` : '');
}

async function load(append = false): Promise<void> {
  const q = append && shown ? shown.query : query();
  const after = append && shown?.continuation ? `&after=${encodeURIComponent(shown.continuation)}` : '';
  $('app').setAttribute('aria-busy', 'true');
  try {
    const res = await authorized(session, `/api/tab/access-log?${q}${after}`, { cache: 'no-store' });
    const body = (await res.json().catch(() => ({}))) as TabAccessLogPage & { error?: string };
    if (!res.ok) {
      status(body.error ?? `Error ${res.status}`, true);
      return;
    }
    status('');
    render(body, q, append);
  } catch {
    status('The access log cannot be reached; try again.', true);
  } finally {
    $('app').setAttribute('aria-busy', 'false');
  }
}

/** Fetches the CSV with the token (never a link with a token in it) and saves it. */
async function downloadCsv(): Promise<void> {
  status('Preparing the CSV…');
  try {
    const res = await authorized(session, `/api/tab/access-log/csv?${query()}`, { cache: 'no-store' });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: string };
      status(body.error ?? `Error ${res.status}`, true);
      return;
    }
    const name =
      /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'access-log.csv';
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status('CSV downloaded.');
  } catch {
    status('The CSV cannot be downloaded; try again.', true);
  }
}

async function main(): Promise<void> {
  session = await start();
  const today = new Date();
  $<HTMLInputElement>('to').value = utcDay(today);
  $<HTMLInputElement>('from').value = utcDay(new Date(today.getTime() - 29 * 86_400_000));
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  $('csv').addEventListener('click', () => void downloadCsv());
  $('more').addEventListener('click', () => void load(true));
  await load();
}

main().catch((err: unknown) => {
  status(err instanceof Error ? err.message : 'The page could not start.', true);
});
