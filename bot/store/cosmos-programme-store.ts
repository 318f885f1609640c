import type { Container, Database } from '@azure/cosmos';
import type { ProgrammeStore } from '../roundtable/ports.js';
import type { BarrierRegisterEntry, DeletionRecord, DownloadLink } from '../roundtable/records.js';
import type { PersonRecord, Roundtable } from '../roundtable/types.js';
import {
  createDoc,
  type Doc,
  guard,
  queryDocs,
  readDoc,
  removeDoc,
  strip,
  writeDoc,
} from './cosmos-documents.js';

/** ProgrammeStore on Cosmos DB: container `programme` (pk /id) plus queries over the others. */
export class CosmosProgrammeStore implements ProgrammeStore {
  private readonly programme: Container;
  private readonly roundtables: Container;
  private readonly reminders: Container;
  private readonly people: Container;

  constructor(database: Database) {
    this.programme = database.container('programme');
    this.roundtables = database.container('roundtables');
    this.reminders = database.container('reminders');
    this.people = database.container('people');
  }

  async roundtablesByAlias(alias: string, tenantId: string | undefined) {
    const tenant = tenantId === undefined ? 'NOT IS_DEFINED(c.chat.tenantId)' : 'c.chat.tenantId = @tenant';
    const rows = await queryDocs<Roundtable>(
      this.roundtables,
      'roundtables by alias',
      `SELECT * FROM c WHERE c.type = 'roundtable' AND LOWER(c.caseAlias) = @alias AND ${tenant}`,
      [
        { name: '@alias', value: alias.toLowerCase() },
        ...(tenantId === undefined ? [] : [{ name: '@tenant', value: tenantId }]),
      ],
      'type',
      'roundtableId',
    );
    return rows.map((r) => r.value);
  }

  async roundtablesWithRole(role: string) {
    const rows = await queryDocs<Roundtable>(
      this.roundtables,
      'roundtables by role',
      "SELECT VALUE c FROM c JOIN r IN c.roster WHERE c.type = 'roundtable' AND r.role = @role",
      [{ name: '@role', value: role }],
      'type',
      'roundtableId',
    );
    return [...new Map(rows.map((r) => [r.value.id, r.value])).values()];
  }

  async peopleByAadIds(aadIds: string[]) {
    if (aadIds.length === 0) return [];
    const rows = await queryDocs<PersonRecord & { personId: string }>(
      this.people,
      'people by aad id',
      'SELECT * FROM c WHERE ARRAY_CONTAINS(@ids, c.aadObjectId)',
      [{ name: '@ids', value: aadIds }],
    );
    return rows.map(({ value: { personId, ...rest } }) => ({ ...rest, id: personId }) as PersonRecord);
  }

  async createBarrier(b: BarrierRegisterEntry) {
    return createDoc(this.programme, { ...b, type: 'barrier' }, 'barrier');
  }

  async getBarrier(id: string) {
    const found = await readDoc<BarrierRegisterEntry & { type?: string }>(this.programme, id, id, 'type');
    return found?.value.id.startsWith('bar-') ? found : undefined;
  }

  async replaceBarrier(b: BarrierRegisterEntry, etag: string) {
    await writeDoc(this.programme, { ...b, type: 'barrier' }, b.id, etag, 'barrier');
  }

  async listBarriers(tenantId: string | undefined) {
    const tenant = tenantId === undefined ? 'NOT IS_DEFINED(c.tenantId)' : 'c.tenantId = @tenant';
    const rows = await queryDocs<BarrierRegisterEntry>(
      this.programme,
      'barriers',
      `SELECT * FROM c WHERE c.type = 'barrier' AND ${tenant}`,
      tenantId === undefined ? [] : [{ name: '@tenant', value: tenantId }],
      'type',
    );
    return rows.map((r) => r.value).sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
  }

  async deleteBarriersOf(roundtableId: string) {
    return this.deleteWhere(
      this.programme,
      "SELECT c.id FROM c WHERE c.type = 'barrier' AND c.roundtableId = @rt",
      roundtableId,
      (d) => d.id,
    );
  }

  async createDownload(link: DownloadLink) {
    await createDoc(this.programme, { ...link, type: 'download' }, 'download');
  }

  async getDownload(id: string) {
    const found = await readDoc<DownloadLink & { type?: string }>(this.programme, id, id);
    if (found?.value.type !== 'download') return undefined;
    const { type: _type, ...value } = found.value;
    return { value: value as DownloadLink, etag: found.etag };
  }

  async replaceDownload(link: DownloadLink, etag: string) {
    await writeDoc(this.programme, { ...link, type: 'download' }, link.id, etag, 'download');
  }

  async deleteExpiredDownloads(iso: string) {
    return guard('expired downloads', async () => {
      const { resources } = await this.programme.items
        .query<{ id: string }>({
          query: "SELECT c.id FROM c WHERE c.type = 'download' AND c.expiresAt < @iso",
          parameters: [{ name: '@iso', value: iso }],
        })
        .fetchAll();
      let n = 0;
      for (const { id } of resources) if (await removeDoc(this.programme, id, id)) n++;
      return n;
    });
  }

  async addDeletion(record: DeletionRecord) {
    await createDoc(this.programme, { ...record, type: 'deletion' }, 'deletion');
  }

  async listDeletions() {
    const rows = await queryDocs<DeletionRecord>(
      this.programme,
      'deletions',
      "SELECT * FROM c WHERE c.type = 'deletion'",
      [],
      'type',
    );
    return rows.map((r) => r.value).sort((a, b) => a.at.localeCompare(b.at));
  }

  async closedPlansBefore(iso: string) {
    return guard('closed plans', async () => {
      const { resources } = await this.roundtables.items
        .query<{ roundtableId: string }>({
          query:
            "SELECT c.roundtableId FROM c WHERE c.type = 'plan' AND IS_DEFINED(c.closed) AND c.closed.at < @iso",
          parameters: [{ name: '@iso', value: iso }],
        })
        .fetchAll();
      return [...new Set(resources.map((r) => r.roundtableId))];
    });
  }

  async deleteRoundtableDocuments(roundtableId: string) {
    // Always filter on the partition key in WHERE (the local server ignores the partitionKey option).
    return this.deleteWhere(
      this.roundtables,
      'SELECT c.id FROM c WHERE c.roundtableId = @rt',
      roundtableId,
      () => roundtableId,
    );
  }

  async deleteRemindersOf(roundtableId: string) {
    return guard('delete reminders', async () => {
      const { resources } = await this.reminders.items
        .query<Doc>({
          query: 'SELECT * FROM c WHERE c.roundtableId = @rt',
          parameters: [{ name: '@rt', value: roundtableId }],
        })
        .fetchAll();
      let deleted = 0;
      let pending = 0;
      for (const d of resources) {
        const r = strip<{ id: string; ownerId: string; status: string }>(d);
        if (await removeDoc(this.reminders, r.id, r.ownerId)) {
          deleted++;
          if (r.status === 'pending') pending++;
        }
      }
      return { deleted, pending };
    });
  }

  private async deleteWhere(
    container: Container,
    query: string,
    roundtableId: string,
    pk: (d: { id: string }) => string,
  ): Promise<number> {
    return guard('delete documents', async () => {
      const { resources } = await container.items
        .query<{ id: string }>({ query, parameters: [{ name: '@rt', value: roundtableId }] })
        .fetchAll();
      let n = 0;
      for (const d of resources) if (await removeDoc(container, d.id, pk(d))) n++;
      return n;
    });
  }
}
