/** "Roundtables due" (personal app, coordinators only): the extract upload, who is due by office, this week's load. */
import Papa from 'papaparse';
import { ApiError, getJson, h, post, type Session, start } from './common';
import { isoDay } from './dates';
import { language } from './i18n';
import { num, R, Rn } from './reports-format';

interface DueChild {
  caseNumber: string;
  alias: string;
  kind: 'first' | 'follow-up';
  dueSince: string;
  /** The English reasons (an older server sends only these). */
  reasons: string[];
  /** Why, as codes the page words itself (#29 item 4). */
  why?: DueReason[];
  scheduleUrl: string;
}
type DueReason =
  | { code: 'months'; months: number }
  | { code: 'goal'; goal: string }
  | { code: 'age'; age: number }
  | { code: 'follow-up'; days: number }
  | { code: 'left-open'; date: string };
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
  new Date(`${d}T12:00:00Z`).toLocaleDateString(language(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });

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

/** A reason a child is due, in the reader's language. */
function reason(r: DueReason): string {
  switch (r.code) {
    case 'months':
      return R('queue.reasons.months', { months: num(r.months) });
    case 'goal':
      return R('queue.reasons.goal', { goal: r.goal.toUpperCase() });
    case 'age':
      return R('queue.reasons.age', { age: num(r.age) });
    case 'left-open':
      return R('queue.reasons.left-open', { date: isoDay(r.date) });
    default:
      return R('queue.reasons.follow-up', { days: num(r.days) });
  }
}

function render(q: QueueAnswer): void {
  $('columns').textContent = q.columns.join(', ');
  $('asof').textContent = q.extract
    ? `${Rn('queue.extract', q.extract.children, { date: isoDay(q.extract.uploadedAt) })}${q.extract.deleteAfter ? R('queue.deletedOn', { date: isoDay(q.extract.deleteAfter) }) : ''}.`
    : R('queue.noExtract');
  const r = q.rules;
  $('rules').textContent = R('queue.rules', {
    months: num(r.monthsInCare),
    goals: r.goals.map((g) => g.toUpperCase()).join(R('queue.or')),
    age: num(r.minAge),
    days: num(r.followUpDays),
  });
  const offices = $('offices');
  offices.replaceChildren(
    ...(q.offices.length
      ? q.offices.map((o) =>
          table(
            R('queue.officeDue', { office: o.office, count: num(o.children.length) }),
            [
              R('queue.caseAlias'),
              R('queue.caseNumber'),
              R('queue.roundtable'),
              R('queue.dueSince'),
              R('queue.why'),
              '',
            ],
            o.children.map((c) => [
              c.alias,
              c.caseNumber,
              c.kind === 'first' ? R('queue.first') : R('queue.followUp'),
              c.dueSince,
              (c.why ? c.why.map(reason) : c.reasons).join('; '),
              h(
                'a',
                { href: c.scheduleUrl, target: '_blank', rel: 'noopener', class: 'button' },
                R('queue.schedule'),
                h('span', { class: 'visually-hidden' }, R('queue.scheduleFor', { alias: c.alias })),
              ),
            ]),
          ),
        )
      : [h('p', { class: 'muted' }, q.extract ? R('queue.nobodyDue') : R('queue.uploadFirst'))]),
  );
  $('capacity').replaceChildren(
    table(
      R('queue.perDay'),
      q.capacity.days.map((d) => weekday(d.date)),
      [q.capacity.days.map((d) => num(d.count))],
    ),
    q.capacity.facilitators.length
      ? table(
          R('queue.perFacilitator'),
          [R('queue.facilitator'), R('queue.thisWeek')],
          q.capacity.facilitators.map((f) => [f.name, num(f.count)]),
        )
      : h('p', { class: 'muted' }, R('queue.noneThisWeek')),
  );
  $('app').setAttribute('aria-busy', 'false');
}

async function load(): Promise<void> {
  render(await getJson<QueueAnswer>(session, '/api/tab/queue'));
}

/** Reads the CSV here (papaparse), checks its columns, and sends the rows as JSON. */
async function upload(file: File): Promise<void> {
  if (file.size > MAX_FILE_BYTES) {
    status(R('queue.tooLarge', { kb: num(MAX_FILE_BYTES / 1024) }), true);
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
      ? R('queue.missingColumns', { columns: missing.join(', ') })
      : R('queue.badRow', { row: num((parsed.errors[0]?.row ?? 0) + 2) });
    status(R('queue.notExtract', { why }), true);
    return;
  }
  status(R('queue.sending'));
  try {
    await post(session, '/api/tab/queue/extract', { rows: parsed.data });
    status(Rn('queue.saved', parsed.data.length));
    await load();
  } catch (err) {
    status(
      err instanceof ApiError ? R('queue.notSaved', { message: err.message }) : R('queue.notSent'),
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
  // A refusal in the page's words (the server's is English).
  if (err instanceof ApiError && err.status === 403) status(R('queue.forbidden'), true);
  else status(err instanceof Error ? err.message : R('cannotStart'), true);
  $('app').setAttribute('aria-busy', 'false');
});
