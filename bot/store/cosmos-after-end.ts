import type { Container } from '@azure/cosmos';
import { afterEndJob } from '../reminders/after-end-job.js';
import type { Reminder } from '../reminders/types.js';
import { EtagConflict } from '../roundtable/ports.js';
import type { Roundtable } from '../roundtable/types.js';
import { readDoc, writeDoc } from './cosmos-documents.js';

/**
 * Arms a roundtable's after-end job in `reminders` before the write that ends it (its own partition, a fixed id):
 * created pending and due, or made so again when an earlier `end` was not stored and its job found nothing to do
 * or backed off. A pending, due one is left alone (it looks at the roundtable when it runs). Real Cosmos cannot write two containers
 * in one transaction: the job row first, then the end, so a stored end always has its job.
 */
export async function armAfterEnd(reminders: Container, rt: Roundtable, at: Date): Promise<void> {
  const job = afterEndJob(rt, at);
  try {
    await writeDoc(reminders, { ...job }, job.ownerId, undefined, 'after-end job');
    return;
  } catch (err) {
    if (!(err instanceof EtagConflict)) throw err;
  }
  const found = await readDoc<Reminder>(reminders, job.id, job.ownerId);
  // Pending and due: it will look at the roundtable when it runs. Backed off (it ran before this end was stored):
  // due again now, so the instance that ends the roundtable can run it at once.
  if (found?.value.status === 'pending' && found.value.dueAt <= job.dueAt) return;
  await writeDoc(reminders, { ...job }, job.ownerId, found?.etag, 'after-end job');
}
