/** The README's quick start stays true without a browser: its commands parse, its ports match the scripts. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PLAYGROUND_PORT, playgroundHint, playgroundPort } from '../../bot/playground-hint.js';
import { BOT_MENTION, quickStartSection, quickStartSteps } from '../support/readme-quick-start.js';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe("the README's quick start (unit)", () => {
  const steps = quickStartSteps(README);

  it('has consecutive numbered steps, each @Roundtable command one the bot answers', () => {
    assert.ok(steps.length >= 9, `${steps.length} steps`);
    assert.deepEqual(
      steps.map((s) => s.number),
      steps.map((_, i) => i + 1),
    );
    const mentioned = [...quickStartSection(README).matchAll(/`(@Roundtable [^`]+)`/g)].map((m) => m[1]);
    const commands = steps.flatMap((s) => s.commands);
    for (const code of mentioned)
      assert.ok(commands.includes(code ?? ''), `${code} is a command the bot parses`);
    assert.ok(
      commands.some((c) => c.startsWith(`${BOT_MENTION} invite `)),
      'the invite example is a step',
    );
    assert.ok(commands.includes('my steps') && commands.includes('my reviews'));
  });

  it('the invite example uses a date relative to today, not a fixed one', () => {
    const invite = steps.flatMap((s) => s.commands).find((c) => c.includes(' invite '));
    assert.match(invite ?? '', / on <a date next week> \d{2}:\d{2}$/);
  });

  it('names the Playground port that npm run playground uses and npm start prints', () => {
    const url = /npm run playground\s+# terminal 2: open http:\/\/127\.0\.0\.1:(\d+)/.exec(README);
    assert.equal(Number(url?.[1]), DEFAULT_PLAYGROUND_PORT);
    const script = readFileSync(join(ROOT, 'scripts', 'playground.mjs'), 'utf8');
    assert.match(script, new RegExp(`PLAYGROUND_PORT \\?\\? ${DEFAULT_PLAYGROUND_PORT}\\)`));
    const endpoint = 'http://127.0.0.1:3978/api/messages';
    assert.match(playgroundHint(endpoint, 3978, {}).join('\n'), /^ {2}npm run playground$/m);
    assert.match(playgroundHint(endpoint, 3978, {}).join('\n'), /open http:\/\/127\.0\.0\.1:56150,/);
    const moved = playgroundHint(endpoint, 3978, { PLAYGROUND_PORT: '57001' }).join('\n');
    assert.match(moved, /^ {2}PLAYGROUND_PORT=57001 npm run playground$/m);
    assert.match(moved, /open http:\/\/127\.0\.0\.1:57001,/);
    assert.equal(playgroundPort({ PLAYGROUND_PORT: 'eighty' }), DEFAULT_PLAYGROUND_PORT);
  });

  it("docs/quick-start.md is the README section's steps word for word", () => {
    const doc = readFileSync(join(ROOT, 'docs', 'quick-start.md'), 'utf8')
      .replace(/^#+ .*\n/, '')
      .trim();
    assert.ok(quickStartSection(README).trim().startsWith(doc), 'docs/quick-start.md copies README.md');
  });
});
