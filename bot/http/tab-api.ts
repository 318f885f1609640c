/**
 * The meeting tab's API (/api/tab/...) and its static pages (/tab/...). Every change goes through the
 * same RoundtableService functions the bot's commands and cards use; these files only authenticate,
 * read the request, and shape the answer.
 */
import { createHash } from 'node:crypto';
import type { CloudAdapter } from 'botbuilder';
import type restify from 'restify';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { ProgrammeView } from '../roundtable/programme-view.js';
import type { RoundtableService } from '../roundtable/service.js';
import type { MeetingRoles } from '../teams/meeting-roles.js';
import type { CardPublisher } from '../teams/publisher.js';
import { HttpFailure, TabAccess, tabRoute } from './tab-access.js';
import { registerTabActions } from './tab-actions.js';
import { isLoopback, TabAuth } from './tab-auth.js';
import { boardOf } from './tab-board.js';
import { registerTabPages } from './tab-pages.js';
import { registerProgrammeApi } from './tab-programme.js';

/** What the tab API needs from the app. */
export interface TabApiDeps {
  config: Config;
  service: RoundtableService;
  adapter: CloudAdapter;
  publisher: CardPublisher;
  meetingRoles: MeetingRoles;
  log: Logger;
  /** The folder holding the built tab pages (panel.html, stage.js, ...), served under /tab/. */
  dist: string;
  /** The leaders' programme view (personal app); without it the programme routes are not registered. */
  programmeView?: ProgrammeView;
}

/** Registers /api/tab/* and /tab/* on the server. */
export async function registerTabApi(server: restify.Server, deps: TabApiDeps): Promise<void> {
  const { config, service, log } = deps;
  const auth = new TabAuth({
    appId: config.tab.ssoAppId,
    domain: config.tab.domain,
    jwksUrl: config.tab.jwksUrl,
    issuers: config.tab.issuers,
    allowedTenants: config.allowedTenants,
    localMode: config.localMode,
  });
  const appId = config.appId ?? '';
  const access = new TabAccess({ appId, auth, adapter: deps.adapter, meetingRoles: deps.meetingRoles });
  const route = (handler: (req: restify.Request, res: restify.Response) => Promise<void>) =>
    tabRoute(log, handler);

  registerTabPages(server, deps.dist);

  // --- development sign-in (local mode, loopback only) ------------------------------------------
  server.post(
    '/api/tab/dev-signin',
    route(async (req, res) => {
      if (!config.localMode || !isLoopback(req.socket.remoteAddress)) {
        res.send(404, { error: 'Not found' });
        return;
      }
      const body = (req.body ?? {}) as { userId?: unknown; name?: unknown };
      if (typeof body.userId !== 'string' || !body.userId || body.userId.length > 100)
        throw new HttpFailure(400, 'Give the userId (Teams user id or AAD object id) to sign in as.');
      const name = typeof body.name === 'string' && body.name ? body.name.slice(0, 100) : 'Developer';
      log.warn({ event: 'tab.dev-signin' }, 'DEVELOPMENT sign-in used (local mode)');
      res.send(200, { token: await auth.devSignIn(body.userId, name), development: true });
    }),
  );

  // --- read: the board, polled with ETag / If-None-Match ----------------------------------------
  server.get(
    '/api/tab/board',
    route(async (req, res) => {
      const chat = new URL(req.url ?? '/', 'http://tab').searchParams.get('chat') ?? '';
      if (!chat || chat.length > 300) throw new HttpFailure(400, 'Which chat? (?chat=<conversation id>)');
      // The token (and its tenant) first: an unauthenticated request reads nothing.
      const who = await access.identity(req);
      const rt = await service.forChat(chat);
      if (!rt) {
        // Nothing to show; membership cannot be checked without a roundtable, and there is nothing to protect.
        res.send(200, { roundtable: null });
        return;
      }
      const { actor } = await access.actorFor(who, rt);
      const view = await service.view(rt.id);
      if (!view) throw new HttpFailure(404, 'That roundtable no longer exists.');
      const body = JSON.stringify(await boardOf(view, actor, service));
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      res.setHeader('etag', etag);
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body);
    }),
  );

  registerTabActions(server, {
    appId,
    service,
    adapter: deps.adapter,
    publisher: deps.publisher,
    access,
    log,
  });
  registerProgrammeApi(server, { access, view: deps.programmeView, log, appId });
}
