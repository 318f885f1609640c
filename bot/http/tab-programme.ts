/**
 * The programme view's API (/api/tab/programme/*) for the personal app's "Programme" tab: rows of the tab
 * route table behind the `leader` guard (a Teams SSO token, the caller's own tenant only, configured leaders
 * only — LEADER_IDS, the `leader` rule of the bot's guards). Every count in the answer is already suppressed
 * below SUPPRESS_BELOW.
 */
import type { TabProgramme } from '../../tab/src/programme-types.js';
import { failureStatus } from '../roundtable/outcome.js';
import type { AnyTabRoute, TabContext, TabGrants } from './tab-route-types.js';
import { tabRoute } from './tab-route-types.js';

/** A leader may recompute the tenant's aggregates once in this many ms (the scheduler does it nightly). */
const REFRESH_EVERY_MS = 60_000;
/** When each tenant's aggregates were last recomputed from the page, per running app. */
const lastRefresh = new WeakMap<TabContext, Map<string, number>>();

/**
 * The tenant whose figures a leader sees: their token's. The local development sign-in has no tenant; it sees
 * the roundtables run on this machine (the Playground's tenant), else the page would always be empty.
 */
async function tenantOf(grant: TabGrants['leader']): Promise<string | undefined> {
  if (grant.who.tid || !grant.who.dev) return grant.who.tid;
  const local = (await grant.view.tenants()).filter((t): t is string => typeof t === 'string');
  return local[0] ?? grant.who.tid;
}

/** The programme routes (one line in TAB_ROUTES). */
export const TAB_PROGRAMME_ROUTES: readonly AnyTabRoute[] = [
  tabRoute({
    method: 'get',
    path: '/api/tab/programme/figures',
    where: 'personal',
    guard: 'leader',
    rule: "the figures are the leader's own tenant's; counts under SUPPRESS_BELOW are shown as 'fewer than'",
    async handle({ req, res, app, grant }) {
      const q = new URL(req.url ?? '/', 'http://tab').searchParams;
      const pick = (k: string) => q.get(k) ?? undefined;
      const tenant = await tenantOf(grant);
      // Local mode: the figures are recomputed on each visit (the nightly job may not have run yet).
      if (grant.who.dev) await grant.view.refresh(tenant);
      const figures = await grant.view.figures({ aadObjectId: grant.who.oid }, tenant, {
        from: pick('from'),
        to: pick('to'),
        office: pick('office'),
      });
      // The register card (with each barrier's actions) is in the leader's 1:1 chat with the bot.
      const registerUrl = app.config.appId
        ? `https://teams.microsoft.com/l/chat/0/0?users=28:${app.config.appId}&message=barriers`
        : undefined;
      if (figures.ok) res.send(200, { ...figures.value, registerUrl } satisfies TabProgramme);
      else res.send(failureStatus(figures.failure.code), { error: figures.failure.message });
    },
  }),
  tabRoute({
    method: 'post',
    path: '/api/tab/programme/refresh',
    where: 'personal',
    guard: 'leader',
    rule: "recomputes the leader's own tenant's aggregates, at most once a minute",
    async handle({ res, app, grant }) {
      const tenant = await tenantOf(grant);
      const key = tenant ?? '';
      const times = lastRefresh.get(app) ?? new Map<string, number>();
      lastRefresh.set(app, times);
      const now = Date.now();
      if (now - (times.get(key) ?? 0) < REFRESH_EVERY_MS) {
        res.send(429, { error: 'The figures were just recomputed; try again in a minute.' });
        return;
      }
      times.set(key, now);
      const months = await grant.view.refresh(tenant);
      app.log.info({ event: 'programme.refresh', months }, 'programme aggregates recomputed');
      res.send(200, { ok: true, months });
    },
  }),
];
