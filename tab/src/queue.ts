/** "Roundtables due" (personal app, coordinators only): the extract upload, who is due by office, this week's load. */
import Papa from 'papaparse';
import { ApiError, getJson, h, post, type Session, start } from './common';

interface DueChild {
  caseNumber: string;
  alias: string;
  kind: 'first' | 'follow-up';
  dueSince: string;
  reasons: string[];
  scheduleUrl: string;
}
interface QueueAnswer {
  columns: string[];
  rules: { monthsInCare: number; goals: string[]; minAge: number; followUpDays: number };
  extract: { uploadedAt: string; deleteAfter?: string; children: number } | null;
  offices: { office: string; children: DueChild[] }[];
  capacity: {
    days: { date: string; count: number }[];
    facilitators: { id: string; name: string; count: number }[];
  };
}

/** Larger files are refused here, before anything is sent (the server refuses them too). */
const MAX_FILE_BYTES = 200 * 1024;
const REQUIRED = ['case_number', 'alias', 'date_entered_care', 'office'];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let session: Session;

function status(text: string, error = false): void {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('error', error);
}

const weekday = (d: string) =>
  new Date(`${d}T12:00:00Z`).toLocaleDateString('en', { weekday: 'short', day: 'numeric', month: 'short' });

function table(caption: string, head: string[], rows: (string | Node)[][]): HTMLElement {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...rows.map((r) => h('tr', {}, ...r.map((c, i) => h('td', { 'data-label': head[i] ?? '' }, c)))),
    ),
  );
}

function render(q: QueueAnswer): void {
  $('columns').textContent = q.columns.join(', ');
  $('asof').textContent = q.extract
    ? `Extract of ${q.extract.children} children uploaded ${q.extract.uploadedAt.slice(0, 10)}${q.extract.deleteAfter ? `; deleted on ${q.extract.deleteAfter.slice(0, 10)}` : ''}.`
    : 'No extract uploaded yet.';
  const r = q.rules;
  $('rules').textContent =
    `First roundtable: more than ${r.monthsInCare} months in care, a goal of ${r.goals.map((g) => g.toUpperCase()).join(' or ')}, or age ${r.minAge} and over. Follow-up: ${r.followUpDays} days after the last roundtable. Oldest first.`;
  const offices = $('offices');
  offices.replaceChildren(
    ...(q.offices.length
      ? q.offices.map((o) =>
          table(
            `${o.office}: ${o.children.length} due`,
            ['Case alias', 'Case number', 'Roundtable', 'Due since', 'Why', ''],
            o.children.map((c) => [
              c.alias,
              c.caseNumber,
              c.kind === 'first' ? 'First' : 'Follow-up',
              c.dueSince,
              c.reasons.join('; '),
              h(
                'a',
                { href: c.scheduleUrl, target: '_blank', rel: 'noopener', class: 'button' },
                'Schedule',
                h('span', { class: 'visually-hidden' }, ` a roundtable for ${c.alias}`),
              ),
            ]),
          ),
        )
      : [
          h(
            'p',
            { class: 'muted' },
            q.extract ? 'Nobody is due a roundtable.' : 'Upload the extract to see who is due.',
          ),
        ]),
  );
  $('capacity').replaceChildren(
    table(
      'Roundtables scheduled per day',
      q.capacity.days.map((d) => weekday(d.date)),
      [q.capacity.days.map((d) => String(d.count))],
    ),
    q.capacity.facilitators.length
      ? table(
          'Roundtables scheduled per facilitator',
          ['Facilitator', 'This week'],
          q.capacity.facilitators.map((f) => [f.name, String(f.count)]),
        )
      : h('p', { class: 'muted' }, 'No roundtable is scheduled this week.'),
  );
  $('app').setAttribute('aria-busy', 'false');
}

async function load(): Promise<void> {
  render(await getJson<QueueAnswer>(session, '/api/tab/queue'));
}

/** Reads the CSV here (papaparse), checks its columns, and sends the rows as JSON. */
async function upload(file: File): Promise<void> {
  if (file.size > MAX_FILE_BYTES) {
    status(
      `The file is larger than ${MAX_FILE_BYTES / 1024} KB: split it by office. Nothing was sent.`,
      true,
    );
    return;
  }
  const parsed = Papa.parse<Record<string, string>>(await file.text(), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (hd) => hd.trim().toLowerCase(),
  });
  const missing = REQUIRED.filter((c) => !parsed.meta.fields?.includes(c));
  if (parsed.errors.length || missing.length) {
    const why = missing.length
      ? `missing columns: ${missing.join(', ')}`
      : `row ${(parsed.errors[0]?.row ?? 0) + 2} cannot be read`;
    status(`This file is not the extract (${why}). Nothing was sent.`, true);
    return;
  }
  status('Sending…');
  try {
    await post(session, '/api/tab/queue/extract', { rows: parsed.data });
    status(`Extract of ${parsed.data.length} children saved.`);
    await load();
  } catch (err) {
    status(
      err instanceof ApiError ? `${err.message} Nothing was saved.` : 'The extract could not be sent.',
      true,
    );
  }
}

async function main(): Promise<void> {
  session = await start();
  $('file').addEventListener('change', () => {
    const file = $<HTMLInputElement>('file').files?.[0];
    if (file) void upload(file);
  });
  await load();
}

main().catch((err: unknown) => {
  status(err instanceof Error ? err.message : 'The page could not start.', true);
  $('app').setAttribute('aria-busy', 'false');
});
