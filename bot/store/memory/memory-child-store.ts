import type { ChildRecord, ChildRecordStore } from '../../roundtable/child-types.js';
import { childIdOf } from '../../roundtable/child-types.js';
import type { MemoryContainer, MemoryDatabase } from './memory-database.js';

/** Child records in memory, as the Cosmos store: in `roundtables`, in the case's own partition. */
export class MemoryChildStore implements ChildRecordStore {
  private readonly roundtables: MemoryContainer;

  constructor(database: MemoryDatabase) {
    this.roundtables = database.container('roundtables');
  }

  async getChild(caseKey: string, childAlias: string) {
    const found = this.roundtables.read<ChildRecord & { type?: string; roundtableId?: string }>(
      childIdOf(childAlias),
      caseKey,
    );
    if (found?.value.type !== 'child') return undefined;
    const { type: _t, roundtableId: _r, ...value } = found.value;
    return { value: value as ChildRecord, etag: found.etag };
  }

  async putChild(record: ChildRecord, etag?: string) {
    this.roundtables.write(
      record.caseKey,
      { ...record, type: 'child', roundtableId: record.caseKey },
      etag,
      `child record ${record.id}`,
    );
  }

  async childrenOfCase(caseKey: string) {
    return this.roundtables
      .inPartition(caseKey)
      .filter((d) => d.value.type === 'child')
      .map((d) => strip(d.value));
  }

  async childrenOfTenant(tenantId: string | undefined) {
    return this.roundtables
      .all()
      .filter((d) => d.value.type === 'child' && (d.value.tenantId ?? undefined) === tenantId)
      .map((d) => strip(d.value));
  }

  async deleteCase(caseKey: string) {
    let n = 0;
    for (const d of this.roundtables.inPartition(caseKey))
      if (d.value.type === 'child' && this.roundtables.remove(d.value.id, caseKey)) n++;
    return n;
  }
}

function strip(doc: Record<string, unknown>): ChildRecord {
  const { type: _t, roundtableId: _r, ...value } = doc;
  return value as unknown as ChildRecord;
}
