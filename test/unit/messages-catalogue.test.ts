/**
 * The messages people get back, in their language (#29 item 4, bot/i18n/messages.ts): every literal message of the
 * domain (`fail(code, message)`, `ok(value, notice)` in bot/roundtable/** and bot/reminders/**) and of the routing
 * pipeline's refusals is in the catalogue (locales/<lang>/messages.json), and reads differently in Spanish with its
 * variable parts kept. A new message without a translation fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { knowsMessage, translateMessage } from '../../bot/i18n/messages.js';
import { endQuestion } from '../../bot/roundtable/lifecycle.js';
import { greeting } from '../../bot/teams/edge/greeting.js';
import { unfinishedRoundtableMessage } from '../../bot/teams/edge/meeting-end.js';
import { scanMessages, sourceFiles } from '../support/message-literals.js';

const root = resolve(__dirname, '..', '..');

/** Domain messages computed at run time: each is a message of the catalogue or built from one (named here). */
const COMPUTED = new Set([
  // The notice of the contribution stored (contributions.ts: 'Already saved.' or none).
  'bot/roundtable/contributions.ts  stored.notice',
  // The navigation's notice (navigation.ts: 'Already in phase …').
  'bot/roundtable/lifecycle.ts  target.notice',
  // The end's confirmation question (lifecycle.ts endQuestion), tested below.
  'bot/roundtable/lifecycle.ts  endQuestion(rt, missing)',
  // The alias failure with `prepare` for `start` (input.giveAliasPrepare).
  "bot/roundtable/preparation.ts  alias.failure.message.replace( '`start <case alias>`, for example `start J.T. 2024`', '`prepare <case alias>`, for example `prepare J.T. 2024`', )",
]);

/** A message with its `{vN}` placeholders given sample values that no catalogue text holds. */
function sample(text: string): { text: string; values: string[] } {
  const values: string[] = [];
  const filled = text.replace(/\{v(\d+)\}/g, (_all, n: string) => {
    const v = `Q${n}z`;
    values.push(v);
    return v;
  });
  return { text: filled, values };
}

function checkAll(messages: { at: string; text: string }[]): string[] {
  const problems: string[] = [];
  for (const m of messages) {
    const s = sample(m.text);
    if (!knowsMessage(s.text)) {
      problems.push(`${m.at}: not in locales/en/messages.json: ${m.text}`);
      continue;
    }
    const es = translateMessage('es', s.text);
    if (es === s.text) problems.push(`${m.at}: Spanish is the English text: ${m.text}`);
    for (const v of s.values) if (!es.includes(v)) problems.push(`${m.at}: Spanish lost a value ${v}: ${es}`);
  }
  return problems;
}

/**
 * The refusals the routing pipeline writes itself: every sentence-like literal of the edge files (a capital
 * first, a space, a full stop or a closing mark at the end), and the `refusal`, `none`, `off`, `message` texts
 * of the route tables.
 */
function edgeMessages(): { at: string; text: string }[] {
  const out: { at: string; text: string }[] = [];
  const sentences = [
    'bot/teams/routing/anonymous.ts',
    'bot/teams/routing/card-action.ts',
    'bot/teams/routing/card-input.ts',
    'bot/teams/routing/dispatch.ts',
    'bot/teams/routing/guards.ts',
    'bot/teams/edge/bot.ts',
  ];
  const tables = ['bot/teams/routing/routes.ts', 'bot/teams/routing/route-builders.ts'];
  for (const file of [...sentences, ...tables]) {
    const sf = ts.createSourceFile(
      file,
      readFileSync(join(root, file), 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const visit = (n: ts.Node): void => {
      let text: string | undefined;
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) text = n.text;
      else if (ts.isTemplateExpression(n))
        text = n.head.text + n.templateSpans.map((s, i) => `{v${i + 1}}${s.literal.text}`).join('');
      if (text !== undefined) {
        const at = `${file}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
        const parent = n.parent;
        const inTable =
          ts.isPropertyAssignment(parent) && /^(refusal|none|off|message)$/.test(parent.name.getText());
        const sentence = /^[A-Z{][\s\S]* [\s\S]*[.?!)]$/.test(text);
        if (tables.includes(file) ? inTable : sentence) out.push({ at, text });
        return;
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

describe('messages catalogue: what the domain and the pipeline answer, in the reader’s language', () => {
  const scan = scanMessages(sourceFiles('bot/roundtable', 'bot/reminders'));

  it('finds the domain’s messages; the computed ones are named', () => {
    assert.ok(scan.messages.length > 250, `only ${scan.messages.length} messages found`);
    const computed = scan.unresolved.map((u) => u.replace(/:\d+ {2}/, '  '));
    assert.deepEqual(
      computed.filter((c) => !COMPUTED.has(c)),
      [],
      'a message computed at run time: make it a literal or name it in COMPUTED',
    );
  });

  it('every literal message of bot/roundtable and bot/reminders is in the catalogue and reads in Spanish', () => {
    assert.deepEqual(checkAll(scan.messages), []);
  });

  it('every refusal and notice the routing pipeline writes is in the catalogue and reads in Spanish', () => {
    const edge = edgeMessages();
    assert.ok(edge.length > 30, `only ${edge.length} edge messages found`);
    assert.deepEqual(checkAll(edge), []);
  });

  it('fills the variable parts, translating a nested message, a label and a role word; unknown text stays', () => {
    assert.equal(
      translateMessage('es', 'The roundtable for J.T. 2024 has ended.'),
      'La mesa redonda de J.T. 2024 ha terminado.',
    );
    assert.equal(
      translateMessage(
        'es',
        'Say why the step is blocked: The reason is too long: 600 characters, 500 at most.',
      ),
      'Diga por qué el paso está bloqueado: El motivo: es demasiado largo: 600 caracteres, 500 como máximo.',
    );
    assert.equal(translateMessage('es', 'Joined as caseworker.'), 'Se unió como trabajador/a del caso.');
    // A reply of a handler in the chat: a name, then the domain's notice.
    assert.equal(
      translateMessage('es', 'Carlos Caseworker: Joined as participant.'),
      'Carlos Caseworker: Se unió como participante.',
    );
    assert.equal(translateMessage('es', 'Something new.'), 'Something new.');
    assert.equal(
      translateMessage('en', 'That roundtable no longer exists.'),
      'That roundtable no longer exists.',
    );
    assert.equal(translateMessage('es', ''), '');
    // A language without a catalogue reads English.
    assert.equal(
      translateMessage('fr', 'That roundtable no longer exists.'),
      'That roundtable no longer exists.',
    );
  });

  it('the edge’s own texts, from chat.json: the greeting and the meeting-end message in each language', () => {
    for (const personal of [true, false]) assert.notEqual(greeting(personal, 'es'), greeting(personal, 'en'));
    const rt = {
      id: 'r',
      status: 'active',
      caseAlias: 'J.T.',
      phaseIndex: 2,
      phases: [
        { key: 'welcome', visited: true },
        { key: 'present' },
        { key: 'clarify', visited: true },
        { key: 'brainstorm' },
      ],
      roster: [{ id: 'f', name: 'Fiona' }],
      facilitatorIds: ['f'],
    } as never;
    const text = unfinishedRoundtableMessage(rt) ?? '';
    const paragraphs = text.split('\n\n');
    assert.equal(paragraphs.length, 4, text);
    const es = (unfinishedRoundtableMessage(rt, 'es') ?? '').split('\n\n');
    assert.equal(es.length, 4);
    assert.ok(
      es.every((p, i) => p !== paragraphs[i]),
      es.join('\n'),
    );
  });

  it('a computed message: the `prepare` alias failure and the end question', () => {
    const prepare = 'Give the case alias: `prepare <case alias>`, for example `prepare J.T. 2024`.';
    assert.notEqual(translateMessage('es', prepare), prepare);
    const at = (key: string) => ({ id: 'r', phaseIndex: 0, phases: [{ key }] }) as never;
    for (const rt of [at('welcome'), at('debrief')])
      for (const missing of [[], [{ label: 'Goals', detail: 'no concurrent goal' }]]) {
        const q = endQuestion(rt, missing as never);
        assert.ok(knowsMessage(q), q);
        assert.notEqual(translateMessage('es', q), q);
      }
  });
});
