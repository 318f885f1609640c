import type { PreparationStore } from '../../roundtable/ports.js';
import type { Invitation, Preparation, SystemicBarrier } from '../../roundtable/records.js';
import { deepFreeze } from '../frozen.js';
import { oldestFirst } from '../oldest-first.js';
import { type MemoryContainer, type MemoryDatabase, strip } from './memory-database.js';

/** The preparation document's id in its partition (one per partition). */
const PREPARATION_ID = 'preparation';

/**
 * PreparationStore in memory, laid out as bot/store/cosmos-preparation-store.ts: a draft in its own
 * `prep-…` partition of `roundtables`, invitations and barrier answers in the roundtable's partition.
 */
export class MemoryPreparationStore implements PreparationStore {
  private readonly roundtables: MemoryContainer;

  constructor(database: MemoryDatabase) {
    this.roundtables = database.container('roundtables');
  }

  async getPreparation(partition: string) {
    const found = this.roundtables.read<Preparation & { preparedFor?: string }>(
      PREPARATION_ID,
      partition,
      'type',
      'id',
      'roundtableId',
    );
    if (!found) return undefined;
    const { preparedFor, ...rest } = found.value;
    return { value: { ...rest, ...(preparedFor ? { roundtableId: preparedFor } : {}) }, etag: found.etag };
  }

  async putPreparation(partition: string, p: Preparation, etag?: string) {
    const { roundtableId: _ignored, ...rest } = p;
    const doc = {
      ...rest,
      ...(p.roundtableId ? { preparedFor: p.roundtableId } : {}),
      id: PREPARATION_ID,
      type: 'preparation',
      roundtableId: partition,
    };
    this.roundtables.write(partition, doc, etag, 'preparation');
  }

  async deletePreparation(partition: string) {
    this.roundtables.remove(PREPARATION_ID, partition);
  }

  private ofType<T>(partition: string, type: string): T[] {
    return this.roundtables
      .inPartition(partition)
      .filter((d) => d.value.type === type)
      .map((d) => deepFreeze(strip<T>(d.value, 'type')));
  }

  private readTyped<T>(partition: string, id: string, type: string) {
    const found = this.roundtables.read<T & { type?: string }>(id, partition);
    if (found?.value.type !== type) return undefined;
    const { type: _type, ...value } = found.value;
    return { value: value as T, etag: found.etag };
  }

  async getInvitation(roundtableId: string, id: string) {
    return this.readTyped<Invitation>(roundtableId, id, 'invitation');
  }

  async putInvitation(inv: Invitation, etag?: string) {
    this.roundtables.write(inv.roundtableId, { ...inv, type: 'invitation' }, etag, 'invitation');
  }

  async listInvitations(roundtableId: string) {
    return this.ofType<Invitation>(roundtableId, 'invitation').sort(oldestFirst('invitedAt'));
  }

  async getBarrier(roundtableId: string, id: string) {
    return this.readTyped<SystemicBarrier>(roundtableId, id, 'barrier');
  }

  async putBarrier(b: SystemicBarrier, etag?: string) {
    this.roundtables.write(b.roundtableId, { ...b, type: 'barrier' }, etag, 'barrier');
  }

  async listBarriers(roundtableId: string) {
    return this.ofType<SystemicBarrier>(roundtableId, 'barrier').sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    );
  }

  async barrierRegister() {
    return this.roundtables
      .all()
      .map((d) => d.value)
      .filter((d) => d.type === 'barrier' && d.inRegister === true && d.practice === false)
      .map((d) => strip<SystemicBarrier>(d, 'type'))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async expiredPractice(now: Date) {
    const iso = now.toISOString();
    return this.roundtables
      .all()
      .map((d) => d.value)
      .filter(
        (d) =>
          d.type === 'roundtable' &&
          d.practice === true &&
          typeof d.deleteAfter === 'string' &&
          d.deleteAfter <= iso,
      )
      .map((d) => d.id);
  }
}
