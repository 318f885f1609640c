/** What `npm start` tells a new user in local mode: how to open the bot in the Agents Playground. */

/** The port `npm run playground` (scripts/playground.mjs) uses when PLAYGROUND_PORT is unset. */
export const DEFAULT_PLAYGROUND_PORT = 56150;

/** The Playground's port as `npm run playground` will use it: PLAYGROUND_PORT when it is a port number. */
export function playgroundPort(env: Record<string, string | undefined> = process.env): number {
  const raw = env.PLAYGROUND_PORT?.trim();
  const port = raw && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  return port >= 1 && port <= 65535 ? port : DEFAULT_PLAYGROUND_PORT;
}

/** The console lines naming the command to run and the Playground address actually configured. */
export function playgroundHint(
  endpoint: string,
  botPort: number,
  env: Record<string, string | undefined> = process.env,
): string[] {
  const port = playgroundPort(env);
  const vars = [
    ...(botPort === 3978 ? [] : [`BOT_ENDPOINT=${endpoint}`]),
    ...(port === DEFAULT_PLAYGROUND_PORT ? [] : [`PLAYGROUND_PORT=${port}`]),
  ];
  return [
    'Open it in the Microsoft 365 Agents Playground (a Teams-like client) from another terminal:',
    `  ${[...vars, 'npm run playground'].join(' ')}`,
    `then open http://127.0.0.1:${port}, open "Roundtable Group Chat", @mention the bot and type`,
    '"start practice" (a fictional case) — README.md, "Quick start", walks through it.',
    '',
  ];
}
