/**
 * The child's connections and living situation in the domain (memory stores): who may, racing writers under etag
 * (nothing lost), the case's children across its roundtables and tenants, practice kept out; and the page builder:
 * protected fields on the page and in the case-file lines, never in the one-line facts a chat card may carry.
 */
import assert from 'node:assert/strict';
import {
  addConnection,
  childrenOfCase,
  recordLivingSituation,
  removeConnection,
  storedChild,
} from '../../bot/roundtable/child-connections.js';
import { childFacts, childPage } from '../../bot/roundtable/child-page.js';
import { type DomainContext, domainContext } from '../../bot/roundtable/context.js';
import { startRoundtable } from '../../bot/roundtable/lifecycle.js';
import type { Outcome } from '../../bot/roundtable/outcome.js';
import type { Actor } from '../../bot/roundtable/permissions.js';
import { assignRole } from '../../bot/roundtable/roles.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import type { ChatAddress, Roundtable } from '../../bot/roundtable/types.js';
import { memoryStores } from '../../bot/store/memory/memory-stores.js';

const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER = 'bbbbbbbb-0000-4000-8000-000000000002';
let n = 0;

function value<T>(o: Outcome<T>): T {
  if (!o.ok) assert.fail(`${o.failure.code}: ${o.failure.message}`);
  return o.value;
}

describe('child connections (domain, memory stores)', () => {
  let domain: DomainContext;
  const chatOf = (tenantId: string): ChatAddress => ({
    conversationId: `19:chat-${++n}`,
    serviceUrl: 'http://localhost',
    tenantId,
    reference: {},
  });
  const actor = (id: string, chat: ChatAddress): Actor => ({
    person: { id, name: id },
    conversationId: chat.conversationId,
    tenantId: chat.tenantId,
  });

  /** A roundtable of `alias` in `tenant`, Fran facilitating, Casey the caseworker, its summary naming `children`. */
  async function caseRoundtable(alias: string, tenant: string, children: string[], practice = false) {
    const chat = chatOf(tenant);
    const fran = actor('fran', chat);
    const rt: Roundtable = value(
      await startRoundtable(domain, fran, alias, chat, practice ? { practice: true } : {}),
    );
    value(await assignRole(domain, fran, rt.id, { id: 'casey', name: 'Casey' }, 'caseworker'));
    value(await assignRole(domain, fran, rt.id, { id: 'max', name: 'Max' }, 'consultant'));
    await domain.store.putCaseSummary(rt.id, {
      children: children.map((a) => ({ alias: a })),
      timeInCare: '',
      placement: '',
      legalStatus: '',
      currentGoal: '',
      connections: '',
      strengths: '',
      needs: '',
      tried: '',
      updatedBy: { id: 'casey', name: 'Casey' },
      updatedAt: new Date().toISOString(),
    });
    return { rt, chat, fran, casey: actor('casey', chat), max: actor('max', chat) };
  }

  beforeEach(() => {
    const stores = memoryStores();
    domain = domainContext({
      store: stores.roundtables,
      records: stores.records,
      programme: stores.programme,
      children: stores.children,
      settings: DEFAULT_SETTINGS,
    });
  });

  const link = (i: number) => ({
    relationship: `mentor ${i}`,
    committed: i % 2 === 0,
    contact: 'in-person',
    frequency: 'monthly',
    name: `Person Number${i}`,
  });

  it('child connections: racing writers (caseworker and facilitator at once) lose nothing: every connection and living situation is kept', async () => {
    const { rt, fran, casey } = await caseRoundtable('Q.R.', TENANT, ['Q.A.']);
    const adds = Array.from({ length: 8 }, (_, i) =>
      addConnection(domain, i % 2 ? fran : casey, rt.id, 'Q.A.', link(i)),
    );
    const living = recordLivingSituation(domain, casey, rt.id, 'q.a.', {
      key: 'foster-family',
      since: '2026-01-01',
    });
    const outcomes = await Promise.all([...adds, living]);
    assert.deepEqual(
      outcomes.map((o) => o.ok),
      outcomes.map(() => true),
    );
    const record = (await storedChild(domain, rt, 'Q.A.'))?.value;
    assert.equal(record?.connections.length, 8);
    assert.equal(record?.living.length, 1);
    assert.equal(record?.childAlias, 'Q.A.', 'the alias as the case summary writes it');
  });

  it('child connections: only plan owners and facilitators; another tenant’s or a practice roundtable: not found', async () => {
    const { rt, max } = await caseRoundtable('Q.R.', TENANT, ['Q.A.']);
    const refused = await addConnection(domain, max, rt.id, 'Q.A.', link(1));
    assert.equal(refused.ok ? 'ok' : refused.failure.code, 'forbidden');
    const stranger = actor('casey', chatOf(OTHER));
    const other = await addConnection(domain, stranger, rt.id, 'Q.A.', link(1));
    assert.equal(other.ok ? 'ok' : other.failure.code, 'not-found');
    const practice = await caseRoundtable('P.R.', TENANT, ['P.A.'], true);
    const none = await addConnection(domain, practice.casey, practice.rt.id, 'P.A.', link(1));
    assert.equal(none.ok ? 'ok' : none.failure.code, 'not-found');
    assert.equal(await storedChild(domain, rt, 'Q.A.'), undefined, 'nothing was written');
  });

  it('child connections: the case’s children come from every roundtable of the case in its tenant, never another tenant’s', async () => {
    const first = await caseRoundtable('Q.R.', TENANT, ['Q.A.']);
    await caseRoundtable('q.r.', TENANT, ['Q.B.', 'q.a.']);
    await caseRoundtable('Q.R.', OTHER, ['Z.Z.']);
    const rt = first.rt;
    value(await addConnection(domain, first.casey, rt.id, 'Q.A.', link(2)));
    const aliases = (await childrenOfCase(domain, rt)).map((c) => c.alias);
    assert.deepEqual(aliases, ['Q.A.', 'Q.B.'], 'both roundtables of the case, each child once');
    const unknown = await addConnection(domain, first.casey, rt.id, 'Z.Z.', link(2));
    assert.equal(unknown.ok ? 'ok' : unknown.failure.code, 'not-found');
  });

  it('child page: protected fields on the page and in the case-file lines, never in the facts a chat card may carry; removed ones kept', async () => {
    const { rt, casey } = await caseRoundtable('Q.R.', TENANT, ['Q.A.']);
    const kept = value(
      await addConnection(domain, casey, rt.id, 'Q.A.', { ...link(0), details: '555-0100' }),
    );
    const gone = value(await addConnection(domain, casey, rt.id, 'Q.A.', link(1)));
    value(await removeConnection(domain, casey, rt.id, 'Q.A.', gone.id));
    value(await recordLivingSituation(domain, casey, rt.id, 'Q.A.', { key: 'relatives' }));
    const record = (await storedChild(domain, rt, 'Q.A.'))?.value;
    const facts = childFacts(record, DEFAULT_SETTINGS);
    assert.equal(facts, '1 lifelong connection, 1 committed; living: With relatives');
    const page = childPage(
      { roundtableId: rt.id, caseAlias: rt.caseAlias, childAlias: 'Q.A.', siblings: ['Q.A.'] },
      record,
      DEFAULT_SETTINGS,
    );
    assert.deepEqual(
      page.connections.map((c) => [c.id, c.name, Boolean(c.removedAt)]),
      [
        [kept.id, 'Person Number0', false],
        [gone.id, 'Person Number1', true],
      ],
    );
    assert.equal(page.outcome, undefined, 'outcome not recorded');
    assert.doesNotMatch(facts, /Person|555/);
    const empty = childPage(
      { roundtableId: rt.id, caseAlias: rt.caseAlias, childAlias: 'Q.B.', siblings: [] },
      undefined,
      DEFAULT_SETTINGS,
    );
    assert.equal(empty.recorded, false);
    assert.equal(
      childFacts(undefined, DEFAULT_SETTINGS),
      'no lifelong connection recorded; living: not recorded',
    );
  });
});
