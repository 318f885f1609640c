import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import restify from 'restify';
import { type Logger, requestContext } from '../log.js';
import { isAuthFailure, type RoundtableAdapter } from '../teams/adapter.js';
import type { RoundtableBot } from '../teams/bot.js';
import { errorName } from '../teams/publisher.js';
import { isActivityShape } from './activity-shape.js';
import { type DownloadDeps, registerDownloads } from './downloads.js';
import { registerTabApi, type TabApiDeps } from './tab-api.js';

/** Largest request body accepted on /api/messages. */
export const MAX_BODY_BYTES = 256 * 1024;

export interface HttpServer {
  server: restify.Server;
  url: string;
  port: number;
  /** Requests being served now (turns in flight included). */
  inFlight(): number;
  /**
   * Graceful stop: refuses new requests (503), stops listening, waits up to `graceMs` for the
   * requests in flight to finish, then closes. Resolves false when it had to cut some off.
   */
  drain(graceMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** An incoming x-request-id is kept when it looks like an id; anything else gets a fresh one. */
const REQUEST_ID = /^[\w.:-]{1,80}$/;

/** How long GET /api/ready waits for the database. */
export const READY_TIMEOUT_MS = 3000;

/** The restify server: POST /api/messages through the CloudAdapter, GET /api/health. */
export async function startHttpServer(opts: {
  adapter: RoundtableAdapter;
  bot: RoundtableBot;
  log: Logger;
  host: string;
  port: number;
  /** The meeting tab's API and pages (/api/tab, /tab). */
  tab?: TabApiDeps;
  /** Resolves when the database answers (GET /api/ready). */
  ready?: () => Promise<void>;
  /** Private download links (case file, barrier register CSV). */
  downloads?: DownloadDeps;
}): Promise<HttpServer> {
  const { adapter, bot, log } = opts;
  const server = restify.createServer({ name: 'roundtable-bot', handleUncaughtExceptions: false });
  let draining = false;
  let inFlight = 0;
  let settled: (() => void) | undefined;

  // Request id, in-flight count and request log; once draining, every new request is refused.
  server.pre((req, res, next) => {
    const incoming = req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    if (draining) {
      res.setHeader('connection', 'close');
      res.setHeader('retry-after', '5');
      res.send(503, { error: 'Shutting down' });
      return next(false);
    }
    const started = performance.now();
    inFlight++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight--;
      const quiet = req.path() === '/api/health' || req.path() === '/api/ready';
      log[quiet ? 'debug' : 'info'](
        {
          event: 'http.request',
          requestId,
          method: req.method,
          path: req.path(),
          status: res.statusCode,
          durationMs: Math.round(performance.now() - started),
        },
        'request',
      );
      if (inFlight === 0) settled?.();
    };
    res.once('finish', finish);
    res.once('close', finish);
    requestContext.run({ requestId }, () => next());
  });
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

  // Readiness: the database answers a cheap read within READY_TIMEOUT_MS.
  server.get('/api/ready', async (_req, res) => {
    if (!opts.ready) {
      res.send(200, { status: 'ready' });
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        opts.ready(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS);
        }),
      ]);
      res.send(200, { status: 'ready' });
    } catch (err) {
      log.warn({ event: 'ready.failed', err: errorName(err) }, 'database not reachable');
      res.send(503, { status: 'unavailable', reason: 'database' });
    } finally {
      clearTimeout(timer);
    }
  });

  if (opts.tab) await registerTabApi(server, opts.tab);
  if (opts.downloads) registerDownloads(server, opts.downloads);

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
    inFlight: () => inFlight,
    drain: async (graceMs) => {
      draining = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections?.();
      let timer: NodeJS.Timeout | undefined;
      const finished =
        inFlight === 0 ||
        (await Promise.race([
          new Promise<boolean>((resolve) => {
            settled = () => resolve(true);
          }),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(false), graceMs);
          }),
        ]));
      clearTimeout(timer);
      if (!finished) log.warn({ event: 'shutdown.cut', inFlight }, 'requests still running at the deadline');
      server.server.closeAllConnections?.();
      await stopped;
      return finished;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
