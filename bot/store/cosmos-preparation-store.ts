import type { Container, Database } from '@azure/cosmos';
import type { PreparationStore } from '../roundtable/ports.js';
import type { Invitation, Preparation, SystemicBarrier } from '../roundtable/records.js';
import { guard, queryDocs, removeDoc, writeDoc } from './cosmos-documents.js';
import { listInPartition, readInPartition } from './cosmos-partition.js';
import { oldestFirst } from './oldest-first.js';

/** The preparation document's id in its partition (one per partition). */
const PREPARATION_ID = 'preparation';

/**
 * PreparationStore on Cosmos DB, in the `roundtables` container (partition key `/roundtableId`):
 * a preparation draft in its own `prep-…` partition, the taken-over preparation, invitations and
 * barrier answers in the roundtable's partition, so deleting a roundtable's partition deletes them.
 */
export class CosmosPreparationStore implements PreparationStore {
  private readonly roundtables: Container;

  constructor(database: Database) {
    this.roundtables = database.container('roundtables');
  }

  async getPreparation(partition: string) {
    const found = await readInPartition<Preparation & { preparedFor?: string }>(
      this.roundtables,
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
    await writeDoc(this.roundtables, doc, partition, etag, 'preparation');
  }

  async deletePreparation(partition: string) {
    await guard('delete preparation', async () => {
      await removeDoc(this.roundtables, PREPARATION_ID, partition);
    });
  }

  async getInvitation(roundtableId: string, id: string) {
    return readInPartition<Invitation>(this.roundtables, id, roundtableId, 'type');
  }

  async putInvitation(inv: Invitation, etag?: string) {
    await writeDoc(this.roundtables, { ...inv, type: 'invitation' }, inv.roundtableId, etag, 'invitation');
  }

  async listInvitations(roundtableId: string) {
    const rows = await listInPartition<Invitation>(
      this.roundtables,
      'list invitations',
      roundtableId,
      'invitation',
      'type',
    );
    return rows.sort(oldestFirst('invitedAt'));
  }

  async getBarrier(roundtableId: string, id: string) {
    return readInPartition<SystemicBarrier>(this.roundtables, id, roundtableId, 'type');
  }

  async putBarrier(b: SystemicBarrier, etag?: string) {
    await writeDoc(this.roundtables, { ...b, type: 'barrier' }, b.roundtableId, etag, 'barrier');
  }

  async listBarriers(roundtableId: string) {
    const rows = await listInPartition<SystemicBarrier>(
      this.roundtables,
      'list barriers',
      roundtableId,
      'barrier',
      'type',
    );
    return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async barrierRegister() {
    // Cross-partition; practice roundtables' barriers are excluded in the query itself.
    const rows = await queryDocs<SystemicBarrier>(
      this.roundtables,
      'barrier register',
      "SELECT * FROM c WHERE c.type = 'barrier' AND c.inRegister = true AND c.practice = false",
      [],
      'type',
    );
    return rows.map((r) => r.value).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async expiredPractice(now: Date) {
    const rows = await queryDocs<{ id: string }>(
      this.roundtables,
      'expired practice',
      "SELECT c.id FROM c WHERE c.type = 'roundtable' AND c.practice = true AND c.deleteAfter <= @now",
      [{ name: '@now', value: now.toISOString() }],
    );
    return rows.map((r) => r.value.id);
  }
}
