import type { ExtractStore, StoredExtract } from '../../roundtable/roundtable-queue.js';
import type { MemoryContainer, MemoryDatabase } from './memory-database.js';

/** The document id of a tenant's extract (container `programme`, partition key = id), as the Cosmos store. */
const idOf = (tenantId: string) => `extract-${tenantId.toLowerCase()}`;

/** The coordinator's extracts in memory, as bot/store/cosmos-extract-store.ts (one per tenant, in `programme`). */
export class MemoryExtractStore implements ExtractStore {
  private readonly programme: MemoryContainer;

  constructor(database: MemoryDatabase) {
    this.programme = database.container('programme');
  }

  async putExtract(extract: StoredExtract) {
    const id = idOf(extract.tenantId);
    this.programme.upsert(id, { ...extract, id, type: 'extract' });
  }

  async getExtract(tenantId: string) {
    const found = this.programme.read<StoredExtract & { type?: string }>(
      idOf(tenantId),
      idOf(tenantId),
      'id',
    );
    if (found?.value.type !== 'extract') return undefined;
    const { type: _type, ...value } = found.value;
    return value as StoredExtract;
  }

  async deleteExtract(tenantId: string) {
    this.programme.remove(idOf(tenantId), idOf(tenantId));
  }
}
