import { ConfigError, describeConfig, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { playgroundHint } from './playground-hint.js';
import { startTelemetry } from './telemetry.js';

/** How long SIGTERM waits for turns in flight before cutting them off (App Service waits longer). */
const SHUTDOWN_GRACE_MS = 20_000;

/** `npm start`: reads the environment, starts the bot, and tells a new user what to do next. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`\n${err.message}\n\nSee docs/configuration.md for every variable.\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  log.info({ event: 'config.loaded', ...describeConfig(config) }, 'configuration');
  if (config.cosmos.key && config.production)
    log.warn({ event: 'cosmos.key' }, 'COSMOS_KEY is set: prefer the managed identity');
  const telemetry = startTelemetry(config.appInsightsConnectionString, log);
  // Loaded after telemetry starts, so its instrumentation sees the HTTP and Cosmos modules load.
  const { createApp } = await import('./app.js');
  const app = await createApp({ config, log });
  const endpoint = `${app.url}/api/messages`;
  if (app.database.embedded) {
    console.warn(
      [
        '',
        '  ************************************************************************',
        "  *  EMBEDDED DATABASE: data lives in this process's memory only and is  *",
        '  *  lost when the bot stops. Set COSMOS_ENDPOINT to keep it.            *',
        '  ************************************************************************',
      ].join('\n'),
    );
  }
  console.log(
    [
      '',
      `Roundtable bot listening on ${endpoint}`,
      config.localMode
        ? 'Local mode: no MicrosoftAppId, so no Bot Framework token checks, and loopback only.'
        : `App id ${config.appId}: Bot Framework tokens are required.`,
      '',
      ...(config.localMode ? playgroundHint(endpoint, app.port) : []),
    ].join('\n'),
  );
  // SIGTERM (App Service stopping or scaling in): refuse new requests, finish turns in flight, close.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ event: 'shutdown.forced', signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ event: 'shutdown', signal, inFlight: app.inFlight() }, 'shutting down');
    const clean = await app.close(SHUTDOWN_GRACE_MS);
    await telemetry.shutdown().catch(() => undefined);
    log.info({ event: 'shutdown.done', clean }, 'stopped');
    process.exit(clean ? 0 : 1);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('The bot could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
