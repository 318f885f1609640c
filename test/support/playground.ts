/**
 * Test harness for the Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground`), driven
 * through Debian's Chromium with playwright-core. Everything stays on 127.0.0.1/localhost:
 * - the Playground process runs with telemetry off and a network guard that refuses any socket
 *   connection to a non-loopback host (see NET_GUARD);
 * - the browser context aborts every request that is not to 127.0.0.1/localhost.
 *
 * Facts about the Playground 0.2.28 this harness relies on (checked by hand):
 * - messages typed in the composer always reach the bot `from` the config's `currentUser`; the
 *   server ignores the `from` the web client posts for messages;
 * - card actions (`adaptiveCard/action` invokes and Action.Submit) honour the `from.id` the client
 *   posts, as long as that user is a member of the chat;
 * - the Playground's "custom activity" endpoint sends any activity we build to the bot; the bot's
 *   replies show in the chat, the custom activity itself does not.
 * switchUser() combines the last two to act as any member of the mock tenant.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
  type Request,
} from 'playwright-core';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True when `url` points at this machine (127.0.0.1 / localhost / ::1), or is a data:/blob: URL. */
export function isLocalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
    return LOCAL_HOSTS.has(u.hostname);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Playground process
// ---------------------------------------------------------------------------------------------

/**
 * Preloaded into the Playground process (`node --import data:...`): refuses TCP connections to any
 * host that is not loopback, before DNS, and reports each attempt on stderr.
 */
const NET_GUARD = `
import net from 'node:net';
const ok = new Set(['127.0.0.1', 'localhost', '::1', '::ffff:127.0.0.1']);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const a = args[0];
  let host;
  let ipc = false;
  if (Array.isArray(a)) return connect.apply(this, args);
  if (a && typeof a === 'object') { host = a.host; ipc = typeof a.path === 'string'; }
  else if (typeof a === 'number' || (typeof a === 'string' && /^\\d+$/.test(a))) { host = typeof args[1] === 'string' ? args[1] : undefined; }
  else if (typeof a === 'string') { ipc = true; }
  if (!ipc && host !== undefined && !ok.has(host)) {
    process.stderr.write('[net-guard] blocked connection to ' + host + '\\n');
    process.nextTick(() => this.destroy(Object.assign(new Error('net-guard: blocked ' + host), { code: 'ECONNREFUSED' })));
    return this;
  }
  return connect.apply(this, args);
};
`;

export interface StartPlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages */
  botEndpoint: string;
  /** Port for the Playground; must be free. Default: a free port picked here. */
  port?: number;
  /** Working directory; the Playground reads `.m365agentsplayground.yml` from it. Default: process.cwd(). */
  cwd?: string;
  /** Explicit config file (sets M365_AGENTS_PLAYGROUND_CONFIG_PATH). */
  configPath?: string;
  /** How long to wait for `/_debug/ping`. Default 30 s. */
  startTimeoutMs?: number;
}

export interface PlaygroundHandle {
  /** Base URL of the web client, e.g. http://127.0.0.1:56150 (no trailing slash). */
  url: string;
  port: number;
  /** Connection attempts to non-local hosts that the network guard refused. */
  blockedConnections: string[];
  /** Recent stdout/stderr of the Playground process, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Like delay, but does not keep the process alive (for the losing side of a Promise.race). */
const deadlineAfter = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

function listenOnce(port: number, host?: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/** A port is free when it can be bound on all interfaces (as the Playground does) and on 127.0.0.1. */
export async function isPortFree(port: number): Promise<boolean> {
  return (await listenOnce(port)) === port && (await listenOnce(port, '127.0.0.1')) === port;
}

/** Asks the OS for a free port and double-checks it the way the Playground will bind it. */
export async function findFreePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await listenOnce(0);
    if (port !== undefined && (await isPortFree(port))) return port;
  }
  throw new Error('could not find a free TCP port');
}

function playgroundCli(): string {
  // the project runs as CommonJS (no "type": "module"), so resolve from __filename
  return createRequire(__filename).resolve('@microsoft/m365agentsplayground/cli.js');
}

async function ping(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/_debug/ping`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the child leads its own process group (detached)
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

async function startOnce(opts: StartPlaygroundOptions, port: number): Promise<PlaygroundHandle> {
  const cwd = opts.cwd ?? process.cwd();
  const scratch = mkdtempSync(join(tmpdir(), 'playground-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    TEAMSAPPTESTER_BROWSER: 'none',
    // keep its log and recordings out of the repo (default is ./devTools/ in cwd)
    M365_AGENTS_PLAYGROUND_LOGFILE: join(scratch, 'playground.log'),
    M365_AGENTS_PLAYGROUND_RECORDING_FILE: join(scratch, 'recording.log'),
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
  if (opts.configPath) env.M365_AGENTS_PLAYGROUND_CONFIG_PATH = opts.configPath;
  const guard = `data:text/javascript;base64,${Buffer.from(NET_GUARD).toString('base64')}`;
  const args = [
    '--import',
    guard,
    playgroundCli(),
    '-e',
    opts.botEndpoint,
    '-c',
    'msteams',
    '-p',
    String(port),
    '--disable-telemetry',
  ];
  const child = spawn(process.execPath, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onExit = () => killTree(child, 'SIGKILL');
  process.once('exit', onExit);

  let log = '';
  const blockedConnections: string[] = [];
  let listeningPort: number | undefined;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    log = (log + text).slice(-8000);
    for (const m of text.matchAll(/\[net-guard\] blocked connection to (\S+)/g)) {
      if (m[1]) blockedConnections.push(m[1]);
    }
    const listening = /Listening on (\d+)/.exec(text);
    if (listening?.[1]) listeningPort = Number(listening[1]);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killTree(child, 'SIGTERM');
    const done = await Promise.race([exited.then(() => true), deadlineAfter(5000).then(() => false)]);
    if (!done) {
      killTree(child, 'SIGKILL');
      await Promise.race([exited, deadlineAfter(2000)]);
    }
    process.removeListener('exit', onExit);
    rmSync(scratch, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`Playground exited early (code ${child.exitCode}):\n${log}`);
      }
      if (listeningPort !== undefined && listeningPort !== port) {
        throw new PortTakenError(`Playground listened on ${listeningPort} instead of ${port}`);
      }
      if (await ping(port)) break;
      if (Date.now() > deadline)
        throw new Error(`Playground did not answer /_debug/ping on ${port}:\n${log}`);
      await delay(150);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, port, blockedConnections, output: () => log, stop };
}

class PortTakenError extends Error {}

/**
 * Starts the Playground as a child process (no shell) and waits until `/_debug/ping` answers.
 * Without `port` it picks a free one (and retries if the port got taken meanwhile: the Playground
 * silently moves to another port when its port is busy).
 */
export async function startPlayground(opts: StartPlaygroundOptions): Promise<PlaygroundHandle> {
  if (opts.port !== undefined) {
    if (!(await isPortFree(opts.port))) throw new Error(`port ${opts.port} is already in use`);
    return startOnce(opts, opts.port);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts, await findFreePort());
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= 3) throw error;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------------------------

/** `CHROME_PATH` if set, else Debian's `/usr/bin/chromium` if present. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) return fromEnv;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Chromium for one mocha suite: launched before its tests (the suite is skipped where none is installed) and
 * closed after them. Call it in the `describe` body; the returned function gives the browser inside a test.
 */
export function chromiumForSuite(): () => Browser {
  let browser: Browser | undefined;
  before(async function () {
    const executablePath = findChromium();
    if (!executablePath) {
      this.skip();
      return;
    }
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not running (the suite was skipped)');
    return browser;
  };
}

export interface BrowserHandle {
  context: BrowserContext;
  /** The context's first page. */
  page: Page;
  /** Requests the route handler aborted because they were not to 127.0.0.1/localhost. */
  blockedRequests: string[];
  close(): Promise<void>;
}

/**
 * Launches Chromium (playwright-core, no browser download) with a fresh temporary profile, a
 * 1600x1000 viewport (narrower layouts move the chat list out of view) and a context-level route
 * that aborts every request not to 127.0.0.1/localhost.
 */
export async function launchBrowser(
  executablePath: string,
  opts: { viewport?: { width: number; height: number }; timeoutMs?: number } = {},
): Promise<BrowserHandle> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: opts.viewport ?? { width: 1600, height: 1000 },
      serviceWorkers: 'block',
      timeout: opts.timeoutMs ?? 30_000,
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const blockedRequests: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocalUrl(url)) return route.fallback();
    blockedRequests.push(url);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    blockedRequests,
    close: async () => {
      await Promise.race([context.close().catch(() => undefined), deadlineAfter(10_000)]);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Page helpers
// ---------------------------------------------------------------------------------------------

export interface PlaygroundUser {
  id: string;
  name: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
  userPrincipleName: string;
}

/** The part of the Playground's `GET /_internal/v1/config` answer the helpers use. */
export interface PlaygroundConfig {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string; name: string };
  groupChats: { id: string; name: string; members: string[] }[];
}

export type ChatKind = 'personal' | 'group';

interface Session {
  baseUrl: string;
  config: PlaygroundConfig;
  chat: ChatKind;
  installed: Set<string>;
  actingUserId: string;
  routeInstalled: boolean;
}

const sessions = new WeakMap<Page, Session>();

function session(page: Page): Session {
  const s = sessions.get(page);
  if (!s) throw new Error('call openPlayground(page, url) first');
  return s;
}

/** CSS for a top-level Adaptive Card in a message (not a nested Action.ShowCard card). */
export const CARD_SELECTOR = '.fai-OutputCard .ac-preview-panel > .ac-adaptiveCard';
/** CSS for a bot message bubble (text or card). */
export const BOT_MESSAGE_SELECTOR = '.fai-OutputCard';
/** CSS for the composer. */
export const COMPOSER_SELECTOR = '[data-lexical-editor="true"]';

function isInstallation(req: Request, conversationId: string): boolean {
  return req.method() === 'POST' && req.url().endsWith(`/_debug/conversation/${conversationId}/installation`);
}

/**
 * Loads the web client, captures its mock-tenant config and waits until the personal chat (open by
 * default) has been installed (the bot then gets `installationUpdate` + `conversationUpdate`).
 */
export async function openPlayground(page: Page, url: string): Promise<PlaygroundConfig> {
  const configResponse = page.waitForResponse(
    (r) => r.request().method() === 'GET' && r.url().endsWith('/_internal/v1/config'),
    { timeout: 30_000 },
  );
  // the personal chat is open by default and gets installed right after the config is loaded
  const installation = page
    .waitForResponse(
      (r) => r.request().method() === 'POST' && /\/_debug\/conversation\/[^/]+\/installation$/.test(r.url()),
      {
        timeout: 10_000,
      },
    )
    .catch(() => undefined);
  await page.goto(url);
  const body = (await (await configResponse).json()) as { config: PlaygroundConfig };
  const config = body.config;
  const baseUrl = new URL(url).origin;
  const s: Session = {
    baseUrl,
    config,
    chat: 'personal',
    installed: new Set(),
    actingUserId: config.currentUser.id,
    routeInstalled: false,
  };
  sessions.set(page, s);
  await page.getByRole('treeitem', { name: config.personalChat.name }).waitFor();
  await page.locator(COMPOSER_SELECTOR).waitFor();
  const installed = await installation;
  if (installed && isInstallation(installed.request(), config.personalChat.id)) {
    s.installed.add(config.personalChat.id);
  }
  return config;
}

/** The mock-tenant config captured by openPlayground(). */
export function playgroundConfig(page: Page): PlaygroundConfig {
  return session(page).config;
}

function chatOf(s: Session, kind: ChatKind): { id: string; name: string } {
  if (kind === 'personal') return s.config.personalChat;
  const group = s.config.groupChats[0];
  if (!group) throw new Error('the Playground config has no group chat');
  return group;
}

/**
 * Opens the personal chat (current user + bot) or the group chat (current user + the five users +
 * bot). Opening a chat the first time installs the bot there (installationUpdate +
 * conversationUpdate); this waits for that. Values typed into card inputs are lost when you switch
 * to another chat and back.
 */
export async function openChat(page: Page, kind: ChatKind): Promise<void> {
  const s = session(page);
  const chat = chatOf(s, kind);
  const firstTime = !s.installed.has(chat.id);
  const installation = firstTime
    ? page
        .waitForResponse((r) => isInstallation(r.request(), chat.id), { timeout: 10_000 })
        .catch(() => undefined)
    : undefined;
  await page.getByRole('treeitem', { name: chat.name, exact: true }).click();
  if (installation && (await installation)) s.installed.add(chat.id);
  s.chat = kind;
  await page.locator(COMPOSER_SELECTOR).waitFor();
}

function memberByName(s: Session, name: string): PlaygroundUser {
  const all = [s.config.currentUser, ...s.config.users];
  const user = all.find((u) => u.name === name);
  if (!user)
    throw new Error(`no Playground user named "${name}" (known: ${all.map((u) => u.name).join(', ')})`);
  return user;
}

function actingUser(s: Session): PlaygroundUser {
  return (
    [s.config.currentUser, ...s.config.users].find((u) => u.id === s.actingUserId) ?? s.config.currentUser
  );
}

/**
 * Acts as another member of the mock tenant from now on (by display name, e.g. 'Casey Caseworker';
 * the config's current user switches back). The Playground has no UI for this, so:
 * - card actions (Action.Execute / Action.Submit) clicked in the page are sent `from` that user:
 *   a page route rewrites `from.id` in the client's invoke/submit requests, which the Playground
 *   server honours (it checks the user is a chat member) and forwards with the user's name and
 *   aadObjectId;
 * - sendMessage() posts a message activity from that user through the Playground's custom-activity
 *   endpoint (the bot's replies show in the chat; the user's own message does not).
 * The UI keeps showing the current user in its header.
 */
export async function switchUser(page: Page, name: string): Promise<PlaygroundUser> {
  const s = session(page);
  const user = memberByName(s, name);
  s.actingUserId = user.id;
  if (!s.routeInstalled) {
    s.routeInstalled = true;
    await page.route(/\/_conversation\/v1\/(invoke|submit)$/, async (route) => {
      const req = route.request();
      const current = sessions.get(page);
      if (req.method() !== 'POST' || !current || current.actingUserId === current.config.currentUser.id) {
        return route.fallback();
      }
      const body = req.postDataJSON() as { from?: { id: string } } | null;
      if (!body?.from) return route.fallback();
      body.from = { ...body.from, id: current.actingUserId };
      return route.fallback({ postData: JSON.stringify(body) });
    });
  }
  return user;
}

/** The user the helpers currently act as. */
export function currentActor(page: Page): PlaygroundUser {
  return actingUser(session(page));
}

export interface SendMessageOptions {
  /** @mention the bot (required in the group chat: the bot only hears messages that mention it). */
  mentionBot: boolean;
  /** Also @mention these users (display names), composer path only. */
  mentionUsers?: string[];
}

async function typeMention(page: Page, name: string): Promise<void> {
  await page.keyboard.type(`@${name.slice(0, 3)}`);
  const item = page
    .getByRole('listbox', { name: 'Typeahead menu' })
    .getByRole('menuitem')
    .filter({ hasText: name })
    .first();
  await item.click();
}

/**
 * Sends a message in the open chat. As the current user this types into the composer (a real
 * @mention is made by typing `@`, a few letters, and picking the name from the "Typeahead menu";
 * the bot then gets `<at>Bot name</at> text` with a `mention` entity). As another user (see
 * switchUser) it sends the same activity through the custom-activity endpoint.
 */
export async function sendMessage(page: Page, text: string, opts: SendMessageOptions): Promise<void> {
  const s = session(page);
  if (s.actingUserId !== s.config.currentUser.id) {
    await sendMessageAsActingUser(page, s, text, opts);
    return;
  }
  const chat = chatOf(s, s.chat);
  const composer = page.locator(COMPOSER_SELECTOR);
  await composer.click();
  if (opts.mentionBot) await typeMention(page, s.config.bot.name);
  for (const name of opts.mentionUsers ?? []) {
    await page.keyboard.type(' ');
    await typeMention(page, name);
  }
  await page.keyboard.type(opts.mentionBot || opts.mentionUsers?.length ? ` ${text}` : text);
  const posted = page.waitForResponse(
    (r) =>
      r.request().method() === 'POST' &&
      r.url().endsWith(`/_conversation/v1/conversations/${chat.id}/messages`),
    { timeout: 10_000 },
  );
  await page.keyboard.press('Enter');
  const res = await posted;
  if (!res.ok()) throw new Error(`Playground rejected the message: ${res.status()} ${await res.text()}`);
}

async function sendMessageAsActingUser(page: Page, s: Session, text: string, opts: SendMessageOptions) {
  if (s.chat === 'personal') {
    throw new Error(
      'the Playground personal chat belongs to the current user; switch back or use the group chat',
    );
  }
  const chat = chatOf(s, s.chat);
  const user = actingUser(s);
  const templateRes = await page.request.get(
    `${s.baseUrl}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(chat.id)}&type=userAdded`,
    { timeout: 10_000 },
  );
  if (!templateRes.ok()) throw new Error(`custom activity template failed: ${templateRes.status()}`);
  const template = (await templateRes.json()) as Record<string, unknown>;
  const bot = s.config.bot;
  const entities: Record<string, unknown>[] = [];
  let fullText = text;
  const mentioned = [...(opts.mentionUsers ?? [])].reverse().map((n) => memberByName(s, n));
  for (const m of mentioned) {
    const tag = `<at>${m.name}</at>`;
    fullText = `${tag} ${fullText}`;
    entities.unshift({ type: 'mention', mentioned: { id: m.id, name: m.name }, text: tag });
  }
  if (opts.mentionBot) {
    const tag = `<at>${bot.name}</at>`;
    fullText = `${tag} ${fullText}`;
    entities.unshift({ type: 'mention', mentioned: { id: bot.id, name: bot.name }, text: tag });
  }
  entities.push({ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'UTC' });
  const now = new Date().toISOString();
  const activity = {
    type: 'message',
    id: randomUUID(),
    timestamp: now,
    localTimestamp: now,
    localTimezone: 'UTC',
    channelId: template.channelId,
    serviceUrl: template.serviceUrl,
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    conversation: template.conversation,
    recipient: template.recipient,
    text: fullText,
    textFormat: 'plain',
    locale: 'en-US',
    entities,
    channelData: template.channelData,
  };
  const res = await page.request.post(`${s.baseUrl}/_internal/v1/customActivities`, {
    data: activity,
    timeout: 10_000,
  });
  if (!res.ok()) throw new Error(`custom activity failed: ${res.status()} ${await res.text()}`);
}

/** Waits until a top-level Adaptive Card containing `text` is visible; returns the last such card. */
export async function waitForCardText(
  page: Page,
  text: string | RegExp,
  timeoutMs = 15_000,
): Promise<Locator> {
  const card = page.locator(CARD_SELECTOR).filter({ hasText: text }).last();
  await card.waitFor({ state: 'visible', timeout: timeoutMs });
  return card;
}

/** Waits until a bot message (plain text or card) containing `text` is visible; returns the last one. */
export async function waitForBotMessage(
  page: Page,
  text: string | RegExp,
  timeoutMs = 15_000,
): Promise<Locator> {
  const message = page.locator(BOT_MESSAGE_SELECTOR).filter({ hasText: text }).last();
  await message.waitFor({ state: 'visible', timeout: timeoutMs });
  return message;
}

/** The most recent top-level Adaptive Card in the open chat. */
export function lastCard(page: Page): Locator {
  return page.locator(CARD_SELECTOR).last();
}

/** Types `value` into the card input with this placeholder (Input.Text / Input.Number / ...). */
export async function fillInput(card: Locator, placeholder: string, value: string): Promise<void> {
  await card.getByPlaceholder(placeholder, { exact: true }).fill(value);
}

/**
 * Clicks the card button with this title. With `waitForInvoke`, also waits for the Playground to
 * answer the resulting `adaptiveCard/action` invoke and returns its JSON (for Action.Execute; the
 * card the bot returns then replaces the clicked card).
 */
export async function clickCardButton(
  card: Locator,
  name: string,
  opts: { waitForInvoke?: boolean; timeoutMs?: number } = {},
): Promise<unknown> {
  const page = card.page();
  const invoked = opts.waitForInvoke
    ? page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith('/_conversation/v1/invoke'),
        { timeout: opts.timeoutMs ?? 15_000 },
      )
    : undefined;
  await card.getByRole('button', { name, exact: true }).click();
  if (!invoked) return undefined;
  const res = await invoked;
  if (!res.ok()) throw new Error(`invoke failed: ${res.status()} ${await res.text()}`);
  return res.json().catch(() => undefined);
}
