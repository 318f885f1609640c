import { EtagConflict } from '../roundtable/ports.js';
import type { Person, PersonRecord } from '../roundtable/types.js';
import type { FollowUpContext } from './follow-up-context.js';
import { nextWorkingTime } from './schedule.js';

/** How stale `updatedAt` may grow before an unchanged person record is written again (30 days). */
const SEEN_REFRESH_MS = 30 * 86_400_000;

/** People the bot reaches in 1:1 chats, and the reminders Teams would not deliver to them. */
export class PersonRecords {
  /** People seen by this instance, to skip writes that change nothing (a cache; the store is the truth). */
  private readonly known = new Map<string, PersonRecord>();

  constructor(private readonly ctx: FollowUpContext) {}

  /** Remembers how to reach a person: merged into what is stored, written only when something changed. */
  async touch(seen: Omit<PersonRecord, 'updatedAt'>): Promise<void> {
    const stored = this.known.get(seen.id) ?? (await this.ctx.followUps.getPerson(seen.id));
    const merged: PersonRecord = { ...(stored ?? {}), ...seen, updatedAt: stored?.updatedAt ?? '' };
    if (seen.personalReference) delete merged.undeliverableSince;
    // Unchanged and seen lately: no write. Once a month the record is refreshed even unchanged, so that
    // `updatedAt` says when the bot last saw the person (PERSON_RETENTION_DAYS counts from it).
    const fresh = Date.parse(stored?.updatedAt ?? '') > this.ctx.now().getTime() - SEEN_REFRESH_MS;
    if (
      stored &&
      fresh &&
      JSON.stringify({ ...merged, updatedAt: '' }) === JSON.stringify({ ...stored, updatedAt: '' })
    ) {
      this.known.set(seen.id, stored);
      return;
    }
    const record = { ...merged, updatedAt: this.ctx.now().toISOString() };
    await this.ctx.followUps.putPerson(record);
    this.remember(record);
  }

  /** Stores a person record as given (delivery uses it after creating a 1:1 chat). */
  async record(person: PersonRecord): Promise<void> {
    await this.ctx.followUps.putPerson(person);
    this.remember(person);
  }

  private remember(person: PersonRecord): void {
    if (this.known.size > 5000) this.known.clear();
    this.known.set(person.id, person);
  }

  /** The stored record of a person (the store, not this instance's cache). */
  async get(id: string): Promise<PersonRecord | undefined> {
    return this.ctx.followUps.getPerson(id);
  }

  /** People whose reminders for this roundtable Teams refused (for `status`). */
  async unreachable(roundtableId: string): Promise<Person[]> {
    return (await this.health(roundtableId)).unreachable;
  }

  /** Reminders that failed after every retry (shown in `status`, queued again by `reminders retry`). */
  async failedCount(roundtableId: string): Promise<number> {
    return (await this.health(roundtableId)).failed;
  }

  /** Both of the above from one read of the roundtable's reminders (what `status` shows). */
  async health(roundtableId: string): Promise<{ unreachable: Person[]; failed: number }> {
    const { followUps } = this.ctx;
    const reminders =
      (await followUps.reminderProblems?.(roundtableId)) ??
      (await followUps.remindersOf(roundtableId)).map((r) => r.value);
    const ids = new Set(reminders.filter((r) => r.status === 'undeliverable').map((r) => r.ownerId));
    const unreachable: Person[] = [];
    for (const id of ids)
      unreachable.push({ id, name: (await this.ctx.followUps.getPerson(id))?.name ?? 'Someone' });
    return { unreachable, failed: reminders.filter((r) => r.status === 'failed').length };
  }

  /**
   * `reminders retry`: failed and undeliverable reminders of a roundtable are queued again (in each
   * recipient's working hours), and the chat will be told again if Teams still refuses.
   * One try per reminder: one that changed meanwhile is skipped.
   */
  async retryFailed(roundtableId: string): Promise<number> {
    const { followUps, settings } = this.ctx;
    let queued = 0;
    const retried = new Set<string>();
    for (const r of await followUps.remindersOf(roundtableId)) {
      if (r.value.status !== 'failed' && r.value.status !== 'undeliverable') continue;
      const zone = (await followUps.getPerson(r.value.ownerId))?.timeZone;
      const { lastError: _error, claimedBy: _by, claimUntil: _until, ...rest } = r.value;
      try {
        await followUps.replaceReminder(
          {
            ...rest,
            status: 'pending',
            attempts: 0,
            dueAt: nextWorkingTime(this.ctx.now(), zone, settings).toISOString(),
          },
          r.etag,
        );
        queued++;
        retried.add(r.value.ownerId);
      } catch (err) {
        if (!(err instanceof EtagConflict)) throw err;
      }
    }
    for (const id of retried) {
      const person = await followUps.getPerson(id);
      if (!person?.undeliverableReported?.includes(roundtableId)) continue;
      await this.record({
        ...person,
        undeliverableReported: person.undeliverableReported.filter((x) => x !== roundtableId),
        updatedAt: this.ctx.now().toISOString(),
      });
    }
    return queued;
  }
}
