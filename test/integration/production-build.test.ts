/**
 * The production artefact: `npm run build`, then `node dist/bot/main.js` (what the Web App runs)
 * starts, answers /api/health and /api/ready, and on SIGTERM finishes the turn in flight,
 * refuses new requests and exits 0.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { message, people } from '../support/activities.js';

const root = resolve(__dirname, '..', '..');

interface RunningBot {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the built bot on a free port (local mode, embedded database) and waits until it listens. */
async function startBuiltBot(): Promise<RunningBot> {
  const child = spawn(process.execPath, [join(root, 'dist', 'bot', 'main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const m = /listening on (http:\/\/[\d.]+:\d+)\/api\/messages/.exec(out);
    if (m) return { child, url: m[1]!, output: () => out, exited };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the built bot did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A Bot Connector that holds every request until released: a turn stays in flight. */
class HeldConnector {
  readonly held: { req: IncomingMessage; res: ServerResponse; body: string }[] = [];
  private released = false;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<HeldConnector> {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const c = new HeldConnector(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        c.held.push({ req, res, body });
        if (c.released) c.answer(res);
      });
    });
    return c;
  }

  private answer(res: ServerResponse) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `activity-${this.held.length}` }));
  }

  release() {
    this.released = true;
    for (const h of this.held) if (!h.res.writableEnded) this.answer(h.res);
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

async function waitFor(what: string, cond: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('production build (npm run build, node dist/bot/main.js)', function () {
  this.timeout(60_000);
  const running: RunningBot[] = [];

  before(() => {
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 45_000,
    });
    assert.equal(build.status, 0, `npm run build failed:\n${build.stdout}\n${build.stderr}`);
    assert.ok(existsSync(join(root, 'dist', 'bot', 'main.js')));
    assert.ok(
      existsSync(join(root, 'dist', 'cards', 'templates', 'welcome.json')),
      'templates beside kit.js',
    );
    for (const page of ['panel', 'stage', 'config', 'personal'])
      assert.ok(existsSync(join(root, 'dist', 'tab', `${page}.js`)), `dist/tab/${page}.js prebuilt`);
  });

  it('ships the tab prebuilt: nothing compiled builds it (esbuild) or reads tab/src at run time', () => {
    const compiled = readdirSync(join(root, 'dist'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.js') && !f.startsWith('tab/'));
    assert.ok(compiled.includes(join('bot', 'main.js')));
    // Module loads only (comments may name them): require("esbuild"), require("../../tab/build.js"), import().
    const loads = /(?:require|import)\(\s*["'`][^"'`]*(?:esbuild|tab\/build|tab\/src\/(?!board))/;
    const offenders = compiled.filter((f) => loads.test(readFileSync(join(root, 'dist', f), 'utf8')));
    assert.deepEqual(offenders, []);
    assert.ok(
      !existsSync(join(root, 'dist', 'tab', 'build.js')),
      'the tab builder is not compiled into dist',
    );
  });

  afterEach(() => {
    for (const bot of running.splice(0)) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  });

  it('starts without tsx, is healthy and ready, and exits 0 on SIGTERM', async () => {
    const bot = await startBuiltBot();
    running.push(bot);
    const health = await fetch(`${bot.url}/api/health`);
    assert.equal(health.status, 200);
    assert.ok(health.headers.get('x-request-id'));
    const ready = await fetch(`${bot.url}/api/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready' });
    const panel = await fetch(`${bot.url}/tab/panel.js`);
    assert.equal(panel.status, 200, 'the prebuilt side panel is served from dist/tab');
    assert.doesNotMatch(bot.output(), /tab\.missing/);
    bot.child.kill('SIGTERM');
    assert.equal(await bot.exited, 0, bot.output());
    assert.match(bot.output(), /"event":"shutdown.done","clean":true/);
  });

  it('on SIGTERM with a turn in flight: the turn completes, new requests are refused, exit 0', async () => {
    const connector = await HeldConnector.start();
    const bot = await startBuiltBot();
    running.push(bot);
    try {
      // A message whose reply is held by the connector: the turn cannot finish yet.
      const turn = fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message({ text: 'help', from: people.caseworker, serviceUrl: connector.url })),
      });
      await waitFor('the turn to reach the connector', () => connector.held.length > 0);

      bot.child.kill('SIGTERM');
      await waitFor('the shutdown to begin', () => /"event":"shutdown"/.test(bot.output()));
      assert.match(bot.output(), /"event":"shutdown","signal":"SIGTERM","inFlight":1/);

      // New work is refused: the listener is closed (or, on a kept-alive socket, 503).
      const refusal = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message({ text: 'help', from: people.caseworker, serviceUrl: connector.url })),
      }).then(
        (res) => res.status,
        (err: Error) => (err.cause as { code?: string })?.code ?? err.message,
      );
      assert.ok(refusal === 503 || refusal === 'ECONNREFUSED', `refused, got ${refusal}`);
      assert.equal(bot.child.exitCode, null, 'still finishing the turn');

      connector.release();
      const res = await turn;
      assert.equal(res.status, 200, 'the turn in flight completed');
      assert.equal(await bot.exited, 0, bot.output());
      assert.match(bot.output(), /"event":"shutdown.done","clean":true/);
      const sent = connector.held.filter(
        (h) => h.req.method === 'POST' && /\/activities/.test(h.req.url ?? ''),
      );
      assert.ok(sent.length >= 1, 'the reply of the turn was sent');
    } finally {
      await connector.close();
    }
  });
});
