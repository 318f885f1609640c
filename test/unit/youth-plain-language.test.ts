/**
 * Plain language for the youth (#29): the words a youth sees in a youth-centred roundtable aim at US grade 6 or
 * below by the Flesch–Kincaid grade level (test/support/reading-level.ts), on the youth's card as it is drawn
 * and on each youth-facing sentence. In Spanish (locales/es/youth.json, "tú") the Szigriszt-Pazos perspicuity is 65 or
 * above (INFLESZ "fairly easy", as the family handout's).
 */
import assert from 'node:assert/strict';
import { szigrisztPazos } from '../../bot/handout/readability.js';
import {
  DEFAULT_YOUTH_SETTINGS,
  YOUTH_CARD_HEADINGS,
  YOUTH_NOTICES,
  YOUTH_READING_GRADE,
} from '../../bot/roundtable/youth-agenda.js';
import { ANONYMOUS_REFUSAL } from '../../bot/teams/routing/anonymous.js';
import { youthCard } from '../../cards/youth-card.js';
import { defaultYouthSettings, youthCardHeadings, youthNotices } from '../../cards/youth-words.js';
import { cardText } from '../support/card-query.js';
import { fleschKincaidGrade, sentences, syllables, words } from '../support/reading-level.js';

/** A single sentence scores noisily (a two-syllable word moves it a grade): each may be at most this. */
const SENTENCE_MAX_GRADE = 8;

const Y = DEFAULT_YOUTH_SETTINGS;
/** Every fixed youth-facing string of the feature. */
const YOUTH_TEXTS = [
  Y.welcomeTitle,
  ...Y.agenda,
  ...Y.groundRules,
  Y.goalPrompt,
  Y.supportPrompt,
  ...Y.questions.map((q) => q.plain ?? q.text),
  ...Object.values(YOUTH_CARD_HEADINGS),
  ...Object.values(YOUTH_NOTICES),
  ANONYMOUS_REFUSAL,
];

describe('youth plain language: Flesch–Kincaid grade of the youth-facing text', () => {
  it('the formula: 0.39 × words per sentence + 11.8 × syllables per word − 15.59, on counted examples', () => {
    assert.deepEqual(
      ['cat', 'table', 'family', 'permanency', 'idea', 'home', 'the'].map(syllables),
      [1, 2, 3, 4, 2, 1, 1],
    );
    assert.deepEqual(words('You’re here. Aren’t we?'), ['You’re', 'here', 'Aren’t', 'we']);
    assert.equal(sentences('One two. Three four!\nFive').length, 3);
    // 6 words, 1 sentence, 6 syllables.
    assert.equal(
      fleschKincaidGrade(['The cat sat on the mat.']).toFixed(2),
      (0.39 * 6 + 11.8 - 15.59).toFixed(2),
    );
    // Professional prose scores as such: the practice material's own description is far above grade 12.
    const prose =
      'Permanency Roundtables are intensive, structured case consultations among agency case managers and supervisors, permanency consultants and others related to a child’s case.';
    assert.ok(fleschKincaidGrade([prose]) > 12);
  });

  it(`the youth’s card as drawn is at grade ${YOUTH_READING_GRADE} or below`, () => {
    const card = youthCard({ caseAlias: 'Y.T.', youthGoals: [] }, Y);
    // The first line is the alias line ("Roundtable · Y.T."), not prose.
    const lines = cardText(card).split('\n').slice(1);
    const grade = fleschKincaidGrade(lines);
    assert.ok(grade <= YOUTH_READING_GRADE, `grade ${grade.toFixed(1)}`);
  });

  it(`all youth-facing strings together are at grade ${YOUTH_READING_GRADE} or below, and no one sentence above ${SENTENCE_MAX_GRADE}`, () => {
    const all = fleschKincaidGrade(YOUTH_TEXTS);
    assert.ok(all <= YOUTH_READING_GRADE, `grade ${all.toFixed(1)}`);
    const hard = YOUTH_TEXTS.flatMap(sentences).filter((s) => fleschKincaidGrade([s]) > SENTENCE_MAX_GRADE);
    assert.deepEqual(hard, []);
  });
});

/** The Spanish aim: Szigriszt-Pazos perspicuity (INFLESZ: 65–80 is "fairly easy"). */
const SPANISH_MIN_PERSPICUITY = 65;

describe('youth plain language: Szigriszt-Pazos perspicuity of the Spanish youth-facing text', () => {
  const es = defaultYouthSettings('es');
  const texts = [
    es.welcomeTitle,
    ...es.agenda,
    ...es.groundRules,
    es.goalPrompt,
    es.supportPrompt,
    ...es.questions.map((q) => q.plain ?? q.text),
    ...Object.values(youthCardHeadings('es')),
    ...Object.values(youthNotices('es')),
  ];

  it('locales/en/youth.json says what the domain says (bot/roundtable/youth-agenda.ts, the English reference)', () => {
    assert.deepEqual(defaultYouthSettings('en'), DEFAULT_YOUTH_SETTINGS);
    assert.deepEqual(youthCardHeadings('en'), YOUTH_CARD_HEADINGS);
    assert.deepEqual(youthNotices('en'), YOUTH_NOTICES);
  });

  it('the defaults and headings are in Spanish, not English', () => {
    assert.notEqual(es.welcomeTitle, DEFAULT_YOUTH_SETTINGS.welcomeTitle);
    assert.notEqual(youthCardHeadings('es').agenda, YOUTH_CARD_HEADINGS.agenda);
    // The questions' own wording stays the model's (practice words); only the plain versions are translated.
    assert.deepEqual(
      es.questions.map((q) => q.text),
      DEFAULT_YOUTH_SETTINGS.questions.map((q) => q.text),
    );
  });

  it(`all Spanish youth-facing strings together score ${SPANISH_MIN_PERSPICUITY} or above`, () => {
    const score = szigrisztPazos(texts);
    assert.ok(score >= SPANISH_MIN_PERSPICUITY, `perspicuity ${score.toFixed(1)}`);
  });

  it(`the Spanish youth card as drawn scores ${SPANISH_MIN_PERSPICUITY} or above`, () => {
    const card = youthCard({ caseAlias: 'Y.T.', youthGoals: [] }, es, 'es');
    const lines = cardText(card).split('\n').slice(1);
    const score = szigrisztPazos(lines);
    assert.ok(score >= SPANISH_MIN_PERSPICUITY, `perspicuity ${score.toFixed(1)}`);
    assert.ok(lines.includes('Qué pasa') && lines.includes('Tu turno'), 'the headings are in Spanish');
  });
});
