/**
 * The access log: who looked at or changed which child's case, through which route, allowed or refused.
 * Ids, route names, the case alias and a refusal code only — never content (no free text, no typed names).
 * Written by the one request pipeline at the grant (or the refusal), before any case content is shown; kept
 * apart from case data, append-only, outliving the roundtable for AUDIT_RETENTION_DAYS; read only by the
 * configured security officers, for their own tenant.
 */
import { randomUUID } from 'node:crypto';
import { csvCell } from './barrier-register.js';
import { type Failure, fail, type Outcome, ok } from './outcome.js';

/** What the request did: showed case content, changed it, exported it, deleted it, changed a role, or was refused. */
export type AccessKind = 'read' | 'change' | 'export' | 'delete' | 'role' | 'refusal';
/** Every kind, for validation. */
export const ACCESS_KINDS: readonly AccessKind[] = ['read', 'change', 'export', 'delete', 'role', 'refusal'];

/** One line of the access log. */
export interface AccessEntry {
  id: string;
  /** The Entra tenant the request was verified for (lower case). */
  tenantId: string;
  /** When, ISO 8601 UTC with milliseconds. */
  at: string;
  /** Who: the Entra object id (or, where Teams gave none, the Teams user id 29:…). */
  actorId: string;
  /** Which route: a row of a route table ("GET /api/tab/board", "idea.add", "command:my-steps"). */
  route: string;
  kind: AccessKind;
  roundtableId?: string;
  /** The case alias the caseworker chose (never a child's name: the name check refuses those). */
  caseAlias?: string;
  outcome: 'allowed' | 'refused';
  /** Why it was refused: a failure code or HTTP status ("forbidden", "not-found", "401"). */
  code?: string;
}

/** What the officer asks for: a bounded period (whole UTC days, `from` ≤ `to`), optionally narrowed. */
export interface AccessFilter {
  /** First day, yyyy-mm-dd (UTC), inclusive. */
  from: string;
  /** Last day, yyyy-mm-dd (UTC), inclusive. */
  to: string;
  caseAlias?: string;
  actorId?: string;
  refusedOnly?: boolean;
}

/** One page of entries, newest first; `continuation` asks for the next (older) page. */
export interface AccessPage {
  entries: AccessEntry[];
  continuation?: string;
}

/** The port: append-only. There is no replace and no per-entry delete; only time removes entries. */
export interface AccessLog {
  /** Stores the entry; an entry with the same id already stored (a replay) is kept as it was. */
  append(entry: AccessEntry): Promise<void>;
  /** The tenant's entries matching the filter, newest first, at most `page.limit` per page. */
  query(
    tenantId: string,
    filter: AccessFilter,
    page: { limit: number; continuation?: string },
  ): Promise<AccessPage>;
  /** Removes entries older than `before` (retention; Cosmos's TTL does the same on its own). Returns how many. */
  purgeBefore(before: Date): Promise<number>;
}

/** The longest period one query may span (days, inclusive). */
export const MAX_PERIOD_DAYS = 366;
/** Entries per page at most (and the default). */
export const MAX_PAGE = 200;
const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Ids the bot knows people by: Entra object ids (GUIDs) and Teams ids (29:…). */
const ACTOR_ID = /^[A-Za-z0-9:._@-]{1,200}$/;
/**
 * Route names come from the route tables: "GET /api/tab/board/:id" paths, or one lower-case token for a card
 * verb or command ("idea.add", "command:my-steps"). No spaces elsewhere, so no sentence fits.
 */
const ROUTE = /^(?:(?:GET|POST|PUT|PATCH|DELETE) \/[A-Za-z0-9/._:*-]{0,110}|[a-z][a-z0-9.:_-]{0,80})$/;
const CODE = /^[a-z0-9-]{1,40}$/;
const ALIAS_MAX = 40;

function validDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** VALIDATION of the officer's query, pure: a bounded period of at most MAX_PERIOD_DAYS, sane filters. */
export function accessFilter(raw: {
  from?: unknown;
  to?: unknown;
  caseAlias?: unknown;
  actorId?: unknown;
  refusedOnly?: unknown;
}): Outcome<AccessFilter> {
  const { from, to } = raw;
  if (typeof from !== 'string' || typeof to !== 'string' || !validDay(from) || !validDay(to))
    return fail('invalid', 'Give the period as two dates (from, to), yyyy-mm-dd.');
  if (from > to) return fail('invalid', 'The period ends before it starts.');
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days > MAX_PERIOD_DAYS)
    return fail('invalid', `Ask for at most ${MAX_PERIOD_DAYS} days at a time (a year); narrow the period.`);
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const caseAlias = text(raw.caseAlias);
  const actorId = text(raw.actorId);
  if (caseAlias.length > ALIAS_MAX)
    return fail('invalid', `A case alias has at most ${ALIAS_MAX} characters.`);
  if (actorId && !ACTOR_ID.test(actorId))
    return fail('invalid', 'A person is given by their Entra object id (or Teams id).');
  const refusedOnly = raw.refusedOnly === true || raw.refusedOnly === 'true' || raw.refusedOnly === '1';
  return ok({
    from,
    to,
    ...(caseAlias ? { caseAlias } : {}),
    ...(actorId ? { actorId } : {}),
    ...(refusedOnly ? { refusedOnly } : {}),
  });
}

/** The UTC months (yyyy-mm) a filter's period touches, newest first. */
export function monthsOf(filter: Pick<AccessFilter, 'from' | 'to'>): string[] {
  const months: string[] = [];
  let y = Number(filter.to.slice(0, 4));
  let m = Number(filter.to.slice(5, 7));
  const first = filter.from.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month < first) break;
    months.push(month);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return months;
}

/** The period as a half-open interval of ISO instants: [from 00:00Z, the day after `to` 00:00Z). */
export function periodOf(filter: Pick<AccessFilter, 'from' | 'to'>): { start: string; end: string } {
  const end = new Date(Date.parse(`${filter.to}T00:00:00Z`) + DAY_MS).toISOString();
  return { start: `${filter.from}T00:00:00.000Z`, end };
}

/** Does the entry match the filter (tenant and period are the store's business)? The stores' shared rule. */
export function matches(entry: AccessEntry, filter: AccessFilter): boolean {
  const { start, end } = periodOf(filter);
  if (entry.at < start || entry.at >= end) return false;
  if (filter.caseAlias && entry.caseAlias?.toLowerCase() !== filter.caseAlias.toLowerCase()) return false;
  if (filter.actorId && entry.actorId.toLowerCase() !== filter.actorId.toLowerCase()) return false;
  return !filter.refusedOnly || entry.outcome === 'refused';
}

/** Newest first; the id breaks ties so that pages never skip or repeat an entry. */
export function newestFirst(a: AccessEntry, b: AccessEntry): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Where a page ended: entries strictly older than this (in `newestFirst` order) come next. */
export interface AccessCursor {
  at: string;
  id: string;
}

/** A continuation for the entries after `c` (opaque to the page). */
export function encodeCursor(c: AccessCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id]), 'utf8').toString('base64url');
}

/** The cursor in a continuation; undefined when it is not one of ours. */
export function decodeCursor(s: string | undefined): AccessCursor | undefined {
  if (!s || s.length > 400) return undefined;
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || typeof v[0] !== 'string' || typeof v[1] !== 'string') return undefined;
    return { at: v[0], id: v[1] };
  } catch {
    return undefined;
  }
}

/** True when `entry` comes after the cursor in `newestFirst` order. */
export function afterCursor(entry: AccessEntry, cursor: AccessCursor | undefined): boolean {
  if (!cursor) return true;
  return entry.at < cursor.at || (entry.at === cursor.at && entry.id < cursor.id);
}

/** What the pipeline knows when it records a request: the verified caller, the route, the grant, the outcome. */
export interface AccessFacts {
  /** The verified caller (token or activity): object id, or the Teams id when there is none, and tenant. */
  actor: { id: string; tenantId: string };
  /** The route table's name for the request. */
  route: string;
  kind: AccessKind;
  /** The roundtable the grant names (only its id and alias are kept, whatever else the object holds). */
  roundtable?: { id: string; caseAlias?: string };
  /** Refused: a failure code or HTTP status. */
  refused?: string | number;
  at?: Date;
  /** A stable id for the request (a retry of the same request then stays one entry). */
  id?: string;
}

/**
 * Builds an entry from what the pipeline knows, keeping ids, the route name, the alias and the code only.
 * Throws on what is not an id or a route name: a caller passing free text is a bug, never logged.
 */
export function accessEntry(facts: AccessFacts): AccessEntry {
  const { actor, route, roundtable } = facts;
  if (!ACTOR_ID.test(actor.id)) throw new Error('access entry: the actor is not an id');
  if (!ACTOR_ID.test(actor.tenantId)) throw new Error('access entry: the tenant is not an id');
  if (!ROUTE.test(route)) throw new Error('access entry: the route is not a route name');
  if (!ACCESS_KINDS.includes(facts.kind)) throw new Error('access entry: unknown kind');
  if (roundtable && !ACTOR_ID.test(roundtable.id))
    throw new Error('access entry: the roundtable is not an id');
  const code = facts.refused === undefined ? undefined : String(facts.refused).toLowerCase();
  if (code !== undefined && !CODE.test(code)) throw new Error('access entry: the refusal code is not a code');
  const alias = roundtable?.caseAlias?.slice(0, ALIAS_MAX);
  return {
    id: facts.id && ACTOR_ID.test(facts.id) ? facts.id : randomUUID(),
    tenantId: actor.tenantId.toLowerCase(),
    at: (facts.at ?? new Date()).toISOString(),
    actorId: actor.id,
    route,
    kind: code === undefined ? facts.kind : 'refusal',
    ...(roundtable ? { roundtableId: roundtable.id } : {}),
    ...(alias ? { caseAlias: alias } : {}),
    outcome: code === undefined ? 'allowed' : 'refused',
    ...(code !== undefined ? { code } : {}),
  };
}

/** Where the structured events go (pino's Logger fits): one line per entry, the entry's fields only. */
export interface AccessEvents {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** The answer when the entry could not be written: the caller shows nothing and asks to try again. */
export const NOT_RECORDED: Failure = {
  code: 'busy',
  message: 'This could not be recorded in the access log, so it is not shown; try again in a moment.',
};

/**
 * Writes the entry BEFORE the caller shows anything, then emits it as one structured event. When the write
 * fails the answer is `busy` (503, "try again") and the caller must not show the content: a confidential
 * record is refused rather than shown unrecorded (no local queue that a killed instance would lose).
 */
export async function recordAccess(
  log: AccessLog,
  entry: AccessEntry,
  events?: AccessEvents,
): Promise<Outcome<AccessEntry>> {
  try {
    await log.append(entry);
  } catch (err) {
    events?.warn(
      {
        event: 'access.unrecorded',
        route: entry.route,
        kind: entry.kind,
        err: (err as Error)?.name ?? 'Error',
      },
      'access log write failed; the request is refused',
    );
    return { ok: false, failure: NOT_RECORDED };
  }
  events?.info({ event: 'access', ...accessEventFields(entry) }, 'access');
  return ok(entry);
}

/** The structured event's fields: exactly the entry's, named for Log Analytics. */
export function accessEventFields(e: AccessEntry): Record<string, string> {
  return {
    accessId: e.id,
    tenantId: e.tenantId,
    at: e.at,
    actorId: e.actorId,
    route: e.route,
    kind: e.kind,
    outcome: e.outcome,
    ...(e.roundtableId ? { roundtableId: e.roundtableId } : {}),
    ...(e.caseAlias ? { caseAlias: e.caseAlias } : {}),
    ...(e.code ? { code: e.code } : {}),
  };
}

/**
 * Retention: removes entries older than `retentionDays` days before `now` (for the scheduler's nightly pass;
 * on Azure each entry's `ttl` removes it too). A roundtable's deletion never removes its entries.
 */
export async function purgeExpiredAccess(log: AccessLog, retentionDays: number, now: Date): Promise<number> {
  return log.purgeBefore(new Date(now.getTime() - retentionDays * DAY_MS));
}

/** The CSV's columns, in order. */
export const ACCESS_CSV_COLUMNS = [
  'When (UTC)',
  'Person (Entra object id)',
  'Tenant',
  'Route',
  'Kind',
  'Roundtable id',
  'Case alias',
  'Outcome',
  'Refusal code',
  'Entry id',
] as const;

/** The entries as CSV (RFC 4180, CRLF; cells quoted; a leading = + - @ made text). */
export function accessCsv(entries: readonly AccessEntry[]): string {
  const rows = entries.map((e) => [
    e.at,
    e.actorId,
    e.tenantId,
    e.route,
    e.kind,
    e.roundtableId ?? '',
    e.caseAlias ?? '',
    e.outcome,
    e.code ?? '',
    e.id,
  ]);
  return `${[[...ACCESS_CSV_COLUMNS], ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
