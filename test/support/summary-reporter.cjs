'use strict';
/**
 * Mocha reporter used by test/run.mjs: the normal Spec output, plus the real counts taken from
 * mocha's own events. The counts are written as JSON to the file named by MOCHA_SUMMARY_FILE
 * (test/run.mjs prints the final `N passed, N failed` line from it, so a crash that never
 * reaches the end of the run cannot look like `0 failed`). Without MOCHA_SUMMARY_FILE the
 * reporter prints the line itself.
 *
 * With MOCHA_TIMINGS_FILE in serial mode it also appends `<ms>\t<file>` per test file (the time from
 * one test or hook's end to the next, counted to the file of the later one). In parallel mode events
 * arrive a file at a time, so test/support/file-timings.cjs measures in the workers instead.
 */
const fs = require('node:fs');
const Mocha = require('mocha/lib/mocha.cjs');

const { Spec } = Mocha.reporters;
const {
  EVENT_HOOK_END,
  EVENT_RUN_END,
  EVENT_TEST_END,
  EVENT_TEST_FAIL,
  EVENT_TEST_PASS,
  EVENT_TEST_PENDING,
} = Mocha.Runner.constants;

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
    runner.on(EVENT_TEST_PASS, () => {
      counts.passed += 1;
    });
    runner.on(EVENT_TEST_FAIL, (test) => {
      // Failed hooks arrive here too (mocha counts them as failures as well).
      counts.failed += 1;
      counts.failures.push(test.fullTitle());
    });
    runner.on(EVENT_TEST_PENDING, () => {
      counts.skipped += 1;
    });
    const timings =
      process.env.MOCHA_TIMINGS_FILE && !process.env.MOCHA_TIMINGS_IN_WORKERS && fileTimings(runner);
    // Registered after Spec's own listener, so this runs after the epilogue.
    runner.once(EVENT_RUN_END, () => {
      if (timings) timings.write(process.env.MOCHA_TIMINGS_FILE);
      const file = process.env.MOCHA_SUMMARY_FILE;
      if (file) {
        fs.writeFileSync(file, JSON.stringify({ ...counts, finished: true }));
      } else {
        const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
        process.stdout.write(`${counts.passed} passed, ${counts.failed} failed${skipped}\n`);
      }
    });
  }
}

/** Wall time per test file in a serial run, from mocha's events as they happen. */
function fileTimings(runner) {
  const perFile = new Map();
  let last = Date.now();
  const fileOf = (runnable) => {
    let s = runnable;
    while (s && !s.file) s = s.parent;
    return s?.file;
  };
  const count = (runnable) => {
    const now = Date.now();
    const file = fileOf(runnable);
    if (file) perFile.set(file, (perFile.get(file) ?? 0) + now - last);
    last = now;
  };
  runner.on(EVENT_TEST_END, count);
  runner.on(EVENT_HOOK_END, count);
  return {
    write(out) {
      fs.appendFileSync(out, [...perFile].map(([file, ms]) => `${ms}\t${file}\n`).join(''));
    },
  };
}

module.exports = SummaryReporter;
