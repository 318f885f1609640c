/** The tab's read routes: the development sign-in (local mode only) and the board the panel and stage poll. */
import { createHash } from 'node:crypto';
import { roundtableView } from '../roundtable/roundtables.js';
import { HttpFailure } from './tab-access.js';
import { boardOf } from './tab-board.js';
import { type AnyTabRoute, tabRoute } from './tab-route-types.js';

/** The development sign-in (local mode, loopback only) and the board the panel and the stage poll. */
export const TAB_READ_ROUTES: AnyTabRoute[] = [
  tabRoute({
    method: 'post',
    path: '/api/tab/dev-signin',
    where: 'sign-in',
    guard: 'local-dev',
    async handle({ req, res, app }) {
      const body = (req.body ?? {}) as { userId?: unknown; name?: unknown };
      if (typeof body.userId !== 'string' || !body.userId || body.userId.length > 100)
        throw new HttpFailure(400, 'Give the userId (Teams user id or AAD object id) to sign in as.');
      const name = typeof body.name === 'string' && body.name ? body.name.slice(0, 100) : 'Developer';
      app.log.warn({ event: 'tab.dev-signin' }, 'DEVELOPMENT sign-in used (local mode)');
      res.send(200, { token: await app.auth.devSignIn(body.userId, name), development: true });
    },
  }),
  // The board, polled with ETag / If-None-Match.
  tabRoute({
    method: 'get',
    path: '/api/tab/board',
    where: 'meeting',
    find: 'chat',
    guard: 'chat-member',
    async handle({ req, res, app, grant }) {
      const view = await roundtableView(app.domain, grant.rt.id);
      if (!view) throw new HttpFailure(404, 'That roundtable no longer exists.');
      const body = JSON.stringify(await boardOf(view, grant.actor, app.domain));
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      res.setHeader('etag', etag);
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body);
    },
  }),
];
