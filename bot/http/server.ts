import type { AddressInfo } from 'node:net';
import type { CloudAdapter } from 'botbuilder';
import restify from 'restify';
import type { Logger } from '../log.js';
import type { RoundtableBot } from '../teams/bot.js';

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
  adapter: CloudAdapter;
  bot: RoundtableBot;
  log: Logger;
  host: string;
  port: number;
}): Promise<HttpServer> {
  const { adapter, bot, log } = opts;
  const server = restify.createServer({ name: 'roundtable-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body) || typeof req.body.type !== 'string') {
      res.send(400, { error: 'A Bot Framework activity is expected.' });
      return;
    }
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (err) {
      // botbuilder lets some token errors (a signature by an unknown key) escape as plain errors: that is a 401.
      const name = (err as Error)?.name ?? '';
      const message = String((err as Error)?.message ?? '');
      const authFailure = /signature|jwt|token|unauthori[sz]ed|jws/i.test(`${name} ${message}`);
      log.warn({ event: authFailure ? 'auth.refused' : 'request.failed', err: name }, 'request failed');
      if (!res.headersSent) res.send(authFailure ? 401 : 500, { error: authFailure ? 'Unauthorized' : 'Internal error' });
    }
  });

  server.get('/api/health', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

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
