import type { Container, Database } from '@azure/cosmos';
import type { RetentionStore } from '../roundtable/retention-rules.js';
import { guard, queryRows, removeDoc } from './cosmos-documents.js';

/**
 * The daily retention pass's queries (bot/roundtable/retention-rules.ts): cross-partition selects of ids by age,
 * then point deletes. Every query filters on the document type; roundtables under legal hold are skipped.
 */
export class CosmosRetentionStore implements RetentionStore {
  private readonly roundtables: Container;
  private readonly programme: Container;
  private readonly reminders: Container;
  private readonly people: Container;

  constructor(database: Database) {
    this.roundtables = database.container('roundtables');
    this.programme = database.container('programme');
    this.reminders = database.container('reminders');
    this.people = database.container('people');
  }

  async heldRoundtables() {
    const rows = await queryRows<{ id: string }>(
      this.roundtables,
      'held roundtables',
      "SELECT c.id FROM c WHERE c.type = 'roundtable' AND IS_DEFINED(c.legalHold)",
      [],
    );
    return new Set(rows.map((r) => r.id));
  }

  async deleteDraftsBefore(iso: string) {
    const rows = await queryRows<{ id: string; roundtableId: string }>(
      this.roundtables,
      'old drafts',
      "SELECT c.id, c.roundtableId FROM c WHERE c.type = 'preparation' AND STARTSWITH(c.roundtableId, 'prep-') AND c.updatedAt < @iso",
      [{ name: '@iso', value: iso }],
    );
    return this.remove(
      this.roundtables,
      rows.map((r) => [r.id, r.roundtableId]),
    );
  }

  async deleteInvitationsBefore(iso: string, held: Set<string>) {
    const rows = await queryRows<{ id: string; roundtableId: string }>(
      this.roundtables,
      'old invitations',
      "SELECT c.id, c.roundtableId FROM c WHERE c.type = 'invitation' AND c.invitedAt < @iso",
      [{ name: '@iso', value: iso }],
    );
    return this.remove(
      this.roundtables,
      rows.filter((r) => !held.has(r.roundtableId)).map((r) => [r.id, r.roundtableId]),
    );
  }

  async deletePeopleBefore(iso: string) {
    // Someone with a pending reminder is kept: the reminder needs their 1:1 chat's address.
    const waiting = await queryRows<{ ownerId: string }>(
      this.reminders,
      'people with pending reminders',
      "SELECT c.ownerId FROM c WHERE c.status = 'pending'",
      [],
    );
    const keep = new Set(waiting.map((w) => w.ownerId));
    const rows = await queryRows<{ id: string; personId?: string }>(
      this.people,
      'old people',
      'SELECT c.id, c.personId FROM c WHERE c.updatedAt < @iso',
      [{ name: '@iso', value: iso }],
    );
    return this.remove(
      this.people,
      rows.filter((r) => !keep.has(r.personId ?? r.id)).map((r) => [r.id, r.id]),
    );
  }

  async deleteFinishedRemindersBefore(iso: string, held: Set<string>) {
    const rows = await queryRows<{ id: string; ownerId: string; roundtableId: string }>(
      this.reminders,
      'old reminders',
      "SELECT c.id, c.ownerId, c.roundtableId FROM c WHERE c.status != 'pending' AND c.createdAt < @iso",
      [{ name: '@iso', value: iso }],
    );
    return this.remove(
      this.reminders,
      rows.filter((r) => !held.has(r.roundtableId)).map((r) => [r.id, r.ownerId]),
    );
  }

  async deleteAggregatesBefore(iso: string) {
    const rows = await queryRows<{ id: string }>(
      this.programme,
      'old programme months',
      "SELECT c.id FROM c WHERE c.type = 'programme-month' AND c.month < @month",
      [{ name: '@month', value: iso.slice(0, 7) }],
    );
    return this.remove(
      this.programme,
      rows.map((r) => [r.id, r.id]),
    );
  }

  async deleteExtractsBefore(iso: string) {
    const rows = await queryRows<{ id: string }>(
      this.programme,
      'old extracts',
      "SELECT c.id FROM c WHERE c.type = 'extract' AND c.uploadedAt < @iso",
      [{ name: '@iso', value: iso }],
    );
    return this.remove(
      this.programme,
      rows.map((r) => [r.id, r.id]),
    );
  }

  async deleteDeletionRecordsBefore(iso: string) {
    const rows = await queryRows<{ id: string }>(
      this.programme,
      'old deletion records',
      "SELECT c.id FROM c WHERE c.type = 'deletion' AND c.at < @iso",
      [{ name: '@iso', value: iso }],
    );
    return this.remove(
      this.programme,
      rows.map((r) => [r.id, r.id]),
    );
  }

  private async remove(container: Container, docs: [id: string, pk: string][]): Promise<number> {
    return guard('retention delete', async () => {
      let n = 0;
      for (const [id, pk] of docs) if (await removeDoc(container, id, pk)) n++;
      return n;
    });
  }
}
