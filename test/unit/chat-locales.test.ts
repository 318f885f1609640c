/**
 * The bot's own chat messages in the reader's language (#29 item 4): what a group or meeting chat reads is in
 * the agency's language, what one person reads (the 1:1 chat) in theirs; English stays as it was.
 */
import assert from 'node:assert/strict';
import { PSEUDO_LANGUAGE } from '../../bot/i18n/text.js';
import { initialPhases } from '../../bot/roundtable/phases.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import type { Roundtable } from '../../bot/roundtable/types.js';
import { greeting } from '../../bot/teams/edge/greeting.js';
import { unfinishedRoundtableMessage } from '../../bot/teams/edge/meeting-end.js';
import { dispatchCommand } from '../../bot/teams/routing/dispatch.js';
import type { HandlerDeps, TurnInput } from '../../bot/teams/routing/turn.js';

const deps = (language?: string) =>
  ({ domain: { settings: language ? { language } : {} } }) as unknown as HandlerDeps;
const turn = (personal: boolean, lang?: string) =>
  ({
    actor: { person: { id: 'u', name: 'U' }, conversationId: 'c' },
    chat: { conversationId: 'c' },
    mentions: [],
    activityId: 'a',
    personal,
    ...(lang ? { lang } : {}),
  }) as unknown as TurnInput;

async function texts(d: HandlerDeps, t: TurnInput, word: string): Promise<string[]> {
  const result = await dispatchCommand(d, { name: 'unknown', word }, t);
  return result.effects.flatMap((e) => (e.kind === 'text' ? [e.text] : []));
}

describe('chat messages in the reader language (locales/*/chat.json, help.json)', () => {
  it('English is as it was', async () => {
    assert.deepEqual(await texts(deps(), turn(false), 'nxet'), [
      "I don't know that command. Did you mean `@Roundtable next`? (`@Roundtable help` lists them all.)",
    ]);
    assert.match(greeting(false), /^Hello! I run Permanency Roundtables in this chat\./);
  });

  it('a group chat reads the agency language, whatever the asker reads', async () => {
    const [said] = await texts(deps('es'), turn(false, 'en'), 'nxet');
    assert.equal(
      said,
      'No conozco ese comando. ¿Quiso decir `@Roundtable next`? (`@Roundtable help` los muestra todos.)',
    );
    const [english] = await texts(deps(), turn(false, 'es'), 'nxet');
    assert.match(english ?? '', /^I don't know that command/);
  });

  it('the 1:1 chat reads the asker language, with the help card in it', async () => {
    const result = await dispatchCommand(deps(), { name: 'unknown', word: 'zzzz' }, turn(true, 'es'));
    const [text, card] = result.effects;
    assert.ok(text?.kind === 'text' && card?.kind === 'card');
    assert.equal(text.text, 'No conozco ese comando. Esto es lo que puedo hacer:');
    assert.match(JSON.stringify(card.card), /Lo que puedo hacer/);
  });

  it('the greeting in Spanish and in the pseudo-language', () => {
    assert.match(greeting(true, 'es'), /^¡Hola!/);
    assert.match(greeting(false, PSEUDO_LANGUAGE), /^⟦Hello!.*⟧$/);
  });

  it('the meeting end in the agency language (the meeting chat reads it)', () => {
    const phases = initialPhases(DEFAULT_SETTINGS).map((p, i) => ({ ...p, visited: i !== 1 }));
    const rt = {
      id: 'rt',
      status: 'active',
      caseAlias: 'J.T.',
      phases,
      phaseIndex: 3,
      roster: [{ id: 'f', name: 'Fiona' }],
      facilitatorIds: ['f'],
    } as unknown as Roundtable;
    const en = unfinishedRoundtableMessage(rt) ?? '';
    assert.match(
      en,
      /^The meeting has ended, but the roundtable for J\.T\. is not finished: it stopped in phase 4: /,
    );
    const es = unfinishedRoundtableMessage(rt, 'es') ?? '';
    assert.match(
      es,
      /^La reunión terminó, pero la mesa redonda de J\.T\. no ha terminado: se detuvo en fase 4: /,
    );
    assert.match(es, /Falta: .*\n\nOmitido hasta ahora: .*\n\nFiona: todo lo ingresado/s);
  });
});
