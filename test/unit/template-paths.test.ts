/**
 * Every `${path}` in every card template (cards/templates, `$include` parts and the shared header
 * included) resolves on the data the card builders make for a realistic roundtable.
 *
 * How: the builders run on test/support/realistic-view.ts in many states (every phase, open and ended,
 * with and without notices, read-only, the 1:1 and programme cards); each expansion is recorded (the
 * template object the kit prepared and the data it was bound to). Each template is then walked as
 * adaptivecards-templating walks it: a `$data` array repeats the object once per item with that item as
 * the scope (an empty array renders nothing, so its paths are not judged in that state), `$root` is the
 * builder's data, a bare path is read in the current scope, `$index` needs an array scope. A path that
 * is undefined or null in one state is fine when another realistic state resolves it in the same place
 * (a `$when`-hidden part, a list that is empty here); it fails when no recorded state resolves it, or
 * when no state renders it at all.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import * as templating from 'adaptivecards-templating';
import { renderEverything } from '../support/render-everything.js';
import { Findings, type Json, pathsOf, TEMPLATES, templateFiles, walk } from '../support/template-paths.js';

const ROOT = resolve(__dirname, '..', '..');
const CARDS = join(ROOT, 'cards');

describe('card templates against their builders’ data (every ${path} resolves on a realistic roundtable)', () => {
  const expansions: { template: Json; data: Json }[] = [];
  const Template = templating.Template as unknown as {
    prepare(payload: Json): Json;
    prototype: { expand(context: { $root: Json }): Json; _preparedPayload?: Json };
  };
  const rawOf = new WeakMap<object, Json>();
  const originalPrepare = Template.prepare;
  const originalExpand = Template.prototype.expand;
  const savedModules = new Map<string, NodeJS.Module>();
  let depth = 0;

  before(() => {
    // The kit keeps prepared templates for the process: load fresh card modules so that every template
    // is prepared (and so recorded) here; the modules other test files loaded are put back afterwards.
    for (const [key, mod] of Object.entries(require.cache))
      if (key.startsWith(CARDS + sep) && mod) {
        savedModules.set(key, mod);
        delete require.cache[key];
      }
    Template.prepare = function (payload: Json) {
      depth++;
      try {
        const prepared = originalPrepare.call(this, payload);
        if (depth === 1 && prepared && typeof prepared === 'object') rawOf.set(prepared, payload);
        return prepared;
      } finally {
        depth--;
      }
    };
    Template.prototype.expand = function (this: { _preparedPayload?: Json }, context: { $root: Json }) {
      const raw = this._preparedPayload && rawOf.get(this._preparedPayload as object);
      if (raw) expansions.push({ template: structuredClone(raw), data: structuredClone(context.$root) });
      return originalExpand.call(this, context);
    };
  });

  after(() => {
    Template.prepare = originalPrepare;
    Template.prototype.expand = originalExpand;
    for (const key of Object.keys(require.cache)) if (key.startsWith(CARDS + sep)) delete require.cache[key];
    for (const [key, mod] of savedModules) require.cache[key] = mod;
  });

  it('every path of every template resolves in some realistic state, and every template is rendered', () => {
    renderEverything();
    assert.ok(expansions.length > 50, `rendered ${expansions.length} cards`);
    const found = new Findings();
    for (const { template, data } of expansions) walk(template, { data }, data, 'card', found);

    const neverResolved = [...found.byPlace].filter(([, ok]) => !ok).map(([place]) => place);
    const unrendered: string[] = [];
    for (const file of templateFiles()) {
      const name = relative(TEMPLATES, file);
      const strings: string[] = [];
      const collect = (n: Json): void => {
        if (typeof n === 'string') {
          if (n.includes('${')) strings.push(n);
        } else if (Array.isArray(n)) n.forEach(collect);
        else if (n && typeof n === 'object') Object.values(n).forEach(collect);
      };
      collect(JSON.parse(readFileSync(file, 'utf8')));
      for (const text of strings)
        for (const path of pathsOf(text)) {
          const key = `${text}\u0000${path}`;
          if (!found.seen.has(key)) unrendered.push(`${name}: ${path} in "${text}"`);
          else if (!found.resolved.has(key)) neverResolved.push(`${name}: ${path} in "${text}"`);
        }
    }
    assert.deepEqual(
      { neverResolved: [...new Set(neverResolved)], unrendered },
      { neverResolved: [], unrendered: [] },
    );
  });

  it('reads paths the way the templating engine does', () => {
    assert.deepEqual(pathsOf('${$root.interactive && !editable}'), ['$root.interactive', 'editable']);
    assert.deepEqual(pathsOf("${if(count(steps) == 0, 'none', more)}"), ['steps', 'more']);
    assert.deepEqual(pathsOf('Step ${number}: ${text}'), ['number', 'text']);
    const found = new Findings();
    const template = {
      body: [{ $data: '${rows}', text: '${name} ${$root.title} ${$index}', $when: '${show}' }],
    };
    const data = { title: 'T', rows: [{ name: 'a', show: true }, { name: 'b' }] };
    walk(template, { data }, data, 'card', found);
    assert.deepEqual([...found.byPlace].map(([p, ok]) => `${p.split(' | ').at(-1)}:${ok}`).sort(), [
      '$index:true',
      '$root.title:true',
      'name:true',
      'rows:true',
      'show:true',
    ]);
    const empty = new Findings();
    walk(template, { data: { title: 'T', rows: [] } }, { title: 'T', rows: [] }, 'card', empty);
    assert.deepEqual(
      [...empty.byPlace.keys()].map((p) => p.split(' | ').at(-1)),
      ['rows'],
    );
  });
});
