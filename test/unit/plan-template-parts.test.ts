/**
 * The plan card's template is composed at load from parts (cards/templates/plan/*.json): the rendered card
 * is the one the single 668-line template rendered (snapshot taken from that template before the split),
 * and every template file stays under 400 lines.
 * The snapshot is JSON (in a .snapshot file, left alone by the formatter). Refresh it after an intended change to the plan card: UPDATE_CARD_SNAPSHOTS=1 npm test -- <this file>.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { phaseCard } from '../../cards/phase-card.js';
import { realisticView, withoutNonce } from '../support/realistic-view.js';

const ROOT = resolve(__dirname, '..', '..');
const SNAPSHOT = join(ROOT, 'test', 'fixtures', 'cards', 'plan-card.snapshot');

function templateFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? templateFiles(path) : name.endsWith('.json') ? [path] : [];
  });
}

describe('plan card template parts', () => {
  it('renders the realistic plan card exactly as the snapshot (open and closed)', () => {
    const rendered = JSON.stringify(
      {
        open: JSON.parse(withoutNonce(phaseCard(realisticView('plan'), 'plan'))),
        closed: JSON.parse(withoutNonce(phaseCard(realisticView('plan'), 'plan', { readOnly: true }))),
      },
      null,
      1,
    );
    if (process.env.UPDATE_CARD_SNAPSHOTS === '1') writeFileSync(SNAPSHOT, `${rendered}\n`);
    assert.equal(rendered, readFileSync(SNAPSHOT, 'utf8').trimEnd());
  });

  it('every template file is under 400 lines', () => {
    const files = templateFiles(join(ROOT, 'cards', 'templates'));
    assert.ok(files.length > 10);
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n').length;
      assert.ok(lines < 400, `${file.slice(ROOT.length + 1)} has ${lines} lines`);
    }
  });
});
