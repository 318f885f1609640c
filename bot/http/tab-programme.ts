/**
 * The programme view's API (/api/tab/programme/*) for the personal app's "Programme" tab: a Teams SSO
 * token, the caller's own tenant only, configured leaders only (LEADER_IDS, the `leader` rule of the
 * bot's guards). Every count in the answer is already suppressed below SUPPRESS_BELOW.
 */
import type restify from 'restify';
import type { TabProgramme } from '../../tab/src/programme-types.js';
import type { Logger } from '../log.js';
import { failureStatus } from '../roundtable/outcome.js';
import type { ProgrammeView } from '../roundtable/programme-view.js';
import { type TabAccess, tabRoute } from './tab-access.js';

/** The programme routes, for the one table of tab routes (bot/http/tab-routes.ts). */
export const PROGRAMME_TAB_ROUTES = [
  {
    method: 'GET',
    path: '/api/tab/programme/figures',
    where: 'personal',
    guard: 'leader',
    who: 'an agency leader configured by the admin (LEADER_IDS); the figures are their own tenant’s',
  },
  {
    method: 'POST',
    path: '/api/tab/programme/refresh',
    where: 'personal',
    guard: 'leader',
    who: 'an agency leader configured by the admin (LEADER_IDS); recomputes their own tenant’s aggregates',
  },
] as const;

/** A leader may recompute the tenant's aggregates once in this many ms (the scheduler does it nightly). */
const REFRESH_EVERY_MS = 60_000;

/** Registers the programme routes (a no-op without a programme view). */
export function registerProgrammeApi(
  server: restify.Server,
  deps: { access: TabAccess; view?: ProgrammeView; log: Logger; appId?: string; now?: () => Date },
): void {
  const { access, view, log } = deps;
  if (!view) return;
  const now = deps.now ?? (() => new Date());
  const lastRefresh = new Map<string, number>();
  const leader = async (req: restify.Request) => {
    const who = await access.identity(req);
    return { who, leader: view.isLeader({ aadObjectId: who.oid }) };
  };

  server.get(
    '/api/tab/programme/figures',
    tabRoute(log, async (req, res) => {
      const { who } = await leader(req);
      const q = new URL(req.url ?? '/', 'http://tab').searchParams;
      const pick = (k: string) => q.get(k) ?? undefined;
      const figures = await view.figures({ aadObjectId: who.oid }, who.tid, {
        from: pick('from'),
        to: pick('to'),
        office: pick('office'),
      });
      // The register card (with each barrier's actions) is in the leader's 1:1 chat with the bot.
      const registerUrl = deps.appId
        ? `https://teams.microsoft.com/l/chat/0/0?users=28:${deps.appId}&message=barriers`
        : undefined;
      if (figures.ok) res.send(200, { ...figures.value, registerUrl } satisfies TabProgramme);
      else res.send(failureStatus(figures.failure.code), { error: figures.failure.message });
    }),
  );

  server.post(
    '/api/tab/programme/refresh',
    tabRoute(log, async (req, res) => {
      const { who, leader: isLeader } = await leader(req);
      if (!isLeader) {
        res.send(403, { error: 'The programme view is for agency leaders.' });
        return;
      }
      const key = who.tid ?? '';
      const last = lastRefresh.get(key) ?? 0;
      if (now().getTime() - last < REFRESH_EVERY_MS) {
        res.send(429, { error: 'The figures were just recomputed; try again in a minute.' });
        return;
      }
      lastRefresh.set(key, now().getTime());
      const months = await view.refresh(who.tid);
      log.info({ event: 'programme.refresh', months }, 'programme aggregates recomputed');
      res.send(200, { ok: true, months });
    }),
  );
}
