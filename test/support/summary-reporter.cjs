'use strict';
/**
 * Mocha reporter used by test/run.mjs: the normal Spec output, plus the real counts taken from
 * mocha's own events. The counts are written as JSON to the file named by MOCHA_SUMMARY_FILE
 * (test/run.mjs prints the final `N passed, N failed` line from it, so a crash that never
 * reaches the end of the run cannot look like `0 failed`). Without MOCHA_SUMMARY_FILE the
 * reporter prints the line itself.
 */
const fs = require('node:fs');
const Mocha = require('mocha/lib/mocha.cjs');

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END, EVENT_TEST_FAIL, EVENT_TEST_PASS, EVENT_TEST_PENDING } = Mocha.Runner.constants;

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
    // Registered after Spec's own listener, so this runs after the epilogue.
    runner.once(EVENT_RUN_END, () => {
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

module.exports = SummaryReporter;
