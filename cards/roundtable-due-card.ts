/** The 1:1 card when a follow-up roundtable of a case comes due (#25), with "Schedule in Teams". */
import { teamsMeetingLink } from '../bot/roundtable/meeting-link.js';
import { MY_ROUNDTABLES_TITLE } from './follow-up-cards.js';
import { type AdaptiveCard, cap } from './kit.js';
import { proposedSlot, slotAt } from './meeting-slot.js';

/** The title of the button that opens Teams' own meeting form (invitations and follow-up-due reminders). */
export const SCHEDULE_IN_TEAMS = 'Schedule in Teams';

/** Where the proposed slot falls: the agency's time zone and working hours. */
export interface SlotRules {
  timeZone: string;
  workingHours: { start: number; end: number; days: number[] } | null;
}

/** The subject of a follow-up roundtable's meeting: the case alias only. */
export function followUpSubject(alias: string): string {
  return `Follow-up roundtable – ${cap(alias, 80)}`;
}

/** The "Schedule in Teams" link for a follow-up roundtable due on `dueDay`, inviting `attendees` (UPNs). */
export function followUpMeetingLink(
  alias: string,
  dueDay: string,
  attendees: string[],
  rules: SlotRules,
): string {
  const slot = proposedSlot(dueDay, rules.timeZone, rules.workingHours);
  return teamsMeetingLink({
    subject: followUpSubject(alias),
    attendees,
    ...slot,
    content: `Follow-up Permanency Roundtable for ${cap(alias, 80)} (case alias). When it starts, type "@Roundtable start followup ${cap(alias, 80)}" in the meeting chat.`,
  });
}

/** The "Schedule in Teams" link of an invitation: the meeting time as the facilitator gave it. */
export function roundtableMeetingLink(
  alias: string,
  meetingAt: string,
  attendees: string[],
  rules: SlotRules,
  followUp: boolean,
): string {
  const slot = slotAt(meetingAt, rules.timeZone, rules.workingHours);
  return teamsMeetingLink({
    subject: followUp ? followUpSubject(alias) : `Permanency Roundtable – ${cap(alias, 80)}`,
    attendees,
    ...(slot ?? {}),
    content: `Permanency Roundtable for ${cap(alias, 80)} (case alias).`,
  });
}

/** What the card shows. */
export interface RoundtableDueCardData {
  alias: string;
  /** When the case's latest roundtable ended (ISO). */
  lastEndedAt: string;
  dueDay: string;
  /** The due day has passed (a plan from before these reminders, or a due day outside working days). */
  passed: boolean;
  cadenceDays: number;
  attendees: string[];
  /** Roster members the link leaves out (no UPN from Teams). */
  missing: number;
  rules: SlotRules;
  myRoundtablesUrl?: string;
}

const text = (t: string, extra: Record<string, unknown> = {}) => ({
  type: 'TextBlock',
  text: t,
  wrap: true,
  ...extra,
});
const run = (t: string, extra: Record<string, unknown> = {}) => ({ type: 'TextRun', text: t, ...extra });

/** The follow-up-due card: when, why, and one button to Teams' scheduling form (no calendar permission needed). */
export function roundtableDueCard(d: RoundtableDueCardData): AdaptiveCard {
  const alias = cap(d.alias, 80);
  const url = followUpMeetingLink(d.alias, d.dueDay, d.attendees, d.rules);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      {
        type: 'RichTextBlock',
        inlines: [
          run('A follow-up roundtable is due for ', { size: 'Medium', weight: 'Bolder' }),
          run(alias, { size: 'Medium', weight: 'Bolder' }),
        ],
      },
      text(
        `Your agency holds a follow-up roundtable every ${d.cadenceDays} days until the child has permanency. ` +
          `The last roundtable of this case ended on ${d.lastEndedAt.slice(0, 10)}: the next one ${d.passed ? 'was' : 'is'} due on ${d.dueDay}.`,
      ),
      text(
        `${SCHEDULE_IN_TEAMS} opens Teams' own meeting form with the roster invited and two hours proposed on the ` +
          `due day (${d.rules.timeZone}); change anything there before you send it.`,
        { isSubtle: true },
      ),
      ...(d.missing > 0
        ? [
            text(
              `${d.missing} ${d.missing === 1 ? 'person on the roster is' : 'people on the roster are'} not in the form ` +
                '(Teams did not give their sign-in name): add them there.',
              { isSubtle: true },
            ),
          ]
        : []),
      {
        type: 'RichTextBlock',
        inlines: [
          run('When it starts, type in the meeting chat: '),
          run('@Roundtable start followup '),
          run(alias),
        ],
      },
    ],
    actions: [
      { type: 'Action.OpenUrl', title: SCHEDULE_IN_TEAMS, url },
      ...(d.myRoundtablesUrl
        ? [{ type: 'Action.OpenUrl', title: MY_ROUNDTABLES_TITLE, url: d.myRoundtablesUrl }]
        : []),
    ],
  };
}
