import { createHash } from 'node:crypto';
import type { ReminderKind } from './types.js';

/** A reminder's id from what makes it unique: scheduling twice (two instances, a retry) creates it once. */
export function reminderId(
  kind: ReminderKind,
  roundtableId: string,
  recipientId: string,
  key: string,
): string {
  const hash = createHash('sha256')
    .update([kind, roundtableId, recipientId, key].join('\u0000'))
    .digest('hex');
  return `rem-${hash.slice(0, 32)}`;
}
