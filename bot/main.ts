import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';

/** `npm start`: reads the environment, starts the bot, and tells a new user what to do next. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`\n${err.message}\n\nSee README.md, "Configuration", for every variable.\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
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
      'Open it in the Microsoft 365 Agents Playground (a Teams-like client) from another terminal:',
      `  npm run playground`,
      'then open http://127.0.0.1:56150 and type "start J.T." to the bot (in a group chat, @mention it first).',
      '',
    ].join('\n'),
  );
  const stop = async (signal: string) => {
    log.info({ event: 'shutdown', signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('The bot could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
