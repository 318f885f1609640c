import { createHash } from 'node:crypto';
import { type Container, type CosmosClient, type Database, ErrorResponse } from '@azure/cosmos';
import type { FollowUpStore } from '../reminders/ports.js';
import type { Reminder } from '../reminders/types.js';
import { EtagConflict, type RoundtableStore, StoreUnavailable, type Versioned } from '../roundtable/ports.js';
import type {
  ActionPlan,
  AuditEntry,
  CaseSummary,
  ChatPointer,
  Contribution,
  PersonRecord,
  PlanStep,
  Roundtable,
} from '../roundtable/types.js';

/** Containers and their partition keys (DESIGN.md, plus `chats` for the chat → roundtable pointer). */
export const CONTAINERS = {
  roundtables: '/roundtableId',
  chats: '/id',
  people: '/id',
  reminders: '/ownerId',
  /** Barrier register, download links and deletion records (bot/store/cosmos-programme-store.ts). */
  programme: '/id',
} as const;

type Doc = Record<string, unknown> & { id: string; _etag?: string };

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts'];

export function strip<T>(doc: Doc, ...extra: string[]): T {
  const out: Record<string, unknown> = { ...doc };
  for (const k of [...SYSTEM_FIELDS, ...extra]) delete out[k];
  return out as T;
}

export function statusOf(err: unknown): number | undefined {
  if (err instanceof ErrorResponse) return typeof err.code === 'number' ? err.code : Number(err.code);
  const code =
    (err as { code?: unknown; statusCode?: unknown })?.code ?? (err as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** Maps Cosmos failures to the store's errors; 412 becomes EtagConflict, outages StoreUnavailable. */
export async function guard<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    // A conflict found inside `op` (a racing create) stays a conflict, so the caller re-reads and retries.
    if (err instanceof EtagConflict) throw err;
    const status = statusOf(err);
    if (status === 412) throw new EtagConflict(what);
    if (status === 429 || status === 503 || status === 408 || status === undefined || status >= 500) {
      throw new StoreUnavailable(`storage unavailable while writing ${what}`, status);
    }
    throw err;
  }
}

/** The Cosmos id of a chat pointer: Teams conversation ids hold characters Cosmos ids may not. */
export function chatDocId(conversationId: string): string {
  return `chat-${createHash('sha256').update(conversationId).digest('hex').slice(0, 40)}`;
}

/** Creates the database and containers if missing (idempotent). */
export async function ensureSchema(client: CosmosClient, databaseId: string): Promise<Database> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  for (const [id, path] of Object.entries(CONTAINERS)) {
    await database.containers.createIfNotExists({ id, partitionKey: { paths: [path] } });
  }
  return database;
}

export async function readDoc<T>(container: Container, id: string, pk: string, ...extra: string[]) {
  return guard(`read ${id}`, async (): Promise<Versioned<T> | undefined> => {
    try {
      const { resource } = await container.item(id, pk).read<Doc>();
      if (!resource) return undefined;
      return { value: strip<T>(resource, ...extra), etag: resource._etag ?? '' };
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  });
}

/** Creates a document; false when one with that id exists (409). */
export async function createDoc(container: Container, doc: Doc, what: string): Promise<boolean> {
  return guard(what, async () => {
    try {
      await container.items.create(doc);
      return true;
    } catch (err) {
      if (statusOf(err) === 409) return false;
      throw err;
    }
  });
}

/** Creates (no etag) or replaces under If-Match; EtagConflict when it lost a race. Returns the new etag. */
export async function writeDoc(
  container: Container,
  doc: Doc,
  pk: string,
  etag: string | undefined,
  what: string,
) {
  return guard(what, async () => {
    if (etag === undefined) {
      try {
        const { resource } = await container.items.create<Doc>(doc);
        return resource?._etag ?? '';
      } catch (err) {
        if (statusOf(err) === 409) throw new EtagConflict(what);
        throw err;
      }
    }
    const { resource } = await container
      .item(doc.id, pk)
      .replace<Doc>(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
    return resource?._etag ?? '';
  });
}

export async function queryDocs<T>(
  container: Container,
  what: string,
  query: string,
  parameters: { name: string; value: string | number | string[] }[],
  ...extra: string[]
) {
  return guard(what, async () => {
    const { resources } = await container.items.query<Doc>({ query, parameters }).fetchAll();
    return resources.map((d) => ({ value: strip<T>(d, ...extra), etag: d._etag ?? '' }));
  });
}

/** RoundtableStore on Azure Cosmos DB for NoSQL (or the Cosmos-compatible local server). */
export class CosmosRoundtableStore implements RoundtableStore {
  private readonly roundtables: Container;
  private readonly chats: Container;

  constructor(database: Database) {
    this.roundtables = database.container('roundtables');
    this.chats = database.container('chats');
  }

  async getRoundtable(id: string) {
    return readDoc<Roundtable>(this.roundtables, id, id, 'type', 'roundtableId');
  }

  async createRoundtable(rt: Roundtable) {
    return createDoc(this.roundtables, { ...rt, type: 'roundtable', roundtableId: rt.id }, 'roundtable');
  }

  async replaceRoundtable(rt: Roundtable, etag: string) {
    const next = await writeDoc(
      this.roundtables,
      { ...rt, type: 'roundtable', roundtableId: rt.id },
      rt.id,
      etag,
      'roundtable',
    );
    return { value: rt, etag: next };
  }

  async deleteRoundtable(id: string) {
    await guard('delete roundtable', async () => {
      const { resources } = await this.roundtables.items
        .query<{ id: string }>({
          query: 'SELECT c.id FROM c WHERE c.roundtableId = @rt',
          parameters: [{ name: '@rt', value: id }],
        })
        .fetchAll();
      for (const { id: docId } of resources) {
        try {
          await this.roundtables.item(docId, id).delete();
        } catch (err) {
          if (statusOf(err) !== 404) throw err;
        }
      }
    });
  }

  async getChat(conversationId: string) {
    return readDoc<ChatPointer>(this.chats, chatDocId(conversationId), chatDocId(conversationId), 'id');
  }

  async putChat(pointer: ChatPointer, etag?: string) {
    const id = chatDocId(pointer.conversationId);
    await writeDoc(this.chats, { ...pointer, id }, id, etag, 'chat');
  }

  async addContribution(c: Contribution) {
    return createDoc(this.roundtables, { ...c, type: 'contribution' }, 'contribution');
  }

  async getContribution(roundtableId: string, id: string) {
    return readDoc<Contribution>(this.roundtables, id, roundtableId, 'type');
  }

  async replaceContribution(c: Contribution, etag: string) {
    await writeDoc(this.roundtables, { ...c, type: 'contribution' }, c.roundtableId, etag, 'contribution');
  }

  async listContributions(roundtableId: string) {
    return guard('list contributions', async () => {
      // Always filter on the partition key in WHERE (the local server ignores the partitionKey option).
      const { resources } = await this.roundtables.items
        .query<Doc>(
          {
            query: "SELECT * FROM c WHERE c.roundtableId = @rt AND c.type = 'contribution'",
            parameters: [{ name: '@rt', value: roundtableId }],
          },
          { partitionKey: roundtableId },
        )
        .fetchAll();
      return resources
        .map((d) => strip<Contribution>(d, 'type'))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    });
  }

  async recentIdeasBy(roundtableId: string, authorId: string, sinceIso: string) {
    return guard('recent ideas', async () => {
      const { resources } = await this.roundtables.items
        .query<string>(
          {
            query:
              "SELECT VALUE c.id FROM c WHERE c.roundtableId = @rt AND c.type = 'contribution' AND c.kind = 'idea' AND c.author.id = @me AND c.createdAt > @since",
            parameters: [
              { name: '@rt', value: roundtableId },
              { name: '@me', value: authorId },
              { name: '@since', value: sinceIso },
            ],
          },
          { partitionKey: roundtableId },
        )
        .fetchAll();
      return resources;
    });
  }

  async getCaseSummary(roundtableId: string) {
    return readDoc<CaseSummary>(this.roundtables, 'case-summary', roundtableId, 'type', 'roundtableId', 'id');
  }

  async putCaseSummary(roundtableId: string, s: CaseSummary, etag?: string) {
    const doc = { ...s, id: 'case-summary', type: 'case-summary', roundtableId };
    await writeDoc(this.roundtables, doc, roundtableId, etag, 'case summary');
  }

  async getPlan(roundtableId: string) {
    return readDoc<ActionPlan>(this.roundtables, 'plan', roundtableId, 'type', 'roundtableId', 'id');
  }

  async putPlan(roundtableId: string, plan: ActionPlan, etag?: string) {
    const doc = { ...plan, id: 'plan', type: 'plan', roundtableId };
    await writeDoc(this.roundtables, doc, roundtableId, etag, 'plan');
  }

  async addAudit(entry: AuditEntry) {
    await createDoc(this.roundtables, { ...entry, type: 'audit' }, 'audit');
  }

  async listAudit(roundtableId: string) {
    return guard('list audit', async () => {
      const { resources } = await this.roundtables.items
        .query<Doc>({
          query: "SELECT * FROM c WHERE c.roundtableId = @rt AND c.type = 'audit'",
          parameters: [{ name: '@rt', value: roundtableId }],
        })
        .fetchAll();
      return resources.map((d) => strip<AuditEntry>(d, 'type')).sort((a, b) => a.at.localeCompare(b.at));
    });
  }
}

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

  async getReminder(ownerId: string, id: string) {
    return readDoc<Reminder>(this.reminders, id, ownerId);
  }

  async replaceReminder(reminder: Reminder, etag: string) {
    const next = await writeDoc(this.reminders, { ...reminder }, reminder.ownerId, etag, 'reminder');
    return { value: reminder, etag: next };
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
      'SELECT * FROM c WHERE c.roundtableId = @rt',
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
    return guard('delete reminders', async () => {
      const { resources } = await this.reminders.items
        .query<{ id: string; ownerId: string }>({
          query: 'SELECT c.id, c.ownerId FROM c WHERE c.roundtableId = @rt',
          parameters: [{ name: '@rt', value: roundtableId }],
        })
        .fetchAll();
      for (const r of resources) {
        try {
          await this.reminders.item(r.id, r.ownerId).delete();
        } catch (err) {
          if (statusOf(err) !== 404) throw err;
        }
      }
      return resources.length;
    });
  }

  async roundtablesWhere(personId: string, role: string) {
    return guard('roundtables by roster', async () => {
      const { resources } = await this.roundtables.items
        .query<string>({
          query:
            "SELECT VALUE c.id FROM c JOIN r IN c.roster WHERE c.type = 'roundtable' AND r.id = @me AND r.role = @role",
          parameters: [
            { name: '@me', value: personId },
            { name: '@role', value: role },
          ],
        })
        .fetchAll();
      return [...new Set(resources)];
    });
  }
}

/** Person ids are Teams ids (29:…) whose characters Cosmos ids may not hold. */
export function personDocId(id: string): string {
  return `person-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}
