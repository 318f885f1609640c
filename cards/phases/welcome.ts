/** The Welcome card: agenda, facilitators, roster, join, invitations. */

import { type Lang, REFERENCE_LANGUAGE, t } from '../../bot/i18n/text.js';
import { meetingTimeText } from '../../bot/roundtable/meeting-time.js';
import type { Invitation } from '../../bot/roundtable/records.js';
import { ASSIGNABLE_ROLES, OPEN_ROLES, RIGHTS_ROLES } from '../../bot/roundtable/roles.js';
import type { Roundtable } from '../../bot/roundtable/types.js';
import { YOUTH_ROLES } from '../../bot/roundtable/youth-rules.js';
import { choices, facilitatorNames, type PhaseData, phaseName } from '../card-view.js';
import { cap, type Data, type Limits, trim } from '../kit.js';
import { labelsIn } from '../labels-in.js';

/** The Welcome card's data. */
export const welcomeData: PhaseData = (view, limits) => {
  const rt = view.roundtable;
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const roles = labelsIn(lang).roles;
  const roster = trim(rt.roster, limits.items, lang);
  return {
    agenda: rt.phases.map((p, i) => ({
      label: `${i + 1}. ${phaseName(view, p.key)}`,
      minutes: t(lang, 'meeting:welcome.minutes', { minutes: p.plannedMinutes }),
    })),
    agendaLine: rt.phases.map((p) => `${phaseName(view, p.key)} ${p.plannedMinutes}`).join(' · '),
    totalMinutes: rt.phases.reduce((sum, p) => sum + p.plannedMinutes, 0),
    facilitators: facilitatorNames(rt, limits, lang),
    rosterCount: rt.roster.length,
    roster: roster.shown.map((r) => ({
      name: cap(r.name, Math.min(limits.text, 120)),
      roleLabel: roles[r.role],
    })),
    rosterMore: roster.more,
    roleChoices: choices(JOIN_ROLES, roles),
    // A youth-centred roundtable (#29): a facilitator also gives the youth's and the support person's roles here.
    assignRoleChoices: choices(
      rt.youthCentred ? [...ASSIGNABLE_ROLES, ...YOUTH_ROLES] : ASSIGNABLE_ROLES,
      roles,
    ),
    ...peoplePicker(rt, limits),
    ...invitationData(view.invitations, rt, limits, view.settings.followUp.defaultTimeZone, lang),
  };
};

/** "Join as": participant and scribe at once; the roles with rights are asked for (a facilitator confirms). */
const JOIN_ROLES = [...OPEN_ROLES, ...RIGHTS_ROLES, 'facilitator'] as const;

/** The chat's members as Teams' people picker queries them (the value is the AAD object id). */
export const MEMBER_QUERY = {
  type: 'Data.Query',
  dataset: 'graph.microsoft.com/users?scope=currentContext',
} as const;

/**
 * True when the chat is reached through a connector on this machine (the Agents Playground, local runs):
 * its client has no Data.Query, so the picker needs the static list.
 */
export function staticPicker(rt: Roundtable): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(rt.chat.serviceUrl).hostname);
  } catch {
    return false;
  }
}

/**
 * The people picker: Teams adds static choices to the Data.Query results (each member would show twice), so
 * Teams gets the query only and the Playground (no Data.Query) the static list only: the chat's members as the
 * connector listed them and everyone on the roster, each once; the value is the id the roster uses.
 */
export function peoplePicker(
  rt: Roundtable,
  limits: Limits,
): { memberChoices: { title: string; value: string }[]; memberQuery: typeof MEMBER_QUERY | null } {
  if (!staticPicker(rt)) return { memberChoices: [], memberQuery: MEMBER_QUERY };
  const people = new Map<string, string>();
  for (const p of [...(rt.chatMembers ?? []), ...rt.roster]) if (!people.has(p.id)) people.set(p.id, p.name);
  const memberChoices = [...people]
    .slice(0, Math.min(100, Math.max(10, limits.items * 2)))
    .map(([id, name]) => ({ title: cap(name, 80), value: id }));
  return { memberChoices, memberQuery: null };
}

/**
 * The invitations on the Welcome card, merged into who is here: an invitee on the roster is shown once, there,
 * with their role; the invited list holds those not here yet.
 */
export function invitationData(
  invitations: Invitation[] | undefined,
  rt: Roundtable,
  limits: Limits,
  zone = 'UTC',
  lang: Lang = REFERENCE_LANGUAGE,
): Data {
  const all = invitations ?? [];
  const here = new Set(rt.roster.map((r) => r.id));
  const list = all.filter((i) => !here.has(i.person.id));
  const shown = trim(list, limits.items, lang);
  // "Invited: 5 · confirmed: 3 · here: 1 · meeting 2026-06-01 14:00 (America/Chicago)"
  const parts = [
    t(lang, 'meeting:welcome.invited', {
      count: all.length,
      confirmed: all.filter((i) => i.status === 'confirmed').length,
    }),
  ];
  if (all.length > list.length)
    parts.push(t(lang, 'meeting:welcome.invitedHere', { count: all.length - list.length }));
  if (rt.scheduledFor)
    parts.push(t(lang, 'meeting:welcome.invitedMeeting', { when: meetingTimeText(rt.scheduledFor, zone) }));
  return {
    hasInvitations: all.length > 0,
    invitationsLine: parts.join(' · '),
    invitations: shown.shown.map((i) => ({
      name: cap(i.person.name, 80),
      status: t(lang, `meeting:welcome.invitation.${i.status}`),
    })),
    invitationsMore: shown.more,
  };
}
