import type { Roundtable } from '../roundtable/types.js';
import { reminderId } from './reminder-id.js';
import type { Reminder } from './types.js';

/** The partition (reminder owner) of a roundtable's after-end job: one small partition per roundtable. */
export function afterEndOwner(roundtableId: string): string {
  return `system:after-end:${roundtableId}`;
}

/** Where the after-end job of a roundtable is (a point read: partition and id are fixed by the roundtable). */
export function afterEndJobRef(roundtableId: string): Pick<Reminder, 'ownerId' | 'id'> {
  const ownerId = afterEndOwner(roundtableId);
  return { ownerId, id: reminderId('after-end', roundtableId, ownerId, '') };
}

/** The after-end job as armed at `at`: pending, due at once (the instance that ended it kicks it right away). */
export function afterEndJob(rt: Pick<Roundtable, 'id' | 'caseAlias'>, at: Date): Reminder {
  return {
    ...afterEndJobRef(rt.id),
    roundtableId: rt.id,
    caseAlias: rt.caseAlias,
    kind: 'after-end',
    dueAt: at.toISOString(),
    status: 'pending',
    attempts: 0,
    createdAt: at.toISOString(),
  };
}
