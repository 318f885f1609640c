/**
 * The family handout's language files (locales/<lang>/handout.json): every language has every key of the
 * reference (English), no key of its own, a text for each, the same {placeholders}; and the fixed text is plain
 * language — Flesch-Kincaid grade ≤ 6 in English, Szigriszt-Pazos ≥ 65 ("fairly easy", INFLESZ) in Spanish.
 */
import assert from 'node:assert/strict';
import {
  handoutLanguages,
  handoutStrings,
  REFERENCE_LANGUAGE,
  readHandoutFile,
} from '../../bot/handout/handout-locale.js';
import {
  englishSyllables,
  fleschKincaidGrade,
  spanishSyllables,
  szigrisztPazos,
} from '../../bot/handout/readability.js';

/** Every text of a file by its key path ("goals.adoption"). */
function leaves(o: unknown, at = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (o && typeof o === 'object' && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o))
      for (const [p, x] of leaves(v, at ? `${at}.${k}` : k)) out.set(p, x);
  } else out.set(at, o);
  return out;
}
const placeholders = (t: unknown) => [...String(t).matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]).sort();

/** The sentences a family reads (not one- to three-word labels, placeholders out). */
function prose(lang: string): string[] {
  return [...leaves(readHandoutFile(lang)).entries()]
    .filter(([k]) => k !== 'language')
    .map(([, v]) => String(v).replace(/\{[a-zA-Z]+\}/g, ''))
    .filter((t) => t.trim().split(/\s+/).length >= 4);
}

describe('family handout: language files and plain language', () => {
  it('English and Spanish ship; every language has every key of English, its own text, the same placeholders', () => {
    const langs = handoutLanguages();
    assert.ok(langs.includes('en') && langs.includes('es'), langs.join());
    const reference = leaves(readHandoutFile(REFERENCE_LANGUAGE));
    for (const lang of langs) {
      const own = leaves(readHandoutFile(lang));
      assert.deepEqual(
        [...own.keys()].sort(),
        [...reference.keys()].sort(),
        `${lang}: keys differ from English`,
      );
      for (const [key, text] of own) {
        assert.ok(typeof text === 'string' && text.trim() !== '', `${lang}.${key}: no text`);
        assert.deepEqual(
          placeholders(text),
          placeholders(reference.get(key)),
          `${lang}.${key}: placeholders`,
        );
      }
    }
  });

  it('the typed shape (HandoutStrings) reads every key: no key of the files is missing from a language', () => {
    for (const lang of handoutLanguages()) {
      const s = handoutStrings(lang);
      assert.equal(typeof s.goals.appla, 'string');
      assert.equal(typeof s.roles['barrier-buster'], 'string');
    }
  });

  it('syllable rules: checked on words with known counts', () => {
    const en: [string, number][] = [
      ['family', 3],
      ['plan', 1],
      ['together', 3],
      ['adoption', 3],
      ['change', 1],
      ['helper', 2],
      ['meeting', 2],
    ];
    for (const [w, n] of en) assert.equal(englishSyllables(w), n, w);
    const es: [string, number][] = [
      ['familia', 3],
      ['leer', 2],
      ['aire', 2],
      ['plan', 1],
      ['juntos', 2],
      ['día', 2],
      ['cuándo', 2],
      ['trabajador', 4],
    ];
    for (const [w, n] of es) assert.equal(spanishSyllables(w), n, w);
  });

  it('English fixed text: Flesch-Kincaid grade level 6 or below', () => {
    const grade = fleschKincaidGrade(prose('en'));
    assert.ok(grade <= 6, `grade ${grade.toFixed(1)}`);
  });

  it('Spanish fixed text: Szigriszt-Pazos perspicuity 65 or above (INFLESZ "fairly easy")', () => {
    const score = szigrisztPazos(prose('es'));
    assert.ok(score >= 65, `perspicuity ${score.toFixed(1)}`);
  });
});
