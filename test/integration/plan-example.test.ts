/**
 * docs/schema/roundtable-plan.v1.example.json, the example record of docs/exchange.md: made from a realistic
 * roundtable, checked against the schema, and equal to what the bot exports today (ids renamed in order).
 * `UPDATE_EXAMPLES=1` rewrites it; otherwise the test only reads it.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { people, personalMessage, postActivity } from '../support/activities.js';
import { TestClock } from '../support/clock.js';
import { downloadExport, schemaValidator, siblingRoundtable } from '../support/exchange-world.js';
import { Harness } from '../support/harness.js';

const EXAMPLE = join(process.cwd(), 'docs/schema/roundtable-plan.v1.example.json');
const ID_KEYS = new Set(['roundtableId', 'id', 'ideaId', 'stepId', 'followUpOf', 'supersededBy']);

/** Generated ids (uuids, hashes) renamed in the order they appear, so the example is the same on every run. */
function stableIds(plan: unknown): unknown {
  const names = new Map<string, string>();
  const rename = (v: string) => {
    if (!names.has(v)) names.set(v, `id-${names.size + 1}`);
    return names.get(v)!;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, ID_KEYS.has(k) && typeof x === 'string' ? rename(x) : walk(x)]),
      );
    return v;
  };
  return walk(plan);
}

describe('plan export: the example record of docs/exchange.md', function () {
  this.timeout(60000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ teams: 'lenient', now: new TestClock().now });
  });
  afterEach(async () => {
    await h.close();
  });

  it('docs/schema/roundtable-plan.v1.example.json is a real export of a realistic roundtable and passes the schema', async () => {
    const { caseworker: cw, facilitator: fac } = people;
    await siblingRoundtable(h);
    await postActivity(
      h.app.url,
      personalMessage({ text: 'case number R.S. sibs 2026-118', from: cw, serviceUrl: h.fake.url }),
    );
    await h.app.idle();
    const exported = stableIds(JSON.parse(await (await downloadExport(h, fac, 'export json')).text()));
    const validate = schemaValidator();
    const valid: boolean = validate(exported);
    assert.ok(valid, JSON.stringify(validate.errors));
    const text = `${JSON.stringify(exported, null, 2)}\n`;
    if (process.env.UPDATE_EXAMPLES === '1') writeFileSync(EXAMPLE, text);
    const committed = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    const committedValid: boolean = validate(committed);
    assert.ok(committedValid, `the committed example passes the schema: ${JSON.stringify(validate.errors)}`);
    assert.deepEqual(
      committed,
      exported,
      'run UPDATE_EXAMPLES=1 npm test -- test/integration/plan-example.test.ts',
    );
  });
});
