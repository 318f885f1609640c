/**
 * The language files (locales/<lang>/<area>.json, #29 item 4): every language has every text of English, and no
 * text English lacks; each text is there (not empty), with the same {placeholders}; a plural has an `other`;
 * no text holds a template binding (`${`), since card templates turn `{name}` into one.
 */
import assert from 'node:assert/strict';
import {
  areas,
  type Entry,
  flatten,
  languages,
  pickLanguage,
  REFERENCE_LANGUAGE,
  readArea,
  t,
} from '../../bot/i18n/text.js';

const placeholders = (e: Entry | undefined) =>
  [
    ...new Set(
      Object.values(typeof e === 'string' ? { other: e } : (e ?? {})).flatMap((x) =>
        [...String(x).matchAll(/\{([a-zA-Z$][\w.$]*)\}/g)].map((m) => m[1]),
      ),
    ),
  ].sort();

describe('language files: every text in every language', () => {
  it('English and Spanish ship every area; every language has exactly English’s texts, the same placeholders', () => {
    const all = languages();
    assert.ok(all.includes('en') && all.includes('es'), all.join());
    const problems: string[] = [];
    for (const area of areas()) {
      const reference = flatten(readArea(REFERENCE_LANGUAGE, area));
      for (const lang of all) {
        const own = flatten(readArea(lang, area));
        for (const key of reference.keys())
          if (!own.has(key)) problems.push(`${lang}/${area}: ${key} missing`);
        for (const [key, text] of own) {
          const ref = reference.get(key);
          if (ref === undefined) {
            problems.push(`${lang}/${area}: ${key} is not in English`);
            continue;
          }
          const forms = typeof text === 'string' ? [text] : Object.values(text);
          if (forms.some((f) => typeof f !== 'string' || f.trim() === ''))
            problems.push(`${lang}/${area}: ${key} has no text`);
          if (typeof text !== 'string' && typeof text.other !== 'string')
            problems.push(`${lang}/${area}: ${key} is a plural without "other"`);
          if (forms.some((f) => String(f).includes('${')))
            problems.push(`${lang}/${area}: ${key} holds "\${"`);
          if (placeholders(text).join() !== placeholders(ref).join())
            problems.push(
              `${lang}/${area}: ${key} placeholders ${placeholders(text)} ≠ ${placeholders(ref)}`,
            );
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('a Teams locale picks its language, a regional one its base language, an unknown one the fallback', () => {
    assert.equal(pickLanguage('es-MX'), 'es');
    assert.equal(pickLanguage('en-US'), 'en');
    assert.equal(pickLanguage('es'), 'es');
    assert.equal(pickLanguage('fr-FR'), 'en');
    assert.equal(pickLanguage('fr-FR', 'es'), 'es');
    assert.equal(pickLanguage(undefined, 'es'), 'es');
    assert.equal(pickLanguage('x'.repeat(100)), 'en');
  });

  it('texts are filled and plurals chosen per language', () => {
    assert.equal(t('en', 'common:andMore', { n: 3 }), '…and 3 more');
    assert.equal(t('es', 'common:andMore', { n: 3 }), '…y 3 más');
    assert.equal(t('es', 'common:roles.caseworker'), 'Trabajador/a del caso');
    assert.equal(t('qps-ploc', 'common:roles.caseworker'), '⟦Caseworker⟧');
    assert.throws(() => t('en', 'common:no.such.key'), /no text for common:no.such.key/);
  });
});
