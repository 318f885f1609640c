import type { RetentionStore } from '../../roundtable/retention-rules.js';
import type { MemoryContainer, MemoryDatabase, MemoryDoc } from './memory-database.js';

/**
 * The daily retention pass's selects and deletes in memory, as bot/store/cosmos-retention-store.ts: every
 * select filters on the document type; roundtables under legal hold are skipped.
 */
export class MemoryRetentionStore implements RetentionStore {
  private readonly roundtables: MemoryContainer;
  private readonly programme: MemoryContainer;
  private readonly reminders: MemoryContainer;
  private readonly people: MemoryContainer;

  constructor(database: MemoryDatabase) {
    this.roundtables = database.container('roundtables');
    this.programme = database.container('programme');
    this.reminders = database.container('reminders');
    this.people = database.container('people');
  }

  async heldRoundtables() {
    const held = this.docs(this.roundtables).filter(
      (d) => d.type === 'roundtable' && d.legalHold !== undefined,
    );
    return new Set(held.map((d) => d.id));
  }

  async deleteDraftsBefore(iso: string) {
    const old = this.docs(this.roundtables).filter(
      (d) =>
        d.type === 'preparation' && String(d.roundtableId).startsWith('prep-') && String(d.updatedAt) < iso,
    );
    return this.remove(
      this.roundtables,
      old.map((d) => [d.id, String(d.roundtableId)]),
    );
  }

  async deleteInvitationsBefore(iso: string, held: Set<string>) {
    const old = this.docs(this.roundtables).filter(
      (d) => d.type === 'invitation' && String(d.invitedAt) < iso && !held.has(String(d.roundtableId)),
    );
    return this.remove(
      this.roundtables,
      old.map((d) => [d.id, String(d.roundtableId)]),
    );
  }

  async deletePeopleBefore(iso: string) {
    // Someone with a pending reminder is kept: the reminder needs their 1:1 chat's address.
    const keep = new Set(
      this.docs(this.reminders)
        .filter((r) => r.status === 'pending')
        .map((r) => String(r.ownerId)),
    );
    const old = this.docs(this.people).filter((p) => String(p.updatedAt) < iso && !keep.has(p.id));
    return this.remove(
      this.people,
      old.map((p) => [p.id, p.id]),
    );
  }

  async deleteFinishedRemindersBefore(iso: string, held: Set<string>) {
    const old = this.docs(this.reminders).filter(
      (r) => r.status !== 'pending' && String(r.createdAt) < iso && !held.has(String(r.roundtableId)),
    );
    return this.remove(
      this.reminders,
      old.map((r) => [r.id, String(r.ownerId)]),
    );
  }

  async deleteAggregatesBefore(iso: string) {
    const old = this.docs(this.programme).filter(
      (d) => d.type === 'programme-month' && String(d.month) < iso.slice(0, 7),
    );
    return this.remove(
      this.programme,
      old.map((d) => [d.id, d.id]),
    );
  }

  async deleteDeletionRecordsBefore(iso: string) {
    const old = this.docs(this.programme).filter((d) => d.type === 'deletion' && String(d.at) < iso);
    return this.remove(
      this.programme,
      old.map((d) => [d.id, d.id]),
    );
  }

  async deleteExtractsBefore(iso: string) {
    const old = this.docs(this.programme).filter((d) => d.type === 'extract' && String(d.uploadedAt) < iso);
    return this.remove(
      this.programme,
      old.map((d) => [d.id, d.id]),
    );
  }

  private docs(container: MemoryContainer): MemoryDoc[] {
    return container.all().map((d) => d.value);
  }

  private remove(container: MemoryContainer, docs: [id: string, pk: string][]): number {
    let n = 0;
    for (const [id, pk] of docs) if (container.remove(id, pk)) n++;
    return n;
  }
}
