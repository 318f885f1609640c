/** The Welcome card: agenda, facilitators, roster, join, invitations. */

import { PHASE_INFO } from '../../bot/roundtable/phases.js';
import type { Invitation } from '../../bot/roundtable/records.js';
import { ASSIGNABLE_ROLES, OPEN_ROLES, RIGHTS_ROLES } from '../../bot/roundtable/roles.js';
import type { Roundtable } from '../../bot/roundtable/types.js';
import { choices, facilitatorNames, type PhaseData } from '../card-view.js';
import { cap, type Data, type Limits, trim } from '../kit.js';
import { ROLE_LABELS } from '../labels.js';

/** The Welcome card's data. */
export const welcomeData: PhaseData = (view, limits) => {
  const rt = view.roundtable;
  const roster = trim(rt.roster, limits.items);
  return {
    agenda: rt.phases.map((p, i) => ({
      label: `${i + 1}. ${PHASE_INFO[p.key].title}`,
      minutes: `${p.plannedMinutes} min`,
    })),
    agendaLine: rt.phases.map((p) => `${PHASE_INFO[p.key].title} ${p.plannedMinutes}`).join(' · '),
    totalMinutes: rt.phases.reduce((sum, p) => sum + p.plannedMinutes, 0),
    facilitators: facilitatorNames(rt, limits),
    rosterCount: rt.roster.length,
    roster: roster.shown.map((r) => ({
      name: cap(r.name, Math.min(limits.text, 120)),
      roleLabel: ROLE_LABELS[r.role],
    })),
    rosterMore: roster.more,
    roleChoices: choices(JOIN_ROLES, ROLE_LABELS),
    assignRoleChoices: choices(ASSIGNABLE_ROLES, ROLE_LABELS),
    memberChoices: memberChoices(rt, limits),
    ...invitationData(view.invitations, rt, limits),
  };
};

/** "Join as": participant and scribe at once; the roles with rights are asked for (a facilitator confirms). */
const JOIN_ROLES = [...OPEN_ROLES, ...RIGHTS_ROLES, 'facilitator'] as const;

/**
 * The people picker's static choices (clients without Data.Query show them): the chat's members as the
 * connector listed them, and everyone on the roster; the value is the id the roster uses.
 */
function memberChoices(rt: Roundtable, limits: Limits): { title: string; value: string }[] {
  const people = new Map<string, string>();
  for (const p of [...(rt.chatMembers ?? []), ...rt.roster]) if (!people.has(p.id)) people.set(p.id, p.name);
  return [...people]
    .slice(0, Math.min(100, Math.max(10, limits.items * 2)))
    .map(([id, name]) => ({ title: cap(name, 80), value: id }));
}

/** The invitations on the Welcome card. */
export function invitationData(invitations: Invitation[] | undefined, rt: Roundtable, limits: Limits): Data {
  const list = invitations ?? [];
  const shown = trim(list, limits.items);
  const label: Record<Invitation['status'], string> = {
    invited: 'no answer yet',
    confirmed: 'confirmed',
    declined: 'cannot come',
    unreachable: 'could not be reached (app not installed)',
  };
  return {
    hasInvitations: list.length > 0,
    invitationsLine: `Invited: ${list.length} · confirmed: ${list.filter((i) => i.status === 'confirmed').length}${rt.scheduledFor ? ` · meeting ${rt.scheduledFor}` : ''}`,
    invitations: shown.shown.map((i) => ({ name: cap(i.person.name, 80), status: label[i.status] })),
    invitationsMore: shown.more,
  };
}
