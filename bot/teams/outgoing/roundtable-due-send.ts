import { roundtableDueCard, type SlotRules } from '../../../cards/roundtable-due-card.js';
import type { Config } from '../../config.js';
import { pickLanguage } from '../../i18n/text.js';
import { type RoundtableDue, RoundtableDueJobs } from '../../reminders/roundtable-due.js';
import type { ProgrammeStore, RoundtableStore } from '../../roundtable/ports.js';
import type { TeamsReminderDelivery } from './proactive.js';

/** Sends the follow-up-due card (with "Schedule in Teams") in the recipient's 1:1 chat (#25). */
export function roundtableDueSender(
  delivery: Pick<TeamsReminderDelivery, 'sendCard'>,
  opts: { cadenceDays: number; rules: SlotRules; now: () => Date; myRoundtablesUrl?: string | undefined },
): (due: RoundtableDue) => Promise<'sent' | 'unreachable'> {
  return (due) => {
    const today = opts.now().toISOString().slice(0, 10);
    return delivery.sendCard(
      due.recipient,
      due.roundtable,
      // Drawn for the recipient: in their Teams language (stored from their last activity).
      (person) =>
        roundtableDueCard({
          alias: due.roundtable.caseAlias,
          lastEndedAt: due.roundtable.endedAt ?? due.roundtable.createdAt,
          dueDay: due.dueDay,
          passed: due.dueDay < today,
          today,
          cadenceDays: opts.cadenceDays,
          attendees: due.attendees,
          missing: due.missing,
          ...(due.leftOpenSince ? { leftOpenSince: due.leftOpenSince } : {}),
          rules: opts.rules,
          ...(opts.myRoundtablesUrl ? { myRoundtablesUrl: opts.myRoundtablesUrl } : {}),
          lang: pickLanguage(person.locale),
        }),
    );
  };
}

/** The follow-up-due jobs of the scheduler, sending through `delivery` with the agency's cadence and hours. */
export function roundtableDueJobs(
  delivery: Pick<TeamsReminderDelivery, 'sendCard'>,
  stores: { roundtables: RoundtableStore; programme: Pick<ProgrammeStore, 'roundtablesByAlias'> },
  config: Config,
  now: () => Date,
): RoundtableDueJobs {
  const cadenceDays = config.settings.followUpRoundtableDays;
  return new RoundtableDueJobs({
    ...stores,
    cadenceDays,
    now,
    send: roundtableDueSender(delivery, {
      cadenceDays,
      rules: { timeZone: config.timeZone, workingHours: config.settings.followUp.workingHours },
      now,
      myRoundtablesUrl: config.personalApp.myRoundtablesUrl,
    }),
  });
}
