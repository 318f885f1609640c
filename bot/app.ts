import type { Config } from './config.js';
import { startHttpServer } from './http/server.js';
import { createLogger, type Logger } from './log.js';
import { RoundtableService } from './roundtable/service.js';
import { CosmosRoundtableStore } from './store/cosmos-store.js';
import { type DatabaseHandle, openDatabase } from './store/database.js';
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
  close(): Promise<void>;
}

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
  });
  return {
    url: http.url,
    port: http.port,
    database,
    service,
    log,
    idle: () => publisher.idle(),
    close: async () => {
      await http.close();
      await publisher.idle();
      if (ownDatabase) await database.close();
    },
  };
}
