/** A child's outcome on a card (cards/outcome-text.ts): in English the case file's words, in Spanish its own. */
import assert from 'node:assert/strict';
import { outcomeLabel } from '../../bot/roundtable/child-outcome.js';
import type { ChildOutcome } from '../../bot/roundtable/child-types.js';
import { outcomeText } from '../../cards/outcome-text.js';

const at = '2026-05-01T10:00:00.000Z';
const OUTCOMES = [
  undefined,
  { kind: 'in-care', recordedAt: at },
  { kind: 'permanency', type: 'adoption', finalisedOn: '2026-04-20', recordedAt: at },
  { kind: 'permanency', type: 'guardianship', recordedAt: at },
  { kind: 'exit', type: 'aged-out', exitedOn: '2026-04-01', recordedAt: at },
  { kind: 'exit', type: 'other', reason: 'moved to another state', recordedAt: at },
  { kind: 'exit', type: 'other', derived: true, recordedAt: at },
] as unknown as (ChildOutcome | undefined)[];

describe('a child’s outcome in the card’s language', () => {
  it('reads in English as the case file words it, and differently in Spanish', () => {
    for (const o of OUTCOMES) {
      assert.equal(outcomeText(o, 'en'), outcomeLabel(o));
      assert.notEqual(outcomeText(o, 'es'), outcomeLabel(o));
    }
    assert.equal(outcomeText(OUTCOMES[2], 'es'), 'permanencia legal: adopción, finalizada el 2026-04-20');
  });
});
