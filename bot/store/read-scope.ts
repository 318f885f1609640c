import { AsyncLocalStorage } from 'node:async_hooks';
import type { Container } from '@azure/cosmos';
import type { ReadScopes } from '../roundtable/ports.js';

/**
 * Reads of one turn. Inside a scope, the first read of a roundtable's partition loads all its
 * documents (audit entries aside) with one query, and every later read of that partition in the
 * scope (the roundtable, contributions, case summary, plan, preparation, invitations, barriers) is
 * answered from it, absent documents included, without a request. Writes made in the scope keep it
 * current; a lost race (412, 409) drops it so the retry reads the database again.
 */

/** A stored document with the system fields the helpers read. */
export type Doc = Record<string, unknown> & { id: string; _etag?: string };

/** Loaded partitions of one scope, by `database/container|partition key`. */
type Scope = Map<string, Promise<Map<string, Doc>>>;

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `work` in a new scope: its reads see the database as it is now, not what the caller read. */
export function freshScope<T>(work: () => Promise<T>): Promise<T> {
  return scopes.run(new Map(), work);
}

/** Runs `work` in the caller's scope, or in a new one when there is none. */
export function withinScope<T>(work: () => Promise<T>): Promise<T> {
  return scopes.getStore() ? work() : freshScope(work);
}

/** The ReadScopes port of the domain, on this module. */
export const readScopes: ReadScopes = { fresh: freshScope, within: withinScope };

/** True inside a scope (reads of a roundtable partition go through it). */
export function inScope(): boolean {
  return scopes.getStore() !== undefined;
}

function key(container: Container, partitionKey: string): string {
  return `${container.database.id}/${container.id}|${partitionKey}`;
}

/**
 * The documents of a partition, by id, loaded once per scope with `load` (one query). Outside a
 * scope, undefined: callers read as they would without one.
 */
export function scopedPartition(
  container: Container,
  partitionKey: string,
  load: () => Promise<Doc[]>,
): Promise<Map<string, Doc>> | undefined {
  const scope = scopes.getStore();
  if (!scope) return undefined;
  const k = key(container, partitionKey);
  let entry = scope.get(k);
  if (!entry) {
    entry = load().then((docs) => new Map(docs.map((d) => [d.id, d])));
    // A failed load is not kept: the next read tries the database again.
    entry.catch(() => scope.delete(k));
    scope.set(k, entry);
  }
  return entry;
}

/** A write in the scope: the loaded partition (if any) holds the document as written, or loses it (`undefined`). */
export function scopeWrote(
  container: Container,
  partitionKey: string,
  id: string,
  doc: Doc | undefined,
): void {
  const scope = scopes.getStore();
  const entry = scope?.get(key(container, partitionKey));
  if (!scope || !entry) return;
  const next = entry.then((docs) => {
    if (doc) docs.set(id, doc);
    else docs.delete(id);
    return docs;
  });
  next.catch(() => undefined);
  scope.set(key(container, partitionKey), next);
}

/** A lost race or an unknown outcome: the scope reads this partition from the database again. */
export function scopeForget(container: Container, partitionKey: string): void {
  scopes.getStore()?.delete(key(container, partitionKey));
}
