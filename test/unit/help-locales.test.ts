/**
 * The help in the reader's language (#29 item 4): the real help, built from the route rows, draws every text from
 * locales/<lang>/help.json; only the command words (what people type) stay as they are.
 */
import assert from 'node:assert/strict';
import { PSEUDO_LANGUAGE, t } from '../../bot/i18n/text.js';
import { helpLine, helpSections } from '../../bot/teams/routing/help-sections.js';
import { COMMANDS, commandRows, helpEntries } from '../../bot/teams/routing/routes.js';
import { helpCard } from '../../cards/help-card.js';

/** Every text a card shows (TextBlock and TextRun texts). */
function texts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) texts(n, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === 'text' && typeof v === 'string') out.push(v);
      else texts(v, out);
    }
  return out;
}

/**
 * The words people type (every row's words, and the bot's name), and the shared card header's product name
 * (cards/templates/_shared.json, not the help's own text).
 */
const COMMAND_WORDS = new Set(
  commandRows()
    .flatMap(([, r]) => r.words.flat())
    .concat(['@Roundtable', 'Permanency', 'Roundtable']),
);

function helpCards(lang: string) {
  return [true, false].map((personal) => {
    const { sections, note } = helpSections(helpEntries(), personal, lang);
    return { sections, note, card: helpCard(sections, note, lang) };
  });
}

describe('help in the reader language (locales/*/help.json)', () => {
  it('every row with help has its English usage and description in locales/en/help.json, word for word', () => {
    for (const [name, row] of commandRows()) {
      if (!row.help) continue;
      assert.deepEqual(
        helpLine({ name }, 'en'),
        { usage: row.help.usage, description: row.help.description },
        name,
      );
    }
  });

  it('the real help in qps-ploc shows no word outside brackets but the command words', () => {
    for (const { card } of helpCards(PSEUDO_LANGUAGE)) {
      const shown = texts(card);
      assert.ok(shown.length > 20, 'the help lists the commands');
      for (const text of shown) {
        let rest = text;
        while (/⟦[^⟦⟧]*⟧/.test(rest)) rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
        const words = rest.split(/[\s,.;:()—-]+/).filter((w) => /\p{L}{2,}/u.test(w));
        for (const w of words) assert.ok(COMMAND_WORDS.has(w), `"${w}" not from locales/ in: ${text}`);
      }
    }
  });

  it('the real help in Spanish: Spanish titles and descriptions, English command words', () => {
    const [personal, group] = helpCards('es');
    assert.ok(personal && group);
    const all = [...texts(personal.card), ...texts(group.card)].join('\n');
    assert.match(all, /Lo que puedo hacer/);
    assert.match(all, /Durante la mesa redonda — facilitador\/a/);
    assert.match(all, /@Roundtable next/);
    assert.match(all, /Facilitador\/a: pase a la siguiente fase\./);
    assert.match(all, /my steps/);
    assert.doesNotMatch(all, /Before the roundtable|During the roundtable|What I can do/);
    for (const { sections } of [personal, group])
      for (const s of sections)
        for (const c of s.commands) assert.notEqual(c.description, COMMANDS.next.help?.description);
    assert.match(group.note, /^En su chat 1:1 conmigo: .*my steps.*\.$/);
    assert.equal(personal.note, t('es', 'help:note.personal'));
  });
});
