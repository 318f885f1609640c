'use strict';
/**
 * Root hooks for `npm test -- --timings` in parallel mode: each worker runs these around every file
 * (in parallel mode root hooks run once per file) and appends `<ms>\t<file>` to MOCHA_TIMINGS_FILE.
 * The time is the file's run, its hooks included (loading and compiling the file aside). In serial
 * mode test/support/summary-reporter.cjs measures files from mocha's events instead.
 */
const fs = require('node:fs');

let started = 0;

exports.mochaHooks = {
  beforeAll() {
    started = Date.now();
  },
  afterAll() {
    const out = process.env.MOCHA_TIMINGS_FILE;
    const root = this.test?.parent;
    const file = root?.suites?.find((s) => s.file)?.file ?? root?.file;
    if (out && file) fs.appendFileSync(out, `${Date.now() - started}\t${file}\n`);
  },
};
