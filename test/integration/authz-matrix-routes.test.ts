/**
 * The AUTHORIZATION MATRIX, part 2: the other half of the route table's commands and card verbs (part 1, with the
 * tab API and the download route, is authz-matrix.test.ts). Its own world, so the two parts run side by side.
 */
import { writeFileSync } from 'node:fs';
import { type MatrixTally, routeMatrixTests } from '../support/authz-route-matrix.js';
import { startWorld, type World } from '../support/authz-world.js';

describe('authorization matrix, part 2: who may do what, where (tokens ON, real HTTP)', function () {
  this.timeout(180_000);
  let w: World;
  let started = 0;
  const tally: MatrixTally = { caseCount: 0, failures: [] };

  before(async function () {
    this.timeout(120_000);
    started = Date.now();
    w = await startWorld();
  });
  after(async () => {
    await w?.close();
    console.log(
      `authz matrix (part 2): ${tally.caseCount} cases in ${Math.round((Date.now() - started) / 1000)} s; ${tally.failures.length} failing`,
    );
    if (process.env.AUTHZ_REPORT)
      writeFileSync(`${process.env.AUTHZ_REPORT}.part2`, `${tally.failures.join('\n')}\n`);
  });

  routeMatrixTests(() => w, 1, tally);
});
