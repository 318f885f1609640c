/**
 * The security officer's access log (/api/tab/access-log, the personal app's "Access log" page): rows in the
 * shape of the tab route table behind the `officer` guard — a Teams SSO token, a configured officer
 * (SECURITY_OFFICER_IDS; a leader is not an officer), their own tenant only. Entries and the CSV hold ids,
 * route names, case aliases and refusal codes only. The rows join TAB_ROUTES with one spread once the
 * `officer` guard is in TAB_GUARDS (docs/access-log.md, "Wiring").
 */
import type restify from 'restify';
import type { TabAccessLogPage } from '../../tab/src/access-log-types.js';
import {
  type AccessEntry,
  type AccessFilter,
  type AccessLog,
  accessCsv,
  accessFilter,
  MAX_PAGE,
  MAX_PERIOD_DAYS,
} from '../roundtable/access-log.js';
import { HttpFailure, type TabAccess } from './tab-access.js';
import type { TabIdentity } from './tab-auth.js';

/** What the officer's routes need from the app (TabContext gains `accessLog?: OfficerAccessLog`). */
export interface OfficerAccessLog {
  log: AccessLog;
  /** Entra object ids (lower case) of the security officers (config.audit.securityOfficerIds). */
  officerIds: readonly string[];
}

/** What the `officer` guard grants: who, the one tenant they may read, and the log. */
export interface OfficerGrant {
  who: TabIdentity;
  tenantId: string;
  log: AccessLog;
}

/**
 * One row of the officer's routes: a TabRoute<'officer'> once TabGrants has `officer: OfficerGrant` (declared
 * here, not with `tabRoute()`, so that this file never imports tab-route-types.ts, which will import it).
 */
export interface OfficerTabRoute {
  method: 'get' | 'post';
  path: string;
  /** The signed-in user's own app (the personal app), as TabWhere names it. */
  where: 'personal';
  guard: 'officer';
  rule?: string;
  handle(call: { req: restify.Request; res: restify.Response; grant: OfficerGrant }): Promise<void>;
}

/** The `officer` guard (TAB_GUARDS.officer): the token first, then the configured list, then the tenant. */
export const OFFICER_GUARD = {
  who: 'a security officer configured by the admin (SECURITY_OFFICER_IDS), signed in with Teams SSO; their own tenant only (a leader is not an officer)',
  async check(
    req: restify.Request,
    _res: restify.Response,
    app: { access: Pick<TabAccess, 'identity'>; accessLog?: OfficerAccessLog },
  ): Promise<OfficerGrant> {
    const who = await app.access.identity(req);
    if (!app.accessLog) throw new HttpFailure(503, 'The access log is not set up on this server.');
    if (!app.accessLog.officerIds.includes(who.oid.toLowerCase()))
      throw new HttpFailure(403, 'The access log is for security officers.');
    // The development sign-in names no tenant: the log is read per tenant, so it needs a Teams sign-in.
    if (who.dev || !who.tid) throw new HttpFailure(403, 'The access log needs a Teams sign-in.');
    return { who, tenantId: who.tid, log: app.accessLog.log };
  },
};

/** Entries in one CSV download at most; more asks for a narrower period or filter. */
export const CSV_MAX_ENTRIES = 20_000;

/** VALIDATION of the query string: the filter (a bounded period) and the page. */
function filterOf(req: restify.Request): { filter: AccessFilter; after?: string; limit: number } {
  const q = new URL(req.url ?? '/', 'http://tab').searchParams;
  const filter = accessFilter({
    from: q.get('from') ?? undefined,
    to: q.get('to') ?? undefined,
    caseAlias: q.get('alias') ?? undefined,
    actorId: q.get('person') ?? undefined,
    refusedOnly: q.get('refused') ?? undefined,
  });
  if (!filter.ok) throw new HttpFailure(400, filter.failure.message);
  const after = q.get('after') ?? undefined;
  if (after !== undefined && (after.length > 400 || !/^[A-Za-z0-9_-]+$/.test(after)))
    throw new HttpFailure(400, 'That page link is not valid; start again from the first page.');
  const limit = Number(q.get('limit') ?? 100);
  return {
    filter: filter.value,
    ...(after ? { after } : {}),
    limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_PAGE) : 100,
  };
}

const shown = (e: AccessEntry): TabAccessLogPage['entries'][number] => {
  const { tenantId: _tenant, ...rest } = e;
  return rest;
};

/** The officer's routes (one spread in TAB_ROUTES). */
export const TAB_ACCESS_LOG_ROUTES: readonly OfficerTabRoute[] = [
  {
    method: 'get',
    path: '/api/tab/access-log',
    where: 'personal',
    guard: 'officer',
    rule: "the query: the officer's own tenant's entries, a period of at most a year, newest first",
    async handle({ req, res, grant }) {
      const { filter, after, limit } = filterOf(req);
      const page = await grant.log.query(grant.tenantId, filter, {
        limit,
        ...(after ? { continuation: after } : {}),
      });
      res.send(200, {
        tenantId: grant.tenantId,
        query: filter,
        entries: page.entries.map(shown),
        ...(page.continuation ? { continuation: page.continuation } : {}),
        maxDays: MAX_PERIOD_DAYS,
      } satisfies TabAccessLogPage);
    },
  },
  {
    method: 'get',
    path: '/api/tab/access-log/csv',
    where: 'personal',
    guard: 'officer',
    rule: "the query: the officer's own tenant's entries, a period of at most a year, at most 20,000 rows",
    async handle({ req, res, grant }) {
      const { filter } = filterOf(req);
      const entries: AccessEntry[] = [];
      let continuation: string | undefined;
      do {
        const page = await grant.log.query(grant.tenantId, filter, {
          limit: MAX_PAGE,
          ...(continuation ? { continuation } : {}),
        });
        entries.push(...page.entries);
        continuation = page.continuation;
        if (entries.length > CSV_MAX_ENTRIES)
          throw new HttpFailure(
            413,
            `More than ${CSV_MAX_ENTRIES.toLocaleString('en')} entries: narrow the period or add a filter.`,
          );
      } while (continuation);
      const body = accessCsv(entries);
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="access-log-${filter.from}-to-${filter.to}.csv"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      res.end(body);
    },
  },
];
