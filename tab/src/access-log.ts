/** The security officer's access log page (personal app): filters, a table of entries, older pages, a CSV download. */
import type { TabAccessEntry, TabAccessLogPage } from './access-log-types';
import { authorized, h, type Session, start } from './common';
import { R, Rn } from './reports-format';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const KINDS: TabAccessEntry['kind'][] = ['read', 'change', 'export', 'delete', 'role', 'refusal'];

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
    h('td', { 'data-label': R(`accessLog.${label}`) }, ...children);
  const outcome =
    e.outcome === 'refused'
      ? h(
          'span',
          { class: 'verdict refused' },
          e.code ? R('accessLog.refusedCode', { code: e.code }) : R('accessLog.refused'),
        )
      : h('span', { class: 'verdict allowed' }, R('accessLog.allowed'));
  return h(
    'tr',
    { class: `entry-${e.outcome}` },
    cell('when', h('time', { datetime: e.at }, when(e.at))),
    cell('person', h('code', {}, e.actorId)),
    cell('route', h('code', {}, e.route)),
    cell('kind', KINDS.includes(e.kind) ? R(`accessLog.kinds.${e.kind}`) : e.kind),
    cell('case', e.caseAlias ?? '—'),
    cell('roundtable', e.roundtableId ? h('code', {}, e.roundtableId) : '—'),
    cell('outcome', outcome),
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
    q.caseAlias ? R('accessLog.filterCase', { alias: q.caseAlias }) : '',
    q.actorId ? R('accessLog.filterPerson', { id: q.actorId }) : '',
    q.refusedOnly ? R('accessLog.filterRefused') : '',
  ].filter(Boolean);
  $('summary').textContent =
    Rn('accessLog.entries', count, { more: page.continuation ? '+' : '', from: q.from, to: q.to }) +
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
      // A refusal in the page's words (the server's is English; the local sign-in's own reason is kept).
      const refused = res.status === 403 && !session.dev;
      status(refused ? R('accessLog.forbidden') : (body.error ?? R('error', { status: res.status })), true);
      return;
    }
    status('');
    render(body, q, append);
  } catch {
    status(R('accessLog.unreachable'), true);
  } finally {
    $('app').setAttribute('aria-busy', 'false');
  }
}

/** Fetches the CSV with the token (never a link with a token in it) and saves it. */
async function downloadCsv(): Promise<void> {
  status(R('accessLog.preparing'));
  try {
    const res = await authorized(session, `/api/tab/access-log/csv?${query()}`, { cache: 'no-store' });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: string };
      status(body.error ?? R('error', { status: res.status }), true);
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
    status(R('accessLog.downloaded'));
  } catch {
    status(R('accessLog.csvFailed'), true);
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
  status(err instanceof Error ? err.message : R('cannotStart'), true);
});
