/**
 * Runs the Cosmos-compatible server and the bot as real child processes (for kill/restart tests and the
 * benchmark). Every process listens on 127.0.0.1 only and is killed by its owner.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

export interface Child {
  process: ChildProcess;
  pid: number;
  output: () => string;
  /** SIGKILL, and wait for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

function start(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs: number,
): Promise<Child & { match: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const handle = {
    process: child,
    pid: child.pid ?? -1,
    output: () => out,
    kill: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      void handle.kill();
      fail(new Error(`${args.join(' ')} did not start in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        done({ ...handle, match: m });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${out}`));
    });
  });
}

/** `node node_modules/@vercel/cosmosdb-server/lib/cli.js -p <port> --no-ssl` on a free port. */
export async function startCosmosProcess(): Promise<Child & { endpoint: string }> {
  const port = await freePort();
  const cli = resolve(ROOT, 'node_modules/@vercel/cosmosdb-server/lib/cli.js');
  // The CLI prints nothing when it is up; wait for the port instead.
  const child = spawn(process.execPath, [cli, '-p', String(port), '--no-ssl'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await fetch(endpoint, { signal: AbortSignal.timeout(500) });
      break;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`the Cosmos-compatible server did not start:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    process: child,
    pid: child.pid ?? -1,
    endpoint,
    output: () => out,
    kill: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** `node --import tsx <script>` (a bench helper) that prints `listening on <url>`; its url. */
export async function startScript(script: string): Promise<Child & { url: string }> {
  const child = await start(['--import', 'tsx', script], {}, /listening on (\S+)/, 30_000);
  return { ...child, url: child.match[1] ?? '' };
}

/**
 * The bot as a process in local mode on a free port, on the given Cosmos endpoint and database:
 * `node --import tsx bot/main.ts`, or other node arguments (the bench runs the compiled build).
 */
export async function startBotProcess(opts: {
  cosmosEndpoint: string;
  database: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
}): Promise<Child & { url: string }> {
  const child = await start(
    opts.nodeArgs ?? ['--import', 'tsx', 'bot/main.ts'],
    {
      PORT: '0',
      COSMOS_ENDPOINT: opts.cosmosEndpoint,
      COSMOS_KEY: 'any-key-for-the-local-server',
      COSMOS_DATABASE: opts.database,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      ...opts.env,
    },
    /listening on (http:\/\/127\.0\.0\.1:\d+)\/api\/messages/,
    30_000,
  );
  return { ...child, url: child.match[1] ?? '' };
}
