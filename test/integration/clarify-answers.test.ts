/**
 * Clarify over HTTP: answers are typed in the phase's form message (a question chosen in "Question to answer"),
 * which no shared redraw edits while the phase runs; the shared card lists the questions with their answers.
 * (Teams drops unsent inputs when a card is edited: issue #24.)
 */
import assert from 'node:assert/strict';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import { FORM_REFRESH, INPUTS, VERBS } from '../../cards/contract.js';
import { MEETING_CHAT_ID, people } from '../support/activities.js';
import { actions, type Card, cardText, Harness, invokeCard, type PostedCard } from '../support/harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp } = people;
type Json = Record<string, unknown>;

/** The value an input of a card shows (what its user typed, when the card came back with it). */
function inputValue(card: Card, id: string): unknown {
  let found: unknown;
  const walk = (n: unknown) => {
    if (Array.isArray(n)) for (const c of n) walk(c);
    else if (n && typeof n === 'object') {
      const o = n as Json;
      if (o.id === id && typeof o.type === 'string' && o.type.startsWith('Input.')) found = o.value;
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(card);
  return found;
}

/** The ids a card offers in "Question to answer". */
function answerChoices(card: Card): string[] {
  let values: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) for (const c of n) walk(c);
    else if (n && typeof n === 'object') {
      const o = n as Json;
      if (o.id === INPUTS.answerQuestion && Array.isArray(o.choices))
        values = (o.choices as Json[]).map((c) => String(c.value));
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(card);
  return values;
}

describe('clarify answers typed in the form', function () {
  this.timeout(60_000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ storage: 'memory', teams: 'lenient' });
  });
  afterEach(async () => {
    await h.close();
  });

  const questions = async () =>
    (await roundtableView(h.app.domain, (await forChat(h.app.domain, MEETING_CHAT_ID))!.id))!.contributions;

  it('an answer is typed in the form, shown under its question; the form is never edited by others', async () => {
    await h.say(fac, 'start J.T.');
    await h.joinAs(cw, 'caseworker');
    await h.say(fac, 'go clarify');
    const shared = h.lastCard();
    const form = shared.form as PostedCard;
    assert.ok(form, 'the Clarify form is posted under the card');
    assert.equal(
      actions(shared.card).filter((a) => a.verb === VERBS.answer).length,
      0,
      'no answer box on the list',
    );
    assert.ok(
      actions(form.card).some((a) => a.verb === VERBS.answer),
      'the form has Answer',
    );

    // Two people ask; the list everyone shares is redrawn, the form message is not.
    invokeCard(
      await h.click(sup, form, VERBS.question, {
        inputs: { [INPUTS.questionText]: 'Has the father been contacted?' },
      }),
    );
    invokeCard(
      await h.click(mp, form, VERBS.question, {
        inputs: { [INPUTS.questionText]: 'Who visits on weekends?' },
      }),
    );
    await h.settled();
    assert.equal(
      h.fake.requestsTo('PUT', form.activityId).length,
      0,
      'the form is never edited while typed in',
    );
    assert.ok(h.fake.requestsTo('PUT', shared.activityId).length > 0, 'the list was redrawn');
    const [father, weekends] = (await questions()).filter((c) => c.kind === 'question');
    assert.ok(father && weekends);

    // The caseworker's form was drawn before the questions: "Show new questions" lists them, typed text kept.
    const again = invokeCard(
      await h.click(cw, form, VERBS.refresh, {
        target: FORM_REFRESH,
        inputs: { [INPUTS.answerText]: 'Half an answer', [INPUTS.questionText]: 'Half a question' },
      }),
    );
    assert.deepEqual(answerChoices(again).sort(), [father.id, weekends.id].sort());
    assert.equal(inputValue(again, INPUTS.answerText), 'Half an answer');
    assert.equal(inputValue(again, INPUTS.questionText), 'Half a question');
    assert.ok(!actions(again).some((a) => a.verb === VERBS.next), 'the form came back, not the list card');

    // The caseworker answers the father question from the form; a half-typed question stays in its box.
    const answered = invokeCard(
      await h.click(cw, { activityId: form.activityId, card: again }, VERBS.answer, {
        inputs: {
          [INPUTS.answerQuestion]: father.id,
          [INPUTS.answerText]: 'Yes, in 2025; no reply',
          [INPUTS.questionText]: 'Half a question',
        },
      }),
    );
    assert.match(cardText(answered), /Saved: answer recorded/);
    assert.ok(!actions(answered).some((a) => a.verb === VERBS.next), 'the clicker gets the form back');
    assert.equal(inputValue(answered, INPUTS.questionText), 'Half a question', 'the other box is kept');
    assert.equal(inputValue(answered, INPUTS.answerText), undefined, 'the answer sent is cleared');
    await h.settled();
    const list = cardText(h.cards().find((c) => c.activityId === shared.activityId)!.card);
    assert.match(list, /Has the father been contacted\?[\s\S]*Yes, in 2025; no reply/);
    assert.match(list, /Questions \(2, 1 unanswered\)/);
    assert.equal(h.fake.requestsTo('PUT', form.activityId).length, 0, 'still never edited');

    const stored = (await questions()).find((c) => c.kind === 'answer');
    assert.equal(stored?.kind === 'answer' ? stored.questionId : undefined, father.id);
  });

  it('an answer without a chosen question or text is refused with a clear line, what was typed kept', async () => {
    await h.say(fac, 'start J.T.');
    await h.say(fac, 'go clarify');
    const form = h.lastCard().form as PostedCard;
    const noQuestion = invokeCard(
      await h.click(cw, form, VERBS.answer, { inputs: { [INPUTS.answerText]: 'An answer to nothing' } }),
    );
    assert.match(cardText(noQuestion), /Choose the question you answer/);
    assert.equal(inputValue(noQuestion, INPUTS.answerText), 'An answer to nothing');
    const gone = invokeCard(
      await h.click(cw, form, VERBS.answer, {
        inputs: { [INPUTS.answerQuestion]: 'no-such-question', [INPUTS.answerText]: 'Kept text' },
      }),
    );
    assert.match(cardText(gone), /That question no longer exists/);
    assert.equal(inputValue(gone, INPUTS.answerText), 'Kept text');
    assert.equal((await questions()).filter((c) => c.kind === 'answer').length, 0, 'nothing stored');
  });
});
