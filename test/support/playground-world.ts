/**
 * One Playground e2e world: the real bot on the Cosmos-compatible server, the Agents Playground pointed at
 * it, and Chromium with the Playground open. Undefined when no Chromium is installed (the test skips).
 */
import { resolve } from 'node:path';
import type { Locator } from 'playwright-core';
import { type App, createApp } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger, type Logger } from '../../bot/log.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { testDatabase } from './harness.js';
import {
  type BrowserHandle,
  findChromium,
  launchBrowser,
  openPlayground,
  type PlaygroundHandle,
  startPlayground,
} from './playground.js';

const ROOT = resolve(__dirname, '..', '..');

export interface PlaygroundWorld {
  database: DatabaseHandle;
  app: App;
  playground: PlaygroundHandle;
  browser: BrowserHandle;
  close(): Promise<void>;
}

/** Starts the world (no reminder ticker: these tests are about the live roundtable). */
export async function startPlaygroundWorld(
  opts: { viewport?: { width: number; height: number }; log?: Logger } = {},
): Promise<PlaygroundWorld | undefined> {
  const chromiumPath = findChromium();
  if (!chromiumPath) return undefined;
  const database = await testDatabase();
  const app = await createApp({
    config: loadConfig({ PORT: '0', LOG_LEVEL: 'info', REMINDER_TICK_SECONDS: '0' }),
    database,
    log: opts.log ?? createLogger('silent'),
  });
  const playground = await startPlayground({ botEndpoint: `${app.url}/api/messages`, cwd: ROOT });
  const browser = await launchBrowser(chromiumPath, {
    viewport: opts.viewport ?? { width: 1600, height: 2000 },
  });
  await openPlayground(browser.page, playground.url);
  return {
    database,
    app,
    playground,
    browser,
    async close() {
      await browser.close();
      await playground.stop();
      await app.close();
      await database.close();
    },
  };
}

/** The text a person sees in a Playwright locator (rendered, not the DOM's). */
export function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; we want the rendered text
  return locator.innerText();
}
