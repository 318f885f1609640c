import { createHash } from 'node:crypto';
import type { Container, Database } from '@azure/cosmos';
import type { RoundtableStore, Versioned } from '../roundtable/ports.js';
import type {
  ActionPlan,
  AuditEntry,
  CaseSummary,
  ChatPointer,
  Contribution,
  RosterEntry,
  Roundtable,
} from '../roundtable/types.js';
import { armAfterEnd } from './cosmos-after-end.js';
import {
  createDoc,
  type Doc,
  guard,
  queryPartition,
  queryRows,
  readDoc,
  removeDoc,
  strip,
  writeDoc,
} from './cosmos-documents.js';
import { listInPartition, readInPartition } from './cosmos-partition.js';
import { ensureHealth, HEALTH_ID } from './cosmos-reminder-health.js';
import { asMember, MEMBER_TYPE, memberDoc, memberDocId, withMembers } from './member-docs.js';
import { oldestFirst } from './oldest-first.js';
import { dropCopy } from './partition-cache.js';
import { inScope, scopeForget } from './read-scope.js';

/** The Cosmos id of a chat pointer: Teams conversation ids hold characters Cosmos ids may not. */
export function chatDocId(conversationId: string): string {
  return `chat-${createHash('sha256').update(conversationId).digest('hex').slice(0, 40)}`;
}

/**
 * RoundtableStore on Azure Cosmos DB for NoSQL (or the Cosmos-compatible local server): the
 * roundtable and its contributions, case summary, plan and audit trail in the `roundtables`
 * container (partition key `/roundtableId`), the chat pointer in `chats`.
 */
export class CosmosRoundtableStore implements RoundtableStore {
  private readonly roundtables: Container;
  private readonly chats: Container;
  private readonly reminders: Container;
  /** Ended roundtables known to have their reminder-health list (bot/store/cosmos-reminder-health.ts). */
  private readonly withHealth = new Set<string>();

  constructor(database: Database) {
    this.roundtables = database.container('roundtables');
    this.chats = database.container('chats');
    this.reminders = database.container('reminders');
  }

  /**
   * The roundtable with its roster (member documents in place): in a turn from its partition, else one query.
   * `{ roster: false }`: the roundtable document alone, outside a turn one point read (the local server runs a
   * query by scanning the whole container: a reminder drain over 10,000 steps paid that on every send).
   */
  async getRoundtable(
    id: string,
    opts: { roster?: boolean } = {},
  ): Promise<Versioned<Roundtable> | undefined> {
    if (opts.roster === false)
      return readInPartition<Roundtable>(this.roundtables, id, id, 'type', 'roundtableId');
    if (inScope()) {
      const found = await readInPartition<Roundtable>(this.roundtables, id, id, 'type', 'roundtableId');
      if (!found) return undefined;
      const members = await listInPartition<Doc>(this.roundtables, 'list members', id, MEMBER_TYPE);
      return { value: withMembers(found.value, members), etag: found.etag };
    }
    const rows = await queryRows<Doc>(
      this.roundtables,
      'read roundtable',
      "SELECT * FROM c WHERE c.roundtableId = @rt AND (c.type = 'roundtable' OR c.type = @member)",
      [
        { name: '@rt', value: id },
        { name: '@member', value: MEMBER_TYPE },
      ],
      id,
    );
    const head = rows.find((d) => d.id === id && d.type === 'roundtable');
    if (!head) return undefined;
    const rt = strip<Roundtable>(head, 'type', 'roundtableId');
    return { value: withMembers(rt, rows), etag: head._etag ?? '' };
  }

  async getMember(roundtableId: string, personId: string) {
    const found = await readInPartition<Doc>(this.roundtables, memberDocId(personId), roundtableId);
    const member = asMember(found?.value);
    return found && member ? { value: member.entry, etag: found.etag } : undefined;
  }

  async putMember(roundtableId: string, personId: string, entry: RosterEntry | null, etag?: string) {
    await writeDoc(
      this.roundtables,
      memberDoc(roundtableId, personId, entry),
      roundtableId,
      etag,
      'roster entry',
    );
  }

  async createRoundtable(rt: Roundtable) {
    return createDoc(this.roundtables, { ...rt, type: 'roundtable', roundtableId: rt.id }, 'roundtable');
  }

  async replaceRoundtable(rt: Roundtable, etag: string) {
    // Its reminders are planned when it ends: their failures are listed in its partition from then on.
    if (rt.status === 'ended') await this.endedHealth(rt.id);
    const next = await writeDoc(
      this.roundtables,
      { ...rt, type: 'roundtable', roundtableId: rt.id },
      rt.id,
      etag,
      'roundtable',
    );
    return { value: rt, etag: next };
  }

  private async endedHealth(id: string): Promise<void> {
    if (this.withHealth.has(id)) return;
    if (!(await readInPartition(this.roundtables, HEALTH_ID, id))) await ensureHealth(this.roundtables, id);
    if (this.withHealth.size > 5000) this.withHealth.clear();
    this.withHealth.add(id);
  }

  async armAfterEnd(rt: Roundtable, at: Date) {
    await armAfterEnd(this.reminders, rt, at);
  }

  async deleteRoundtable(id: string) {
    const docs = await queryRows<{ id: string }>(
      this.roundtables,
      'delete roundtable',
      'SELECT c.id FROM c WHERE c.roundtableId = @rt',
      [{ name: '@rt', value: id }],
      id,
    );
    await guard('delete roundtable', async () => {
      for (const doc of docs) await removeDoc(this.roundtables, doc.id, id);
    });
    scopeForget(this.roundtables, id);
    dropCopy(this.roundtables, id);
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
    return readInPartition<Contribution>(this.roundtables, id, roundtableId, 'type');
  }

  async replaceContribution(c: Contribution, etag: string) {
    await writeDoc(this.roundtables, { ...c, type: 'contribution' }, c.roundtableId, etag, 'contribution');
  }

  async listContributions(roundtableId: string) {
    const all = await listInPartition<Contribution>(
      this.roundtables,
      'list contributions',
      roundtableId,
      'contribution',
      'type',
    );
    return all.sort(oldestFirst('createdAt'));
  }

  async recentIdeasBy(roundtableId: string, authorId: string, sinceIso: string) {
    // From the partition the turn read already (the flood limit costs no request of its own).
    return (await this.listContributions(roundtableId))
      .filter((c) => c.kind === 'idea' && c.author.id === authorId && c.createdAt > sinceIso)
      .map((c) => c.id);
  }

  async getCaseSummary(roundtableId: string) {
    return readInPartition<CaseSummary>(
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
    await writeDoc(this.roundtables, doc, roundtableId, etag, 'case summary');
  }

  async getPlan(roundtableId: string) {
    return readInPartition<ActionPlan>(this.roundtables, 'plan', roundtableId, 'type', 'roundtableId', 'id');
  }

  async putPlan(roundtableId: string, plan: ActionPlan, etag?: string) {
    const doc = { ...plan, id: 'plan', type: 'plan', roundtableId };
    await writeDoc(this.roundtables, doc, roundtableId, etag, 'plan');
  }

  async timeBoxesRunOut(now: Date) {
    const rows = await queryRows<{ id: string }>(
      this.roundtables,
      'time boxes run out',
      "SELECT c.id FROM c JOIN p IN c.phases WHERE c.type = 'roundtable' AND c.status = 'active' " +
        'AND IS_DEFINED(p.timerEndsAt) AND p.timerEndsAt <= @now ' +
        'AND (NOT IS_DEFINED(p.timeUpPosted) OR p.timeUpPosted != p.timerEndsAt)',
      [{ name: '@now', value: now.toISOString() }],
    );
    return [...new Set(rows.map((r) => r.id))];
  }

  async addAudit(entry: AuditEntry) {
    await createDoc(this.roundtables, { ...entry, type: 'audit' }, 'audit');
  }

  async listAudit(roundtableId: string) {
    const all = await queryPartition<AuditEntry>(
      this.roundtables,
      'list audit',
      roundtableId,
      "SELECT * FROM c WHERE c.roundtableId = @rt AND c.type = 'audit'",
      [{ name: '@rt', value: roundtableId }],
      'type',
    );
    return all.sort((a, b) => a.at.localeCompare(b.at));
  }
}
