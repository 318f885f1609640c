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
 *   npm test -- --serial                      one file after another in one process (default: files
 *                                             run in TEST_JOBS worker processes, 3 unless set, when
 *                                             more than one file may run; a single file runs serially)
 *   npm test -- --timings                     also prints the 15 slowest files before the last line
 *
 * Exit code 1 when a test failed or mocha crashed; a crash is reported as a failure, never as `0 failed`.
 * Tests never change tracked files: in a git checkout, a tracked file that the run changed (added,
 * rewritten, deleted) is listed and counted as 1 failure; not checked with UPDATE_SCREENSHOTS=1,
 * which refreshes the screenshots in docs/.
 * Sets CHROME_PATH for the tests when Chromium is found; prints a loud banner when it is not.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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
let serial = false;
let timings = false;
for (let i = 0; i < userArgs.length; i++) {
  const a = userArgs[i];
  if (a === '--serial') {
    serial = true;
    continue;
  }
  if (a === '--timings') {
    timings = true;
    continue;
  }
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

// Parallel unless asked not to, or the run is one named file (a worker would only add its start-up).
const oneFile = specs.length === 1 && existsSync(resolve(specs[0])) && statSync(resolve(specs[0])).isFile();
const userChoseMode = passThrough.some((a) => a === '--parallel' || a === '-p' || a === '--no-parallel');
// Three workers on two cores: the tests spend much of their time waiting on child processes (the database, bots,
// Chromium, the Playground), and a third worker fills that time (measured: 5 min 0 s with 2, 4 min 22 s with 3).
const jobs = Math.max(1, Number(process.env.TEST_JOBS) || 3);
const parallel = !serial && !oneFile && !userChoseMode && jobs > 1;

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

/** Tracked files that differ from HEAD, each with a hash of its content now; undefined outside git. */
function trackedChanges() {
  if (process.env.UPDATE_SCREENSHOTS) return undefined;
  const git = spawnSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=no'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (git.status !== 0) return undefined;
  const out = new Map();
  for (const entry of git.stdout.split('\0')) {
    if (entry.length < 4) continue;
    const path = entry.slice(3);
    let hash = 'deleted';
    try {
      hash = createHash('sha256')
        .update(readFileSync(join(root, path)))
        .digest('hex');
    } catch {}
    out.set(path, `${entry.slice(0, 2)} ${hash}`);
  }
  return out;
}

/** The 15 slowest test files, from the `<ms>\t<file>` lines the reporter or the workers wrote. */
function slowestFiles(file) {
  let lines;
  try {
    lines = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return '';
  }
  const perFile = new Map();
  for (const line of lines) {
    const [ms, path] = line.split('\t');
    perFile.set(path, (perFile.get(path) ?? 0) + Number(ms));
  }
  const rows = [...perFile]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([path, ms]) => `${(ms / 1000).toFixed(1).padStart(7)} s  ${relative(root, path)}`);
  return `\nSlowest test files (wall time, hooks included${parallel ? `, ${jobs} workers` : ''}):\n${rows.join('\n')}\n`;
}

/** Paths whose state the run changed (between two trackedChanges()). */
function changedByRun(before, after) {
  if (!before || !after) return [];
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

const trackedBefore = trackedChanges();

const summaryDir = mkdtempSync(join(tmpdir(), 'mocha-summary-'));
const summaryFile = join(summaryDir, 'summary.json');
env.MOCHA_SUMMARY_FILE = summaryFile;

const timingsFile = join(summaryDir, 'timings.tsv');
if (timings) env.MOCHA_TIMINGS_FILE = timingsFile;
if (timings && parallel) env.MOCHA_TIMINGS_IN_WORKERS = '1';

// The tab's pages, built once here (when out of date) so that parallel workers never build them at once.
const tabBuild = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'tab', 'build.ts')], {
  cwd: root,
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (tabBuild.status !== 0) process.stderr.write('the tab build failed: the harness builds it again\n');

const args = [
  '--import',
  'tsx',
  mochaBin,
  '--timeout',
  '10000',
  '--exit',
  '--reporter',
  reporter,
  ...(parallel ? ['--parallel', '--jobs', String(jobs)] : []),
  ...(timings && parallel ? ['--require', join(root, 'test', 'support', 'file-timings.cjs')] : []),
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
  const slowest = timings ? slowestFiles(timingsFile) : '';
  rmSync(summaryDir, { recursive: true, force: true });
  if (slowest) process.stdout.write(slowest);

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
  const changed = changedByRun(trackedBefore, trackedChanges());
  if (changed.length > 0) {
    process.stdout.write(
      `\nThe tests changed tracked files (tests must not; screenshots for docs/ only with UPDATE_SCREENSHOTS=1);\ncounting that as 1 failure:\n${changed.map((p) => `  ${p}\n`).join('')}`,
    );
    failed += 1;
  }
  const exitCode = failed > 0 || code !== 0 ? 1 : 0;
  if (!chromium)
    process.stdout.write(
      '\n(Chromium was not found: browser tests were SKIPPED; see the banner at the top.)\n',
    );
  process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  process.exitCode = exitCode;
}
