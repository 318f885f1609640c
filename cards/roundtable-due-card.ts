/** The 1:1 card when a follow-up roundtable of a case comes due (#25), with "Schedule in Teams". */
import { type Lang, t } from '../bot/i18n/text.js';
import { teamsMeetingLink } from '../bot/roundtable/meeting-link.js';
import { type AdaptiveCard, cap } from './kit.js';
import { proposedSlot, slotAt } from './meeting-slot.js';

/** The title of the button that opens Teams' own meeting form (invitations and follow-up-due reminders). */
export const SCHEDULE_IN_TEAMS = t('en', 'personal:due.schedule');

/** Where the proposed slot falls: the agency's time zone and working hours. */
export interface SlotRules {
  timeZone: string;
  workingHours: { start: number; end: number; days: number[] } | null;
}

/** The subject of a follow-up roundtable's meeting: the case alias only. */
export function followUpSubject(alias: string, lang: Lang = 'en'): string {
  return t(lang, 'personal:due.followUpSubject', { alias: cap(alias, 80) });
}

/** The "Schedule in Teams" link for a follow-up roundtable due on `dueDay`, inviting `attendees` (UPNs). */
export function followUpMeetingLink(
  alias: string,
  dueDay: string,
  attendees: string[],
  rules: SlotRules,
  lang: Lang = 'en',
): string {
  const slot = proposedSlot(dueDay, rules.timeZone, rules.workingHours);
  return teamsMeetingLink({
    subject: followUpSubject(alias, lang),
    attendees,
    ...slot,
    content: t(lang, 'personal:due.followUpContent', { alias: cap(alias, 80) }),
  });
}

/** The "Schedule in Teams" link of an invitation: the meeting time as the facilitator gave it. */
export function roundtableMeetingLink(
  alias: string,
  meetingAt: string,
  attendees: string[],
  rules: SlotRules,
  followUp: boolean,
  lang: Lang = 'en',
): string {
  const slot = slotAt(meetingAt, rules.timeZone, rules.workingHours);
  return teamsMeetingLink({
    subject: followUp
      ? followUpSubject(alias, lang)
      : t(lang, 'personal:due.subject', { alias: cap(alias, 80) }),
    attendees,
    ...(slot ?? {}),
    content: t(lang, 'personal:due.content', { alias: cap(alias, 80) }),
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
  /** The reader's language (a code of locales/). */
  lang?: Lang;
  /** When a follow-up roundtable of the case was started that was never ended (ISO): the card says so. */
  leftOpenSince?: string;
  /** Today (YYYY-MM-DD): once the due day has passed, the meeting form proposes a day a week from it. */
  today?: string;
}

/** Once the due day has passed, the proposed meeting is this many days from today (time to find a slot). */
export const PASSED_LEAD_DAYS = 7;

/** The day the meeting form proposes: the due day, or a week from today once it has passed. */
function proposedDay(d: RoundtableDueCardData): string {
  if (!d.passed || !d.today) return d.dueDay;
  return new Date(Date.parse(`${d.today}T00:00:00Z`) + PASSED_LEAD_DAYS * 86_400_000)
    .toISOString()
    .slice(0, 10);
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
  const lang = d.lang ?? 'en';
  const alias = cap(d.alias, 80);
  const proposed = proposedDay(d);
  const url = followUpMeetingLink(d.alias, proposed, d.attendees, d.rules, lang);
  const howTo = proposed === d.dueDay ? 'personal:due.howTo' : 'personal:due.howToLater';
  const schedule = t(lang, 'personal:due.schedule');
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      {
        type: 'RichTextBlock',
        inlines: [
          run(t(lang, 'personal:due.heading'), { size: 'Medium', weight: 'Bolder' }),
          run(alias, { size: 'Medium', weight: 'Bolder' }),
        ],
      },
      text(
        t(lang, d.passed ? 'personal:due.cadencePassed' : 'personal:due.cadence', {
          days: d.cadenceDays,
          ended: d.lastEndedAt.slice(0, 10),
          due: d.dueDay,
        }),
      ),
      ...(d.leftOpenSince
        ? [
            text(t(lang, 'personal:due.leftOpen', { started: d.leftOpenSince.slice(0, 10) }), {
              weight: 'Bolder',
            }),
          ]
        : []),
      text(t(lang, howTo, { schedule, zone: d.rules.timeZone }), { isSubtle: true }),
      ...(d.missing > 0 ? [text(t(lang, 'personal:due.missing', { n: d.missing }), { isSubtle: true })] : []),
      {
        type: 'RichTextBlock',
        inlines: [run(t(lang, 'personal:due.whenStarts')), run(t(lang, 'personal:due.command')), run(alias)],
      },
    ],
    actions: [
      { type: 'Action.OpenUrl', title: schedule, url },
      ...(d.myRoundtablesUrl
        ? [{ type: 'Action.OpenUrl', title: t(lang, 'personal:myRoundtables'), url: d.myRoundtablesUrl }]
        : []),
    ],
  };
}
