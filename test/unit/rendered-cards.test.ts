/**
 * The kept renderings of phase cards (issue #28): reused only for the same version, dropped when old or too
 * many, frozen; and the clock key covers everything a phase card reads from the clock, so a card reused at a
 * later time is the card a fresh rendering would give.
 */
import assert from 'node:assert/strict';
import { PHASE_KEYS } from '../../bot/roundtable/types.js';
import { RenderedCards } from '../../bot/teams/outgoing/rendered-cards.js';
import { clockKey } from '../../cards/card-view.js';
import { phaseCard } from '../../cards/phase-card.js';
import { realisticView, withoutNonce } from '../support/realistic-view.js';

describe('Phase cards rendered once per version (issue #28)', () => {
  it('kept renderings: the same version is reused, another version renders, and a kept card is frozen', () => {
    const cards = new RenderedCards(() => 0);
    let drawn = 0;
    const draw = () => ({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: `card ${++drawn}` }] });
    const a = cards.get('rt|brainstorm|false', 'v1', draw);
    assert.equal(cards.get('rt|brainstorm|false', 'v1', draw), a);
    const b = cards.get('rt|brainstorm|false', 'v2', draw);
    assert.notEqual(b, a);
    assert.deepEqual(cards.counts, { rendered: 2, reused: 1, forms: 0 });
    assert.ok(Object.isFrozen(b) && Object.isFrozen((b.body as unknown[])[0]));
    assert.throws(() => {
      (b as { type: string }).type = 'changed';
    }, TypeError);
  });

  it('kept renderings are dropped after 30 s unused, and beyond 32 cards (the oldest first)', () => {
    let now = 0;
    const cards = new RenderedCards(() => now);
    const draw = () => ({ type: 'AdaptiveCard' });
    const first = cards.get('a', 'v', draw);
    now = 30_001;
    assert.notEqual(cards.get('a', 'v', draw), first);
    for (let i = 0; i < 40; i++) cards.get(`rt${i}`, 'v', draw);
    assert.equal(cards.size, 32);
    const { rendered } = cards.counts;
    cards.get('rt39', 'v', draw); // the newest is kept
    cards.get('rt0', 'v', draw); // the oldest was dropped
    assert.equal(cards.counts.rendered, rendered + 1);
  });

  it('the clock key covers what each phase card reads from the clock: equal keys, the same card', () => {
    const start = Date.parse('2026-03-10T15:00:00.000Z');
    // Seconds, minutes and a day on: some keep the time box line, others do not.
    const offsets = [0, 1_000, 20_000, 29_000, 31_000, 59_000, 90_000, 4 * 60_000, 26 * 3_600_000];
    let equalPairs = 0;
    let differentPairs = 0;
    for (const phase of PHASE_KEYS) {
      for (const readOnly of [false, true]) {
        const views = offsets.map((ms) => ({ ...realisticView(phase), now: new Date(start + ms) }));
        const keys = views.map((v) => clockKey(v, phase, !readOnly));
        if (keys[0] === undefined) {
          assert.equal(phase, 'debrief', `${phase} is never reused`);
          continue;
        }
        const cards = views.map((v) => withoutNonce(phaseCard(v, phase, { readOnly })));
        for (let i = 0; i < views.length; i++)
          for (let j = i + 1; j < views.length; j++) {
            if (keys[i] === keys[j]) {
              equalPairs++;
              assert.equal(
                cards[i],
                cards[j],
                `${phase} (read-only ${readOnly}) at +${offsets[i]} and +${offsets[j]} ms`,
              );
            } else differentPairs++;
          }
      }
    }
    assert.ok(equalPairs > 0 && differentPairs > 0, 'both cases were seen');
    // The running card's time box line moves with the minutes.
    const at = (ms: number) =>
      clockKey({ ...realisticView('brainstorm'), now: new Date(start + ms) }, 'brainstorm', true);
    assert.notEqual(at(0), at(4 * 60_000));
  });
});
