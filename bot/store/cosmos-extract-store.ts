import type { Container, Database } from '@azure/cosmos';
import type { ExtractStore, StoredExtract } from '../roundtable/roundtable-queue.js';
import { guard, readDoc, statusOf } from './cosmos-documents.js';

/** The document id of a tenant's extract (container `programme`, partition key `/id`). */
const idOf = (tenantId: string) => `extract-${tenantId.toLowerCase()}`;

/** The coordinator's uploaded extract of children in care: one document per tenant in `programme`. */
export class CosmosExtractStore implements ExtractStore {
  private readonly programme: Container;

  constructor(database: Database) {
    this.programme = database.container('programme');
  }

  async putExtract(extract: StoredExtract) {
    const id = idOf(extract.tenantId);
    await guard('put extract', () => this.programme.items.upsert({ ...extract, id, type: 'extract' }));
  }

  async getExtract(tenantId: string) {
    const found = await readDoc<StoredExtract & { type?: string; id?: string }>(
      this.programme,
      idOf(tenantId),
      idOf(tenantId),
    );
    if (found?.value.type !== 'extract') return undefined;
    const { type: _type, id: _id, ...value } = found.value;
    return value as StoredExtract;
  }

  async deleteExtract(tenantId: string) {
    await guard('delete extract', async () => {
      try {
        await this.programme.item(idOf(tenantId), idOf(tenantId)).delete();
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
    });
  }
}
