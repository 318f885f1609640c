import assert from 'node:assert/strict';
import { checkNames, findFullNames } from '../../bot/roundtable/name-check.js';
import { FULL_NAME_TEXTS, INITIALS_TEXTS } from '../fixtures/full-names.js';

/** Strings that must stay inert (the hostile-text shapes of test/integration/hostile.test.ts). */
const HOSTILE = [
  '${roundtable.id}',
  "{{constructor.constructor('return process')()}}",
  '<script>alert(1)</script>',
  '<at>Roundtable</at> next',
  "'; DROP TABLE roundtables; --",
  '\u202eRTL override',
  'e\u0301\u0301\u0301 combining',
  '👨‍👩‍👧‍👦'.repeat(30),
  '\ud800 lone surrogate',
  'nul \u0000 byte',
  '__proto__',
  `${'Ab '.repeat(3000)}`,
];

describe('name check (privacy in free text)', () => {
  it('finds full names in realistic free text', () => {
    assert.deepEqual(findFullNames('Jordan Taylor told his coach Mike Brown that he wants to stay.'), [
      'Jordan Taylor',
      'Mike Brown',
    ]);
    assert.deepEqual(findFullNames('The FTM: Jordan and his mother Maria Lopez-Garcia took part.'), [
      'Maria Lopez-Garcia',
    ]);
    assert.deepEqual(findFullNames('Ask Aunt Diane Smith about guardianship'), ['Diane Smith']);
  });

  it('leaves realistic look-alikes alone', () => {
    for (const text of [
      'Hold a Family Team Meeting with J.T. and his aunt',
      'Ask the Court Appointed Special Advocate (CASA) for a report',
      'The grandparents moved to New York last year',
      'What Can We Try That Has Not Been Tried Before?',
      'Call Aunt D. on Monday; Independent Living Program in March',
      'J.T. likes football. He met the Department of Children and Family Services twice.',
      'Kinship placement with the maternal grandmother',
      // A label, a number or punctuation between capitalised words ends the run: not one name.
      'Fact 1: Search again for paternal relatives',
      'Fact 3: Revisit the former foster family',
      'Placement ended in March. Grandmother Visits weekly',
    ]) {
      assert.deepEqual(findFullNames(text), [], text);
    }
  });

  it('finds full names in hostile shapes (markup, template text, accents, O’Brien, no-break and zero-width spaces)', () => {
    for (const text of FULL_NAME_TEXTS) assert.ok(findFullNames(text).length > 0, JSON.stringify(text));
    for (const text of INITIALS_TEXTS) assert.deepEqual(findFullNames(text), [], text);
  });

  it('hostile text stays inert and is bounded', () => {
    for (const text of HOSTILE) assert.ok(Array.isArray(findFullNames(text)));
    assert.deepEqual(findFullNames('<at>Roundtable</at> next'), []);
  });

  it('warns (keep as written is honoured), refuses, or is off, as the agency decides; never echoes the text', () => {
    const text = ['Jordan Taylor told his coach'];
    const warned = checkNames(text, 'warn');
    assert.equal(warned.ok, false);
    if (!warned.ok) {
      assert.equal(warned.failure.code, 'looks-like-name');
      assert.match(warned.failure.message, /Keep as written/);
      assert.doesNotMatch(warned.failure.message, /Jordan|Taylor/);
    }
    assert.equal(checkNames(text, 'warn', true).ok, true);
    const refused = checkNames(text, 'refuse', true);
    assert.equal(refused.ok ? 'ok' : refused.failure.code, 'invalid');
    assert.equal(checkNames(text, 'off').ok, true);
    assert.equal(checkNames(['J.T. told his coach', undefined], 'refuse').ok, true);
  });
});
