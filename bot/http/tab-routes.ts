/**
 * ONE table of every tab API route: method, path, where it works ('meeting': a chat's roundtable;
 * 'personal': the signed-in user's own data), a named guard with its "who", and the handler. Registration
 * loops over the table; the guard runs before the handler reads any case data, and a refusal carries no
 * case content. Another file's routes join the table with one line in TAB_ROUTES.
 */
import type restify from 'restify';
import { forChat, getRoundtable } from '../roundtable/roundtables.js';
import { facilitatorGuard } from '../teams/routing/guards.js';
import { HttpFailure, identityOf, tabRoute as wrap } from './tab-access.js';
import { OFFICER_GUARD, TAB_ACCESS_LOG_ROUTES } from './tab-access-log.js';
import { TAB_ACTION_ROUTES } from './tab-actions.js';
import { isLoopback } from './tab-auth.js';
import { caseOwnerGuard, TAB_CHILD_ROUTES } from './tab-child-routes.js';
import { planOwnerGuard, TAB_HANDOUT_ROUTES } from './tab-handout.js';
import { TAB_ME_ROUTES } from './tab-me-routes.js';
import { TAB_PROGRAMME_ROUTES } from './tab-programme.js';
import { TAB_QUEUE_ROUTES } from './tab-queue.js';
import { TAB_READ_ROUTES } from './tab-read-routes.js';
import {
  type AnyTabRoute,
  type Me,
  routeKey,
  type TabContext,
  type TabGrants,
  type TabGuardName,
} from './tab-route-types.js';

/** Every tab route, in the order they are registered (one line per file of routes). */
export const TAB_ROUTES: readonly AnyTabRoute[] = [
  ...TAB_READ_ROUTES,
  ...TAB_ACTION_ROUTES,
  ...TAB_ME_ROUTES,
  ...TAB_PROGRAMME_ROUTES,
  ...TAB_ACCESS_LOG_ROUTES,
  ...TAB_QUEUE_ROUTES,
  ...TAB_CHILD_ROUTES,
  ...TAB_HANDOUT_ROUTES,
];

type Guard<G extends TabGuardName> = {
  /** Who passes this guard, in one line (docs/security.md). */
  who: string;
  /** The grant, or an HttpFailure (401/403/404) that names no case content. `undefined`: already answered. */
  check(
    req: restify.Request,
    res: restify.Response,
    app: TabContext,
    route: AnyTabRoute,
  ): Promise<TabGrants[G] | undefined>;
};

/** The guards of the tab API, by name. */
export const TAB_GUARDS: { [G in TabGuardName]: Guard<G> } = {
  'local-dev': {
    who: 'nobody in production; in local mode (no app id) a caller on this machine',
    async check(req, _res, app) {
      if (!app.config.localMode || !isLoopback(req.socket.remoteAddress))
        throw new HttpFailure(404, 'Not found');
      return {};
    },
  },
  'chat-member': {
    who: "a member of the roundtable's chat (Teams confirms it), signed in with Teams SSO in the roundtable's tenant",
    async check(req, res, app, route) {
      if (route.find === 'chat') {
        const chat = new URL(req.url ?? '/', 'http://tab').searchParams.get('chat') ?? '';
        if (!chat || chat.length > 300) throw new HttpFailure(400, 'Which chat? (?chat=<conversation id>)');
        // The token (and its tenant) first: an unauthenticated request reads nothing.
        const who = await app.access.identity(req);
        const rt = await forChat(app.domain, chat);
        if (!rt) {
          // Nothing to show; membership cannot be checked without a roundtable, and there is nothing to protect.
          res.send(200, { roundtable: null });
          return undefined;
        }
        return { ...(await app.access.actorFor(who, rt)), rt };
      }
      // The token first (it reads nothing), then the roundtable document alone, then tenant and membership.
      const who = await app.access.identity(req);
      const id = req.params?.id;
      const rt = typeof id === 'string' && id.length <= 100 ? await getRoundtable(app.domain, id) : undefined;
      if (!rt) throw new HttpFailure(404, 'That roundtable does not exist.');
      return { ...(await app.access.actorFor(who, rt)), rt };
    },
  },
  facilitator: {
    who: "a facilitator of the roundtable (the bot's `facilitator` guard), signed in as a member of its chat",
    async check(req, res, app, route) {
      const member = await TAB_GUARDS['chat-member'].check(req, res, app, route);
      if (!member) return undefined;
      const may = await facilitatorGuard(member.rt, member.actor);
      if (!may.ok) throw new HttpFailure(403, may.failure.message);
      return member;
    },
  },
  self: {
    who: "anyone signed in with Teams SSO from an allowed tenant, for their own data in the token's tenant only",
    async check(req, _res, app) {
      const who = await app.access.identity(req);
      return { me: await meOf(app, who) };
    },
  },
  leader: {
    who: 'an agency leader configured by the admin (LEADER_IDS), signed in with Teams SSO; their own tenant only',
    async check(_req, _res, app) {
      const who = await app.access.identity(_req);
      if (!app.programmeView) throw new HttpFailure(503, 'The programme view is not set up on this server.');
      if (!app.programmeView.isLeader({ aadObjectId: who.oid }))
        throw new HttpFailure(403, 'The programme view is for agency leaders.');
      return { who, view: app.programmeView };
    },
  },
  officer: OFFICER_GUARD,
  'plan-owner': planOwnerGuard(meOf),
  coordinator: {
    who: 'a roundtable coordinator configured by the admin (COORDINATOR_IDS), signed in with Teams SSO; their own tenant only',
    async check(req, _res, app) {
      const who = await app.access.identity(req);
      if (!app.queue) throw new HttpFailure(503, 'The coordinator’s queue is not set up on this server.');
      if (!app.queue.coordinatorIds.includes(who.oid.toLowerCase()) || !who.tid)
        throw new HttpFailure(403, 'The “Roundtables due” page is for the agency’s roundtable coordinators.');
      return { who, tenantId: who.tid, queue: app.queue };
    },
  },
  'case-owner': caseOwnerGuard(meOf),
};

/** The signed-in user's ids: the token's object id and the Teams ids of people records with it, in the tenant. */
async function meOf(app: TabContext, who: Me['who']): Promise<Me> {
  const records = app.peopleByAad ? await app.peopleByAad([who.oid]) : [];
  const tenant = (t: string | undefined) => (t ?? '').toLowerCase();
  const ids = records
    .filter((p) => p.aadObjectId === who.oid && (who.dev || tenant(p.tenantId) === tenant(who.tid)))
    .map((p) => p.id);
  return { who, ids: [...new Set([who.oid, ...ids])] };
}

/**
 * The tab's side of the access hook (the bot's is dispatch.ts `recordAccess`): every allowed request and every
 * refusal of a guard passes it, with who asked, the route, the roundtable and the decision. When the entry
 * cannot be written it throws 503 "try again": the handler does not run and nothing is shown.
 */
async function recordTabAccess(
  app: TabContext,
  req: restify.Request,
  route: string,
  grant: TabGrants[TabGuardName] | undefined,
  refused?: HttpFailure,
): Promise<void> {
  if (!app.recordAccess) return;
  const who = grant && 'who' in grant ? grant.who : grant && 'me' in grant ? grant.me.who : identityOf(req);
  const rt = grant && 'rt' in grant ? grant.rt : undefined;
  const unrecorded = await app.recordAccess({
    actorId: who?.oid ?? '',
    ...(who?.tid ? { tenantId: who.tid } : {}),
    route,
    ...(rt ? { roundtableId: rt.id, caseAlias: rt.caseAlias } : {}),
    ...(refused ? { allowed: false, reason: String(refused.status) } : { allowed: true }),
  });
  if (unrecorded) throw new HttpFailure(503, unrecorded.message);
}

/** The statuses of a refusal (recorded as such): no token, not allowed, not found. */
const REFUSALS = [401, 403, 404];

/** Registers every row of TAB_ROUTES: guard first, the access recorded, then the handler; failures become answers. */
export function registerTabRoutes(server: restify.Server, app: TabContext): void {
  const seen = new Set<string>();
  for (const route of TAB_ROUTES) {
    const key = routeKey(route);
    if (seen.has(key)) throw new Error(`tab route declared twice: ${key}`);
    seen.add(key);
    const guard = TAB_GUARDS[route.guard] as Guard<TabGuardName>;
    server[route.method](
      route.path,
      wrap(app.log, async (req, res) => {
        let grant: TabGrants[TabGuardName] | undefined;
        try {
          grant = await guard.check(req, res, app, route);
        } catch (err) {
          if (err instanceof HttpFailure) await recordTabAccess(app, req, key, undefined, err);
          throw err;
        }
        if (grant === undefined) return; // answered already: nothing to read (no roundtable in the chat)
        await recordTabAccess(app, req, key, grant);
        try {
          await (route.handle as (call: unknown) => Promise<void>)({ req, res, app, grant });
        } catch (err) {
          // The domain's refusal after the guard (not your step, not your review): recorded as well.
          if (err instanceof HttpFailure && REFUSALS.includes(err.status))
            await recordTabAccess(app, req, key, grant, err);
          throw err;
        }
        // A refusal the handler answered itself (the domain's outcome): it showed nothing; recorded after it.
        if (REFUSALS.includes(res.statusCode))
          await recordTabAccess(app, req, key, grant, new HttpFailure(res.statusCode, 'refused')).catch(
            (err: unknown) =>
              app.log.warn(
                { event: 'access.unrecorded', route: key, err: (err as Error).name },
                'refusal not recorded',
              ),
          );
      }),
    );
  }
}
