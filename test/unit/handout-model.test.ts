/** The family handout's model (bot/handout/handout-model.ts): the words a family view becomes in a language. */
import assert from 'node:assert/strict';
import { handoutStrings } from '../../bot/handout/handout-locale.js';
import { type FamilyView, familyDate, firstName, handoutModel } from '../../bot/handout/handout-model.js';

const VIEW: FamilyView = {
  caseAlias: 'K.W.',
  draft: false,
  reviewedOn: '2026-11-23',
  steps: [
    {
      id: 'step-family-team-meeting',
      text: 'Hold a family team meeting to review this plan with the youth and family',
      familyMeeting: true,
      owner: { firstName: 'Carlos', role: 'caseworker' },
      dueDate: '2026-12-10',
      done: true,
    },
  ],
  contacts: [{ firstName: 'Carlos', role: 'caseworker' }],
  practice: true,
};

describe('family handout model', () => {
  it('a practice plan says so; a reviewed plan is no draft and says when it was talked over', () => {
    const m = handoutModel(VIEW, handoutStrings('en'), 'en', { today: '2026-12-06' });
    assert.equal(m.practice, 'Practice only: a made-up case for training.');
    assert.equal(m.draft, undefined);
    assert.equal(m.reviewed, 'We talked about this plan with the family on November 23, 2026.');
    assert.equal(m.goals[0]?.text, 'We will choose this together.');
    assert.equal(m.goals.length, 1, 'no back-up goal line without a concurrent goal');
    assert.equal(m.stepsNote, undefined, 'only the family meeting step: no "team’s words" note');
    assert.deepEqual(m.steps[0], {
      text: 'Meet as a family team to talk about this plan',
      who: 'Carlos (caseworker)',
      when: 'December 10, 2026',
      done: true,
    });
    assert.deepEqual(m.contacts, ['Carlos (caseworker)'], 'no agency line when none is configured');
    const real = handoutModel({ ...VIEW, practice: false, draft: true }, handoutStrings('es'), 'es', {
      today: '2026-12-06',
    });
    assert.equal(real.practice, undefined);
    assert.equal(real.draft?.label, 'Borrador para nuestra reunión del equipo familiar');
  });

  it('first names and dates in the family’s language', () => {
    assert.equal(firstName('  Ana María  López '), 'Ana');
    assert.equal(familyDate('2027-01-20', 'es'), '20 de enero de 2027');
    assert.equal(familyDate('2027-01-20', 'en'), 'January 20, 2027');
  });
});
