/**
 * A phase's form message (cards/phase-form.ts) is drawn again for every click on it (the answer to an idea, a
 * fact, a question): it reads only what its template shows. The idea, fact and debrief lists are the list
 * card's; a form that built them would cost every click the whole roundtable (#28: CPU per idea).
 */
import assert from 'node:assert/strict';
import type { CardView } from '../../cards/card-view.js';
import { FORM_PHASES, type FormPhase, phaseFormCard } from '../../cards/phase-form.js';
import { realisticView } from '../support/realistic-view.js';

/** The view with its contributions counted as they are read (each element read once per pass). */
function counted(phase: FormPhase): { view: CardView; reads: () => number } {
  const view = realisticView(phase);
  let reads = 0;
  const contributions = new Proxy(view.contributions, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { view: { ...view, contributions }, reads: () => reads };
}

describe('phase forms read only what they show', () => {
  it('the brainstorm, present and debrief forms read no contribution; the clarify form reads the questions once', () => {
    for (const phase of FORM_PHASES) {
      const { view, reads } = counted(phase);
      assert.ok(view.contributions.length > 10, `the ${phase} view holds a realistic list`);
      phaseFormCard(view, phase);
      // The clarify form's "Question to answer" lists the questions (unanswered first): a pass for the questions
      // and one for the answers, whatever the number of tries at fitting the card.
      const most = phase === 'clarify' ? 2 * view.contributions.length : 0;
      assert.ok(reads() <= most, `the ${phase} form read ${reads()} contributions (at most ${most})`);
    }
  });
});
