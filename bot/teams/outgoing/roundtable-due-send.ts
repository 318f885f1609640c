import { roundtableDueCard, type SlotRules } from '../../../cards/roundtable-due-card.js';
import type { RoundtableDue } from '../../reminders/roundtable-due.js';
import type { TeamsReminderDelivery } from './proactive.js';

/** Sends the follow-up-due card (with "Schedule in Teams") in the recipient's 1:1 chat (#25). */
export function roundtableDueSender(
  delivery: Pick<TeamsReminderDelivery, 'sendCard'>,
  opts: { cadenceDays: number; rules: SlotRules; now: () => Date; myRoundtablesUrl?: string | undefined },
): (due: RoundtableDue) => Promise<'sent' | 'unreachable'> {
  return (due) =>
    delivery.sendCard(
      due.recipient,
      due.roundtable,
      roundtableDueCard({
        alias: due.roundtable.caseAlias,
        lastEndedAt: due.roundtable.endedAt ?? due.roundtable.createdAt,
        dueDay: due.dueDay,
        passed: due.dueDay < opts.now().toISOString().slice(0, 10),
        cadenceDays: opts.cadenceDays,
        attendees: due.attendees,
        missing: due.missing,
        rules: opts.rules,
        ...(opts.myRoundtablesUrl ? { myRoundtablesUrl: opts.myRoundtablesUrl } : {}),
      }),
    );
}
