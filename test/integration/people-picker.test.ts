/**
 * The people picker (#27 item 7): Teams adds a ChoiceSet's static choices to its Data.Query results, so a card
 * that sends both lists every chat member twice. Teams gets the query only; a client without Data.Query (the
 * Playground, reached through a connector on this machine) gets the static list only, each person once.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import { INPUTS } from '../../cards/contract.js';
import { phaseCard } from '../../cards/phase-card.js';
import { MEETING_CHAT_ID, member, people } from '../support/activities.js';
import { Harness } from '../support/harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp } = people;

type Json = Record<string, unknown>;

function pickers(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) for (const n of node) pickers(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Json;
    if (o.type === 'Input.ChoiceSet' && ('choices.data' in o || o.id === INPUTS.rolePerson)) out.push(o);
    for (const v of Object.values(o)) pickers(v, out);
  }
  return out;
}

function templates(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? templates(p) : f.endsWith('.json') ? [p] : [];
  });
}

describe('the people picker shows each chat member once', function () {
  this.timeout(60000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ storage: 'memory', teams: 'lenient' });
    h.fake.setMembers(
      MEETING_CHAT_ID,
      [fac, cw, sup, mp].map((p) => member(p)),
    );
  });
  afterEach(async () => {
    await h.close();
  });

  it('people picker: the Playground gets the static list only, Teams the Data.Query only (never both)', async () => {
    await h.say(fac, 'start J.T.');
    await h.joinAs(cw, 'participant');
    // Over HTTP, through the connector on this machine (the Playground's case): the static list, each once.
    const [local] = pickers(h.welcomeCard().card);
    assert.ok(local, 'the Welcome card has its people picker');
    assert.equal(local['choices.data'], undefined, 'no Data.Query beside the static list');
    const values = (local.choices as { value: string }[]).map((c) => c.value);
    assert.deepEqual([...values].sort(), [fac.id, cw.id, sup.id, mp.id].sort());
    assert.equal(new Set(values).size, values.length, 'each person once');

    // The same roundtable reached through Teams' connector: the query only, no static choices.
    const view = (await roundtableView(h.app.domain, (await forChat(h.app.domain, MEETING_CHAT_ID))!.id))!;
    const rt = {
      ...view.roundtable,
      chat: { ...view.roundtable.chat, serviceUrl: 'https://smba.trafficmanager.net/amer/' },
    };
    const teamsCard = phaseCard(
      { ...view, roundtable: rt, settings: h.app.domain.settings, now: new Date() },
      'welcome',
    );
    const [teams] = pickers(teamsCard);
    assert.ok(teams);
    assert.deepEqual(teams['choices.data'], {
      type: 'Data.Query',
      dataset: 'graph.microsoft.com/users?scope=currentContext',
    });
    assert.deepEqual(teams.choices, []);

    // Every people picker in cards/templates takes both lists from data chosen per client, never literal.
    const found = templates(join(__dirname, '../../cards/templates')).flatMap((file) =>
      pickers(JSON.parse(readFileSync(file, 'utf8'))).map((p) => ({ file, p })),
    );
    assert.ok(found.length >= 1);
    for (const { file, p } of found) {
      assert.equal(typeof p['choices.data'], 'string', `${file}: choices.data is bound to data`);
    }
  });
});
