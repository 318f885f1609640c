import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import restify from 'restify';
import { errorName } from '../error-name.js';
import { type Logger, requestContext } from '../log.js';
import { isAuthFailure, type RoundtableAdapter } from '../teams/edge/adapter.js';
import type { RoundtableBot } from '../teams/edge/bot.js';
import type { ServiceUrlPolicy } from '../teams/edge/service-urls.js';
import { isActivityShape } from './activity-shape.js';
import { checkChannelRequest, libraryRefusalReason, type RefusalReason } from './channel-request.js';
import { type DownloadDeps, registerDownloads } from './downloads.js';
import { registerTabApi, type TabApiDeps } from './tab-api.js';

/** Largest request body accepted on /api/messages. */
export const MAX_BODY_BYTES = 256 * 1024;

/** True when a request carries a body (a length above zero, or a chunked one). */
function hasBody(req: restify.Request): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** `application/json`, with or without parameters such as charset. */
function isJson(req: restify.Request): boolean {
  const type = String(req.headers['content-type'] ?? '');
  return type.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

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
/** GET /api/ready asks the database at most READY_LIMIT times per READY_WINDOW_MS. */
export const READY_LIMIT = 10;
export const READY_WINDOW_MS = 10_000;

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
  /** Channel checks on /api/messages: the bot's app id (none in local mode) and the Bot Connector hosts. */
  channel: { appId?: string; serviceUrls: ServiceUrlPolicy };
  /** Send Strict-Transport-Security (outside local mode: the app is served over HTTPS). */
  hsts?: boolean;
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
    // Every answer: no content sniffing; outside local mode, HTTPS only (HSTS).
    res.setHeader('x-content-type-options', 'nosniff');
    if (opts.hsts) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
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
  // JSON bodies only, on every route: anything else is refused before a byte of it is read or stored.
  server.use((req, res, next) => {
    if (hasBody(req) && !isJson(req)) {
      res.setHeader('connection', 'close');
      res.send(415, { error: 'Send the body as application/json.' });
      return next(false);
    }
    return next();
  });
  // Read into memory up to MAX_BODY_BYTES (413 beyond), parsed as JSON only: never written to disk.
  // (restify passes maxBodySize on to its body reader; its typings leave it out.)
  server.use(
    restify.plugins.jsonBodyParser({
      maxBodySize: MAX_BODY_BYTES,
      mapParams: false,
    } as restify.plugins.JsonBodyParserOptions),
  );

  /** One log line per refused request: the reason word, never the token, a key or a stack. */
  const refuse = (res: restify.Response, status: 401 | 403, reason: RefusalReason) => {
    log.warn({ event: 'auth.refused', reason }, 'request refused');
    if (!res.headersSent) res.send(status, { error: status === 401 ? 'Unauthorized' : 'Forbidden' });
  };

  server.post('/api/messages', async (req, res) => {
    if (!isJson(req)) {
      res.send(415, { error: 'Send the activity as application/json.' });
      return;
    }
    if (!isActivityShape(req.body)) {
      res.send(400, { error: 'A Bot Framework activity is expected.' });
      return;
    }
    const authHeader = String(req.headers.authorization ?? '');
    const activity = req.body as Activity;
    const refusal = checkChannelRequest(authHeader, activity, opts.channel);
    if (refusal) {
      refuse(res, refusal.status, refusal.reason);
      return;
    }
    try {
      const invoke = await adapter.handle(authHeader, activity, (context) => bot.run(context));
      res.send(invoke?.status ?? 200, invoke?.body);
    } catch (err) {
      if (isAuthFailure(err)) {
        refuse(res, 401, libraryRefusalReason(err));
        return;
      }
      log.warn({ event: 'request.failed', err: errorName(err) }, 'request failed');
      if (!res.headersSent) res.send(500, { error: 'Internal error' });
    }
  });

  server.get('/api/health', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  // Readiness: the database answers a cheap read within READY_TIMEOUT_MS. Unauthenticated (the platform's probe
  // has no token); it tells nothing sensitive (ready, or the database is unavailable). Limited: callers at the same
  // time share one check, and at most READY_LIMIT checks run per READY_WINDOW_MS (then 429 with Retry-After).
  let inProgress: Promise<boolean> | undefined;
  let window = { start: 0, checks: 0 };
  const checkReady = async (): Promise<boolean> => {
    const ready = opts.ready;
    if (!ready) return true;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        ready(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS);
        }),
      ]);
      return true;
    } catch (err) {
      log.warn({ event: 'ready.failed', err: errorName(err) }, 'database not reachable');
      return false;
    } finally {
      clearTimeout(timer);
    }
  };
  server.get('/api/ready', async (_req, res) => {
    if (!inProgress) {
      const now = performance.now();
      if (now - window.start >= READY_WINDOW_MS) window = { start: now, checks: 0 };
      if (window.checks >= READY_LIMIT) {
        res.setHeader('retry-after', String(Math.ceil((READY_WINDOW_MS - (now - window.start)) / 1000)));
        res.send(429, { status: 'busy' });
        return;
      }
      window.checks++;
      inProgress = checkReady().finally(() => {
        inProgress = undefined;
      });
    }
    if (await inProgress) res.send(200, { status: 'ready' });
    else res.send(503, { status: 'unavailable', reason: 'database' });
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
