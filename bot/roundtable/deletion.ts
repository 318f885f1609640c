import { retryOnConflict } from './etag-retry.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, inThisChat, isFacilitator } from './permissions.js';
import type { ProgrammeStore, RoundtableStore } from './ports.js';
import type { DeletionRecord } from './records.js';
import type { Roundtable } from './types.js';

export interface DeletionDeps {
  roundtables: RoundtableStore;
  programme: ProgrammeStore;
  /** Days after a plan closes that its roundtables are deleted (0: never). */
  retentionDays: number;
  now?: () => Date;
  newId?: () => string;
}

const DAY = 86_400_000;

function sameAlias(typed: string, alias: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(typed) === norm(alias);
}

/** Deleting a roundtable and everything about it; the rules of who may and when. */
export class RoundtableDeletion {
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly deps: DeletionDeps) {
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? (() => crypto.randomUUID());
  }

  /**
   * `delete roundtable` in the roundtable's chat: a facilitator only, and only when the typed
   * confirmation names the case alias (`delete roundtable <alias>`). Without it: needs-confirmation.
   */
  async request(actor: Actor, rt: Roundtable, confirmation: string): Promise<Outcome<DeletionRecord>> {
    // AUTH
    if (!inThisChat(rt, actor)) return fail('not-found', 'No roundtable of this chat to delete.');
    if (!(await isFacilitator(rt, actor))) {
      return fail('forbidden', 'Only a facilitator of this roundtable can delete it.');
    }
    // VALIDATION
    if (!confirmation.trim()) {
      return fail(
        'needs-confirmation',
        `This deletes the roundtable for ${rt.caseAlias} and everything in it: case summary, questions, ideas, ` +
          'plan and steps, debrief, its reminders and its entries in the barrier register. It cannot be undone. ' +
          `To confirm, type \`@Roundtable delete roundtable ${rt.caseAlias}\`.`,
      );
    }
    if (!sameAlias(confirmation, rt.caseAlias)) {
      return fail(
        'invalid',
        `The confirmation must name this roundtable's case alias exactly: \`delete roundtable ${rt.caseAlias}\`. Nothing was deleted.`,
      );
    }
    // RESOLUTION
    return ok(
      await this.deleteNow(rt.id, actor.person.id, 'facilitator'),
      `The roundtable for ${rt.caseAlias} was deleted.`,
    );
  }

  /** Removes every document of the roundtable, its reminders and barrier entries, then records the deletion. */
  async deleteNow(
    roundtableId: string,
    actorId: string,
    trigger: DeletionRecord['trigger'],
  ): Promise<DeletionRecord> {
    const { programme } = this.deps;
    const rt = (await this.deps.roundtables.getRoundtable(roundtableId))?.value;
    // A follow-up deleted by its facilitator gives the previous plan back its follow-up.
    if (rt?.followUpOf && trigger === 'facilitator') await this.restorePrevious(rt.followUpOf, rt.id);
    const reminders = await programme.deleteRemindersOf(roundtableId);
    const barriers = await programme.deleteBarriersOf(roundtableId);
    const documents = await programme.deleteRoundtableDocuments(roundtableId);
    if (rt) await this.forgetInChat(rt);
    const record: DeletionRecord = {
      id: `del-${this.newId()}`,
      roundtableId,
      at: this.now().toISOString(),
      actorId,
      trigger,
      documents,
      reminders: reminders.deleted,
      barriers,
    };
    await programme.addDeletion(record);
    return record;
  }

  /** The previous plan is no longer superseded by the deleted follow-up (its reminders are restored by the caller). */
  private async restorePrevious(previousId: string, followUpId: string): Promise<void> {
    await retryOnConflict(
      async () => {
        const current = await this.deps.roundtables.getPlan(previousId);
        if (!current || current.value.supersededBy !== followUpId) return;
        const { supersededBy: _gone, ...plan } = current.value;
        await this.deps.roundtables.putPlan(
          previousId,
          { ...plan, updatedAt: this.now().toISOString() },
          current.etag,
        );
      },
      { attempts: 6, backoff: false, exhausted: () => undefined },
    );
  }

  /** The chat pointer forgets the roundtable (its history holds ids only, but a deleted id helps nobody). */
  private async forgetInChat(rt: Roundtable): Promise<void> {
    await retryOnConflict(
      async () => {
        const pointer = await this.deps.roundtables.getChat(rt.chat.conversationId);
        if (!pointer?.value.history.includes(rt.id)) return;
        const history = pointer.value.history.filter((id) => id !== rt.id);
        const roundtableId =
          pointer.value.roundtableId === rt.id
            ? (history[history.length - 1] ?? rt.id)
            : pointer.value.roundtableId;
        await this.deps.roundtables.putChat({ ...pointer.value, roundtableId, history }, pointer.etag);
      },
      { attempts: 6, backoff: false, exhausted: () => undefined },
    );
  }

  /**
   * Retention: each roundtable is judged by its OWN plan: deleted when that plan closed more than
   * `retentionDays` ago (never because a later roundtable of the case closed). Run by the scheduler.
   */
  async sweep(): Promise<{ deleted: number; links: number }> {
    const { programme, retentionDays } = this.deps;
    const now = this.now();
    const links = await programme.deleteExpiredDownloads(now.toISOString());
    if (retentionDays <= 0) return { deleted: 0, links };
    const cutoff = new Date(now.getTime() - retentionDays * DAY).toISOString();
    let deleted = 0;
    for (const id of await programme.closedPlansBefore(cutoff)) {
      await this.deleteNow(id, 'system:retention', 'retention');
      deleted++;
    }
    return { deleted, links };
  }
}
