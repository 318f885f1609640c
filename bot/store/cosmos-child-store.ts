import type { Container, Database } from '@azure/cosmos';
import { type ChildRecord, type ChildRecordStore, childIdOf } from '../roundtable/child-types.js';
import { guard, queryPartition, queryRows, readDoc, removeDoc, writeDoc } from './cosmos-documents.js';

/** Fields the store adds to a child record: its type tag and the container's partition key. */
const ADDED = ['type', 'roundtableId'];

/**
 * Child records (bot/roundtable/child-types.ts) in the `roundtables` container, in the case's own partition
 * (`roundtableId` = caseKey): a child is a point read, a case's children one partition-scoped query.
 */
export class CosmosChildStore implements ChildRecordStore {
  private readonly roundtables: Container;

  constructor(database: Database) {
    this.roundtables = database.container('roundtables');
  }

  async getChild(caseKey: string, childAlias: string) {
    const found = await readDoc<ChildRecord & { type?: string }>(
      this.roundtables,
      childIdOf(childAlias),
      caseKey,
      'roundtableId',
    );
    if (found?.value.type !== 'child') return undefined;
    const { type: _t, ...value } = found.value;
    return { value: value as ChildRecord, etag: found.etag };
  }

  async putChild(record: ChildRecord, etag?: string) {
    await writeDoc(
      this.roundtables,
      { ...record, type: 'child', roundtableId: record.caseKey },
      record.caseKey,
      etag,
      `child record ${record.id}`,
    );
  }

  async childrenOfCase(caseKey: string) {
    return queryPartition<ChildRecord>(
      this.roundtables,
      'children of a case',
      caseKey,
      'SELECT * FROM c WHERE c.roundtableId = @pk AND c.type = "child"',
      [{ name: '@pk', value: caseKey }],
      ...ADDED,
    );
  }

  async childrenOfTenant(tenantId: string | undefined) {
    const query =
      tenantId === undefined
        ? 'SELECT * FROM c WHERE c.type = "child" AND NOT IS_DEFINED(c.tenantId)'
        : 'SELECT * FROM c WHERE c.type = "child" AND c.tenantId = @tenant';
    const rows = await queryRows<Record<string, unknown>>(
      this.roundtables,
      'children of a tenant',
      query,
      tenantId === undefined ? [] : [{ name: '@tenant', value: tenantId }],
    );
    return rows.map((d) => {
      const { type: _t, roundtableId: _r, _rid, _self, _etag, _attachments, _ts, ...value } = d;
      return value as unknown as ChildRecord;
    });
  }

  async deleteCase(caseKey: string) {
    const ids = await queryRows<string>(
      this.roundtables,
      'child records of a case',
      'SELECT VALUE c.id FROM c WHERE c.roundtableId = @pk AND c.type = "child"',
      [{ name: '@pk', value: caseKey }],
      caseKey,
    );
    let n = 0;
    for (const id of ids)
      if (await guard(`delete ${id}`, () => removeDoc(this.roundtables, id, caseKey))) n++;
    return n;
  }
}
