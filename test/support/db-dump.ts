/** Reads every document of every container of a database, without Cosmos system fields, for before/after comparisons. */
import type { Database } from '@azure/cosmos';

const SYSTEM_FIELDS = new Set(['_rid', '_self', '_etag', '_attachments', '_ts', '_lsn']);

export type Dump = Record<string, Record<string, unknown>[]>;

/**
 * The access log records every request, refusals included, by design (docs/security.md, "Access log"): it is
 * left out of "nothing was stored" comparisons; tests of the access log read it themselves.
 */
const NOT_DUMPED = new Set(['access-log']);

/** All documents of all containers (but the access log), sorted by container then id, system fields removed. */
export async function dumpDatabase(database: Database): Promise<Dump> {
  const { resources: containers } = await database.containers.readAll().fetchAll();
  const out: Dump = {};
  for (const { id } of [...containers].sort((a, b) => a.id.localeCompare(b.id))) {
    if (NOT_DUMPED.has(id)) continue;
    const { resources } = await database
      .container(id)
      .items.query<Record<string, unknown>>('SELECT * FROM c')
      .fetchAll();
    out[id] = resources
      .map((d) => Object.fromEntries(Object.entries(d).filter(([k]) => !SYSTEM_FIELDS.has(k))))
      .sort((a, b) =>
        `${String(a.roundtableId ?? '')}/${String(a.id)}`.localeCompare(
          `${String(b.roundtableId ?? '')}/${String(b.id)}`,
        ),
      );
  }
  return out;
}

/** How many documents a dump holds, per container. */
export function dumpCounts(dump: Dump): Record<string, number> {
  return Object.fromEntries(Object.entries(dump).map(([k, v]) => [k, v.length]));
}
