import assert from 'node:assert/strict';
import type { FollowUpStore } from '../../bot/reminders/ports.js';
import type { Reminder } from '../../bot/reminders/types.js';
import { registerEntryId } from '../../bot/roundtable/barrier-register.js';
import { downloadId } from '../../bot/roundtable/export.js';
import { EtagConflict, type ProgrammeStore, type RoundtableStore } from '../../bot/roundtable/ports.js';
import type { BarrierRegisterEntry, DeletionRecord, DownloadLink } from '../../bot/roundtable/records.js';
import { roundtable, uid } from './fixtures.js';

/** What the programme suite needs: the port, and the stores to seed roundtables, people and reminders with. */
export interface ProgrammeWorld {
  programme: ProgrammeStore;
  roundtables: RoundtableStore;
  followUp: FollowUpStore;
}

function entry(roundtableId: string, raisedAt: string): BarrierRegisterEntry {
  return {
    id: registerEntryId(roundtableId, uid('key')),
    roundtableId,
    caseAlias: 'J.T.',
    category: 'legal',
    text: 'Court dates too far apart',
    raisedAt,
    raisedBy: 'a',
    status: 'open',
    notes: [],
    source: 'brainstorm',
    updatedAt: raisedAt,
  };
}

function link(expiresAt: string): DownloadLink {
  return {
    id: downloadId(uid('token')),
    kind: 'case-file',
    personId: 'p',
    createdAt: '2026-01-01T09:00:00.000Z',
    expiresAt,
  };
}

function reminder(roundtableId: string, status: Reminder['status']): Reminder {
  return {
    id: uid('rem'),
    ownerId: uid('owner'),
    roundtableId,
    caseAlias: 'J.T.',
    kind: 'due',
    dueAt: '2026-01-01T09:00:00.000Z',
    status,
    attempts: 0,
    createdAt: '2026-01-01T09:00:00.000Z',
  };
}

/** The ProgrammeStore contract: every implementation passes it unchanged. */
export function describeProgrammeStore(name: string, makeWorld: () => Promise<ProgrammeWorld>): void {
  describe(`ProgrammeStore contract: ${name}`, () => {
    let world: ProgrammeWorld;
    before(async () => {
      world = await makeWorld();
    });

    it('creates a register entry once, replaces it under etag and lists entries oldest first', async () => {
      const { programme } = world;
      const rtId = uid('rt');
      const later = entry(rtId, '2026-01-02T09:00:00.000Z');
      const earlier = entry(rtId, '2026-01-01T09:00:00.000Z');
      assert.equal(await programme.createBarrier(later), true);
      assert.equal(await programme.createBarrier({ ...later, text: 'changed' }), false);
      assert.equal(await programme.createBarrier(earlier), true);
      const read = await programme.getBarrier(later.id);
      assert.deepEqual(read?.value, later);
      assert.ok(read);
      await programme.replaceBarrier({ ...later, status: 'escalated' }, read.etag);
      await assert.rejects(programme.replaceBarrier(later, read.etag), EtagConflict);
      const ours = (await programme.listBarriers(undefined)).filter((b) => b.roundtableId === rtId);
      assert.deepEqual(
        ours.map((b) => [b.id, b.status]),
        [
          [earlier.id, 'open'],
          [later.id, 'escalated'],
        ],
      );
    });

    it("lists one tenant's register entries only", async () => {
      const { programme } = world;
      const rtId = uid('rt');
      const tenantA = uid('tenant-a');
      const tenantB = uid('tenant-b');
      const a = { ...entry(rtId, '2026-01-01T09:00:00.000Z'), tenantId: tenantA };
      const b = { ...entry(uid('rt'), '2026-01-01T09:00:00.000Z'), tenantId: tenantB };
      await programme.createBarrier(a);
      await programme.createBarrier(b);
      assert.deepEqual(
        (await programme.listBarriers(tenantA)).map((x) => x.id),
        [a.id],
      );
      assert.deepEqual(
        (await programme.listBarriers(tenantB)).map((x) => x.id),
        [b.id],
      );
      const none = await programme.listBarriers(undefined);
      assert.ok(
        !none.some((x) => x.id === a.id || x.id === b.id),
        'tenant-less listing holds no tenant entry',
      );
    });

    it("deletes one roundtable's register entries only", async () => {
      const { programme } = world;
      const rtId = uid('rt');
      const other = entry(uid('rt'), '2026-01-01T09:00:00.000Z');
      await programme.createBarrier(entry(rtId, '2026-01-01T09:00:00.000Z'));
      await programme.createBarrier(entry(rtId, '2026-01-01T10:00:00.000Z'));
      await programme.createBarrier(other);
      assert.equal(await programme.deleteBarriersOf(rtId), 2);
      assert.ok(await programme.getBarrier(other.id));
    });

    it('uses a download link once under etag and deletes expired links only', async () => {
      const { programme } = world;
      const live = link('2026-01-02T00:00:00.000Z');
      const expired = link('2026-01-01T00:00:00.000Z');
      await programme.createDownload(live);
      await programme.createDownload(expired);
      const read = await programme.getDownload(live.id);
      assert.deepEqual(read?.value, live);
      assert.ok(read);
      assert.equal(await programme.getBarrier(live.id), undefined, 'a link is no register entry');
      await programme.replaceDownload({ ...live, usedAt: '2026-01-01T09:00:00.000Z' }, read.etag);
      await assert.rejects(programme.replaceDownload(live, read.etag), EtagConflict);
      assert.ok((await programme.deleteExpiredDownloads('2026-01-01T12:00:00.000Z')) >= 1);
      assert.equal(await programme.getDownload(expired.id), undefined);
      assert.ok(await programme.getDownload(live.id));
    });

    it('lists deletion records oldest first', async () => {
      const record = (at: string): DeletionRecord => ({
        id: uid('del'),
        roundtableId: uid('rt'),
        at,
        actorId: 'fac',
        trigger: 'facilitator',
        documents: 3,
        reminders: 1,
        barriers: 0,
      });
      const later = record('2026-01-02T09:00:00.000Z');
      const earlier = record('2026-01-01T09:00:00.000Z');
      await world.programme.addDeletion(later);
      await world.programme.addDeletion(earlier);
      const ours = (await world.programme.listDeletions()).filter(
        (d) => d.id === later.id || d.id === earlier.id,
      );
      assert.deepEqual(ours, [earlier, later]);
    });

    it('finds roundtables by alias, case-insensitively, within one tenant', async () => {
      const alias = `Case ${uid('x').slice(-8)}`;
      const inTenant = roundtable({ caseAlias: alias });
      inTenant.chat = { ...inTenant.chat, tenantId: 'tenant-a' };
      const otherTenant = roundtable({ caseAlias: alias });
      otherTenant.chat = { ...otherTenant.chat, tenantId: 'tenant-b' };
      const noTenant = roundtable({ caseAlias: alias.toUpperCase() });
      for (const rt of [inTenant, otherTenant, noTenant]) await world.roundtables.createRoundtable(rt);
      const found = await world.programme.roundtablesByAlias(alias.toLowerCase(), 'tenant-a');
      assert.deepEqual(
        found.map((r) => r.id),
        [inTenant.id],
      );
      assert.deepEqual(found[0], inTenant);
      assert.deepEqual(
        (await world.programme.roundtablesByAlias(alias, undefined)).map((r) => r.id),
        [noTenant.id],
      );
    });

    it('finds roundtables with a role on the roster, each once', async () => {
      const joined = '2026-01-01T09:00:00.000Z';
      const two = roundtable({
        roster: [
          { id: uid('p'), name: 'B1', role: 'barrier-buster', joinedAt: joined },
          { id: uid('p'), name: 'B2', role: 'barrier-buster', joinedAt: joined },
        ],
      });
      const none = roundtable();
      await world.roundtables.createRoundtable(two);
      await world.roundtables.createRoundtable(none);
      const ids = (await world.programme.roundtablesWithRole('barrier-buster')).map((r) => r.id);
      assert.equal(ids.filter((id) => id === two.id).length, 1);
      assert.ok(!ids.includes(none.id));
    });

    it('finds people by Entra object id', async () => {
      const aad = uid('aad');
      const person = {
        id: uid('29:'),
        name: 'Leader',
        aadObjectId: aad,
        updatedAt: '2026-01-01T09:00:00.000Z',
      };
      await world.followUp.putPerson(person);
      await world.followUp.putPerson({ ...person, id: uid('29:'), aadObjectId: uid('aad') });
      const found = await world.programme.peopleByAadIds([aad]);
      assert.deepEqual(
        found.map((p) => [p.id, p.name, p.aadObjectId]),
        [[person.id, 'Leader', aad]],
      );
      assert.deepEqual(await world.programme.peopleByAadIds([]), []);
    });

    it('finds plans closed before a time', async () => {
      const closed = uid('rt');
      const recent = uid('rt');
      const open = uid('rt');
      const by = { id: 'cw', name: 'C' };
      await world.roundtables.putPlan(closed, {
        ratings: {},
        draft: false,
        closed: { at: '2025-01-01T00:00:00.000Z', by, outcome: 'adoption' },
      });
      await world.roundtables.putPlan(recent, {
        ratings: {},
        draft: false,
        closed: { at: '2026-06-01T00:00:00.000Z', by, outcome: 'adoption' },
      });
      await world.roundtables.putPlan(open, { ratings: {}, draft: false });
      const ids = await world.programme.closedPlansBefore('2026-01-01T00:00:00.000Z');
      assert.ok(ids.includes(closed));
      assert.ok(!ids.includes(recent) && !ids.includes(open));
      for (const id of [closed, recent, open]) await world.programme.deleteRoundtableDocuments(id);
    });

    it("deletes every document of one roundtable's partition and nothing else", async () => {
      const rt = roundtable();
      const other = roundtable();
      await world.roundtables.createRoundtable(rt);
      await world.roundtables.putPlan(rt.id, { ratings: {}, draft: true });
      await world.roundtables.createRoundtable(other);
      assert.equal(await world.programme.deleteRoundtableDocuments(rt.id), 2);
      assert.equal(await world.roundtables.getRoundtable(rt.id), undefined);
      assert.ok(await world.roundtables.getRoundtable(other.id));
      assert.equal(await world.programme.deleteRoundtableDocuments(rt.id), 0);
    });

    it("deletes one roundtable's reminders and counts the pending ones", async () => {
      const rtId = uid('rt');
      const kept = reminder(uid('rt'), 'pending');
      await world.followUp.createReminder(reminder(rtId, 'pending'));
      await world.followUp.createReminder(reminder(rtId, 'sent'));
      await world.followUp.createReminder(kept);
      assert.deepEqual(await world.programme.deleteRemindersOf(rtId), { deleted: 2, pending: 1 });
      assert.ok(await world.followUp.getReminder(kept.ownerId, kept.id));
    });
  });
}
