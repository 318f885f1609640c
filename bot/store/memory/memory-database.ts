import { EtagConflict, type Versioned } from '../../roundtable/ports.js';

/** A stored document: JSON with an id (what a Cosmos container holds, without system fields). */
export type MemoryDoc = Record<string, unknown> & { id: string };

interface Entry {
  /** The document as stored (JSON: undefined fields dropped), never handed out. */
  json: string;
  etag: string;
  /** Order of the last write, for "newest" and stable listings. */
  seq: number;
}

let etags = 0;

/** The document without the fields a store added (type tags, partition keys it derived). */
export function strip<T>(doc: MemoryDoc, ...extra: string[]): T {
  const out: Record<string, unknown> = { ...doc };
  for (const k of extra) delete out[k];
  return out as T;
}

/**
 * One container held in memory: documents by partition key and id, each written under an etag that
 * changes with every write (the If-Match semantics of Cosmos DB). Reads hand out copies.
 */
export class MemoryContainer {
  private readonly partitions = new Map<string, Map<string, Entry>>();

  private entry(id: string, pk: string): Entry | undefined {
    return this.partitions.get(pk)?.get(id);
  }

  private put(id: string, pk: string, doc: MemoryDoc): string {
    let partition = this.partitions.get(pk);
    if (!partition) {
      partition = new Map();
      this.partitions.set(pk, partition);
    }
    const etag = `"m${++etags}"`;
    partition.set(id, { json: JSON.stringify(doc), etag, seq: etags });
    return etag;
  }

  /** A point read; undefined when absent. */
  read<T>(id: string, pk: string, ...extra: string[]): Versioned<T> | undefined {
    const found = this.entry(id, pk);
    if (!found) return undefined;
    return { value: strip<T>(JSON.parse(found.json) as MemoryDoc, ...extra), etag: found.etag };
  }

  /** Creates the document; false when one with its id exists in the partition. */
  create(pk: string, doc: MemoryDoc): boolean {
    if (this.entry(doc.id, pk)) return false;
    this.put(doc.id, pk, doc);
    return true;
  }

  /** Creates (no etag) or replaces under `etag`; EtagConflict when it lost a race. Returns the new etag. */
  write(pk: string, doc: MemoryDoc, etag: string | undefined, what: string): string {
    const found = this.entry(doc.id, pk);
    if (etag === undefined ? found : found?.etag !== etag) throw new EtagConflict(what);
    return this.put(doc.id, pk, doc);
  }

  /** Creates or replaces whatever is there. */
  upsert(pk: string, doc: MemoryDoc): void {
    this.put(doc.id, pk, doc);
  }

  /** Deletes one document; false when it was not there. */
  remove(id: string, pk: string): boolean {
    const partition = this.partitions.get(pk);
    const removed = partition?.delete(id) ?? false;
    if (partition?.size === 0) this.partitions.delete(pk);
    return removed;
  }

  /** Every document of one partition, each with its etag and partition key. */
  inPartition(pk: string): (Versioned<MemoryDoc> & { pk: string })[] {
    return [...(this.partitions.get(pk) ?? new Map<string, Entry>()).values()]
      .sort((a, b) => a.seq - b.seq)
      .map((e) => ({ value: JSON.parse(e.json) as MemoryDoc, etag: e.etag, pk }));
  }

  /** Every document of the container (a cross-partition query), in the order they were written. */
  all(): (Versioned<MemoryDoc> & { pk: string })[] {
    const out: (Versioned<MemoryDoc> & { pk: string; seq: number })[] = [];
    for (const [pk, partition] of this.partitions)
      for (const e of partition.values())
        out.push({ value: JSON.parse(e.json) as MemoryDoc, etag: e.etag, pk, seq: e.seq });
    return out.sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...rest }) => rest);
  }
}

/** The containers of DESIGN.md's schema, in memory (bot/store/cosmos-documents.ts CONTAINERS). */
export type MemoryContainerName = 'roundtables' | 'chats' | 'people' | 'reminders' | 'programme';

/**
 * A database in memory for the memory stores: one per test or app, shared by the stores built on it
 * so that cross-port queries (a roundtable's partition deleted, steps across roundtables) see each
 * other's writes as they would in Cosmos DB.
 */
export class MemoryDatabase {
  private readonly containers = new Map<MemoryContainerName, MemoryContainer>();

  container(name: MemoryContainerName): MemoryContainer {
    let found = this.containers.get(name);
    if (!found) {
      found = new MemoryContainer();
      this.containers.set(name, found);
    }
    return found;
  }
}
