#!/usr/bin/env node
// Opens the running bot in the Microsoft 365 Agents Playground (a Teams-like client), offline.
// Usage: npm run playground            (bot at http://127.0.0.1:3978/api/messages)
//        BOT_ENDPOINT=... PLAYGROUND_PORT=... npm run playground
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const endpoint = process.env.BOT_ENDPOINT ?? `http://127.0.0.1:${process.env.PORT ?? 3978}/api/messages`;
// The same default as bot/playground-hint.ts (what `npm start` prints); a unit test keeps them equal.
const port = Number(process.env.PLAYGROUND_PORT ?? 56150);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('PLAYGROUND_PORT must be a port number (1 to 65535).');
  process.exit(2);
}

// The Playground silently picks another port when its port is taken: check first.
await new Promise((resolve, reject) => {
  const probe = createServer();
  probe.once('error', () => reject(new Error(`Port ${port} is taken: set PLAYGROUND_PORT to a free port.`)));
  probe.listen(port, '127.0.0.1', () => probe.close(resolve));
}).catch((err) => {
  console.error(err.message);
  process.exit(1);
});

console.log(
  `Playground for ${endpoint}\nOpen http://127.0.0.1:${port} in a browser (users come from .m365agentsplayground.yml).`,
);
const child = spawn(
  process.execPath,
  [
    join(root, 'node_modules/@microsoft/m365agentsplayground/cli.js'),
    '-e',
    endpoint,
    '-c',
    'msteams',
    '-p',
    String(port),
    '--disable-telemetry',
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, APPLICATION_INSIGHTS_NO_STATSBEAT: 'true', TEAMSAPPTESTER_BROWSER: 'none' },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
