import type { Container } from '@azure/cosmos';
import { queryRows } from './cosmos-documents.js';
import type { Doc } from './read-scope.js';

/**
 * This instance's copy of recently read roundtable partitions, never served unchecked. A turn's first
 * read of a partition sends one query that returns only what changed since the copy was made: every
 * document whose `_ts` (the server's last-modified second) is at or after the newest `_ts` in the
 * copy (but for the versions of that second the copy holds, by etag), plus the partition's head documents
 * (the roundtable, a preparation) whether changed or not.
 * A write made after the copy has a `_ts` at or after that second (the server stamps it when it
 * stores it), so another instance's writes are seen at the next turn, as with a full read. Deletions
 * leave no document to return: a head missing from the answer means the partition is being deleted
 * (documents are only ever deleted with their partition, or the preparation on its own), so the copy
 * is dropped and the partition read whole. A partition without a head is not kept.
 */

/** Partitions kept per database client (least recently used dropped first). */
const MAX_PARTITIONS = 500;

/** Ids of the documents whose absence shows a deletion: the roundtable (id = partition key), a preparation. */
const PREPARATION_ID = 'preparation';

interface Copy {
  docs: ReadonlyMap<string, Doc>;
  /** The newest `_ts` among the documents. */
  since: number;
  /** Order in which the query that made this copy was sent (a later one wins). */
  sent: number;
}

/** Copies per database client: two instances in one process (tests) never share one. */
const copies = new WeakMap<object, Map<string, Copy>>();
let sentCounter = 0;

function store(container: Container): Map<string, Copy> {
  const owner = container.database.client as object;
  let map = copies.get(owner);
  if (!map) {
    map = new Map();
    copies.set(owner, map);
  }
  return map;
}

function key(container: Container, partitionKey: string): string {
  return `${container.database.id}/${container.id}|${partitionKey}`;
}

function heads(partitionKey: string): string[] {
  return [partitionKey, PREPARATION_ID];
}

function newest(docs: Iterable<Doc>): number {
  let ts = 0;
  for (const d of docs) if (typeof d._ts === 'number' && d._ts > ts) ts = d._ts;
  return ts;
}

/** Every document of a partition but its audit trail, with one query. */
export function loadWhole(container: Container, partitionKey: string): Promise<Doc[]> {
  return queryRows<Doc>(
    container,
    'read roundtable',
    "SELECT * FROM c WHERE c.roundtableId = @rt AND c.type != 'audit'",
    [{ name: '@rt', value: partitionKey }],
    partitionKey,
  );
}

/**
 * What changed since the copy: every document of `since`'s second or later but the versions the copy holds of that
 * second (by etag: a document changed again within the second has a new one), and the heads. In a busy brainstorm
 * a second holds dozens of writes; without the etags every turn read all of them again.
 */
function loadChanged(container: Container, partitionKey: string, copy: Copy): Promise<Doc[]> {
  const seen: string[] = [];
  for (const d of copy.docs.values())
    if (d._ts === copy.since && typeof d._etag === 'string' && !heads(partitionKey).includes(d.id))
      seen.push(d._etag);
  return queryRows<Doc>(
    container,
    'read roundtable',
    "SELECT * FROM c WHERE c.roundtableId = @rt AND c.type != 'audit' AND ((c._ts >= @since AND NOT ARRAY_CONTAINS(@seen, c._etag)) OR c.id = @rt OR c.id = @prep)",
    [
      { name: '@rt', value: partitionKey },
      { name: '@since', value: copy.since },
      { name: '@seen', value: seen },
      { name: '@prep', value: PREPARATION_ID },
    ],
    partitionKey,
  );
}

function keep(container: Container, partitionKey: string, docs: Map<string, Doc>, sent: number): void {
  const all = store(container);
  const k = key(container, partitionKey);
  if (!heads(partitionKey).some((id) => docs.has(id))) {
    all.delete(k);
    return;
  }
  const current = all.get(k);
  if (current && current.sent > sent) return; // a copy from a later query is already kept
  all.delete(k);
  all.set(k, { docs, since: newest(docs.values()), sent });
  if (all.size > MAX_PARTITIONS) {
    const oldest = all.keys().next().value;
    if (oldest !== undefined) all.delete(oldest);
  }
}

/**
 * The documents of a partition (audit entries aside) as stored now, with one query: whole the first
 * time, then only what changed since this instance's copy. The documents are shared with the copy:
 * callers copy before they change one.
 */
export async function currentPartition(container: Container, partitionKey: string): Promise<Doc[]> {
  const sent = ++sentCounter;
  const copy = store(container).get(key(container, partitionKey));
  if (copy) {
    const changed = await loadChanged(container, partitionKey, copy);
    const byId = new Map(changed.map((d) => [d.id, d]));
    const deleted = heads(partitionKey).some((id) => copy.docs.has(id) && !byId.has(id));
    if (!deleted) {
      const docs = new Map(copy.docs);
      // A document sent again unchanged (a head is sent every time) keeps its object: what was made from it once
      // (bot/store/cosmos-partition.ts) serves again.
      for (const d of changed)
        if (docs.get(d.id)?._etag !== d._etag || d._etag === undefined) docs.set(d.id, d);
      keep(container, partitionKey, docs, sent);
      return [...docs.values()];
    }
    store(container).delete(key(container, partitionKey));
  }
  const whole = await loadWhole(container, partitionKey);
  keep(container, partitionKey, new Map(whole.map((d) => [d.id, d])), sent);
  return whole;
}

/** The partition was deleted or rewritten by this instance: its copy is dropped. */
export function dropCopy(container: Container, partitionKey: string): void {
  store(container).delete(key(container, partitionKey));
}
