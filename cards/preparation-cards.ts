/** The 1:1 cards before the roundtable: the preparation draft and the invitation. */

import { randomUUID } from 'node:crypto';
import { GROUND_RULES } from '../bot/roundtable/invitations.js';
import { meetingAttendees } from '../bot/roundtable/meeting-link.js';
import { meetingTimeText } from '../bot/roundtable/meeting-time.js';
import { SUMMARY_TEXT_FIELDS, VOICE_FIELDS } from '../bot/roundtable/preparation.js';
import type { Invitation, Preparation } from '../bot/roundtable/records.js';
import { ROLES, type Roundtable } from '../bot/roundtable/types.js';
import { INPUTS, PREPARATION_INPUTS, PREPARATION_VERBS, type PreparationActionData } from './contract.js';
import { type AdaptiveCard, cap, cardBytes, type Data, expand, loadTemplate, MAX_CARD_BYTES } from './kit.js';
import { PRACTICE_BANNER, ROLE_LABELS } from './labels.js';
import { noticeCard } from './notice-card.js';
import { noticeLines } from './notice-lines.js';
import { roundtableMeetingLink, SCHEDULE_IN_TEAMS } from './roundtable-due-card.js';

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
  notice?: { kind: 'info' | 'error'; text: string },
) {
  const error = notice?.kind === 'error';
  return {
    header: { hasAlias: true, alias: cap(alias, 80), title, practice, practiceText: PRACTICE_BANNER },
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

const VOICE_INPUTS: Record<(typeof VOICE_FIELDS)[number], [string, string]> = {
  youthLiving: [
    PREPARATION_INPUTS.youthLiving,
    'What the youth said about where and with whom they want to live',
  ],
  youthMatters: [PREPARATION_INPUTS.youthMatters, 'Who matters to the youth'],
  family: [PREPARATION_INPUTS.family, 'What the family said'],
  stakeholders: [
    PREPARATION_INPUTS.stakeholders,
    'What other stakeholders said (carers, school, guardian ad litem…)',
  ],
};

const SUMMARY_INPUTS: Record<(typeof SUMMARY_TEXT_FIELDS)[number], [string, string]> = {
  timeInCare: [INPUTS.caseTimeInCare, 'Time in care'],
  placement: [INPUTS.casePlacement, 'Current placement'],
  legalStatus: [INPUTS.caseLegalStatus, 'Legal status'],
  currentGoal: [INPUTS.caseCurrentGoal, 'Current permanency goal'],
  connections: [INPUTS.caseConnections, 'Family and important connections'],
  strengths: [INPUTS.caseStrengths, 'Strengths'],
  needs: [INPUTS.caseNeeds, 'Needs'],
  tried: [INPUTS.caseTried, 'What has been tried'],
};

/** The preparation card: every field pre-filled from the draft; a field too long for the card is shown as kept. */
export function preparationCard(opts: {
  alias: string;
  draft?: Preparation;
  maxLength: number;
  notice?: { kind: 'info' | 'error'; text: string };
}): AdaptiveCard {
  const d = opts.draft;
  const children = (d?.summary?.children ?? [])
    .map((c) => (c.age === undefined ? c.alias : `${c.alias}, ${c.age}`))
    .join('\n');
  const fields = [
    ...VOICE_FIELDS.map((f) => ({
      group: 'voice',
      id: VOICE_INPUTS[f][0],
      label: VOICE_INPUTS[f][1],
      value: d?.[f] ?? '',
    })),
    {
      group: 'summary',
      id: INPUTS.caseChildren,
      label: 'Children in the sibling group — one per line: alias, age',
      value: children,
    },
    ...SUMMARY_TEXT_FIELDS.map((f) => ({
      group: 'summary',
      id: SUMMARY_INPUTS[f][0],
      label: SUMMARY_INPUTS[f][1],
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
      ...header(opts.alias, 'Preparation (draft)', false, opts.notice),
      /** The alias as typed, its own TextRun (user text is never joined with the card's words). */
      startAlias: cap(opts.alias, 80),
      hasDraft: d !== undefined,
      draftLine: d ? `Draft saved ${d.updatedAt.slice(0, 16).replace('T', ' ')} UTC` : '',
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

const ROLE_PARTS: Record<string, string> = {
  facilitator: 'keeps time and structure, moves the phases on, keeps the talk future-focused',
  caseworker: 'presents the case and, with the supervisor, owns the plan',
  supervisor: "the caseworker's supervisor; co-owns the plan and its follow-up",
  'master-practitioner':
    'an experienced practitioner of the agency, often from another office, who shares what has worked',
  'external-consultant':
    'from outside the agency, deliberately unaware of "how things are always done": a fresh, open-minded view',
  'barrier-buster': 'can waive or clarify policy, legal and funding obstacles in the room',
  scribe: 'records ideas and the plan (the bot does most of it)',
  other: 'brings their knowledge of the child and the system',
};

/** The 1:1 invitation: date, roles, ground rules, confirm or decline. */
export function invitationCard(
  inv: Invitation,
  rt: Roundtable,
  notice?: { kind: 'info' | 'error'; text: string },
  /** The meeting's zone (the agency's) and the invitee's own, when known: the time is shown in theirs. */
  zone?: { meeting: string; viewer?: string },
): AdaptiveCard {
  const data = (): PreparationActionData => ({ rt: rt.id, inv: inv.id, nonce: randomUUID() });
  const open = rt.status === 'active';
  const statusLine =
    inv.status === 'confirmed'
      ? 'You confirmed: see you there.'
      : inv.status === 'declined'
        ? 'You said you cannot come.'
        : open
          ? 'Please let the facilitator know whether you can come.'
          : 'This roundtable has taken place.';
  return expand(INVITATION, {
    ...header(rt.caseAlias, 'Invitation', rt.practice === true, notice),
    alias: cap(rt.caseAlias, 80),
    // Without the zones (a caller that does not pass them) the time is shown as typed rather than mislabelled.
    when: zone ? meetingTimeText(inv.meetingAt, zone.meeting, zone.viewer) : inv.meetingAt,
    invitedBy: cap(inv.invitedBy.name, 80),
    hasRole: inv.role !== undefined,
    role: inv.role ? ROLE_LABELS[inv.role] : '',
    roles: ROLES.filter((r) => r !== 'other').map((r) => ({
      title: ROLE_LABELS[r],
      part: ROLE_PARTS[r] ?? '',
    })),
    rules: GROUND_RULES,
    statusLine,
    open,
    scheduleUrl: invitationMeetingLink(inv, rt),
    scheduleTitle: SCHEDULE_IN_TEAMS,
    confirm: data(),
    decline: data(),
  });
}

/** "Schedule in Teams" on an invitation: the meeting at the time given, the roster and the invitee as attendees. */
function invitationMeetingLink(inv: Invitation, rt: Roundtable): string {
  const { upns } = meetingAttendees(rt, [inv.person.id]);
  return roundtableMeetingLink(
    rt.caseAlias,
    inv.meetingAt,
    upns,
    { timeZone: inv.timeZone ?? 'UTC', workingHours: null },
    rt.followUpOf !== undefined,
  );
}

/** The 1:1 prompt to a preparer when a roundtable of their draft's alias starts (or they join it). */
export function attachPromptCard(rt: Roundtable): AdaptiveCard {
  const data: PreparationActionData = { rt: rt.id, nonce: randomUUID() };
  return {
    ...noticeCard(
      `A roundtable for ${cap(rt.caseAlias, 80)} started in a chat you are in. You prepared this case: attach your preparation to it? Only you can.`,
    ),
    actions: [
      { type: 'Action.Execute', title: 'Attach my preparation', verb: PREPARATION_VERBS.attach, data },
    ],
  };
}
