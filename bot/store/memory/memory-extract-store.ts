import type { ExtractStore, StoredExtract } from '../../roundtable/roundtable-queue.js';

/** The coordinator's extracts in memory, as bot/store/cosmos-extract-store.ts (one per tenant). */
export class MemoryExtractStore implements ExtractStore {
  private readonly extracts = new Map<string, StoredExtract>();

  async putExtract(extract: StoredExtract) {
    this.extracts.set(extract.tenantId.toLowerCase(), structuredClone(extract));
  }

  async getExtract(tenantId: string) {
    const found = this.extracts.get(tenantId.toLowerCase());
    return found ? structuredClone(found) : undefined;
  }

  async deleteExtract(tenantId: string) {
    this.extracts.delete(tenantId.toLowerCase());
  }
}
