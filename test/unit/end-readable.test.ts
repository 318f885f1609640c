/**
 * The end of a roundtable, readable in a meeting (issue #24 item 3): what is missing is a short list, one
 * item a line; time is one line; the fidelity list is not repeated on the debrief card.
 */
import assert from 'node:assert/strict';
import { fidelityOf } from '../../bot/roundtable/fidelity.js';
import { endQuestion } from '../../bot/roundtable/lifecycle.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import { confirmCard } from '../../cards/notice-card.js';
import { realisticView } from '../support/realistic-view.js';

/** The text of each RichTextBlock of a card, in order. */
function blocks(card: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'RichTextBlock' && Array.isArray(o.inlines))
      out.push((o.inlines as { text?: string }[]).map((i) => i.text ?? '').join(''));
    for (const v of Object.values(o)) walk(v);
  };
  walk(card);
  return out;
}

describe('the end of a roundtable, readable', () => {
  it('"Missing before you end" is a short list, one item a line, with time as one line', () => {
    const view = realisticView();
    const items = fidelityOf(view, DEFAULT_SETTINGS, new Date(view.now.getTime() + 5 * 60000), true);
    const time = items.filter((i) => /minute|Time/.test(i.label));
    assert.equal(time.length, 1, 'time is one line');
    assert.match(time[0]?.detail ?? '', /^\d+ of \d+ minutes; the minimum is 120/);
    assert.ok(!items.some((i) => /owner and a due date/.test(i.label)), 'no line that cannot fail');
    const missing = items.filter((i) => !i.ok);
    const card = confirmCard(endQuestion(view.roundtable, missing), 'Confirm end', 'roundtable.endConfirm', {
      rt: view.roundtable.id,
      phase: 'debrief',
      rev: 1,
      nonce: 'n',
    });
    const lines = blocks(card);
    const head = lines.indexOf('Missing before you end:');
    assert.ok(head >= 0, lines.join('\n'));
    const listed = lines.slice(head + 1).filter((l) => l.startsWith('• '));
    assert.equal(listed.length, missing.length, 'one line per missing item');
    assert.ok(
      lines.every((l) => l.length < 300),
      'no run-on paragraph',
    );
  });
});
