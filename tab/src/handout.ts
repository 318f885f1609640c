/**
 * The family handout page of the personal app: the plan in plain words, in the family's language, to print (print
 * CSS: Letter/A4, large type) or to download as a PDF. The server renders the handout (escaped text only); this
 * page places it, offers the languages the server has, and prints.
 */
import { ApiError, authorized, getJson, h, post, type Session, start } from './common';
import { language, tr } from './i18n';
import { sendTextForm, type TextForm } from './name-warning';

interface Handout {
  /** Each step as the team wrote it and its wording in this language ('' when none). */
  steps: { id: string; text: string; wording: string }[];
  lang: string;
  languages: { code: string; name: string }[];
  title: string;
  draft: boolean;
  labels: { print: string; pdf: string };
  html: string;
}

const params = new URLSearchParams(location.search);
const rt = params.get('rt') ?? '';
const $ = (id: string) => document.getElementById(id) as HTMLElement;
let session: Session;
/** The handout's language: `?lang=`, else the page's (Teams' locale), set once signed in. */
let lang = params.get('lang') ?? 'en';

function say(text: string, error = false): void {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', error);
}

/** The server's fragment as nodes (parsed, never run: no scripts, the page's CSP allows none inline). */
function fragment(html: string): Node[] {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return [...doc.body.childNodes].map((n) => document.importNode(n, true));
}

async function load(): Promise<void> {
  say(tr('tab:handout.loading'));
  const path = `/api/tab/me/handout/${encodeURIComponent(rt)}?lang=${encodeURIComponent(lang)}`;
  const handout = await getJson<Handout>(session, path);
  lang = handout.lang;
  const select = $('lang') as HTMLSelectElement;
  select.replaceChildren(
    ...handout.languages.map((l) =>
      h('option', { value: l.code, lang: l.code, selected: l.code === lang }, l.name),
    ),
  );
  $('sheet').replaceChildren(...fragment(handout.html));
  wordingForms(handout);
  document.title = tr('tab:handout.docTitle', { title: handout.title });
  ($('print') as HTMLButtonElement).disabled = false;
  ($('pdf') as HTMLButtonElement).disabled = false;
  say('');
}

/** Each step in the family's words, in the language shown (the handout prints it instead of the team's words). */
function wordingForms(handout: Handout): void {
  const name = handout.languages.find((l) => l.code === handout.lang)?.name ?? handout.lang;
  $('wording-title').textContent = tr('tab:handout.wordingTitleIn', { language: name });
  $('wording').replaceChildren(
    ...handout.steps.map((step, i) => {
      const id = `wording-${i}`;
      const box = h('textarea', {
        id,
        rows: '2',
        maxlength: '300',
        lang: handout.lang,
      }) as HTMLTextAreaElement;
      box.value = step.wording;
      const save = h('button', { type: 'button' }, tr('tab:common.save')) as HTMLButtonElement;
      const row = h('div', { class: 'wording-actions' }, save);
      const form: TextForm = {
        anchor: row,
        button: save,
        fallback: tr('tab:handout.wordingNotSaved'),
        async send(keepNames) {
          const path = `/api/tab/me/handout/${encodeURIComponent(rt)}/steps/${encodeURIComponent(step.id)}`;
          say(
            (await post(session, path, { lang: handout.lang, text: box.value, keepNames })) ??
              tr('tab:common.saved'),
          );
          await load();
        },
      };
      save.addEventListener('click', () => void sendTextForm(form));
      return h(
        'li',
        {},
        h('p', { class: 'team-words' }, step.text),
        h('label', { for: id }, tr('tab:handout.wordingIn', { language: name })),
        box,
        row,
      );
    }),
  );
  $('wording-box').hidden = handout.steps.length === 0;
}

/** The PDF, fetched with the sign-in token and saved under the server's file name. */
async function downloadPdf(): Promise<void> {
  say(tr('tab:handout.makingPdf'));
  const res = await authorized(
    session,
    `/api/tab/me/handout/${encodeURIComponent(rt)}/pdf?lang=${encodeURIComponent(lang)}`,
    { cache: 'no-store' },
  );
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    say(body.error ?? tr('tab:handout.pdfError', { status: res.status }), true);
    return;
  }
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'family-plan.pdf';
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  say(tr('tab:handout.pdfDone'));
}

async function main(): Promise<void> {
  // Keep the development sign-in's parameters on the way back (local mode only; Teams passes none).
  const back = new URLSearchParams(location.search);
  back.delete('rt');
  back.delete('lang');
  ($('back') as HTMLAnchorElement).href = `personal.html${back.size ? `?${back}` : ''}`;
  $('print').addEventListener('click', () => window.print());
  $('pdf').addEventListener('click', () => {
    downloadPdf().catch(() => say(tr('tab:handout.pdfFailed'), true));
  });
  $('lang').addEventListener('change', (e) => {
    lang = (e.target as HTMLSelectElement).value;
    load().catch((err: unknown) =>
      say(err instanceof ApiError ? err.message : tr('tab:handout.tryAgain'), true),
    );
  });
  try {
    session = await start();
    if (!params.has('lang')) lang = language(); // the reader's language, unless a link chose one
    if (!rt) throw new ApiError(400, tr('tab:handout.openFromReviews'));
    await load();
  } catch (err) {
    say(err instanceof ApiError ? err.message : tr('tab:handout.unreachable'), true);
  } finally {
    $('app').setAttribute('aria-busy', 'false');
  }
}

void main();
