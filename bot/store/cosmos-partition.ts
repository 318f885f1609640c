import type { Container } from '@azure/cosmos';
import type { Versioned } from '../roundtable/ports.js';
import { queryRows, readDoc, strip } from './cosmos-documents.js';
import { currentPartition } from './partition-cache.js';
import { type Doc, scopedPartition } from './read-scope.js';

/**
 * Reads in a roundtable's partition of the `roundtables` container (or a preparation draft's): inside
 * a read scope (a turn) they are answered from the partition loaded once (only what changed since
 * this instance's last read of it: bot/store/partition-cache.ts); outside one, as point reads and
 * single-partition queries. Values are copies: a caller may change what it got.
 */

function scoped(container: Container, partitionKey: string) {
  return scopedPartition(container, partitionKey, () => currentPartition(container, partitionKey));
}

/** One document by id; undefined when it does not exist. */
export async function readInPartition<T>(
  container: Container,
  id: string,
  partitionKey: string,
  ...extra: string[]
): Promise<Versioned<T> | undefined> {
  const docs = scoped(container, partitionKey);
  if (!docs) return readDoc<T>(container, id, partitionKey, ...extra);
  const doc = (await docs).get(id);
  return doc ? { value: strip<T>(structuredClone(doc), ...extra), etag: doc._etag ?? '' } : undefined;
}

/** The documents of one `type` in a partition (without `extra` fields), in no particular order. */
export async function listInPartition<T>(
  container: Container,
  what: string,
  partitionKey: string,
  type: string,
  ...extra: string[]
): Promise<T[]> {
  const docs = scoped(container, partitionKey);
  const rows = docs
    ? [...(await docs).values()].filter((d) => d.type === type).map((d) => structuredClone(d))
    : await queryRows<Doc>(
        container,
        what,
        'SELECT * FROM c WHERE c.roundtableId = @rt AND c.type = @type',
        [
          { name: '@rt', value: partitionKey },
          { name: '@type', value: type },
        ],
        partitionKey,
      );
  return rows.map((d) => strip<T>(d, ...extra));
}
