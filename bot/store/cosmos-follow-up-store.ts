import { createHash } from 'node:crypto';
import type { Container, Database } from '@azure/cosmos';
import type { FollowUpStore } from '../reminders/ports.js';
import type { Reminder } from '../reminders/types.js';
import { EtagConflict } from '../roundtable/ports.js';
import type { PersonRecord, PlanStep } from '../roundtable/types.js';
import {
  createDoc,
  type Doc,
  guard,
  queryDocs,
  queryRows,
  readDoc,
  removeDoc,
  strip,
  writeDoc,
} from './cosmos-documents.js';
import { isProblem, markReminder, problemReminders } from './cosmos-reminder-health.js';

/** Set on a reminder listed in its roundtable's reminder health (bot/store/cosmos-reminder-health.ts). */
const LISTED = 'healthListed';

/** FollowUpStore on Cosmos DB: `people` (pk /id) and `reminders` (pk /ownerId). */
export class CosmosFollowUpStore implements FollowUpStore {
  private readonly people: Container;
  private readonly reminders: Container;
  private readonly roundtables: Container;

  constructor(database: Database) {
    this.people = database.container('people');
    this.reminders = database.container('reminders');
    this.roundtables = database.container('roundtables');
  }

  async getPerson(id: string) {
    const found = await readDoc<PersonRecord & { personId: string; docId?: string }>(
      this.people,
      personDocId(id),
      personDocId(id),
    );
    if (!found) return undefined;
    const { personId, docId: _docId, ...rest } = found.value;
    return { ...rest, id: personId };
  }

  async putPerson(person: PersonRecord) {
    const id = personDocId(person.id);
    await guard('person', async () => {
      await this.people.items.upsert({ ...person, id, personId: person.id });
    });
  }

  async createReminder(reminder: Reminder) {
    return createDoc(this.reminders, { ...reminder }, 'reminder');
  }

  async addReminder(reminder: Reminder) {
    try {
      const etag = await writeDoc(this.reminders, { ...reminder }, reminder.ownerId, undefined, 'reminder');
      return { value: reminder, etag };
    } catch (err) {
      if (err instanceof EtagConflict) return undefined;
      throw err;
    }
  }

  async getReminder(ownerId: string, id: string) {
    return readDoc<Reminder>(this.reminders, id, ownerId);
  }

  async replaceReminder(reminder: Reminder, etag: string) {
    const listed = Object.hasOwn(reminder, LISTED);
    if (isProblem(reminder)) {
      // Listed first: a listing whose write then fails is skipped by readers (they check the reminder).
      if (!listed) await markReminder(this.roundtables, reminder, true);
      const doc = { ...reminder, [LISTED]: true };
      const next = await writeDoc(this.reminders, doc, reminder.ownerId, etag, 'reminder');
      return { value: doc, etag: next };
    }
    const { [LISTED]: _listed, ...doc } = reminder as Reminder & { [LISTED]?: boolean };
    const next = await writeDoc(this.reminders, doc, reminder.ownerId, etag, 'reminder');
    // Unlisted after: a listing left behind is skipped by readers.
    if (listed) await markReminder(this.roundtables, doc, false).catch(() => undefined);
    return { value: doc, etag: next };
  }

  async reminderProblems(roundtableId: string) {
    return problemReminders(this.roundtables, this.reminders, roundtableId);
  }

  async dueReminders(now: Date, max: number) {
    const iso = now.toISOString();
    return guard('due reminders', async () => {
      const iterator = this.reminders.items.query<Doc>(
        {
          query:
            "SELECT * FROM c WHERE c.status = 'pending' AND c.dueAt <= @now AND (NOT IS_DEFINED(c.claimUntil) OR c.claimUntil < @now) ORDER BY c.dueAt",
          parameters: [{ name: '@now', value: iso }],
        },
        { maxItemCount: max },
      );
      const { resources } = await iterator.fetchNext();
      return resources.slice(0, max).map((d) => ({ value: strip<Reminder>(d), etag: d._etag ?? '' }));
    });
  }

  async remindersOf(roundtableId: string) {
    return queryDocs<Reminder>(
      this.reminders,
      'reminders of roundtable',
      // Its after-end job is no reminder of it (bot/reminders/after-end.ts reads that by id).
      "SELECT * FROM c WHERE c.roundtableId = @rt AND c.kind != 'after-end'",
      [{ name: '@rt', value: roundtableId }],
    );
  }

  async stepsOwnedBy(personIds: string[]) {
    if (personIds.length === 0) return [];
    const rows = await queryDocs<PlanStep>(
      this.roundtables,
      'steps by owner',
      "SELECT * FROM c WHERE c.type = 'contribution' AND c.kind = 'step' AND ARRAY_CONTAINS(@ids, c.owner.id)",
      [{ name: '@ids', value: personIds }],
      'type',
    );
    return rows.map((r) => r.value).filter((s) => !s.withdrawn);
  }

  async deleteRemindersOf(roundtableId: string) {
    const reminders = await queryRows<{ id: string; ownerId: string }>(
      this.reminders,
      'delete reminders',
      'SELECT c.id, c.ownerId FROM c WHERE c.roundtableId = @rt',
      [{ name: '@rt', value: roundtableId }],
    );
    await guard('delete reminders', async () => {
      for (const r of reminders) await removeDoc(this.reminders, r.id, r.ownerId);
    });
    return reminders.length;
  }

  async roundtablesWhere(personId: string, role: string) {
    const ids = await queryRows<string>(
      this.roundtables,
      'roundtables by roster',
      "SELECT VALUE c.id FROM c JOIN r IN c.roster WHERE c.type = 'roundtable' AND r.id = @me AND r.role = @role",
      [
        { name: '@me', value: personId },
        { name: '@role', value: role },
      ],
    );
    return [...new Set(ids)];
  }
}

/** Person ids are Teams ids (29:…) whose characters Cosmos ids may not hold. */
export function personDocId(id: string): string {
  return `person-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}
