import { afterEndJob } from '../../reminders/after-end-job.js';
import type { Reminder } from '../../reminders/types.js';
import type { RoundtableStore } from '../../roundtable/ports.js';
import type {
  ActionPlan,
  AuditEntry,
  CaseSummary,
  ChatPointer,
  Contribution,
  RosterEntry,
  Roundtable,
} from '../../roundtable/types.js';
import { deepFreeze } from '../frozen.js';
import { asMember, MEMBER_TYPE, memberDoc, memberDocId, withMembers } from '../member-docs.js';
import { oldestFirst } from '../oldest-first.js';
import { type MemoryContainer, type MemoryDatabase, type MemoryDoc, strip } from './memory-database.js';

/**
 * RoundtableStore in memory, documents laid out as in Cosmos DB (bot/store/cosmos-roundtable-store.ts):
 * the roundtable, its contributions, case summary, plan and audit trail in the `roundtables`
 * container's partition of the roundtable, the chat pointer in `chats`.
 */
export class MemoryRoundtableStore implements RoundtableStore {
  private readonly roundtables: MemoryContainer;
  private readonly chats: MemoryContainer;
  private readonly reminders: MemoryContainer;

  constructor(database: MemoryDatabase) {
    this.roundtables = database.container('roundtables');
    this.chats = database.container('chats');
    this.reminders = database.container('reminders');
  }

  async timeBoxesRunOut(now: Date) {
    const at = now.toISOString();
    return this.roundtables
      .all()
      .map((d) => d.value as unknown as Roundtable & { type?: string })
      .filter(
        (rt) =>
          rt.type === 'roundtable' &&
          rt.status === 'active' &&
          rt.phases.some((p) => p.timerEndsAt && p.timerEndsAt <= at && p.timeUpPosted !== p.timerEndsAt),
      )
      .map((rt) => rt.id);
  }

  async getRoundtable(id: string, opts: { roster?: boolean } = {}) {
    const found = this.roundtables.read<Roundtable>(id, id, 'type', 'roundtableId');
    if (!found || opts.roster === false) return found;
    const members = this.roundtables
      .inPartition(id)
      .filter((d) => d.value.type === MEMBER_TYPE)
      .map((d) => deepFreeze(d.value));
    return { value: withMembers(found.value, members), etag: found.etag };
  }

  async getMember(roundtableId: string, personId: string) {
    const found = this.roundtables.read<MemoryDoc>(memberDocId(personId), roundtableId);
    const member = asMember(found?.value);
    return found && member ? { value: member.entry, etag: found.etag } : undefined;
  }

  async putMember(roundtableId: string, personId: string, entry: RosterEntry | null, etag?: string) {
    this.roundtables.write(roundtableId, memberDoc(roundtableId, personId, entry), etag, 'roster entry');
  }

  async createRoundtable(rt: Roundtable) {
    return this.roundtables.create(rt.id, { ...rt, type: 'roundtable', roundtableId: rt.id });
  }

  async replaceRoundtable(rt: Roundtable, etag: string) {
    const doc = { ...rt, type: 'roundtable', roundtableId: rt.id };
    const next = this.roundtables.write(rt.id, doc, etag, 'roundtable');
    return { value: rt, etag: next };
  }

  /** As bot/store/cosmos-after-end.ts: the job row pending and due, unless it is already. */
  async armAfterEnd(rt: Roundtable, at: Date) {
    const job = afterEndJob(rt, at);
    const found = this.reminders.read<Reminder>(job.id, job.ownerId);
    if (found?.value.status === 'pending' && found.value.dueAt <= job.dueAt) return;
    this.reminders.write(job.ownerId, { ...job }, found?.etag, 'after-end job');
  }

  async deleteRoundtable(id: string) {
    for (const { value } of this.roundtables.inPartition(id)) this.roundtables.remove(value.id, id);
  }

  async getChat(conversationId: string) {
    return this.chats.read<ChatPointer>(conversationId, conversationId, 'id');
  }

  async putChat(pointer: ChatPointer, etag?: string) {
    const id = pointer.conversationId;
    this.chats.write(id, { ...pointer, id }, etag, 'chat');
  }

  async addContribution(c: Contribution) {
    return this.roundtables.create(c.roundtableId, { ...c, type: 'contribution' });
  }

  async getContribution(roundtableId: string, id: string) {
    const found = this.roundtables.read<MemoryDoc>(id, roundtableId);
    if (found?.value.type !== 'contribution') return undefined;
    return { value: strip<Contribution>(found.value, 'type'), etag: found.etag };
  }

  async replaceContribution(c: Contribution, etag: string) {
    this.roundtables.write(c.roundtableId, { ...c, type: 'contribution' }, etag, 'contribution');
  }

  private ofType<T>(roundtableId: string, type: string, ...extra: string[]): T[] {
    return this.roundtables
      .inPartition(roundtableId)
      .filter((d) => d.value.type === type)
      .map((d) => deepFreeze(strip<T>(d.value, 'type', ...extra)));
  }

  async listContributions(roundtableId: string) {
    return this.ofType<Contribution>(roundtableId, 'contribution').sort(oldestFirst('createdAt'));
  }

  async recentIdeasBy(roundtableId: string, authorId: string, sinceIso: string) {
    return (await this.listContributions(roundtableId))
      .filter((c) => c.kind === 'idea' && c.author.id === authorId && c.createdAt > sinceIso)
      .map((c) => c.id);
  }

  async getCaseSummary(roundtableId: string) {
    return this.roundtables.read<CaseSummary>('case-summary', roundtableId, 'type', 'roundtableId', 'id');
  }

  async putCaseSummary(roundtableId: string, s: CaseSummary, etag?: string) {
    const doc = { ...s, id: 'case-summary', type: 'case-summary', roundtableId };
    this.roundtables.write(roundtableId, doc, etag, 'case summary');
  }

  async getPlan(roundtableId: string) {
    return this.roundtables.read<ActionPlan>('plan', roundtableId, 'type', 'roundtableId', 'id');
  }

  async putPlan(roundtableId: string, plan: ActionPlan, etag?: string) {
    const doc = { ...plan, id: 'plan', type: 'plan', roundtableId };
    this.roundtables.write(roundtableId, doc, etag, 'plan');
  }

  async addAudit(entry: AuditEntry) {
    this.roundtables.create(entry.roundtableId, { ...entry, type: 'audit' });
  }

  async listAudit(roundtableId: string) {
    return this.ofType<AuditEntry>(roundtableId, 'audit').sort((a, b) => a.at.localeCompare(b.at));
  }
}
