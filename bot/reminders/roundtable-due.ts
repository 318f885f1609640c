/**
 * Follow-up roundtables on time (#25): a case whose plan is open gets its next roundtable `followUpRoundtableDays`
 * after its latest one. The facilitators and the plan's owners (caseworker, supervisor) are reminded in 1:1, two
 * weeks ahead and on the due day, once per due date: reminder documents planned at `end` (reminder-trail.ts) and
 * run here, under the scheduler's lease. A follow-up roundtable started for the case, or a closed plan, stops them;
 * one left open (started and never ended, left-open.ts) does not: the card then names the day it was started.
 */

import { leftOpenSince } from '../roundtable/left-open.js';
import { meetingAttendees } from '../roundtable/meeting-link.js';
import type { ProgrammeStore, RoundtableStore } from '../roundtable/ports.js';
import { inReports } from '../roundtable/practice.js';
import type { Person, Roundtable } from '../roundtable/types.js';
import { ROUNDTABLE_DUE_KIND, roundtableDueDay, roundtableDueRecipients } from './roundtable-due-plan.js';
import type { ScheduledJobs } from './scheduler.js';
import type { Reminder } from './types.js';

/** What the 1:1 card says: the case, when the last roundtable ended, the due day, who the link invites. */
export interface RoundtableDue {
  roundtable: Roundtable;
  recipient: Person;
  dueDay: string;
  /** Roster members (facilitators included) the meeting link invites: those whose UPN Teams gave. */
  attendees: string[];
  /** Roster members left out of the link (Teams gave no UPN for them). */
  missing: number;
  /** When a follow-up roundtable of the case was started that was never ended (ISO). */
  leftOpenSince?: string;
}

export interface RoundtableDueDeps {
  roundtables: RoundtableStore;
  /** The case's roundtables by alias: has a follow-up roundtable been started for this one? */
  programme: Pick<ProgrammeStore, 'roundtablesByAlias'>;
  cadenceDays: number;
  now: () => Date;
  /** Sends the card in the recipient's 1:1 chat (the edge builds it): `unreachable` when Teams refuses. */
  send: (due: RoundtableDue) => Promise<'sent' | 'unreachable'>;
}

/** Runs the follow-up-due reminders: checks the case still needs its follow-up roundtable, then sends the card. */
export class RoundtableDueJobs implements ScheduledJobs {
  constructor(private readonly deps: RoundtableDueDeps) {}

  handles(reminder: Reminder): boolean {
    return reminder.kind === ROUNDTABLE_DUE_KIND;
  }

  async afterRun(): Promise<void> {}

  async run(reminder: Reminder): Promise<'sent' | 'unreachable'> {
    const due = await this.stillDue(reminder.roundtableId);
    // Nothing to send (the plan closed, a follow-up roundtable started): the document is done, no message goes.
    if (!due) return 'sent';
    const rt = due.roundtable;
    const recipient = roundtableDueRecipients(rt).find((p) => p.id === reminder.ownerId);
    if (!recipient) return 'sent';
    const { upns, missing } = meetingAttendees(rt);
    return this.deps.send({
      roundtable: rt,
      recipient,
      dueDay: roundtableDueDay(rt, this.deps.cadenceDays),
      attendees: upns,
      missing,
      ...(due.leftOpenSince ? { leftOpenSince: due.leftOpenSince } : {}),
    });
  }

  /**
   * The roundtable when its case still waits for a follow-up roundtable: ended, plan open, and no follow-up started
   * since that ended or may still be under way. A follow-up left open keeps the case waiting, and is named.
   */
  async stillDue(
    roundtableId: string,
  ): Promise<{ roundtable: Roundtable; leftOpenSince?: string } | undefined> {
    const rt = (await this.deps.roundtables.getRoundtable(roundtableId))?.value;
    if (rt?.status !== 'ended' || !inReports(rt)) return undefined;
    const plan = (await this.deps.roundtables.getPlan(rt.id))?.value;
    if (plan?.closed || plan?.supersededBy) return undefined;
    const ofCase = await this.deps.programme.roundtablesByAlias(rt.caseAlias, rt.chat.tenantId);
    const followUps = ofCase.filter((other) => other.followUpOf === rt.id);
    const now = this.deps.now();
    const leftOpen = followUps.map((f) => leftOpenSince(f, now));
    if (leftOpen.some((since) => since === undefined)) return undefined;
    const since = leftOpen.sort()[0];
    return { roundtable: rt, ...(since ? { leftOpenSince: since } : {}) };
  }
}
