/**
 * Small things a room notices (issue #24 item 4), over real HTTP: the question chosen for an idea stays
 * chosen; the idea count says what is in sight; the youth's words are shown as whole sentences; a full name
 * is warned about once on a card.
 */
import assert from 'node:assert/strict';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { wholeSentences } from '../../cards/preparation-voice.js';
import { people } from '../support/activities.js';
import { actions, cardText, Harness, invokeCard, type PostedCard } from '../support/harness.js';

const { facilitator: fac, caseworker: cw } = people;

/** The value an input of the card shows. */
function inputValueOf(card: unknown, id: string): unknown {
  let found: unknown;
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.id === id && typeof o.type === 'string' && o.type.startsWith('Input.')) found = o.value;
    for (const v of Object.values(o)) walk(v);
  };
  walk(card);
  return found;
}

describe('small things a room notices', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await Harness.start();
    await h.say(fac, 'start J.T.');
    invokeCard(await h.joinAs(cw, 'caseworker'));
    await h.say(fac, 'go brainstorm');
  });
  after(async () => {
    await h?.close();
  });

  const form = (): PostedCard => h.lastCard();
  const list = (): PostedCard =>
    h
      .cards()
      .filter((c) => actions(c.card).some((a) => a.verb === VERBS.next))
      .at(-1)!;

  it('the question chooser keeps the chosen question after adding an idea', async () => {
    const answered = invokeCard(
      await h.click(cw, form(), VERBS.idea, {
        inputs: { [INPUTS.ideaQuestion]: 'q3', [INPUTS.ideaText]: 'Ask the school about a mentor' },
      }),
    );
    assert.equal(cardText(answered).match(/Saved: idea added/g)?.length, 1, 'said once, beside Add idea');
    assert.equal(inputValueOf(answered, INPUTS.ideaQuestion), 'q3');
    assert.equal(inputValueOf(answered, INPUTS.ideaText), undefined, 'the typed idea is cleared');
  });

  it('the idea count says what is shown when earlier ideas are folded away', async () => {
    for (const text of ['Second idea for q3', 'Third idea for q3', 'Fourth idea for q3'])
      invokeCard(
        await h.click(cw, form(), VERBS.idea, {
          inputs: { [INPUTS.ideaQuestion]: 'q3', [INPUTS.ideaText]: text },
        }),
      );
    const text = cardText(list().card);
    assert.match(text, /\(latest 2 of 4 ideas shown\)/);
    assert.doesNotMatch(text, /\(5 ideas\)/);
  });

  it('a full name is warned about once on the card', async () => {
    const answered = invokeCard(
      await h.click(cw, form(), VERBS.idea, {
        inputs: { [INPUTS.ideaQuestion]: 'q1', [INPUTS.ideaText]: 'Ask Jordan Taylor about weekends' },
      }),
    );
    const warnings = cardText(answered).match(/looks like it names a person in full/g) ?? [];
    assert.equal(warnings.length, 1, cardText(answered));
    assert.ok(actions(answered).some((a) => a.title === 'Keep as written'));
  });

  it("the youth's words are shortened between whole sentences, never mid-word", () => {
    const said =
      'I want to live with my grandmother near my school. I do not want to be adopted by strangers. My brother matters most to me.';
    const short = wholeSentences(said, 110);
    assert.equal(
      short,
      'I want to live with my grandmother near my school. I do not want to be adopted by strangers. …',
    );
    assert.equal(wholeSentences(said, 400), said);
    assert.match(wholeSentences(`${'a'.repeat(20)} ${'b'.repeat(200)}`, 100), /^a{20}…$/);
  });
});
