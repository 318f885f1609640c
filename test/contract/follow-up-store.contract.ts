import assert from 'node:assert/strict';
import type { FollowUpStore } from '../../bot/reminders/ports.js';
import type { Reminder } from '../../bot/reminders/types.js';
import { EtagConflict, type RoundtableStore } from '../../bot/roundtable/ports.js';
import type { PersonRecord } from '../../bot/roundtable/types.js';
import { roundtable, step, uid } from './fixtures.js';

/** What the follow-up suite needs: the port, and the roundtable store to seed plans and rosters with. */
export interface FollowUpWorld {
  followUp: FollowUpStore;
  roundtables: RoundtableStore;
}

function reminder(over: Partial<Reminder> = {}): Reminder {
  return {
    id: uid('rem'),
    ownerId: uid('owner'),
    roundtableId: uid('rt'),
    caseAlias: 'J.T.',
    kind: 'due',
    dueAt: '2001-01-01T09:00:00.000Z',
    status: 'pending',
    attempts: 0,
    createdAt: '2001-01-01T08:00:00.000Z',
    ...over,
  };
}

/** The FollowUpStore contract: every implementation passes it unchanged. */
export function describeFollowUpStore(name: string, makeWorld: () => Promise<FollowUpWorld>): void {
  describe(`FollowUpStore contract: ${name}`, () => {
    let world: FollowUpWorld;
    before(async () => {
      world = await makeWorld();
    });

    it('stores a person by their Teams id (writing again replaces)', async () => {
      const person: PersonRecord = {
        id: uid('29:'),
        name: 'Caseworker',
        timeZone: 'Europe/Berlin',
        updatedAt: '2026-01-01T09:00:00.000Z',
      };
      assert.equal(await world.followUp.getPerson(person.id), undefined);
      await world.followUp.putPerson(person);
      await world.followUp.putPerson({ ...person, name: 'Renamed' });
      assert.deepEqual(await world.followUp.getPerson(person.id), { ...person, name: 'Renamed' });
    });

    it('creates a reminder once and replaces it under etag', async () => {
      const r = reminder();
      assert.equal(await world.followUp.createReminder(r), true);
      assert.equal(await world.followUp.createReminder({ ...r, kind: 'overdue' }), false);
      const read = await world.followUp.getReminder(r.ownerId, r.id);
      assert.deepEqual(read?.value, r);
      assert.ok(read);
      const claimed = await world.followUp.replaceReminder({ ...r, claimedBy: 'a' }, read.etag);
      assert.notEqual(claimed.etag, read.etag);
      await assert.rejects(world.followUp.replaceReminder({ ...r, claimedBy: 'b' }, read.etag), EtagConflict);
      assert.equal(await world.followUp.getReminder(uid('owner'), r.id), undefined, 'another partition');
    });

    it('lists due, unclaimed pending reminders, oldest first, at most max', async () => {
      const rtId = uid('rt');
      const now = new Date('2001-01-02T00:00:00.000Z');
      const first = reminder({ roundtableId: rtId, dueAt: '2000-12-30T09:00:00.000Z' });
      const second = reminder({ roundtableId: rtId, dueAt: '2000-12-31T09:00:00.000Z' });
      const third = reminder({ roundtableId: rtId, dueAt: '2001-01-01T09:00:00.000Z' });
      const leaseOver = reminder({
        roundtableId: rtId,
        dueAt: '2000-12-31T10:00:00.000Z',
        claimUntil: '2001-01-01T00:00:00.000Z',
      });
      const leased = reminder({
        roundtableId: rtId,
        dueAt: '2000-12-29T09:00:00.000Z',
        claimUntil: '2001-01-03T00:00:00.000Z',
      });
      const sent = reminder({ roundtableId: rtId, dueAt: '2000-12-29T09:00:00.000Z', status: 'sent' });
      const later = reminder({ roundtableId: rtId, dueAt: '2001-01-03T09:00:00.000Z' });
      for (const r of [third, later, sent, leased, second, leaseOver, first])
        await world.followUp.createReminder(r);
      const due = await world.followUp.dueReminders(now, 3);
      // At most `max`, oldest first (a partitioned query may hand back a shorter first page).
      assert.ok(due.length >= 1 && due.length <= 3);
      assert.deepEqual(
        due.map((d) => d.value.id),
        [first.id, second.id, leaseOver.id].slice(0, due.length),
      );
      assert.ok(due.every((d) => d.etag));
      const all = (await world.followUp.dueReminders(now, 50)).map((d) => d.value.id);
      assert.ok(all.includes(third.id));
      assert.ok(!all.includes(leased.id) && !all.includes(sent.id) && !all.includes(later.id));
      assert.equal(await world.followUp.deleteRemindersOf(rtId), 7);
    });

    it("lists and deletes one roundtable's reminders, across their owners", async () => {
      const rtId = uid('rt');
      const mine = [reminder({ roundtableId: rtId }), reminder({ roundtableId: rtId, status: 'sent' })];
      const other = reminder();
      for (const r of [...mine, other]) await world.followUp.createReminder(r);
      const listed = await world.followUp.remindersOf(rtId);
      assert.deepEqual(listed.map((r) => r.value.id).sort(), mine.map((r) => r.id).sort());
      assert.equal(await world.followUp.deleteRemindersOf(rtId), 2);
      assert.deepEqual(await world.followUp.remindersOf(rtId), []);
      assert.ok(await world.followUp.getReminder(other.ownerId, other.id));
      await world.followUp.deleteRemindersOf(other.roundtableId);
    });

    it("tells an ended roundtable's failed and undeliverable reminders, and which have left that state", async () => {
      if (!world.followUp.reminderProblems) return; // optional: callers filter remindersOf instead
      const rt = roundtable();
      await world.roundtables.createRoundtable(rt);
      assert.equal(await world.followUp.reminderProblems(rt.id), undefined, 'a running roundtable: unknown');
      const stored = await world.roundtables.getRoundtable(rt.id);
      await world.roundtables.replaceRoundtable({ ...rt, status: 'ended' }, stored!.etag);
      assert.deepEqual(await world.followUp.reminderProblems(rt.id), []);
      const [a, b, c] = [0, 1, 2].map(() => reminder({ roundtableId: rt.id }));
      for (const r of [a!, b!, c!]) await world.followUp.createReminder(r);
      const fail = async (r: Reminder, status: Reminder['status']) => {
        const found = (await world.followUp.getReminder(r.ownerId, r.id))!;
        return world.followUp.replaceReminder({ ...found.value, status }, found.etag);
      };
      await fail(a!, 'failed');
      await fail(b!, 'undeliverable');
      await fail(c!, 'sent');
      const problems = async () =>
        (await world.followUp.reminderProblems!(rt.id))!.map((r) => `${r.id}:${r.status}`).sort();
      assert.deepEqual(await problems(), [`${a!.id}:failed`, `${b!.id}:undeliverable`].sort());
      // Queued again (`reminders retry`): it leaves the list.
      await fail(a!, 'pending');
      assert.deepEqual(await problems(), [`${b!.id}:undeliverable`]);
      await world.followUp.deleteRemindersOf(rt.id);
      assert.deepEqual(await problems(), []);
    });

    it('finds the live steps people own, across roundtables', async () => {
      const me = uid('29:');
      const a = step(uid('rt'), me);
      const b = step(uid('rt'), me, { status: 'done' });
      const withdrawn = step(uid('rt'), me, { withdrawn: true });
      const someoneElse = step(a.roundtableId, uid('29:'));
      for (const s of [a, b, withdrawn, someoneElse]) await world.roundtables.addContribution(s);
      const found = await world.followUp.stepsOwnedBy([me]);
      assert.deepEqual(found.map((s) => s.id).sort(), [a.id, b.id].sort());
      assert.deepEqual(
        found.find((s) => s.id === a.id),
        a,
      );
      assert.deepEqual(await world.followUp.stepsOwnedBy([]), []);
    });

    it('finds the roundtables where a person has a role, each once', async () => {
      const me = uid('29:');
      const joined = '2026-01-01T09:00:00.000Z';
      const both = roundtable({
        roster: [
          { id: me, name: 'Me', role: 'supervisor', joinedAt: joined },
          { id: me, name: 'Me', role: 'supervisor', joinedAt: joined },
        ],
      });
      const otherRole = roundtable({
        roster: [{ id: me, name: 'Me', role: 'caseworker', joinedAt: joined }],
      });
      await world.roundtables.createRoundtable(both);
      await world.roundtables.createRoundtable(otherRole);
      assert.deepEqual(await world.followUp.roundtablesWhere(me, 'supervisor'), [both.id]);
    });
  });
}
