import type { Container } from '@azure/cosmos';
import type { Versioned } from '../roundtable/ports.js';
import { queryRows, readDoc, strip } from './cosmos-documents.js';
import { deepFreeze } from './frozen.js';
import { currentPartition } from './partition-cache.js';
import { type Doc, scopedPartition } from './read-scope.js';

/**
 * Reads in a roundtable's partition of the `roundtables` container (or a preparation draft's): inside
 * a read scope (a turn) they are answered from the partition loaded once (only what changed since
 * this instance's last read of it: bot/store/partition-cache.ts); outside one, as point reads and
 * single-partition queries. A read's value is a copy the caller may change; a list's are shared (see `made`).
 */

function scoped(container: Container, partitionKey: string) {
  return scopedPartition(container, partitionKey, () => currentPartition(container, partitionKey));
}

/**
 * What was made from a partition copy's document, by document object. A copy never changes a document in place (a
 * changed one comes back from the database as a new object), so what is made once serves every later turn until
 * the document changes: its JSON (a read's copy is parsed from it, cheaper than cloning the object) and its listed
 * values by the fields left out. A listed value is shared and frozen, deeply (its nested parts are the document's
 * own, frozen with it): a caller that changed one would change what every later turn reads, and fails loudly instead.
 */
interface Made {
  json?: string;
  listed: Map<string, unknown>;
}
const made = new WeakMap<Doc, Made>();

function madeFrom(doc: Doc): Made {
  let m = made.get(doc);
  if (!m) {
    m = { listed: new Map() };
    made.set(doc, m);
  }
  return m;
}

/** A copy of the document the caller may change. */
function copyOf(doc: Doc): Doc {
  const m = madeFrom(doc);
  m.json ??= JSON.stringify(doc);
  return JSON.parse(m.json) as Doc;
}

function sharedValue<T>(doc: Doc, fields: string, extra: readonly string[]): T {
  const m = madeFrom(doc).listed;
  let value = m.get(fields) as T | undefined;
  if (value === undefined) {
    value = deepFreeze(strip<T>(doc, ...extra));
    m.set(fields, value);
  }
  return value;
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
  return doc ? { value: strip<T>(copyOf(doc), ...extra), etag: doc._etag ?? '' } : undefined;
}

/**
 * The documents of one `type` in a partition (without `extra` fields), in no particular order. In a turn they are
 * shared and frozen (see `made`): a caller copies one before it changes it.
 */
export async function listInPartition<T>(
  container: Container,
  what: string,
  partitionKey: string,
  type: string,
  ...extra: string[]
): Promise<T[]> {
  const docs = scoped(container, partitionKey);
  if (docs) {
    const out: T[] = [];
    const fields = extra.join('|');
    for (const d of (await docs).values()) if (d.type === type) out.push(sharedValue<T>(d, fields, extra));
    return out;
  }
  const rows = await queryRows<Doc>(
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
