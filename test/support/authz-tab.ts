/**
 * The tab route matrix's shapes (test/integration/tab-authz-matrix.test.ts): one try per row, its checks, and
 * the access log entry each try must leave (docs/security.md, "Access log").
 */
import { type Person, people } from './activities.js';
import type { Harness } from './harness.js';
import type { SeededPlan } from './personal-world.js';
import type { TabSsoRig } from './tab-sso.js';

export const OTHER_TENANT = '0b0b0b0b-1111-4222-8333-444444444444';
/** Case content every refusal must not carry. */
export const MARKS = ['ZQ.', 'MARKER'];

export interface World {
  h: Harness;
  local: Harness;
  rig: TabSsoRig;
  meetingId: string;
  plan: SeededPlan;
}

/** One try: who calls (null: no token), from which tenant, what; the status and what the body must (not) hold. */
export interface Try {
  as: Person | null;
  tenant?: string;
  path: (w: World) => string;
  body?: unknown;
  status: number;
  /** Checks an answer (returns a problem, or undefined). */
  check?: (body: Record<string, unknown>) => string | undefined;
  /** Run against the local-mode bot (development sign-in). */
  local?: boolean;
}
export type Row = Try | { na: string };
export interface RouteRows {
  allowed: Try;
  otherUser: Row;
  otherTenant: Row;
  noToken: Row;
  wrongRoundtable: Row;
}

/** The MARKER steps of an answer, in order (the plan's suggested family-team-meeting step aside). */
export const texts = (b: Record<string, unknown>) =>
  ((b.steps as { text: string }[] | undefined) ?? [])
    .map((s) => s.text)
    .filter((t) => t.startsWith('MARKER'))
    .join(' | ');
export const has = (word: string) => (b: Record<string, unknown>) =>
  JSON.stringify(b).includes(word) ? undefined : `expected ${word} in ${JSON.stringify(b).slice(0, 200)}`;
export const empty = (key: string) => (b: Record<string, unknown>) =>
  Array.isArray(b[key]) && (b[key] as unknown[]).length === 0
    ? undefined
    : `expected no ${key}: ${JSON.stringify(b)}`;

export const board = (chat: string) => `/api/tab/board?chat=${encodeURIComponent(chat)}`;
export const rtPath = (verb: string) => (w: World) => `/api/tab/roundtables/${w.meetingId}/${verb}`;
export const stepPath = (w: World) => `/api/tab/me/steps/${w.plan.id}/${w.plan.cwStep.id}`;
export const familyPath = (w: World) => `/api/tab/me/reviews/${w.plan.id}/family-review`;
export const familyReview = () => ({
  date: new Date().toISOString().slice(0, 10),
  participants: 'the youth, the aunt',
  changes: 'none',
});
/** A security officer (SECURITY_OFFICER_IDS): reads the access log of their own tenant only. */
export const officer: Person = {
  id: '29:officer',
  name: 'Olive Officer',
  aadObjectId: '0ff1ce00-0000-4000-8000-000000000007',
  userPrincipalName: 'olive@agency.example',
  role: 'outsider',
};

/** An access log entry as stored (the fields the matrix asserts). */
export interface StoredAccess {
  id: string;
  route: string;
  actorId: string;
  tenantId: string;
  roundtableId?: string;
  outcome: 'allowed' | 'refused';
  kind?: string;
  code?: string;
}

/** Every entry of the harness's access log, by id. */
export async function accessEntries(h: Harness): Promise<Map<string, StoredAccess>> {
  const { resources } = await h.database.database
    .container('access-log')
    .items.query<StoredAccess>('SELECT * FROM c')
    .fetchAll();
  return new Map(resources.map((e) => [e.id, e]));
}

/**
 * What one try must have left in the access log: an allowed entry for an answer that shows something, a refused
 * entry (code = the status) for a guard's 401/403/404, by the token's object id, naming the roundtable when
 * the route's grant does; never what was typed. Returns a problem, or undefined.
 */
export function accessProblem(
  route: string,
  t: Try,
  status: number,
  added: StoredAccess[],
  expect: { roundtableId?: string; typed: string[] },
): string | undefined {
  const refused = [401, 403, 404].includes(status);
  if (!refused && status >= 300) return undefined;
  const mine = added.filter((e) => e.route === route);
  const entry = mine.find((e) => e.outcome === (refused ? 'refused' : 'allowed'));
  if (!entry) return `no ${refused ? 'refused' : 'allowed'} access entry (${JSON.stringify(added)})`;
  // The development sign-in's guard reads no token: its refusals are by nobody known.
  const actor = route === 'POST /api/tab/dev-signin' ? 'anonymous' : (t.as?.aadObjectId ?? 'anonymous');
  if (entry.actorId !== actor) return `access entry by ${entry.actorId}, not ${actor}`;
  if (refused && entry.code !== String(status)) return `access entry code ${entry.code}, not ${status}`;
  if (!refused && expect.roundtableId && entry.roundtableId !== expect.roundtableId)
    return `access entry names ${entry.roundtableId}, not ${expect.roundtableId}`;
  // The entries' free fields (outcome, kind and code are a fixed vocabulary: `refused` is no leak).
  const text = JSON.stringify(added.map(({ outcome: _o, kind: _k, code: _c, ...free }) => free));
  // What people type (a date aside: every entry has its own time).
  const typed = expect.typed.filter((v) => /[a-z]{3}/i.test(v) && !/^\d{4}-\d{2}-\d{2}$/.test(v));
  // The case alias is kept (it is what an officer searches for); what people typed never is.
  const leaked = ['MARKER', ...typed].find((m) => m && text.includes(m));
  return leaked ? `an access entry holds typed text (${leaked})` : undefined;
}

/** The officer's routes: an officer reads their own tenant's log; a leader is refused; another tenant sees none. */
export function officerRows(path: string, check: Try['check'], otherCheck: Try['check']): RouteRows {
  const q = () => `${path}?from=2026-01-01&to=2026-12-31`;
  return {
    allowed: { as: officer, path: q, status: 200, ...(check ? { check } : {}) },
    otherUser: { as: people.leader, path: q, status: 403 },
    otherTenant: {
      as: officer,
      tenant: OTHER_TENANT,
      path: q,
      status: 200,
      ...(otherCheck ? { check: otherCheck } : {}),
    },
    noToken: { as: null, path: q, status: 401 },
    wrongRoundtable: { na: 'names no roundtable: the caller’s tenant’s log' },
  };
}

/** The family handout's routes (the print page and its PDF) on the seeded plan: its owners only, same tenant. */
export function handoutRows(cw: Person, sup: Person, mp: Person): Record<string, RouteRows> {
  const path = (tail: string) => (w: World) => `/api/tab/me/handout/${w.plan.id}${tail}`;
  // The plan's caseworker and supervisor are not on the meeting's roundtable: 403 there.
  const meeting = (tail: string) => (w: World) => `/api/tab/me/handout/${w.meetingId}${tail}`;
  const wording = { lang: 'es', text: 'Llamar a la tía sobre la tutela' };
  return {
    'GET /api/tab/me/handout/:rt': {
      allowed: { as: cw, path: path(''), status: 200, check: has('MARKER cw step') },
      otherUser: { as: mp, path: path(''), status: 403 },
      otherTenant: { as: cw, tenant: OTHER_TENANT, path: path(''), status: 404 },
      noToken: { as: null, path: path(''), status: 401 },
      wrongRoundtable: { as: cw, path: meeting(''), status: 403 },
    },
    'GET /api/tab/me/handout/:rt/pdf': {
      allowed: { as: sup, path: path('/pdf'), status: 200 },
      otherUser: { as: mp, path: path('/pdf'), status: 403 },
      otherTenant: { as: sup, tenant: OTHER_TENANT, path: path('/pdf'), status: 404 },
      noToken: { as: null, path: path('/pdf'), status: 401 },
      wrongRoundtable: { as: sup, path: meeting('/pdf'), status: 403 },
    },
    'POST /api/tab/me/handout/:rt/steps/:step': {
      allowed: { as: cw, path: (w) => path(`/steps/${w.plan.cwStep.id}`)(w), body: wording, status: 200 },
      otherUser: { as: mp, path: (w) => path(`/steps/${w.plan.cwStep.id}`)(w), body: wording, status: 403 },
      otherTenant: {
        as: cw,
        tenant: OTHER_TENANT,
        path: (w) => path(`/steps/${w.plan.cwStep.id}`)(w),
        body: wording,
        status: 404,
      },
      noToken: { as: null, path: (w) => path(`/steps/${w.plan.cwStep.id}`)(w), body: wording, status: 401 },
      wrongRoundtable: {
        as: cw,
        path: (w) => meeting(`/steps/${w.plan.cwStep.id}`)(w),
        body: wording,
        status: 403,
      },
    },
  };
}
