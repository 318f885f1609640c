import type { Config } from './config.js';
import { startHttpServer } from './http/server.js';
import { createLogger, type Logger } from './log.js';
import { RoundtableService } from './roundtable/service.js';
import { CosmosRoundtableStore } from './store/cosmos-store.js';
import { type DatabaseHandle, openDatabase, pingDatabase } from './store/database.js';
import { type AuthOverrides, createAdapter } from './teams/adapter.js';
import { RoundtableBot } from './teams/bot.js';
import { CardRenderer } from './teams/handlers.js';
import { CardPublisher } from './teams/publisher.js';
import type { RetryPolicy } from './teams/sender.js';

export interface AppOptions {
  config: Config;
  log?: Logger;
  /** Use this database instead of opening one from the config (tests share one server). */
  database?: DatabaseHandle;
  now?: () => Date;
  auth?: AuthOverrides;
  retry?: RetryPolicy;
}

/** A running bot: its URL, its database, and how to stop it. */
export interface App {
  url: string;
  port: number;
  database: DatabaseHandle;
  service: RoundtableService;
  log: Logger;
  /** Resolves when no background card refresh is running. */
  idle(): Promise<void>;
  /** Requests (turns) being served now. */
  inFlight(): number;
  /**
   * Graceful stop: refuses new requests, lets turns in flight and card refreshes finish (up to
   * `graceMs`, default 10 s), then closes the database. Resolves false when work was cut off.
   */
  close(graceMs?: number): Promise<boolean>;
}

/** How long close() waits for turns in flight by default. */
export const DEFAULT_GRACE_MS = 10_000;

/** Wires config → database → domain → Teams edge → HTTP, and starts listening. */
export async function createApp(opts: AppOptions): Promise<App> {
  const { config } = opts;
  const log = opts.log ?? createLogger(config.logLevel);
  const ownDatabase = !opts.database;
  const database = opts.database ?? (await openDatabase(config));
  const now = opts.now ?? (() => new Date());
  const service = new RoundtableService({
    store: new CosmosRoundtableStore(database.database),
    settings: config.settings,
    now,
  });
  const deps = { service, now };
  const adapter = createAdapter(config, log, opts.auth);
  const publisher = new CardPublisher(adapter, config.appId ?? '', new CardRenderer(deps), log, opts.retry);
  const bot = new RoundtableBot(deps, publisher, log, config.allowedTenants);
  const http = await startHttpServer({
    adapter,
    bot,
    log,
    host: config.host,
    port: config.port,
    tab: { config, service, adapter, publisher, meetingRoles: bot.meetingRoles, log },
    ready: () => pingDatabase(database.database),
  });
  return {
    url: http.url,
    port: http.port,
    database,
    service,
    log,
    idle: () => publisher.idle(),
    inFlight: () => http.inFlight(),
    close: async (graceMs = DEFAULT_GRACE_MS) => {
      const started = Date.now();
      const drained = await http.drain(graceMs);
      const left = Math.max(0, graceMs - (Date.now() - started));
      const idle = await Promise.race([
        publisher.idle().then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), left).unref()),
      ]);
      if (ownDatabase) await database.close();
      return drained && idle;
    },
  };
}
