/** The 1:1 cards before the roundtable: the preparation draft and the invitation. */

import { randomUUID } from 'node:crypto';
import { type Lang, t } from '../bot/i18n/text.js';
import { GROUND_RULES } from '../bot/roundtable/invitations.js';
import { meetingAttendees } from '../bot/roundtable/meeting-link.js';
import { meetingTimeText } from '../bot/roundtable/meeting-time.js';
import { SUMMARY_TEXT_FIELDS, VOICE_FIELDS } from '../bot/roundtable/preparation.js';
import type { Invitation, Preparation } from '../bot/roundtable/records.js';
import { ROLES, type Roundtable } from '../bot/roundtable/types.js';
import { INPUTS, PREPARATION_INPUTS, PREPARATION_VERBS, type PreparationActionData } from './contract.js';
import { type AdaptiveCard, cap, cardBytes, type Data, expand, loadTemplate, MAX_CARD_BYTES } from './kit.js';
import { labelsIn } from './labels-in.js';
import { noticeCard } from './notice-card.js';
import { noticeLines } from './notice-lines.js';
import { roundtableMeetingLink } from './roundtable-due-card.js';

const SHARED = loadTemplate('_shared') as { header: unknown[] };

function withHeader(t: Data): Data {
  return { ...t, body: [...SHARED.header, ...((t.body as unknown[]) ?? [])] };
}
const PREPARATION = withHeader(loadTemplate('before/preparation'));
const INVITATION = withHeader(loadTemplate('before/invitation'));

function header(
  alias: string,
  title: string,
  practice: boolean,
  notice: { kind: 'info' | 'error'; text: string } | undefined,
  lang: Lang,
) {
  const error = notice?.kind === 'error';
  return {
    lang,
    header: {
      hasAlias: true,
      alias: cap(alias, 80),
      title,
      practice,
      practiceText: labelsIn(lang).practiceBanner(),
    },
    notice: notice
      ? {
          show: true,
          text: cap(notice.text, 500),
          lines: noticeLines(cap(notice.text, 500)),
          style: error ? 'attention' : 'emphasis',
        }
      : { show: false, text: '', lines: [], style: 'default' },
    closed: { show: false, text: '' },
  };
}

/** The voice inputs' ids (their labels are `personal:prep.<field>`). */
const VOICE_INPUTS: Record<(typeof VOICE_FIELDS)[number], string> = {
  youthLiving: PREPARATION_INPUTS.youthLiving,
  youthMatters: PREPARATION_INPUTS.youthMatters,
  family: PREPARATION_INPUTS.family,
  stakeholders: PREPARATION_INPUTS.stakeholders,
};

/** The case facts' input ids (their labels are the case summary's, common.json). */
const SUMMARY_INPUTS: Record<(typeof SUMMARY_TEXT_FIELDS)[number], string> = {
  timeInCare: INPUTS.caseTimeInCare,
  placement: INPUTS.casePlacement,
  legalStatus: INPUTS.caseLegalStatus,
  currentGoal: INPUTS.caseCurrentGoal,
  connections: INPUTS.caseConnections,
  strengths: INPUTS.caseStrengths,
  needs: INPUTS.caseNeeds,
  tried: INPUTS.caseTried,
};

/** The preparation card: every field pre-filled from the draft; a field too long for the card is shown as kept. */
export function preparationCard(opts: {
  alias: string;
  draft?: Preparation;
  maxLength: number;
  notice?: { kind: 'info' | 'error'; text: string };
  /** The reader's language (a code of locales/). */
  lang?: Lang;
}): AdaptiveCard {
  const lang = opts.lang ?? 'en';
  const d = opts.draft;
  const summaryLabels = new Map(labelsIn(lang).caseSummary);
  const children = (d?.summary?.children ?? [])
    .map((c) => (c.age === undefined ? c.alias : `${c.alias}, ${c.age}`))
    .join('\n');
  const fields = [
    ...VOICE_FIELDS.map((f) => ({
      group: 'voice',
      id: VOICE_INPUTS[f],
      label: t(lang, `personal:prep.${f}`),
      value: d?.[f] ?? '',
    })),
    {
      group: 'summary',
      id: INPUTS.caseChildren,
      label: t(lang, 'personal:prep.children'),
      value: children,
    },
    ...SUMMARY_TEXT_FIELDS.map((f) => ({
      group: 'summary',
      id: SUMMARY_INPUTS[f],
      label: summaryLabels.get(f) ?? f,
      value: d?.summary?.[f] ?? '',
    })),
  ];
  const save: PreparationActionData = { alias: opts.alias, nonce: randomUUID() };
  // Longest fields first lose their pre-fill (they stay saved) until the card fits Teams' limit.
  const bySize = [...fields].sort((a, b) => Buffer.byteLength(b.value) - Buffer.byteLength(a.value));
  const hidden = new Set<string>();
  for (let i = 0; i <= bySize.length; i++) {
    const rows = fields.map((f) => ({ ...f, editable: !hidden.has(f.id) }));
    const card = expand(PREPARATION, {
      ...header(opts.alias, t(lang, 'personal:prep.title'), false, opts.notice, lang),
      /** The alias as typed, its own TextRun (user text is never joined with the card's words). */
      startAlias: cap(opts.alias, 80),
      hasDraft: d !== undefined,
      draftLine: d
        ? t(lang, 'personal:prep.draftSaved', { time: d.updatedAt.slice(0, 16).replace('T', ' ') })
        : '',
      maxLength: opts.maxLength,
      voice: rows.filter((r) => r.group === 'voice'),
      summary: rows.filter((r) => r.group === 'summary'),
      save,
    });
    if (cardBytes(card) < MAX_CARD_BYTES) return card;
    const next = bySize[i];
    if (next) hidden.add(next.id);
  }
  throw new Error('preparation card cannot fit');
}

/** The roles a youth-centred roundtable adds (#29): the invitation names them only there. */
const YOUTH_ROLES = new Set<string>(['youth', 'support-person']);

/** The 1:1 invitation: date, roles, ground rules, confirm or decline. */
export function invitationCard(
  inv: Invitation,
  rt: Roundtable,
  notice?: { kind: 'info' | 'error'; text: string },
  /** The meeting's zone (the agency's) and the invitee's own, when known: the time is shown in theirs. */
  zone?: { meeting: string; viewer?: string },
  /** The invitee's language (a code of locales/). */
  lang: Lang = 'en',
): AdaptiveCard {
  const data = (): PreparationActionData => ({ rt: rt.id, inv: inv.id, nonce: randomUUID() });
  const open = rt.status === 'active';
  const statusLine = t(
    lang,
    inv.status === 'confirmed'
      ? 'personal:invitation.confirmed'
      : inv.status === 'declined'
        ? 'personal:invitation.declined'
        : open
          ? 'personal:invitation.asked'
          : 'personal:invitation.past',
  );
  const roles = labelsIn(lang).roles;
  return expand(INVITATION, {
    ...header(rt.caseAlias, t(lang, 'personal:invitation.title'), rt.practice === true, notice, lang),
    alias: cap(rt.caseAlias, 80),
    // Without the zones (a caller that does not pass them) the time is shown as typed rather than mislabelled.
    when: zone ? meetingTimeText(inv.meetingAt, zone.meeting, zone.viewer) : inv.meetingAt,
    invitedBy: cap(inv.invitedBy.name, 80),
    hasRole: inv.role !== undefined,
    role: inv.role ? roles[inv.role] : '',
    // Each role with its part (`personal:invitation.parts.<role>`); the youth's roles in a youth-centred roundtable.
    roles: ROLES.filter((r) => r !== 'other' && (rt.youthCentred === true || !YOUTH_ROLES.has(r))).map(
      (r) => ({
        title: roles[r],
        part: t(lang, `personal:invitation.parts.${r}`),
      }),
    ),
    rules: GROUND_RULES.map((_, i) => t(lang, `personal:invitation.rules.${i}`)),
    statusLine,
    open,
    scheduleUrl: invitationMeetingLink(inv, rt, lang),
    scheduleTitle: t(lang, 'personal:due.schedule'),
    confirm: data(),
    decline: data(),
  });
}

/** "Schedule in Teams" on an invitation: the meeting at the time given, the roster and the invitee as attendees. */
function invitationMeetingLink(inv: Invitation, rt: Roundtable, lang: Lang): string {
  const { upns } = meetingAttendees(rt, [inv.person.id]);
  return roundtableMeetingLink(
    rt.caseAlias,
    inv.meetingAt,
    upns,
    { timeZone: inv.timeZone ?? 'UTC', workingHours: null },
    rt.followUpOf !== undefined,
    lang,
  );
}

/** The 1:1 prompt to a preparer when a roundtable of their draft's alias starts (or they join it). */
export function attachPromptCard(rt: Roundtable, lang: Lang = 'en'): AdaptiveCard {
  const data: PreparationActionData = { rt: rt.id, nonce: randomUUID() };
  return {
    ...noticeCard(t(lang, 'personal:prep.attachPrompt', { alias: cap(rt.caseAlias, 80) })),
    actions: [
      {
        type: 'Action.Execute',
        title: t(lang, 'personal:prep.attach'),
        verb: PREPARATION_VERBS.attach,
        data,
      },
    ],
  };
}
