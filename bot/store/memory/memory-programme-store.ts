import type { ProgrammeStore } from '../../roundtable/ports.js';
import type { BarrierRegisterEntry, DeletionRecord, DownloadLink } from '../../roundtable/records.js';
import type { PersonRecord, Roundtable } from '../../roundtable/types.js';
import { type MemoryContainer, type MemoryDatabase, type MemoryDoc, strip } from './memory-database.js';

/** The roundtable's chat tenant as stored (undefined: a chat without one). */
function tenantOf(d: MemoryDoc): string | undefined {
  return (d.chat as { tenantId?: string } | undefined)?.tenantId;
}

/** ProgrammeStore in memory: container `programme` (pk id) plus queries over the others, as in Cosmos DB. */
export class MemoryProgrammeStore implements ProgrammeStore {
  private readonly programme: MemoryContainer;
  private readonly roundtables: MemoryContainer;
  private readonly reminders: MemoryContainer;
  private readonly people: MemoryContainer;

  constructor(database: MemoryDatabase) {
    this.programme = database.container('programme');
    this.roundtables = database.container('roundtables');
    this.reminders = database.container('reminders');
    this.people = database.container('people');
  }

  private roundtableDocs(): MemoryDoc[] {
    return this.roundtables
      .all()
      .map((d) => d.value)
      .filter((d) => d.type === 'roundtable');
  }

  private ofType(type: string): MemoryDoc[] {
    return this.programme
      .all()
      .map((d) => d.value)
      .filter((d) => d.type === type);
  }

  async roundtablesByAlias(alias: string, tenantId: string | undefined) {
    return this.roundtableDocs()
      .filter((d) => String(d.caseAlias).toLowerCase() === alias.toLowerCase() && tenantOf(d) === tenantId)
      .map((d) => strip<Roundtable>(d, 'type', 'roundtableId'));
  }

  async roundtablesWithRole(role: string) {
    return this.roundtableDocs()
      .map((d) => strip<Roundtable>(d, 'type', 'roundtableId'))
      .filter((rt) => rt.roster.some((r) => r.role === role));
  }

  async peopleByAadIds(aadIds: string[]) {
    const ids = new Set(aadIds);
    return this.people
      .all()
      .map((d) => d.value as unknown as PersonRecord)
      .filter((p) => p.aadObjectId !== undefined && ids.has(p.aadObjectId));
  }

  async createBarrier(b: BarrierRegisterEntry) {
    return this.programme.create(b.id, { ...b, type: 'barrier' });
  }

  async getBarrier(id: string) {
    const found = this.programme.read<BarrierRegisterEntry & { type?: string }>(id, id);
    if (found?.value.type !== 'barrier') return undefined;
    const { type: _type, ...value } = found.value;
    return { value: value as BarrierRegisterEntry, etag: found.etag };
  }

  async replaceBarrier(b: BarrierRegisterEntry, etag: string) {
    this.programme.write(b.id, { ...b, type: 'barrier' }, etag, 'barrier');
  }

  async listBarriers(tenantId: string | undefined) {
    return this.ofType('barrier')
      .filter((d) => d.tenantId === tenantId)
      .map((d) => strip<BarrierRegisterEntry>(d, 'type'))
      .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
  }

  async deleteBarriersOf(roundtableId: string) {
    let n = 0;
    for (const d of this.ofType('barrier'))
      if (d.roundtableId === roundtableId && this.programme.remove(d.id, d.id)) n++;
    return n;
  }

  async createDownload(link: DownloadLink) {
    this.programme.create(link.id, { ...link, type: 'download' });
  }

  async getDownload(id: string) {
    const found = this.programme.read<DownloadLink & { type?: string }>(id, id);
    if (found?.value.type !== 'download') return undefined;
    const { type: _type, ...value } = found.value;
    return { value: value as DownloadLink, etag: found.etag };
  }

  async replaceDownload(link: DownloadLink, etag: string) {
    this.programme.write(link.id, { ...link, type: 'download' }, etag, 'download');
  }

  async deleteExpiredDownloads(iso: string) {
    let n = 0;
    for (const d of this.ofType('download'))
      if (String(d.expiresAt) < iso && this.programme.remove(d.id, d.id)) n++;
    return n;
  }

  async addDeletion(record: DeletionRecord) {
    this.programme.create(record.id, { ...record, type: 'deletion' });
  }

  async listDeletions() {
    return this.ofType('deletion')
      .map((d) => strip<DeletionRecord>(d, 'type'))
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  async closedPlansBefore(iso: string) {
    const ids = this.roundtables
      .all()
      .map((d) => d.value)
      .filter((d) => {
        const closed = d.closed as { at?: string } | undefined;
        return d.type === 'plan' && closed !== undefined && String(closed.at) < iso;
      })
      .map((d) => String(d.roundtableId));
    return [...new Set(ids)];
  }

  async deleteRoundtableDocuments(roundtableId: string) {
    let n = 0;
    for (const { value } of this.roundtables.inPartition(roundtableId))
      if (this.roundtables.remove(value.id, roundtableId)) n++;
    return n;
  }

  async deleteRemindersOf(roundtableId: string) {
    let deleted = 0;
    let pending = 0;
    for (const { value } of this.reminders.all()) {
      if (value.roundtableId !== roundtableId) continue;
      if (this.reminders.remove(value.id, String(value.ownerId))) {
        deleted++;
        if (value.status === 'pending') pending++;
      }
    }
    return { deleted, pending };
  }
}
