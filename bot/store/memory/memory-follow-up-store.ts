import type { FollowUpStore } from '../../reminders/ports.js';
import type { Reminder } from '../../reminders/types.js';
import type { PersonRecord, PlanStep, RosterEntry } from '../../roundtable/types.js';
import { type MemoryContainer, type MemoryDatabase, strip } from './memory-database.js';

/** A reminder's status that `reminderProblems` reports. */
function isProblem(r: Pick<Reminder, 'status'>): boolean {
  return r.status === 'failed' || r.status === 'undeliverable';
}

/** FollowUpStore in memory: `people` (pk id) and `reminders` (pk ownerId), as bot/store/cosmos-follow-up-store.ts. */
export class MemoryFollowUpStore implements FollowUpStore {
  private readonly people: MemoryContainer;
  private readonly reminders: MemoryContainer;
  private readonly roundtables: MemoryContainer;

  constructor(database: MemoryDatabase) {
    this.people = database.container('people');
    this.reminders = database.container('reminders');
    this.roundtables = database.container('roundtables');
  }

  async getPerson(id: string) {
    return this.people.read<PersonRecord>(id, id)?.value;
  }

  async putPerson(person: PersonRecord) {
    this.people.upsert(person.id, { ...person });
  }

  async createReminder(reminder: Reminder) {
    return this.reminders.create(reminder.ownerId, { ...reminder });
  }

  async addReminder(reminder: Reminder) {
    if (!this.reminders.create(reminder.ownerId, { ...reminder })) return undefined;
    return this.reminders.read<Reminder>(reminder.id, reminder.ownerId);
  }

  async getReminder(ownerId: string, id: string) {
    return this.reminders.read<Reminder>(id, ownerId);
  }

  async replaceReminder(reminder: Reminder, etag: string) {
    const next = this.reminders.write(reminder.ownerId, { ...reminder }, etag, 'reminder');
    return { value: reminder, etag: next };
  }

  /** Known once the roundtable has ended (its reminders are planned then), as in Cosmos DB. */
  async reminderProblems(roundtableId: string) {
    const rt = this.roundtables.read<{ status?: string }>(roundtableId, roundtableId);
    if (rt?.value.status !== 'ended') return undefined;
    return this.all()
      .map((r) => r.value)
      .filter((r) => r.roundtableId === roundtableId && isProblem(r));
  }

  private all() {
    return this.reminders.all().map((d) => ({ value: strip<Reminder>(d.value), etag: d.etag }));
  }

  async dueReminders(now: Date, max: number) {
    const iso = now.toISOString();
    return this.all()
      .filter(
        ({ value: r }) =>
          r.status === 'pending' && r.dueAt <= iso && (r.claimUntil === undefined || r.claimUntil < iso),
      )
      .sort((a, b) => a.value.dueAt.localeCompare(b.value.dueAt))
      .slice(0, max);
  }

  async remindersOf(roundtableId: string) {
    // Its after-end job is no reminder of it, as in Cosmos DB.
    return this.all().filter((r) => r.value.roundtableId === roundtableId && r.value.kind !== 'after-end');
  }

  async stepsOwnedBy(personIds: string[]) {
    const ids = new Set(personIds);
    return this.roundtables
      .all()
      .map((d) => d.value)
      .filter(
        (d) =>
          d.type === 'contribution' &&
          d.kind === 'step' &&
          ids.has(String((d.owner as { id?: string } | undefined)?.id)),
      )
      .map((d) => strip<PlanStep>(d, 'type'))
      .filter((s) => !s.withdrawn);
  }

  async deleteRemindersOf(roundtableId: string) {
    const mine = this.all().filter((r) => r.value.roundtableId === roundtableId);
    for (const { value } of mine) this.reminders.remove(value.id, value.ownerId);
    return mine.length;
  }

  async roundtablesWhere(personId: string, role: string) {
    const ids = this.roundtables
      .all()
      .map((d) => d.value)
      .filter(
        (d) =>
          d.type === 'roundtable' &&
          ((d.roster ?? []) as RosterEntry[]).some((r) => r.id === personId && r.role === role),
      )
      .map((d) => d.id);
    return [...new Set(ids)];
  }
}
