import type { Versioned } from '../roundtable/ports.js';
import type { PersonRecord, PlanStep } from '../roundtable/types.js';
import type { Reminder } from './types.js';

/** What follow-up needs from storage: people we can reach and reminder documents. */
export interface FollowUpStore {
  getPerson(id: string): Promise<PersonRecord | undefined>;
  putPerson(person: PersonRecord): Promise<void>;
  /** Creates a reminder once: false when one with that id exists already (idempotent scheduling). */
  createReminder(reminder: Reminder): Promise<boolean>;
  /** Like createReminder, with the new document's etag (claimed at once without a read); undefined when it exists. */
  addReminder(reminder: Reminder): Promise<Versioned<Reminder> | undefined>;
  getReminder(ownerId: string, id: string): Promise<Versioned<Reminder> | undefined>;
  /** Replaces under etag; throws EtagConflict when someone else changed it (another instance claimed it). */
  replaceReminder(reminder: Reminder, etag: string): Promise<Versioned<Reminder>>;
  /** Pending reminders due at `now` whose lease (if any) has expired, oldest first, at most `max`. */
  dueReminders(now: Date, max: number): Promise<Versioned<Reminder>[]>;
  /** Reminders of a roundtable (for status and cancellation); its after-end job is not among them. */
  remindersOf(roundtableId: string): Promise<Versioned<Reminder>[]>;
  /**
   * The failed and undeliverable reminders of a roundtable without a cross-partition query;
   * undefined when the store cannot tell (callers then filter `remindersOf`).
   */
  reminderProblems?(roundtableId: string): Promise<Reminder[] | undefined>;
  /** Open and closed plan steps owned by any of these people, across roundtables. */
  stepsOwnedBy(personIds: string[]): Promise<PlanStep[]>;
  /** Ids of the roundtables whose roster names this person in this role. */
  roundtablesWhere(personId: string, role: string): Promise<string[]>;
  /** Deletes every reminder of a roundtable (retention of practice roundtables). */
  deleteRemindersOf(roundtableId: string): Promise<number>;
}
