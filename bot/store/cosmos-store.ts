import { createHash } from 'node:crypto';
import { type Container, type CosmosClient, type Database, ErrorResponse } from '@azure/cosmos';
import type {
  ActionPlan,
  AuditEntry,
  CaseSummary,
  ChatPointer,
  Contribution,
  Roundtable,
} from '../roundtable/types.js';
import { EtagConflict, type RoundtableStore, StoreUnavailable, type Versioned } from './ports.js';

/** Containers and their partition keys (DESIGN.md, plus `chats` for the chat → roundtable pointer). */
export const CONTAINERS = {
  roundtables: '/roundtableId',
  chats: '/id',
  people: '/id',
  reminders: '/ownerId',
} as const;

type Doc = Record<string, unknown> & { id: string; _etag?: string };

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts'];

function strip<T>(doc: Doc, ...extra: string[]): T {
  const out: Record<string, unknown> = { ...doc };
  for (const k of [...SYSTEM_FIELDS, ...extra]) delete out[k];
  return out as T;
}

function statusOf(err: unknown): number | undefined {
  if (err instanceof ErrorResponse) return typeof err.code === 'number' ? err.code : Number(err.code);
  const code =
    (err as { code?: unknown; statusCode?: unknown })?.code ?? (err as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** Maps Cosmos failures to the store's errors; 412 becomes EtagConflict, outages StoreUnavailable. */
async function guard<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
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

/** RoundtableStore on Azure Cosmos DB for NoSQL (or the Cosmos-compatible local server). */
export class CosmosRoundtableStore implements RoundtableStore {
  private readonly roundtables: Container;
  private readonly chats: Container;

  constructor(database: Database) {
    this.roundtables = database.container('roundtables');
    this.chats = database.container('chats');
  }

  private async read<T>(container: Container, id: string, pk: string, ...extra: string[]) {
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

  private async create(container: Container, doc: Doc, what: string): Promise<boolean> {
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

  private async replace(container: Container, doc: Doc, pk: string, etag: string | undefined, what: string) {
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

  async getRoundtable(id: string) {
    return this.read<Roundtable>(this.roundtables, id, id, 'type', 'roundtableId');
  }

  async createRoundtable(rt: Roundtable) {
    return this.create(this.roundtables, { ...rt, type: 'roundtable', roundtableId: rt.id }, 'roundtable');
  }

  async replaceRoundtable(rt: Roundtable, etag: string) {
    const next = await this.replace(
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
    return this.read<ChatPointer>(this.chats, chatDocId(conversationId), chatDocId(conversationId), 'id');
  }

  async putChat(pointer: ChatPointer, etag?: string) {
    const id = chatDocId(pointer.conversationId);
    await this.replace(this.chats, { ...pointer, id }, id, etag, 'chat');
  }

  async addContribution(c: Contribution) {
    return this.create(this.roundtables, { ...c, type: 'contribution' }, 'contribution');
  }

  async getContribution(roundtableId: string, id: string) {
    return this.read<Contribution>(this.roundtables, id, roundtableId, 'type');
  }

  async replaceContribution(c: Contribution, etag: string) {
    await this.replace(
      this.roundtables,
      { ...c, type: 'contribution' },
      c.roundtableId,
      etag,
      'contribution',
    );
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

  async getCaseSummary(roundtableId: string) {
    return this.read<CaseSummary>(
      this.roundtables,
      'case-summary',
      roundtableId,
      'type',
      'roundtableId',
      'id',
    );
  }

  async putCaseSummary(roundtableId: string, s: CaseSummary, etag?: string) {
    const doc = { ...s, id: 'case-summary', type: 'case-summary', roundtableId };
    await this.replace(this.roundtables, doc, roundtableId, etag, 'case summary');
  }

  async getPlan(roundtableId: string) {
    return this.read<ActionPlan>(this.roundtables, 'plan', roundtableId, 'type', 'roundtableId', 'id');
  }

  async putPlan(roundtableId: string, plan: ActionPlan, etag?: string) {
    const doc = { ...plan, id: 'plan', type: 'plan', roundtableId };
    await this.replace(this.roundtables, doc, roundtableId, etag, 'plan');
  }

  async addAudit(entry: AuditEntry) {
    await this.create(this.roundtables, { ...entry, type: 'audit' }, 'audit');
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
