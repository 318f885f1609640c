/**
 * What the cards say and where: the notice next to the button pressed, commands quoted for cards,
 * no "type <command>" without @Roundtable (the bot hears only @mentions in group and meeting chats),
 * no text in the colours that fail WCAG AA on the Teams light theme (yellow, pale green).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import { cardSentence } from '../../cards/kit.js';
// The route rows hand their command words to cardSentence when they load.
import '../../bot/teams/routing/routes.js';
import { noticeBesideAction } from '../../cards/notice-beside.js';

const ROOT = resolve(__dirname, '..', '..');

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path, ext));
    else if (ext.test(name)) out.push(path);
  }
  return out;
}

const execute = (verb: string, target?: string) => ({
  type: 'Action.Execute',
  verb,
  data: target === undefined ? {} : { target },
});

describe('card wording and notices', () => {
  it('puts the notice right after the pressed button, and again at the bottom of the card', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: 'header' },
        {
          type: 'Container',
          items: [
            { type: 'ActionSet', actions: [execute('idea.add')] },
            { type: 'TextBlock', text: 'list' },
          ],
        },
        { type: 'TextBlock', text: 'more' },
      ],
    };
    const out = noticeBesideAction(card, { kind: 'info', text: 'Saved: idea added.' }, { verb: 'idea.add' });
    const body = out.body as Record<string, unknown>[];
    const items = (body[1] as { items: Record<string, unknown>[] }).items;
    assert.equal(items[1]?.type, 'Container', 'the banner follows the ActionSet');
    assert.match(JSON.stringify(items[1]), /Saved: idea added/);
    assert.match(JSON.stringify(body.at(-1)), /Saved: idea added/, 'and closes the body');
    assert.equal((card.body[1] as { items: unknown[] }).items.length, 2, 'the input card is not changed');
  });

  it('a success notice goes after a folded form; an error unfolds it', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        {
          type: 'Container',
          id: 'stepRemove_0',
          isVisible: false,
          items: [{ type: 'ActionSet', actions: [execute('step.remove', 's1')] }],
        },
      ],
    };
    const ok = noticeBesideAction(
      card,
      { kind: 'info', text: 'Step removed.' },
      { verb: 'step.remove', target: 's1' },
    );
    const okBody = ok.body as Record<string, unknown>[];
    assert.equal(okBody[0]?.isVisible, false);
    assert.match(JSON.stringify(okBody[1]), /Step removed/);
    const bad = noticeBesideAction(
      card,
      { kind: 'error', text: 'Not yours.' },
      { verb: 'step.remove', target: 's1' },
    );
    assert.equal((bad.body as Record<string, unknown>[])[0]?.isVisible, true);
    assert.match(JSON.stringify(bad.body), /"style":"attention"/);
  });

  it('quotes commands for cards, keeps other backticks, and writes "J.T." not "J.T.."', () => {
    assert.equal(
      cardSentence('Type `@Roundtable end confirm` (or press "Confirm end").'),
      'Type “@Roundtable end confirm” (or press "Confirm end").',
    );
    assert.equal(cardSentence('Use `status`.'), 'Use “status”.');
    assert.equal(cardSentence('Saved for J.T..'), 'Saved for J.T.');
    assert.equal(cardSentence('a `code` b'), 'a `code` b');
    assert.equal(cardSentence('wait... ok'), 'wait... ok');
  });

  it('never tells people to "type <command>" without @Roundtable (except in the 1:1 chat)', () => {
    const offenders: string[] = [];
    const sources = [...files(join(ROOT, 'bot'), /\.ts$/), ...files(join(ROOT, 'cards'), /\.(ts|json)$/)];
    for (const file of sources) {
      for (const [n, line] of readFileSync(file, 'utf8').replaceAll('\\`', '`').split('\n').entries()) {
        if (/^\s*(\/\/|\*|\/\*\*)/.test(line)) continue;
        for (const m of line.matchAll(/\btype\s+[`“"]([^`”"]+)[`”"]/gi)) {
          if (!m[1]?.startsWith('@Roundtable') && !/1:1/.test(line))
            offenders.push(`${file.slice(ROOT.length + 1)}:${n + 1}: ${m[0]}`);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('uses the practice material’s five questions verbatim as defaults', () => {
    assert.deepEqual(
      DEFAULT_SETTINGS.questions.map((q) => q.text),
      [
        'What will it take?',
        'What can we try that has not been tried before?',
        'What can we do differently?',
        'What can we do concurrently?',
        'How can we engage the youth in developing & implementing the plan?',
      ],
    );
  });

  it('shows no text in yellow or green (they fail WCAG AA on light backgrounds): containers carry the meaning', () => {
    const offenders: string[] = [];
    const owned = [
      ...files(join(ROOT, 'cards', 'templates'), /\.json$/),
      ...files(join(ROOT, 'cards'), /\.ts$/),
    ].filter((f) => !/debrief|help/.test(f));
    for (const file of owned) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/"?color"?\s*:\s*["']?(Good|Warning)["']?/g))
        offenders.push(`${file.slice(ROOT.length + 1)}: ${m[0]}`);
    }
    assert.deepEqual(offenders, []);
  });
});
