#!/usr/bin/env node
/**
 * `npm test` runs this: mocha over test/**\/*.test.ts, TypeScript through tsx (`node --import tsx`),
 * default timeout 10 s, --exit, Spec output, and as the very last line `N passed, N failed`
 * (`, N skipped` appended when tests were pending/skipped), counted from mocha's own events by
 * test/support/summary-reporter.cjs.
 *
 *   npm test                                  every test/**\/*.test.ts
 *   npm test -- test/unit                     a directory: its **\/*.test.ts
 *   npm test -- test/unit/phases.test.ts      single files or globs
 *   npm test -- test/unit --grep phase        other arguments go to mocha unchanged
 *
 * Exit code 1 when a test failed or mocha crashed; a crash is reported as a failure, never as `0 failed`.
 * Sets CHROME_PATH for the tests when Chromium is found; prints a loud banner when it is not.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const mochaBin = join(dirname(require.resolve('mocha/package.json')), 'bin', 'mocha.js');
const reporter = join(root, 'test', 'support', 'summary-reporter.cjs');

// Mocha options that take a value, so that the value is never mistaken for a test path.
const VALUE_OPTIONS = new Set([
  '-g',
  '--grep',
  '-f',
  '--fgrep',
  '-t',
  '--timeout',
  '-s',
  '--slow',
  '-R',
  '--reporter',
  '-O',
  '--reporter-option',
  '--reporter-options',
  '-r',
  '--require',
  '--ignore',
  '--exclude',
  '--file',
  '--retries',
  '-j',
  '--jobs',
  '--config',
  '--package',
  '-u',
  '--ui',
  '--extension',
  '--spec',
]);

function findChromium() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => p && existsSync(p));
}

function banner(lines) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = '!'.repeat(width);
  return [bar, ...lines.map((l) => `! ${l.padEnd(width - 4)} !`), bar].join('\n');
}

const userArgs = process.argv.slice(2);
const specs = [];
const passThrough = [];
for (let i = 0; i < userArgs.length; i++) {
  const a = userArgs[i];
  if (a.startsWith('-')) {
    passThrough.push(a);
    if (VALUE_OPTIONS.has(a) && i + 1 < userArgs.length) passThrough.push(userArgs[++i]);
    continue;
  }
  const abs = resolve(a);
  if (existsSync(abs) && statSync(abs).isDirectory()) {
    specs.push(`${relative(root, abs) || '.'}/**/*.test.ts`);
  } else {
    specs.push(a);
  }
}
if (specs.length === 0) specs.push('test/**/*.test.ts');

const env = { ...process.env };
const chromium = findChromium();
if (chromium) {
  env.CHROME_PATH = chromium;
} else {
  process.stderr.write(
    `\n${banner([
      'CHROMIUM NOT FOUND: BROWSER TESTS WILL BE SKIPPED',
      '',
      `Looked for CHROME_PATH (${process.env.CHROME_PATH ?? 'unset'}) and /usr/bin/chromium.`,
      'The end-to-end tests that drive a real browser will not run.',
      'Install it (Debian/Ubuntu, as root):  apt-get update && apt-get install -y chromium',
      'or point CHROME_PATH at a Chromium/Chrome binary.',
    ])}\n\n`,
  );
}

const summaryDir = mkdtempSync(join(tmpdir(), 'mocha-summary-'));
const summaryFile = join(summaryDir, 'summary.json');
env.MOCHA_SUMMARY_FILE = summaryFile;

const args = [
  '--import',
  'tsx',
  mochaBin,
  '--timeout',
  '10000',
  '--exit',
  '--reporter',
  reporter,
  ...passThrough,
  ...specs,
];

const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => child.kill(sig));
}

child.on('error', (err) => finish(null, null, err));
child.on('exit', (code, signal) => finish(code, signal));

let finished = false;
function finish(code, signal, spawnError) {
  if (finished) return;
  finished = true;
  let summary;
  try {
    summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  } catch {
    summary = undefined;
  }
  rmSync(summaryDir, { recursive: true, force: true });

  const how = spawnError
    ? `could not start: ${spawnError.message}`
    : signal
      ? `signal ${signal}`
      : `exit code ${code}`;
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (summary?.finished) {
    ({ passed, failed, skipped } = summary);
    if (code !== 0 && failed === 0) {
      // Finished with no failing test but mocha still did not succeed (e.g. an error after the run).
      process.stdout.write(
        `\nmocha ended with ${how} although no test failed; counting that as 1 failure.\n`,
      );
      failed = 1;
    }
  } else {
    passed = 0;
    failed = 1;
    process.stdout.write(
      `\nmocha crashed before reporting results (${how}); counting the crash as 1 failure.\n` +
        'See the error above (a test file that does not load, no test files found, ...).\n',
    );
  }
  const exitCode = failed > 0 || code !== 0 ? 1 : 0;
  if (!chromium)
    process.stdout.write(
      '\n(Chromium was not found: browser tests were SKIPPED; see the banner at the top.)\n',
    );
  process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  process.exitCode = exitCode;
}
