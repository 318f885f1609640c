/**
 * The roster in member documents (issue #28, bot/roundtable/roster.ts), on the in-memory stores (the store
 * part is in the RoundtableStore contract, on Cosmos too): roundtables stored before member documents keep
 * working, joins leave the roundtable document and its revision alone, rights changes keep the roundtable's
 * copy (which the cross-roundtable queries by role read) up to date.
 */
import assert from 'node:assert/strict';
import { type DomainContext, domainContext } from '../../bot/roundtable/context.js';
import type { Actor } from '../../bot/roundtable/permissions.js';
import { EtagConflict } from '../../bot/roundtable/ports.js';
import { answerRoleRequest, assignRole, joinAs } from '../../bot/roundtable/roles.js';
import { removeFacilitator, removeFromChat } from '../../bot/roundtable/roster-changes.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import type { RosterEntry, Roundtable } from '../../bot/roundtable/types.js';
import { memoryStores } from '../../bot/store/memory/memory-stores.js';
import { roundtable } from '../contract/fixtures.js';

const AT = '2026-01-01T09:00:00.000Z';

describe('roster in member documents', () => {
  let stores: ReturnType<typeof memoryStores>;
  let domain: DomainContext;
  let rt: Roundtable;
  const actor = (id: string): Actor => ({
    person: { id, name: `Name ${id}` },
    conversationId: rt.chat.conversationId,
  });
  const entry = (id: string, role: RosterEntry['role']): RosterEntry => ({
    id,
    name: `Name ${id}`,
    role,
    joinedAt: AT,
  });
  const read = async () => (await stores.roundtables.getRoundtable(rt.id))?.value as Roundtable;
  /** The roundtable document as stored (its roster copy, no member documents). */
  const stored = () => stores.database.container('roundtables').read<Roundtable>(rt.id, rt.id)?.value;
  const roles = async () =>
    (await read()).roster.map((r) => `${r.id}:${r.role}${r.requestedRole ? `>${r.requestedRole}` : ''}`);

  beforeEach(async () => {
    stores = memoryStores();
    domain = domainContext({
      store: stores.roundtables,
      records: stores.records,
      programme: stores.programme,
      children: stores.children,
      settings: DEFAULT_SETTINGS,
      now: () => new Date('2026-01-01T10:00:00.000Z'),
    });
    // Stored before member documents: the whole roster on the roundtable document.
    rt = roundtable({
      facilitatorIds: ['fac', 'co'],
      roster: [
        entry('fac', 'facilitator'),
        entry('co', 'facilitator'),
        entry('cw', 'caseworker'),
        entry('p1', 'other'),
      ],
    });
    await stores.roundtables.createRoundtable(rt);
  });

  it('a roundtable stored before member documents keeps its roster through joins, a confirmed request, removals', async () => {
    assert.deepEqual(await roles(), ['fac:facilitator', 'co:facilitator', 'cw:caseworker', 'p1:other']);
    assert.ok((await joinAs(domain, actor('p2'), rt.id, 'scribe')).ok);
    assert.ok((await joinAs(domain, actor('p1'), rt.id, 'supervisor')).ok);
    assert.deepEqual(await roles(), [
      'fac:facilitator',
      'co:facilitator',
      'cw:caseworker',
      'p1:other>supervisor',
      'p2:scribe',
    ]);
    assert.equal((await read()).revision, rt.revision, 'joins and requests leave every open card current');
    assert.equal(stored()?.roster.length, 4, 'the roundtable document was not written');
    assert.ok((await answerRoleRequest(domain, actor('fac'), rt.id, 'p1', true)).ok);
    assert.equal((await read()).revision, rt.revision + 1, 'a rights change moves the revision');
    assert.equal(stored()?.roster.find((r) => r.id === 'p1')?.role, 'supervisor', 'and the copy holds it');
    assert.deepEqual(await stores.followUp.roundtablesWhere('p1', 'supervisor'), [rt.id]);
    assert.ok((await removeFromChat(domain, rt.id, ['cw', 'p2'])).ok);
    assert.ok((await removeFacilitator(domain, actor('fac'), rt.id, { id: 'co', name: 'Name co' })).ok);
    assert.deepEqual(await roles(), ['fac:facilitator', 'co:other', 'p1:supervisor']);
    assert.deepEqual(await stores.followUp.roundtablesWhere('cw', 'caseworker'), []);
    assert.deepEqual((await read()).removedIds, ['cw', 'p2']);
  });

  it("a facilitator's role change of someone who joined (a member document) stands; their later join does not undo it", async () => {
    assert.ok((await joinAs(domain, actor('p3'), rt.id, 'other')).ok);
    assert.ok(
      (await assignRole(domain, actor('fac'), rt.id, { id: 'p3', name: 'Name p3' }, 'barrier-buster')).ok,
    );
    const again = await joinAs(domain, actor('p3'), rt.id, 'scribe');
    assert.ok(again.ok);
    assert.equal(again.notice, 'You are on the roster as barrier buster.');
    assert.equal((await read()).roster.find((r) => r.id === 'p3')?.role, 'barrier-buster');
    assert.equal(stored()?.roster.find((r) => r.id === 'p3')?.role, 'barrier-buster');
  });

  it("a rights change whose roundtable write lost a race still reaches the roundtable's copy on the retry", async () => {
    const original = stores.roundtables.replaceRoundtable.bind(stores.roundtables);
    let calls = 0;
    stores.roundtables.replaceRoundtable = async (value, etag) => {
      calls++;
      // Someone else wrote the roundtable document first (a phase move from a copy without the change).
      if (calls === 1) throw new EtagConflict('roundtable');
      return original(value, etag);
    };
    const given = await assignRole(domain, actor('fac'), rt.id, { id: 'p1', name: 'Name p1' }, 'supervisor');
    assert.ok(given.ok);
    assert.equal(calls, 2);
    assert.equal(stored()?.roster.find((r) => r.id === 'p1')?.role, 'supervisor');
    assert.deepEqual(await stores.followUp.roundtablesWhere('p1', 'supervisor'), [rt.id]);
  });

  it('30 joins at once: everyone on the roster once, the roundtable document untouched', async () => {
    const before = stored();
    const ids = Array.from({ length: 30 }, (_, i) => `j${i}`);
    const results = await Promise.all(ids.map((id) => joinAs(domain, actor(id), rt.id, 'other')));
    assert.ok(results.every((r) => r.ok));
    const roster = (await read()).roster;
    for (const id of ids) assert.equal(roster.filter((r) => r.id === id).length, 1, id);
    assert.deepEqual(stored(), before);
  });
});
