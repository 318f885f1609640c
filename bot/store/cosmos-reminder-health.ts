import type { Container } from '@azure/cosmos';
import type { Reminder } from '../reminders/types.js';
import { EtagConflict } from '../roundtable/ports.js';
import { createDoc, type Doc, readDoc, writeDoc } from './cosmos-documents.js';
import { readInPartition } from './cosmos-partition.js';

/**
 * The reminders of a roundtable that Teams would not deliver, kept in the roundtable's own partition
 * (reminders are partitioned by recipient, so listing a roundtable's reminders is a cross-partition
 * query). The document is created when the roundtable ends (its reminders are planned then); a
 * reminder is listed before it is stored as failed or undeliverable, and unlisted after it leaves
 * that state. Readers check each listed reminder by point read, so a listing whose reminder write
 * then failed is never shown. An ended roundtable without the document (ended before it existed)
 * is answered the old way, by the caller.
 */

export const HEALTH_ID = 'reminder-health';
const TRIES = 5;

interface Health {
  id: string;
  type: 'reminder-health';
  roundtableId: string;
  /** Reminder id → its recipient (the reminder's partition key). */
  problems: Record<string, string>;
}

/** A reminder's status that `status` reports. */
export function isProblem(r: Pick<Reminder, 'status'>): boolean {
  return r.status === 'failed' || r.status === 'undeliverable';
}

/** Creates the roundtable's (empty) list if it has none; idempotent. */
export async function ensureHealth(roundtables: Container, roundtableId: string): Promise<void> {
  const doc: Doc = { id: HEALTH_ID, type: 'reminder-health', roundtableId, problems: {} };
  await createDoc(roundtables, doc, 'reminder health');
}

/** Lists (`listed`) or unlists a reminder; nothing when the roundtable has no list (it ended before lists). */
export async function markReminder(roundtables: Container, r: Reminder, listed: boolean): Promise<void> {
  if (!r.roundtableId) return;
  for (let i = 0; i < TRIES; i++) {
    const found = await readDoc<Health>(roundtables, HEALTH_ID, r.roundtableId);
    if (!found) return;
    const problems = { ...found.value.problems };
    if (listed === Object.hasOwn(problems, r.id)) return;
    if (listed) problems[r.id] = r.ownerId;
    else delete problems[r.id];
    const doc = { ...found.value, id: HEALTH_ID, roundtableId: r.roundtableId, problems };
    try {
      await writeDoc(roundtables, doc, r.roundtableId, found.etag, 'reminder health');
      return;
    } catch (err) {
      if (!(err instanceof EtagConflict)) throw err;
    }
  }
  throw new EtagConflict('reminder health');
}

/**
 * The failed and undeliverable reminders of a roundtable, from its partition and one point read per
 * listed reminder; undefined when the roundtable has no list.
 */
export async function problemReminders(
  roundtables: Container,
  reminders: Container,
  roundtableId: string,
): Promise<Reminder[] | undefined> {
  const found = await readInPartition<Health>(roundtables, HEALTH_ID, roundtableId);
  if (!found) return undefined;
  const out: Reminder[] = [];
  for (const [id, ownerId] of Object.entries(found.value.problems ?? {})) {
    const r = await readDoc<Reminder>(reminders, id, ownerId);
    if (r && isProblem(r.value)) out.push(r.value);
  }
  return out;
}
