/**
 * Follow-up roundtables on time (#25): a case whose plan is open gets its next roundtable `followUpRoundtableDays`
 * after its latest one. The facilitators and the plan's owners (caseworker, supervisor) are reminded in 1:1, two
 * weeks ahead and on the due day, once per due date: reminder documents planned at `end` (reminder-trail.ts) and
 * run here, under the scheduler's lease. A follow-up roundtable started for the case, or a closed plan, stops them.
 */
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
}

export interface RoundtableDueDeps {
  roundtables: RoundtableStore;
  /** The case's roundtables by alias: has a follow-up roundtable been started for this one? */
  programme: Pick<ProgrammeStore, 'roundtablesByAlias'>;
  cadenceDays: number;
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
    const rt = await this.stillDue(reminder.roundtableId);
    // Nothing to send (the plan closed, a follow-up roundtable started): the document is done, no message goes.
    if (!rt) return 'sent';
    const recipient = roundtableDueRecipients(rt).find((p) => p.id === reminder.ownerId);
    if (!recipient) return 'sent';
    const { upns, missing } = meetingAttendees(rt);
    return this.deps.send({
      roundtable: rt,
      recipient,
      dueDay: roundtableDueDay(rt, this.deps.cadenceDays),
      attendees: upns,
      missing,
    });
  }

  /** The roundtable when its case still waits for a follow-up roundtable: ended, plan open, none started since. */
  async stillDue(roundtableId: string): Promise<Roundtable | undefined> {
    const rt = (await this.deps.roundtables.getRoundtable(roundtableId))?.value;
    if (rt?.status !== 'ended' || !inReports(rt)) return undefined;
    const plan = (await this.deps.roundtables.getPlan(rt.id))?.value;
    if (plan?.closed || plan?.supersededBy) return undefined;
    const ofCase = await this.deps.programme.roundtablesByAlias(rt.caseAlias, rt.chat.tenantId);
    if (ofCase.some((other) => other.followUpOf === rt.id)) return undefined;
    return rt;
  }
}
