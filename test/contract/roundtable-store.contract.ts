import assert from 'node:assert/strict';
import { EtagConflict, type RoundtableStore } from '../../bot/roundtable/ports.js';
import type {
  AuditEntry,
  BrainstormIdea,
  CaseSummary,
  Role,
  RosterEntry,
} from '../../bot/roundtable/types.js';
import { chatPointer, roundtable, step, uid } from './fixtures.js';

function idea(roundtableId: string, authorId: string, createdAt: string, id = uid('c')): BrainstormIdea {
  return {
    id,
    roundtableId,
    kind: 'idea',
    questionKey: 'q1',
    author: { id: authorId, name: authorId },
    text: 'Family finding on the father’s side',
    createdAt,
    updatedAt: createdAt,
  };
}

const summary: CaseSummary = {
  children: [{ alias: 'J.T.', age: 9 }],
  timeInCare: '2 years',
  placement: 'Foster home',
  legalStatus: '',
  currentGoal: '',
  connections: '',
  strengths: '',
  needs: '',
  tried: '',
  updatedBy: { id: 'cw', name: 'C' },
  updatedAt: '2026-01-01T09:00:00.000Z',
};

/** The RoundtableStore contract: every implementation passes it unchanged. */
export function describeRoundtableStore(name: string, makeStore: () => Promise<RoundtableStore>): void {
  describe(`RoundtableStore contract: ${name}`, () => {
    let store: RoundtableStore;
    before(async () => {
      store = await makeStore();
    });

    it('finds the active roundtables whose time box ran out and was not said yet, and no others', async () => {
      const phase = (over: object) => [
        { key: 'clarify' as const, plannedMinutes: 20, spentMs: 0, visited: true, ...over },
      ];
      const past = '2026-03-01T10:00:00.000Z';
      const ranOut = roundtable({ phases: phase({ timerEndsAt: past }) });
      const said = roundtable({ phases: phase({ timerEndsAt: past, timeUpPosted: past }) });
      const running = roundtable({ phases: phase({ timerEndsAt: '2026-03-01T12:00:00.000Z' }) });
      const ended = roundtable({ status: 'ended', phases: phase({ timerEndsAt: past }) });
      const none = roundtable();
      for (const rt of [ranOut, said, running, ended, none]) await store.createRoundtable(rt);
      const found = await store.timeBoxesRunOut(new Date('2026-03-01T11:00:00.000Z'));
      const ours = [ranOut, said, running, ended, none].map((r) => r.id);
      assert.deepEqual(
        found.filter((id) => ours.includes(id)),
        [ranOut.id],
      );
    });

    it('creates a roundtable once: the second create is false and the first stays', async () => {
      const rt = roundtable();
      assert.equal(await store.createRoundtable(rt), true);
      assert.equal(await store.createRoundtable({ ...rt, caseAlias: 'Other' }), false);
      const read = await store.getRoundtable(rt.id);
      assert.deepEqual(read?.value, rt);
      assert.ok(read?.etag);
      assert.equal(await store.getRoundtable(uid('rt')), undefined);
    });

    it('replaces under the current etag; a stale etag is an EtagConflict', async () => {
      const rt = roundtable();
      await store.createRoundtable(rt);
      const first = await store.getRoundtable(rt.id);
      assert.ok(first);
      const replaced = await store.replaceRoundtable({ ...rt, revision: 2 }, first.etag);
      assert.notEqual(replaced.etag, first.etag);
      assert.equal((await store.getRoundtable(rt.id))?.value.revision, 2);
      await assert.rejects(store.replaceRoundtable({ ...rt, revision: 3 }, first.etag), EtagConflict);
      assert.equal((await store.getRoundtable(rt.id))?.value.revision, 2);
    });

    it('creates a chat pointer once; a second create or a stale etag is an EtagConflict', async () => {
      const pointer = chatPointer(uid('rt'));
      assert.equal(await store.getChat(pointer.conversationId), undefined);
      await store.putChat(pointer);
      await assert.rejects(store.putChat(pointer), EtagConflict);
      const read = await store.getChat(pointer.conversationId);
      assert.deepEqual(read?.value, pointer);
      assert.ok(read);
      const next = { ...pointer, history: [...pointer.history, 'rt-2'] };
      await store.putChat(next, read.etag);
      await assert.rejects(store.putChat(pointer, read.etag), EtagConflict);
      assert.deepEqual((await store.getChat(pointer.conversationId))?.value, next);
    });

    it('stores a contribution once: a replay is false and does not overwrite', async () => {
      const rtId = uid('rt');
      const c = idea(rtId, 'a', '2026-01-01T09:00:00.000Z');
      assert.equal(await store.addContribution(c), true);
      assert.equal(await store.addContribution({ ...c, text: 'changed' }), false);
      const read = await store.getContribution(rtId, c.id);
      assert.deepEqual(read?.value, c);
      assert.ok(read);
      await store.replaceContribution({ ...c, withdrawn: true }, read.etag);
      await assert.rejects(store.replaceContribution({ ...c, text: 'late' }, read.etag), EtagConflict);
      assert.equal((await store.getContribution(rtId, c.id))?.value.withdrawn, true);
      assert.equal(await store.getContribution(uid('rt'), c.id), undefined, 'another partition');
    });

    it('lists contributions of one roundtable only, oldest first, then by id', async () => {
      const rtId = uid('rt');
      const other = uid('rt');
      const late = idea(rtId, 'a', '2026-01-01T10:00:00.000Z');
      const sameA = idea(rtId, 'a', '2026-01-01T09:00:00.000Z', 'c-a');
      const sameB = idea(rtId, 'b', '2026-01-01T09:00:00.000Z', 'c-b');
      const s = step(rtId, 'cw', { createdAt: '2026-01-01T09:30:00.000Z' });
      for (const c of [late, sameB, s, sameA]) await store.addContribution(c);
      await store.addContribution(idea(other, 'a', '2026-01-01T08:00:00.000Z'));
      const listed = await store.listContributions(rtId);
      assert.deepEqual(
        listed.map((c) => c.id),
        [sameA.id, sameB.id, s.id, late.id],
      );
      assert.equal((await store.listContributions(other)).length, 1);
    });

    it('counts recent ideas by author, in that roundtable only', async () => {
      const rtId = uid('rt');
      const mine = idea(rtId, 'me', '2026-01-01T09:00:30.000Z');
      await store.addContribution(mine);
      await store.addContribution(idea(rtId, 'me', '2026-01-01T08:59:00.000Z'));
      await store.addContribution(idea(rtId, 'you', '2026-01-01T09:00:40.000Z'));
      await store.addContribution(step(rtId, 'me', { createdAt: '2026-01-01T09:00:50.000Z' }));
      await store.addContribution(idea(uid('rt'), 'me', '2026-01-01T09:00:50.000Z'));
      assert.deepEqual(await store.recentIdeasBy(rtId, 'me', '2026-01-01T09:00:00.000Z'), [mine.id]);
    });

    it('creates the case summary and the plan once, then replaces them under etag', async () => {
      const rtId = uid('rt');
      assert.equal(await store.getCaseSummary(rtId), undefined);
      await store.putCaseSummary(rtId, summary);
      await assert.rejects(store.putCaseSummary(rtId, summary), EtagConflict);
      const s = await store.getCaseSummary(rtId);
      assert.deepEqual(s?.value, summary);
      assert.ok(s);
      await store.putCaseSummary(rtId, { ...summary, placement: 'Kin' }, s.etag);
      await assert.rejects(store.putCaseSummary(rtId, summary, s.etag), EtagConflict);

      const plan = { ratings: { 'J.T.': 'good' }, draft: true };
      assert.equal(await store.getPlan(rtId), undefined);
      await store.putPlan(rtId, plan);
      await assert.rejects(store.putPlan(rtId, plan), EtagConflict);
      const p = await store.getPlan(rtId);
      assert.deepEqual(p?.value, plan);
      assert.ok(p);
      await store.putPlan(rtId, { ...plan, draft: false }, p.etag);
      await assert.rejects(store.putPlan(rtId, plan, p.etag), EtagConflict);
      assert.equal((await store.getPlan(rtId))?.value.draft, false);
      assert.equal(await store.getPlan(uid('rt')), undefined, 'another partition');
    });

    it('lists the audit trail of one roundtable only, oldest first', async () => {
      const rtId = uid('rt');
      const entry = (at: string, rt = rtId): AuditEntry => ({
        id: uid('audit'),
        roundtableId: rt,
        at,
        actorId: 'fac',
        event: 'roundtable.started',
      });
      const later = entry('2026-01-01T10:00:00.000Z');
      const earlier = entry('2026-01-01T09:00:00.000Z');
      await store.addAudit(later);
      await store.addAudit(earlier);
      await store.addAudit(entry('2026-01-01T08:00:00.000Z', uid('rt')));
      assert.deepEqual(await store.listAudit(rtId), [earlier, later]);
    });

    it("deletes a roundtable's partition and nothing else", async () => {
      const rt = roundtable();
      const other = roundtable();
      await store.createRoundtable(rt);
      await store.createRoundtable(other);
      await store.addContribution(idea(rt.id, 'a', '2026-01-01T09:00:00.000Z'));
      await store.putPlan(rt.id, { ratings: {}, draft: true });
      await store.addContribution(idea(other.id, 'a', '2026-01-01T09:00:00.000Z'));
      await store.deleteRoundtable(rt.id);
      assert.equal(await store.getRoundtable(rt.id), undefined);
      assert.equal(await store.getPlan(rt.id), undefined);
      assert.deepEqual(await store.listContributions(rt.id), []);
      assert.ok(await store.getRoundtable(other.id));
      assert.equal((await store.listContributions(other.id)).length, 1);
      await store.deleteRoundtable(rt.id);
    });

    const entry = (id: string, role: Role, joinedAt: string): RosterEntry => ({
      id,
      name: `Person ${id}`,
      role,
      joinedAt,
    });

    it("creates a person's member document once, then replaces it under its etag; a stale etag is an EtagConflict", async () => {
      const rt = roundtable();
      await store.createRoundtable(rt);
      const person = '29:1a-Bc/?#x y';
      assert.equal(await store.getMember(rt.id, person), undefined);
      await store.putMember(rt.id, person, entry(person, 'other', '2026-01-01T09:01:00.000Z'));
      await assert.rejects(
        store.putMember(rt.id, person, entry(person, 'scribe', '2026-01-01T09:01:00.000Z')),
        EtagConflict,
      );
      const first = await store.getMember(rt.id, person);
      assert.equal(first?.value?.role, 'other');
      await store.putMember(
        rt.id,
        person,
        { ...entry(person, 'other', '2026-01-01T09:01:00.000Z'), requestedRole: 'supervisor' },
        first?.etag,
      );
      await assert.rejects(store.putMember(rt.id, person, null, first?.etag), EtagConflict);
      assert.equal((await store.getMember(rt.id, person))?.value?.requestedRole, 'supervisor');
      assert.equal(await store.getMember(roundtable().id, person), undefined, 'another roundtable has none');
    });

    it('reads the roster with the roundtable: its stored copy (older roundtables: all of it), each member document in its place, new members by join time, removed people left out', async () => {
      const legacy = [
        entry('fac', 'facilitator', '2026-01-01T09:00:00.000Z'),
        entry('cw', 'other', '2026-01-01T09:00:30.000Z'),
        entry('gone', 'scribe', '2026-01-01T09:00:40.000Z'),
      ];
      const rt = roundtable({ roster: legacy });
      await store.createRoundtable(rt);
      const read = await store.getRoundtable(rt.id);
      assert.deepEqual(
        read?.value.roster,
        legacy,
        'a roundtable stored before member documents keeps its roster',
      );
      await store.putMember(rt.id, 'late', entry('late', 'other', '2026-01-01T09:03:00.000Z'));
      await store.putMember(rt.id, 'early', entry('early', 'scribe', '2026-01-01T09:02:00.000Z'));
      await store.putMember(rt.id, 'cw', entry('cw', 'caseworker', '2026-01-01T09:00:30.000Z'));
      await store.putMember(rt.id, 'gone', null);
      const after = await store.getRoundtable(rt.id);
      assert.deepEqual(
        after?.value.roster.map((r) => `${r.id}:${r.role}`),
        ['fac:facilitator', 'cw:caseworker', 'early:scribe', 'late:other'],
      );
      assert.equal(
        after?.etag,
        read?.etag,
        'member documents leave the roundtable document (and its etag) alone',
      );
      // The roundtable written back (a phase move) keeps its copy; the members still win.
      const moved = {
        ...rt,
        roster: [...legacy, entry('early', 'other', '2026-01-01T09:02:00.000Z')],
        revision: 2,
      };
      await store.replaceRoundtable(moved, after?.etag ?? '');
      const again = await store.getRoundtable(rt.id);
      assert.equal(again?.value.revision, 2);
      assert.deepEqual(
        again?.value.roster.map((r) => `${r.id}:${r.role}`),
        ['fac:facilitator', 'cw:caseworker', 'early:scribe', 'late:other'],
      );
    });

    it('reads the roundtable without its roster on request: the stored copy only, the same etag, undefined when absent', async () => {
      const rt = roundtable({ roster: [entry('fac', 'facilitator', '2026-01-01T09:00:00.000Z')] });
      await store.createRoundtable(rt);
      await store.putMember(rt.id, 'late', entry('late', 'other', '2026-01-01T09:03:00.000Z'));
      const full = await store.getRoundtable(rt.id);
      const bare = await store.getRoundtable(rt.id, { roster: false });
      assert.deepEqual(
        full?.value.roster.map((r) => r.id),
        ['fac', 'late'],
      );
      assert.deepEqual(
        bare?.value.roster.map((r) => r.id),
        ['fac'],
        'the copy as of the last write: a member document is not read',
      );
      assert.deepEqual({ ...bare?.value, roster: [] }, { ...full?.value, roster: [] });
      assert.equal(bare?.etag, full?.etag);
      assert.equal(await store.getRoundtable(uid('rt'), { roster: false }), undefined);
    });

    it('deletes member documents with their roundtable, and only its own', async () => {
      const rt = roundtable();
      const other = roundtable();
      await store.createRoundtable(rt);
      await store.createRoundtable(other);
      await store.putMember(rt.id, 'p', entry('p', 'other', '2026-01-01T09:01:00.000Z'));
      await store.putMember(other.id, 'p', entry('p', 'scribe', '2026-01-01T09:01:00.000Z'));
      await store.deleteRoundtable(rt.id);
      assert.equal(await store.getMember(rt.id, 'p'), undefined);
      assert.equal((await store.getMember(other.id, 'p'))?.value?.role, 'scribe');
      assert.deepEqual(
        (await store.getRoundtable(other.id))?.value.roster.map((r) => r.id),
        ['fac', 'p'],
      );
    });
  });
}
