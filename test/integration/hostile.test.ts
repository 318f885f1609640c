/**
 * Hostile input: a few hundred generated requests (malformed JSON, missing fields, wrong types, huge
 * strings, unicode edge cases, `${...}` template text, HTML/Markdown, prototype-pollution keys, unknown
 * verbs, replayed and out-of-order card actions). Each must be answered with a 4xx or a clear card error
 * (or, for a replay, "Already saved"), the bot must keep answering, and the database must not change:
 * every document of every container is compared before and after each case — except `people`, where
 * every turn refreshes the sender's conversation reference and display name by design (for reminders).
 */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { FULL_NAME_TEXTS } from '../fixtures/full-names.js';
import { cardAction, MEETING_CHAT_ID, message, people, TEST_TENANT_ID } from '../support/activities.js';
import { type Dump, dumpDatabase } from '../support/db-dump.js';
import { cardText, Harness, invokeCard, type PostedCard } from '../support/harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, outsider } = people;
const MARKER = 'HOSTILE-MARKER-41c9';

/** The database as the comparison sees it (see the header for `people`). */
async function stored(h: Harness): Promise<Dump> {
  const { people: _refreshedEveryTurn, ...rest } = await dumpDatabase(h.database.database);
  return rest;
}

/** Strings that must stay inert wherever they go. Each carries the marker so logs can be checked for leaks. */
const HOSTILE_TEXT: string[] = [
  `\${roundtable.id} ${MARKER}`,
  `\${$root.settings} \${if(true, 'x', 'y')} ${MARKER}`,
  `{{constructor.constructor('return process')()}} ${MARKER}`,
  `<script>alert(1)</script>${MARKER}`,
  `<img src=x onerror=alert(1)> ${MARKER}`,
  `<at>Roundtable</at> next ${MARKER}`,
  `**bold** _it_ [click](javascript:alert(1)) ${MARKER}`,
  `![img](http://127.0.0.1:1/x.png) ${MARKER}`,
  `'; DROP TABLE roundtables; -- ${MARKER}`,
  `SELECT * FROM c WHERE 1=1 ${MARKER}`,
  `../../etc/passwd ${MARKER}`,
  `%s%n%x ${MARKER}`,
  `\u202eRTL override ${MARKER}`,
  `e\u0301\u0301\u0301 combining ${MARKER}`,
  `${'👨‍👩‍👧‍👦'.repeat(30)} ${MARKER}`,
  `\ud800 lone surrogate ${MARKER}`,
  `nul \u0000 byte ${MARKER}`,
  `__proto__ ${MARKER}`,
  `constructor ${MARKER}`,
];

/** Text that the domain must refuse as a field value (empty, invisible or too long). */
const REFUSED_TEXT: string[] = [
  '',
  '   ',
  '\n\t\r\n',
  '\u200b\u200b\u200b',
  '\u00a0\u2003\ufeff',
  `${MARKER}${'x'.repeat(2001)}`,
  `${MARKER}${'€'.repeat(2001)}`,
  `${MARKER}${'𝒳'.repeat(1001)}`,
];

const WRONG_TYPES: unknown[] = [42, -1, 1.5, true, null, [], ['a'], {}, { a: 1 }, '', 'x'.repeat(300)];

/**
 * http4xx: refused at the HTTP edge. refused: 4xx, an invoke error, or a card with an error notice.
 * replayed: the card says "Already saved". reply: the bot answered in the chat (or 4xx).
 * ignored: a Teams activity type the bot does not act on (200, no answer).
 * unhandled: an invoke name the bot does not implement (501, the Bot Framework's answer, or 4xx).
 */
type Check = 'http4xx' | 'refused' | 'replayed' | 'reply' | 'ignored' | 'unhandled';

interface Case {
  name: string;
  /** A raw body (sent as is) or an activity (JSON). */
  body: string | Record<string, unknown>;
  headers?: Record<string, string>;
  expect: Check;
}

/** Which documents differ between two dumps (container/id), for the failure message. */
function describeChange(a: Dump, b: Dump): string {
  const changed: string[] = [];
  for (const container of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const key = (d: Record<string, unknown>) => `${String(d.roundtableId ?? '')}/${String(d.id)}`;
    const before = new Map((a[container] ?? []).map((d) => [key(d), JSON.stringify(d)]));
    const after = new Map((b[container] ?? []).map((d) => [key(d), JSON.stringify(d)]));
    for (const k of new Set([...before.keys(), ...after.keys()])) {
      if (before.get(k) !== after.get(k))
        changed.push(`${container}:${k}:${String(after.get(k) ?? 'deleted').slice(0, 300)}`);
    }
  }
  return changed.join('; ');
}

function isErrorCard(card: unknown): boolean {
  let found = false;
  const walk = (n: unknown): void => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const c of n) walk(c);
      return;
    }
    const o = n as Record<string, unknown>;
    if (o.style === 'attention' || o.color === 'Attention') found = true;
    for (const v of Object.values(o)) walk(v);
  };
  walk(card);
  return found;
}

describe('hostile input: 200+ generated requests, each refused, nothing stored, no crash', function () {
  // Replies to 200+ requests in one chat keep Teams' thread windows (60 per 30 s): the bot paces them.
  this.timeout(90_000);
  let h: Harness;
  const logLines: string[] = [];
  let brainstorm: PostedCard;
  let clarify: PostedCard;
  let present: PostedCard;
  let welcome: PostedCard;
  let storedIdea: { data: Record<string, unknown>; id: string };
  let othersIdeaId: string;
  let rev: number;

  before(async () => {
    // Hostile input, not pacing: 400+ turns into one chat (test/integration/teams-limits.test.ts paces).
    h = await Harness.start({ logLines, teams: 'lenient' });
    await h.say(fac, 'start J.T.');
    welcome = h.lastCard();
    invokeCard(await h.joinAs(cw, 'caseworker'));
    await h.say(fac, 'next');
    present = h.lastCard();
    invokeCard(
      await h.click(cw, present, VERBS.caseSummary, { inputs: { [INPUTS.caseChildren]: 'J.T., 9' } }),
    );
    await h.say(fac, 'next');
    clarify = h.lastCard();
    invokeCard(await h.click(sup, clarify, VERBS.question, { inputs: { [INPUTS.questionText]: 'Father?' } }));
    await h.say(fac, 'next');
    brainstorm = h.lastCard();
    const data = {
      ...(brainstorm.card.refresh as { action: { data: Record<string, unknown> } }).action.data,
      target: 'q1',
      [`${INPUTS.ideaTextPrefix}q1`]: 'Find the uncle',
    };
    invokeCard(await h.invoke(cw, brainstorm.activityId, VERBS.idea, data));
    invokeCard(
      await h.click(sup, brainstorm, VERBS.idea, {
        inputs: { [INPUTS.ideaQuestion]: 'q2', [INPUTS.ideaText]: 'Ask the school' },
      }),
    );
    const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
    rev = rt.revision;
    const contributions = (await roundtableView(h.app.domain, rt.id))!.contributions;
    storedIdea = { data, id: contributions.find((c) => c.author.id === cw.id && c.kind === 'idea')!.id };
    othersIdeaId = contributions.find((c) => c.author.id === sup.id && c.kind === 'idea')!.id;
  });
  after(async () => h?.close());

  function cases(): Case[] {
    const out: Case[] = [];
    const base = () => ({
      ...(brainstorm.card.refresh as { action: { data: Record<string, unknown> } }).action.data,
    });
    const invoke = (
      verb: string,
      data: unknown,
      from = cw,
      extra: (a: Partial<Activity>) => void = () => {},
    ) => {
      const a = cardAction({
        verb,
        data: data as Record<string, unknown>,
        from,
        serviceUrl: h.fake.url,
        replyToId: brainstorm.activityId,
      });
      extra(a);
      return a as Record<string, unknown>;
    };
    const say = (text: string, from = cw, extra: (a: Partial<Activity>) => void = () => {}) => {
      const a = message({ text, from, serviceUrl: h.fake.url, mentionBot: true });
      extra(a);
      return a as Record<string, unknown>;
    };
    const raw = (name: string, body: string, headers?: Record<string, string>) =>
      out.push({ name: `raw: ${name}`, body, expect: 'http4xx', ...(headers ? { headers } : {}) });

    // Malformed JSON and wrong shapes of the whole body.
    raw('empty', '');
    raw('open brace', '{');
    raw('truncated', '{"type":"message","text":"hi"');
    raw('trailing comma', '{"type":"message",}');
    raw('single quotes', "{'type':'message'}");
    raw('NaN literal', '{"type":NaN}');
    raw('array', '[{"type":"message"}]');
    raw('null', 'null');
    raw('string', '"message"');
    raw('number', '42');
    raw('type missing', '{"text":"next"}');
    raw('type number', '{"type":7}');
    raw('type object', '{"type":{"$ne":null}}');
    raw('deep nesting', `${'['.repeat(50_000)}${']'.repeat(50_000)}`);
    raw('deep object nesting', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`);
    raw('invalid utf-8', Buffer.from([0x7b, 0x22, 0x74, 0xff, 0xfe, 0x22, 0x7d]).toString('latin1'));
    raw('bom prefix', `\ufeff${JSON.stringify(say('next'))}`);
    raw('over 256 KB', JSON.stringify(say(`x${'y'.repeat(300 * 1024)}`)));
    raw('form encoded', 'type=message&text=next', { 'content-type': 'application/x-www-form-urlencoded' });
    raw('text/plain', 'next', { 'content-type': 'text/plain' });

    // Missing fields of an otherwise valid activity (as the facilitator, so a real command would act).
    for (const field of ['from', 'conversation', 'serviceUrl', 'recipient', 'channelId', 'id']) {
      const a = say('next', fac);
      delete a[field];
      out.push({ name: `message without ${field}`, body: a, expect: 'http4xx' });
      const i = invoke(VERBS.next, { ...base(), rev }, fac);
      delete i[field];
      out.push({ name: `invoke without ${field}`, body: i, expect: 'http4xx' });
    }
    for (const [name, mutate] of [
      ['from without id', (a: Record<string, unknown>) => (a.from = { name: 'x' })],
      ['conversation without id', (a: Record<string, unknown>) => (a.conversation = { isGroup: true })],
      ['from is a string', (a: Record<string, unknown>) => (a.from = fac.id)],
      ['conversation is an array', (a: Record<string, unknown>) => (a.conversation = [MEETING_CHAT_ID])],
      ['serviceUrl is a number', (a: Record<string, unknown>) => (a.serviceUrl = 1)],
      ['serviceUrl is not a URL', (a: Record<string, unknown>) => (a.serviceUrl = 'javascript:alert(1)')],
      ['entities is an object', (a: Record<string, unknown>) => (a.entities = { type: 'mention' })],
      ['text is an object', (a: Record<string, unknown>) => (a.text = { next: true })],
    ] as const) {
      const a = say('next', fac);
      mutate(a);
      out.push({ name: `message: ${name}`, body: a, expect: 'http4xx' });
    }
    // Invokes without a usable action.
    for (const [name, value] of [
      ['no value', undefined],
      ['value is a string', 'phase.next'],
      ['no action', {}],
      ['action is null', { action: null }],
      ['no verb', { action: { type: 'Action.Execute', data: base() } }],
      ['verb is a number', { action: { type: 'Action.Execute', verb: 1, data: base() } }],
      ['verb is an object', { action: { type: 'Action.Execute', verb: { toString: 1 }, data: base() } }],
      ['no data', { action: { type: 'Action.Execute', verb: VERBS.next } }],
      ['data is a string', { action: { type: 'Action.Execute', verb: VERBS.next, data: 'rt=1' } }],
      ['data is an array', { action: { type: 'Action.Execute', verb: VERBS.next, data: [base()] } }],
    ] as const) {
      const a = invoke(VERBS.next, base(), fac);
      if (value === undefined) delete a.value;
      else a.value = value;
      out.push({ name: `invoke: ${name}`, body: a, expect: 'refused' });
    }
    for (const name of ['unknown/invoke', 'adaptiveCard/unknown', '', 'composeExtension/query']) {
      const a = invoke(VERBS.next, { ...base(), rev }, fac);
      a.name = name;
      out.push({ name: `invoke named "${name}"`, body: a, expect: 'unhandled' });
    }
    for (const type of ['messageReaction', 'typing', 'unknownType', 'event', 'installationUpdate']) {
      const a = say('next', fac);
      a.type = type;
      out.push({ name: `activity type ${type} with a command`, body: a, expect: 'ignored' });
    }

    // Wrong types in the action data every card carries.
    for (const key of ['rt', 'phase', 'rev', 'nonce', 'target']) {
      for (const v of WRONG_TYPES) {
        if (key === 'rev' && typeof v === 'number' && Number.isInteger(v)) continue;
        if (key === 'target' && (v === '' || v === null)) continue;
        out.push({
          name: `data.${key} = ${JSON.stringify(v).slice(0, 20)}`,
          body: invoke(VERBS.idea, { ...base(), target: 'q1', [key]: v, ideaText_q1: `Typed ${MARKER}` }),
          expect: 'refused',
        });
      }
    }
    // Wrong types in the typed inputs.
    for (const v of WRONG_TYPES) {
      if (typeof v === 'string' && v.length > 0) continue;
      out.push({
        name: `idea text = ${JSON.stringify(v).slice(0, 20)}`,
        body: invoke(VERBS.idea, { ...base(), target: 'q1', ideaText_q1: v }),
        expect: 'refused',
      });
    }

    // Hostile text in places where it must be refused (the flow suite shows valid hostile text stays text).
    for (const s of HOSTILE_TEXT) {
      out.push({ name: `start alias ${s.slice(0, 16)}`, body: say(`start ${s}`, cw), expect: 'reply' });
      out.push({ name: `timer ${s.slice(0, 16)}`, body: say(`timer ${s}`, fac), expect: 'reply' });
      out.push({ name: `go ${s.slice(0, 16)}`, body: say(`go ${s}`, fac), expect: 'reply' });
      out.push({
        name: `idea on unknown question ${s.slice(0, 16)}`,
        body: invoke(VERBS.idea, { ...base(), target: s.slice(0, 150), [`ideaText_${s.slice(0, 150)}`]: s }),
        expect: 'refused',
      });
      out.push({
        name: `rt id ${s.slice(0, 16)}`,
        body: invoke(VERBS.idea, { ...base(), rt: s.slice(0, 90), target: 'q1', ideaText_q1: s }),
        expect: 'refused',
      });
      out.push({
        name: `role ${s.slice(0, 16)}`,
        body: invoke(VERBS.join, { ...base(), role: s }),
        expect: 'refused',
      });
      out.push({
        name: `edit idea ${s.slice(0, 16)}`,
        body: invoke(VERBS.ideaEdit, {
          ...base(),
          target: s.slice(0, 150),
          [`ideaEdit_${s.slice(0, 150)}`]: s,
        }),
        expect: 'refused',
      });
      out.push({
        name: `barrier ${s.slice(0, 16)}`,
        body: invoke(VERBS.idea, { ...base(), target: 'q1', ideaText_q1: 'ok idea', ideaBarrier_q1: s }),
        expect: 'refused',
      });
      out.push({
        name: `name ${s.slice(0, 16)} presses Next`,
        body: invoke(VERBS.next, { ...base(), rev }, { ...cw, name: s.repeat(20) }),
        expect: 'refused',
      });
    }
    for (const s of REFUSED_TEXT) {
      out.push({
        name: `idea text ${JSON.stringify(s.slice(0, 12))} (${s.length})`,
        body: invoke(VERBS.idea, { ...base(), target: 'q1', ideaText_q1: s }),
        expect: 'refused',
      });
      out.push({
        name: `edit own idea to ${JSON.stringify(s.slice(0, 12))}`,
        body: invoke(VERBS.ideaEdit, { ...base(), target: storedIdea.id, [`ideaEdit_${storedIdea.id}`]: s }),
        expect: 'refused',
      });
    }
    // A full name in hostile shapes (markup, template text, accents, invisible spaces): the warning, nothing stored.
    for (const s of FULL_NAME_TEXTS) {
      out.push({
        name: `idea naming a person: ${s.slice(0, 20)}`,
        body: invoke(VERBS.idea, { ...base(), target: 'q1', ideaText_q1: s }),
        expect: 'refused',
      });
      out.push({
        name: `edit own idea to name a person: ${s.slice(0, 20)}`,
        body: invoke(VERBS.ideaEdit, { ...base(), target: storedIdea.id, [`ideaEdit_${storedIdea.id}`]: s }),
        expect: 'refused',
      });
    }

    // Prototype-pollution keys, sent as raw JSON so that they are real own keys.
    const pollute = [
      '"__proto__":{"polluted":true,"isFacilitator":true}',
      '"constructor":{"prototype":{"polluted":true}}',
      '"__proto__":{"__proto__":{"polluted":true}}',
      '"prototype":{"polluted":true}',
    ];
    for (const p of pollute) {
      const d = JSON.stringify({ ...base(), target: 'q1', ideaText_q1: '' }).slice(0, -1);
      const a = JSON.stringify(invoke(VERBS.idea, {}))
        .replace('"data":{}', `"data":${d},${p}}`)
        .replace('"channelData":{', `"channelData":{${p},`);
      out.push({ name: `pollution in data and channelData: ${p.slice(0, 30)}`, body: a, expect: 'refused' });
      const top = JSON.stringify(say('next', cw)).replace(/^\{/, `{${p},`);
      out.push({ name: `pollution at top level: ${p.slice(0, 30)}`, body: top, expect: 'reply' });
      const roleKey = JSON.stringify(invoke(VERBS.next, {})).replace('"data":{}', `"data":{${p}}`);
      out.push({ name: `pollution as the only data: ${p.slice(0, 30)}`, body: roleKey, expect: 'refused' });
    }
    for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
      out.push({
        name: `question key ${key}`,
        body: invoke(VERBS.idea, { ...base(), target: key, [`ideaText_${key}`]: 'x' }),
        expect: 'refused',
      });
      out.push({
        name: `role ${key}`,
        body: invoke(VERBS.join, { ...base(), target: key, role: key }),
        expect: 'refused',
      });
      out.push({ name: `go ${key}`, body: say(`go ${key}`, fac), expect: 'reply' });
      out.push({
        name: `answer question ${key}`,
        body: invoke(VERBS.answer, { ...base(), target: key, [`answerText_${key}`]: 'x' }),
        expect: 'refused',
      });
    }

    // Unknown verbs.
    for (const verb of [
      'idea.explode',
      'IDEA.ADD',
      ' idea.add',
      '__proto__',
      'constructor',
      'toString',
      `\${verb}`,
      '<b>x</b>',
      'x'.repeat(5000),
      '',
    ]) {
      out.push({
        name: `unknown verb ${verb.slice(0, 20)}`,
        body: invoke(verb, { ...base(), target: 'q1', ideaText_q1: 'x' }),
        expect: 'refused',
      });
    }

    // Replayed and out-of-order card actions.
    for (let i = 0; i < 5; i++) {
      out.push({
        name: `replay of a stored idea #${i}`,
        body: invoke(VERBS.idea, storedIdea.data),
        expect: 'replayed',
      });
    }
    const fromCard = (card: PostedCard) => ({
      ...(card.card.refresh as { action: { data: Record<string, unknown> } }).action.data,
    });
    const stale: [string, PostedCard, string, Record<string, unknown>, typeof cw][] = [
      ['join from the welcome card', welcome, VERBS.join, { role: 'supervisor' }, outsider],
      ['case summary from the present card', present, VERBS.caseSummary, { caseChildren: 'A.B., 3' }, cw],
      ['fact from the present card', present, VERBS.fact, { factText: 'late fact' }, cw],
      ['question from the clarify card', clarify, VERBS.question, { questionText: 'late?' }, sup],
      ['Next from the welcome card', welcome, VERBS.next, {}, fac],
      ['Back from the clarify card', clarify, VERBS.back, {}, fac],
      ['end from the present card', present, VERBS.end, {}, fac],
      ['end confirm from the clarify card', clarify, VERBS.endConfirm, {}, fac],
    ];
    for (const [name, card, verb, inputs, who] of stale) {
      out.push({
        name: `out of order: ${name}`,
        body: invoke(verb, { ...fromCard(card), ...inputs }, who),
        expect: 'refused',
      });
    }
    for (const old of [0, 1, 2, rev - 1, rev + 1, rev + 1000]) {
      out.push({
        name: `Next with revision ${old} (current ${rev})`,
        body: invoke(VERBS.next, { ...base(), rev: old }, fac),
        expect: 'refused',
      });
      out.push({
        name: `go 1 with revision ${old}`,
        body: invoke(VERBS.go, { ...base(), rev: old, target: '1' }, fac),
        expect: 'refused',
      });
    }
    out.push({
      name: 'step on the brainstorm card (plan not open)',
      body: invoke(VERBS.step, { ...base(), stepText: 'x', stepOwner: cw.id, stepDue: '2099-01-01' }),
      expect: 'refused',
    });
    out.push({
      name: 'goals on the brainstorm card',
      body: invoke(VERBS.goals, { ...base(), primaryGoal: 'adoption' }, cw),
      expect: 'refused',
    });
    out.push({
      name: "withdraw someone else's idea",
      body: invoke(VERBS.ideaWithdraw, { ...base(), target: othersIdeaId }, cw),
      expect: 'refused',
    });
    out.push({
      name: "edit someone else's idea",
      body: invoke(
        VERBS.ideaEdit,
        { ...base(), target: othersIdeaId, [`ideaEdit_${othersIdeaId}`]: 'mine now' },
        cw,
      ),
      expect: 'refused',
    });
    out.push({
      name: 'withdraw an idea that does not exist',
      body: invoke(VERBS.ideaWithdraw, { ...base(), target: 'c-0000' }, cw),
      expect: 'refused',
    });
    for (const who of [cw, sup, outsider]) {
      for (const verb of [VERBS.next, VERBS.back, VERBS.end, VERBS.endConfirm, VERBS.anonymous]) {
        out.push({
          name: `${who.role} presses ${verb}`,
          body: invoke(verb, { ...base(), rev, target: 'on' }, who),
          expect: 'refused',
        });
      }
      for (const cmd of [
        'next',
        'back',
        'go 1',
        'end confirm',
        'timer 5',
        'anonymous on',
        'facilitator add',
      ]) {
        out.push({ name: `${who.role} types ${cmd}`, body: say(cmd, who), expect: 'reply' });
      }
    }
    // A tenant id of the wrong type and a conversation of another chat naming this roundtable.
    out.push({
      name: 'another chat names this roundtable',
      body: invoke(VERBS.idea, { ...base(), target: 'q1', ideaText_q1: 'x' }, cw, (a) => {
        (a.conversation as { id: string }).id = '19:other@thread.v2';
      }),
      expect: 'refused',
    });
    out.push({
      name: 'tenant id is an object',
      body: invoke(VERBS.idea, { ...base(), target: 'q1', ideaText_q1: '' }, cw, (a) => {
        a.channelData = { tenant: { id: { $ne: TEST_TENANT_ID } } };
      }),
      expect: 'refused',
    });
    return out;
  }

  it('answers every case with a 4xx or a clear error, keeps running, and stores nothing', async () => {
    const all = cases();
    assert.ok(all.length >= 200, `only ${all.length} cases`);
    let before: Dump = await stored(h);
    const failures: string[] = [];
    const started = Date.now();
    for (const c of all) {
      const repliesBefore = h.fake.requests.filter((r) => r.method === 'POST').length;
      const body = typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
      let status = 0;
      let json: { statusCode?: number; type?: string; value?: unknown } | undefined;
      try {
        const res = await fetch(`${h.app.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...c.headers },
          body,
          signal: AbortSignal.timeout(5000),
        });
        status = res.status;
        const text = await res.text();
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
      } catch (err) {
        failures.push(`${c.name}: no answer (${(err as Error).name})`);
        continue;
      }
      await h.app.idle();
      const replies = h.fake.requests.filter((r) => r.method === 'POST').length - repliesBefore;
      const card =
        json?.statusCode === 200 && json.type === 'application/vnd.microsoft.card.adaptive'
          ? json.value
          : undefined;
      // A refusal the clicker reads while their card stays (roundtable cards): a message, statusCode 200.
      const message = json?.statusCode === 200 && json.type === 'application/vnd.microsoft.activity.message';
      let ok: boolean;
      switch (c.expect) {
        case 'http4xx':
          ok = status >= 400 && status < 500;
          break;
        case 'refused':
          ok =
            (status >= 400 && status < 500) ||
            (status === 200 &&
              json?.statusCode !== undefined &&
              json.statusCode >= 400 &&
              json.statusCode < 500) ||
            (status === 200 && card !== undefined && isErrorCard(card)) ||
            (status === 200 && message);
          break;
        case 'replayed':
          ok = status === 200 && card !== undefined && /Already saved/.test(cardText(card));
          break;
        case 'reply':
          ok = (status === 200 && replies > 0) || (status >= 400 && status < 500);
          break;
        case 'ignored':
          ok = status === 200 && replies === 0;
          break;
        case 'unhandled':
          ok = status === 501 || (status >= 400 && status < 500);
          break;
      }
      if (!ok) failures.push(`${c.name}: HTTP ${status}, invoke ${json?.statusCode}, replies ${replies}`);
      // Teams documents 200, and 400 or 500 for `application/vnd.microsoft.error`, for a card action's answer.
      if (json?.statusCode !== undefined && ![200, 400, 500].includes(json.statusCode))
        failures.push(
          `${c.name}: invoke answered statusCode ${json.statusCode}, which Teams does not document`,
        );
      const now = await stored(h);
      try {
        assert.deepEqual(now, before);
      } catch {
        failures.push(`${c.name}: CHANGED STORED DATA ${describeChange(before, now)}`);
        before = now;
      }
    }
    const elapsed = Date.now() - started;
    assert.deepEqual(failures, [], `${failures.length} of ${all.length} cases failed`);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is clean');
    assert.equal(Object.hasOwn(Object.prototype, 'isFacilitator'), false);
    const health = await fetch(`${h.app.url}/api/health`);
    assert.equal(health.status, 200, 'still serving');
    assert.ok(
      logLines.every((l) => !l.includes(MARKER)),
      'no typed text reached the logs',
    );
    assert.ok(!logLines.some((l) => l.includes('"turn.error"')), 'no turn crashed');
    console.log(`      ${all.length} cases in ${elapsed} ms`);
  });
});
