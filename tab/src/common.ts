/** What the side panel, the stage and the configuration page share: Teams start-up, sign-in, the API, themes. */
import { app, authentication } from '@microsoft/teams-js';
import type { NoBoard, TabBoard } from './board';
import { applyTexts, language, setLanguage, tr } from './i18n';
import { countdown } from './panel-view';

/** A signed-in tab: the chat, where it is shown, how to get a token. */
export interface Session {
  chatId: string;
  frameContext: string;
  /**
   * A token for the next request. Inside Teams this asks `authentication.getAuthToken()` every time (Teams
   * caches it and renews it before it expires; access tokens live 60–90 minutes, a roundtable two hours).
   */
  token: () => Promise<string>;
  /** Signed in with the local development sign-in (local mode only). */
  dev: boolean;
}

/** The board the tab API answers (types shared with the server). */
export type Board = TabBoard;

/** Applies the Teams theme (default, dark, contrast) to the page. */
export function applyTheme(theme: string | undefined): void {
  const t = theme === 'dark' ? 'dark' : theme === 'contrast' ? 'contrast' : 'default';
  document.documentElement.dataset.theme = t;
}

const params = new URLSearchParams(location.search);
const LOOPBACK = location.hostname === '127.0.0.1' || location.hostname === 'localhost';

/** Starts teams-js, reads the chat from the context and gets an SSO token (or, locally, a development token). */
export async function start(): Promise<Session> {
  applyTheme(params.get('theme') ?? undefined);
  if (LOOPBACK && params.has('devUser')) return devSession();
  await app.initialize();
  const context = await app.getContext();
  applyTheme(context.app.theme);
  // The page in the language of the reader's Teams (#29 item 4).
  setLanguage(context.app.locale);
  applyTexts();
  app.registerOnThemeChangeHandler(applyTheme);
  const chatId = context.chat?.id ?? context.channel?.id ?? '';
  const token = () => authentication.getAuthToken();
  try {
    await token(); // signed in before the page says it is ready
  } catch (err) {
    // Tell Teams at once (it shows its own message and retry) instead of leaving it to time out.
    app.notifyFailure({
      reason: app.FailedReason.AuthFailed,
      message: tr('tab:common.signInFailed', { error: err instanceof Error ? err.message : String(err) }),
    });
    throw err;
  }
  app.notifySuccess();
  return { chatId, frameContext: context.page.frameContext ?? 'content', token, dev: false };
}

/** Local mode only (the bot refuses it otherwise): sign in as a roster member without Teams. */
async function devSession(): Promise<Session> {
  setLanguage(params.get('lang') ?? navigator.language);
  applyTexts();
  const res = await fetch('/api/tab/dev-signin', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: params.get('devUser'), name: params.get('devName') ?? 'Developer' }),
  });
  if (!res.ok) throw new Error(tr('tab:common.devRefused'));
  const { token } = (await res.json()) as { token: string };
  const banner = document.createElement('p');
  banner.className = 'dev-banner';
  banner.setAttribute('role', 'note');
  banner.textContent = tr('tab:common.devBanner');
  document.body.prepend(banner);
  return {
    chatId: params.get('chat') ?? '',
    frameContext: params.get('frame') ?? 'sidePanel',
    token: async () => token,
    dev: true,
  };
}

/** An expected failure from the tab API: its status, the domain's message and failure code (e.g. `looks-like-name`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** A request to the tab API with a fresh token; a 401 (the token expired on the way) is tried once more. */
export async function authorized(session: Session, path: string, init: RequestInit = {}): Promise<Response> {
  const send = async () =>
    fetch(path, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        authorization: `Bearer ${await session.token()}`,
        // The bot answers its messages in the page's language (Teams' locale, not the browser's).
        'accept-language': language(),
      },
    });
  const res = await send();
  return res.status === 401 && !session.dev ? send() : res;
}

/** GETs JSON from the tab API with a fresh token; expected failures come back as an ApiError. */
export async function getJson<T>(session: Session, path: string): Promise<T> {
  const res = await authorized(session, path, { cache: 'no-store' });
  const json = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new ApiError(res.status, json.error ?? tr('tab:common.error', { status: res.status }));
  return json;
}

/** Polls the board with If-None-Match; `onBoard` runs only when it changed. */
export function pollBoard(
  session: Session,
  everyMs: number,
  onBoard: (board: Board | null, serverOffsetMs: number) => void,
  onError: (message: string) => void,
): { refresh(): Promise<void> } {
  let etag: string | undefined;
  let timer: number | undefined;
  const refresh = async () => {
    window.clearTimeout(timer);
    try {
      const res = await authorized(session, `/api/tab/board?chat=${encodeURIComponent(session.chatId)}`, {
        headers: etag ? { 'if-none-match': etag } : {},
        cache: 'no-store',
      });
      const date = Date.parse(res.headers.get('date') ?? '');
      const offset = Number.isNaN(date) ? 0 : date - Date.now();
      if (res.status === 304) return;
      if (!res.ok) {
        onError(
          ((await res.json().catch(() => ({}))) as { error?: string }).error ??
            tr('tab:common.error', { status: res.status }),
        );
        return;
      }
      etag = res.headers.get('etag') ?? undefined;
      const body = (await res.json()) as Board | NoBoard;
      onBoard(body.roundtable ? (body as Board) : null, offset);
    } catch {
      onError(tr('tab:common.unreachable'));
    } finally {
      timer = window.setTimeout(refresh, document.hidden ? everyMs * 3 : everyMs);
    }
  };
  void refresh();
  return { refresh };
}

/** POSTs to the tab API; expected failures come back as an ApiError with the domain's message. */
export async function post(session: Session, path: string, body: unknown): Promise<string | undefined> {
  const res = await authorized(session, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { error?: string; code?: string; notice?: string };
  if (!res.ok)
    throw new ApiError(res.status, json.error ?? tr('tab:common.error', { status: res.status }), json.code);
  return json.notice;
}

/** Builds an element: h('li', { class: 'x' }, 'text', child). Text is always text (never HTML). */
export function h(
  tag: string,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: (Node | string | undefined | false)[]
): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

/** "12:04 left" / "3:10 over" / undefined without a timer (none while scheduled). */
export function timeLeft(board: Board, offsetMs: number): { text: string; over: boolean } | undefined {
  const ends = board.roundtable.timerEndsAt;
  return ends ? countdown(ends, Date.now() + offsetMs, tr) : undefined;
}

/** A label of common.json (`common:<group>.<key>`) in the page's language; an unknown key as it is. */
function label(group: string, key: string): string {
  const full = `common:${group}.${key}`;
  const text = tr(full);
  return text === full ? key : text;
}

/** A role's short name in the page's language (common:rolesShort). */
export const roleLabel = (role: string): string => label('rolesShort', role);
/** A permanency goal's name in the page's language (common:goals). */
export const goalLabel = (goal: string): string => label('goals', goal);
/** A systemic barrier's name in the page's language (common:barriers). */
export const barrierLabel = (barrier: string): string => label('barriers', barrier);
/** A plan step's status in the page's language (common:stepStatus). */
export const statusLabel = (status: string): string => label('stepStatus', status);

/** English goal names, kept for tab/src/programme-permanency.ts until it reads goalLabel (another helper's file). */
export const GOAL_LABELS: Record<string, string> = {
  reunification: 'Reunification',
  adoption: 'Adoption',
  guardianship: 'Guardianship',
  'relative-placement': 'Permanent placement with a relative',
  appla: 'APPLA',
};
