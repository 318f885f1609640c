/** The Welcome card: agenda, facilitators, roster, join, invitations. */

import { PHASE_INFO } from '../../bot/roundtable/phases.js';
import type { Invitation } from '../../bot/roundtable/records.js';
import { ROLES, type Roundtable } from '../../bot/roundtable/types.js';
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
    totalMinutes: rt.phases.reduce((sum, p) => sum + p.plannedMinutes, 0),
    facilitators: facilitatorNames(rt, limits),
    rosterCount: rt.roster.length,
    roster: roster.shown.map((r) => ({
      name: cap(r.name, Math.min(limits.text, 120)),
      roleLabel: ROLE_LABELS[r.role],
    })),
    rosterMore: roster.more,
    roleChoices: choices(ROLES, ROLE_LABELS),
    ...invitationData(view.invitations, rt, limits),
  };
};

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
