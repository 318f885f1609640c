import type { Container } from '@azure/cosmos';
import { afterEndJob } from '../reminders/after-end-job.js';
import type { Reminder } from '../reminders/types.js';
import { EtagConflict } from '../roundtable/ports.js';
import type { Roundtable } from '../roundtable/types.js';
import { readDoc, writeDoc } from './cosmos-documents.js';

/**
 * Arms a roundtable's after-end job in `reminders` before the write that ends it (its own partition, a fixed id):
 * created pending, or made pending again when an earlier `end` was not stored and its job found nothing to do.
 * A pending one is left alone (it looks at the roundtable when it runs). Real Cosmos cannot write two containers
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
  if (found?.value.status === 'pending') return;
  await writeDoc(reminders, { ...job }, job.ownerId, found?.etag, 'after-end job');
}
