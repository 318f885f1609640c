import assert from 'node:assert/strict';
import { EtagConflict, type PreparationStore, type RoundtableStore } from '../../bot/roundtable/ports.js';
import type { Invitation, Preparation, SystemicBarrier } from '../../bot/roundtable/records.js';
import { roundtable, uid } from './fixtures.js';

/** What the preparation suite needs: the port, and the roundtable store to seed roundtables with. */
export interface PreparationWorld {
  records: PreparationStore;
  roundtables: RoundtableStore;
}

const preparation: Preparation = {
  caseAlias: 'J.T.',
  preparedBy: { id: 'cw', name: 'C' },
  youthLiving: 'With my aunt',
  youthMatters: 'My brother',
  family: '',
  stakeholders: '',
  createdAt: '2026-01-01T09:00:00.000Z',
  updatedAt: '2026-01-01T09:00:00.000Z',
};

function invitation(roundtableId: string, invitedAt: string, id = uid('inv')): Invitation {
  return {
    id,
    roundtableId,
    caseAlias: 'J.T.',
    person: { id: uid('p'), name: 'P' },
    invitedBy: { id: 'fac', name: 'F' },
    invitedAt,
    meetingAt: '2026-06-01 14:00',
    status: 'invited',
  };
}

function barrier(roundtableId: string, over: Partial<SystemicBarrier> = {}): SystemicBarrier {
  const ideaId = uid('c');
  return {
    id: `barrier-${ideaId}`,
    roundtableId,
    ideaId,
    caseAlias: 'J.T.',
    category: 'policy',
    text: 'Kinship licensing rules',
    raisedBy: { id: 'a', name: 'A' },
    answer: { kind: 'needs-decision', by: { id: 'bb', name: 'B' }, at: '2026-01-01T09:00:00.000Z' },
    inRegister: true,
    registerStatus: 'open',
    practice: false,
    createdAt: '2026-01-01T09:00:00.000Z',
    updatedAt: '2026-01-01T09:00:00.000Z',
    ...over,
  };
}

/** The PreparationStore contract: every implementation passes it unchanged. */
export function describePreparationStore(name: string, makeWorld: () => Promise<PreparationWorld>): void {
  describe(`PreparationStore contract: ${name}`, () => {
    let world: PreparationWorld;
    before(async () => {
      world = await makeWorld();
    });

    it('creates a preparation once per partition, then replaces it under etag', async () => {
      const { records } = world;
      const draft = uid('prep');
      assert.equal(await records.getPreparation(draft), undefined);
      await records.putPreparation(draft, preparation);
      await assert.rejects(records.putPreparation(draft, preparation), EtagConflict);
      const read = await records.getPreparation(draft);
      assert.deepEqual(read?.value, preparation);
      assert.ok(read);
      await records.putPreparation(draft, { ...preparation, family: 'Mother agrees' }, read.etag);
      await assert.rejects(records.putPreparation(draft, preparation, read.etag), EtagConflict);
      await records.deletePreparation(draft);
      assert.equal(await records.getPreparation(draft), undefined);
      await records.deletePreparation(draft);
    });

    it("keeps a taken-over preparation's roundtable id", async () => {
      const rtId = uid('rt');
      const taken = { ...preparation, roundtableId: rtId };
      await world.records.putPreparation(rtId, taken);
      assert.deepEqual((await world.records.getPreparation(rtId))?.value, taken);
    });

    it('stores invitations under etag and lists one roundtable only, by invitation time then id', async () => {
      const { records } = world;
      const rtId = uid('rt');
      const late = invitation(rtId, '2026-01-02T09:00:00.000Z');
      const b = invitation(rtId, '2026-01-01T09:00:00.000Z', 'inv-b');
      const a = invitation(rtId, '2026-01-01T09:00:00.000Z', 'inv-a');
      for (const inv of [late, b, a]) await records.putInvitation(inv);
      await records.putInvitation(invitation(uid('rt'), '2026-01-01T08:00:00.000Z'));
      await assert.rejects(records.putInvitation(a), EtagConflict);
      const read = await records.getInvitation(rtId, a.id);
      assert.deepEqual(read?.value, a);
      assert.ok(read);
      await records.putInvitation({ ...a, status: 'confirmed' }, read.etag);
      await assert.rejects(records.putInvitation({ ...a, status: 'declined' }, read.etag), EtagConflict);
      assert.deepEqual(
        (await records.listInvitations(rtId)).map((i) => [i.id, i.status]),
        [
          [a.id, 'confirmed'],
          [b.id, 'invited'],
          [late.id, 'invited'],
        ],
      );
      assert.equal(await records.getInvitation(uid('rt'), a.id), undefined, 'another partition');
    });

    it('stores barrier answers under etag and lists one roundtable only, oldest first', async () => {
      const { records } = world;
      const rtId = uid('rt');
      const later = barrier(rtId, { createdAt: '2026-01-02T09:00:00.000Z' });
      const earlier = barrier(rtId);
      await records.putBarrier(later);
      await records.putBarrier(earlier);
      await records.putBarrier(barrier(uid('rt')));
      await assert.rejects(records.putBarrier(earlier), EtagConflict);
      const read = await records.getBarrier(rtId, earlier.id);
      assert.deepEqual(read?.value, earlier);
      assert.ok(read);
      await records.putBarrier({ ...earlier, registerStatus: 'decided' }, read.etag);
      await assert.rejects(records.putBarrier(earlier, read.etag), EtagConflict);
      assert.deepEqual(
        (await records.listBarriers(rtId)).map((b) => b.id),
        [earlier.id, later.id],
      );
    });

    it('the register holds answers needing a decision across roundtables, never practice ones', async () => {
      const { records } = world;
      const inOne = barrier(uid('rt'));
      const inOther = barrier(uid('rt'));
      const practice = barrier(uid('rt'), { practice: true });
      const solved = barrier(uid('rt'), { inRegister: false, registerStatus: 'decided' });
      for (const b of [inOne, inOther, practice, solved]) await records.putBarrier(b);
      const ids = new Set((await records.barrierRegister()).map((b) => b.id));
      assert.ok(ids.has(inOne.id) && ids.has(inOther.id));
      assert.ok(!ids.has(practice.id) && !ids.has(solved.id));
    });

    it('finds practice roundtables whose retention has passed, and no others', async () => {
      const now = new Date('2026-03-01T00:00:00.000Z');
      const expired = roundtable({ practice: true, deleteAfter: '2026-02-28T00:00:00.000Z' });
      const kept = roundtable({ practice: true, deleteAfter: '2026-03-02T00:00:00.000Z' });
      const real = roundtable({ deleteAfter: '2026-02-01T00:00:00.000Z' });
      for (const rt of [expired, kept, real]) await world.roundtables.createRoundtable(rt);
      const ids = await world.records.expiredPractice(now);
      assert.ok(ids.includes(expired.id));
      assert.ok(!ids.includes(kept.id) && !ids.includes(real.id));
      for (const rt of [expired, kept, real]) await world.roundtables.deleteRoundtable(rt.id);
    });
  });
}
