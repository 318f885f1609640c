/**
 * One Playground e2e world: the real bot on the Cosmos-compatible server, the Agents Playground pointed at
 * it, and Chromium with the Playground open. Undefined when no Chromium is installed (the test skips).
 */
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { type App, createApp } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger, type Logger } from '../../bot/log.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { testDatabase } from './harness.js';
import {
  type BrowserHandle,
  COMPOSER_SELECTOR,
  findChromium,
  launchBrowser,
  openPlayground,
  type PlaygroundHandle,
  playgroundConfig,
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
  opts: {
    viewport?: { width: number; height: number };
    log?: Logger;
    /** More environment for the bot (e.g. CARD_UPDATE_DELAY_MS). */
    env?: Record<string, string>;
  } = {},
): Promise<PlaygroundWorld | undefined> {
  const chromiumPath = findChromium();
  if (!chromiumPath) return undefined;
  const database = await testDatabase();
  const app = await createApp({
    config: loadConfig({ PORT: '0', LOG_LEVEL: 'info', REMINDER_TICK_SECONDS: '0', ...opts.env }),
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

/**
 * Types a command as a person would, mentions included: `@Roundtable invite supervisor @Sam Supervisor on …`
 * types `@Rou`, picks the bot from the composer's typeahead, types on, picks Sam the same way, and sends it.
 * `@Roundtable` is the bot (whatever its display name); other `@Name Surname` are the Playground's users.
 */
export async function typeCommand(page: Page, command: string): Promise<void> {
  const config = playgroundConfig(page);
  const names = [config.currentUser, ...config.users].map((u) => u.name);
  const composer = page.locator(COMPOSER_SELECTOR);
  await composer.click();
  let rest = command;
  while (rest.length > 0) {
    const at = rest.indexOf('@');
    if (at < 0) {
      await page.keyboard.type(rest);
      break;
    }
    if (at > 0) await page.keyboard.type(rest.slice(0, at));
    rest = rest.slice(at + 1);
    const name = rest.startsWith('Roundtable')
      ? { typed: 'Roundtable', pick: config.bot.name }
      : names.filter((n) => rest.startsWith(n)).map((n) => ({ typed: n, pick: n }))[0];
    if (!name) throw new Error(`"${command}" mentions someone the Playground does not know`);
    await page.keyboard.type(`@${name.typed.slice(0, 3)}`);
    await page
      .getByRole('listbox', { name: 'Typeahead menu' })
      .getByRole('menuitem')
      .filter({ hasText: name.pick })
      .first()
      .click();
    rest = rest.slice(name.typed.length);
  }
  const posted = page.waitForResponse(
    (r) =>
      r.request().method() === 'POST' && /\/_conversation\/v1\/conversations\/[^/]+\/messages$/.test(r.url()),
    { timeout: 10_000 },
  );
  await page.keyboard.press('Enter');
  const res = await posted;
  if (!res.ok()) throw new Error(`Playground rejected the message: ${res.status()} ${await res.text()}`);
}
