import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import restify from 'restify';
import type { Logger } from '../log.js';
import { isAuthFailure, type RoundtableAdapter } from '../teams/adapter.js';
import type { RoundtableBot } from '../teams/bot.js';
import { errorName } from '../teams/publisher.js';
import { registerTabApi, type TabApiDeps } from './tab-api.js';
import { isActivityShape } from './activity-shape.js';

/** Largest request body accepted on /api/messages. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface HttpServer {
  server: restify.Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The restify server: POST /api/messages through the CloudAdapter, GET /api/health. */
export async function startHttpServer(opts: {
  adapter: RoundtableAdapter;
  bot: RoundtableBot;
  log: Logger;
  host: string;
  port: number;
  /** The meeting tab's API and pages (/api/tab, /tab). */
  tab?: TabApiDeps;
}): Promise<HttpServer> {
  const { adapter, bot, log } = opts;
  const server = restify.createServer({ name: 'roundtable-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    if (!req.is('application/json')) {
      res.send(415, { error: 'Send the activity as application/json.' });
      return;
    }
    if (!isActivityShape(req.body)) {
      res.send(400, { error: 'A Bot Framework activity is expected.' });
      return;
    }
    const authHeader = String(req.headers.authorization ?? '');
    try {
      const invoke = await adapter.handle(authHeader, req.body as Activity, (context) => bot.run(context));
      res.send(invoke?.status ?? 200, invoke?.body);
    } catch (err) {
      const refused = isAuthFailure(err);
      log.warn({ event: refused ? 'auth.refused' : 'request.failed', err: errorName(err) }, 'request failed');
      if (!res.headersSent)
        res.send(refused ? 401 : 500, { error: refused ? 'Unauthorized' : 'Internal error' });
    }
  });

  server.get('/api/health', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  if (opts.tab) await registerTabApi(server, opts.tab);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
