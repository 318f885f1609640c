/**
 * The rules of a youth-centred roundtable that other parts read (#29): its questions, its roles, how a goal is
 * marked, its fidelity lines. Pure, imports only types and the agenda (fidelity.ts and the cards read it).
 */
import { rosterRole } from './permissions.js';
import type {
  AgencySettings,
  BrainstormQuestion,
  Role,
  Roundtable,
  YouthGoal,
  YouthSettings,
} from './types.js';
import { DEFAULT_YOUTH_SETTINGS } from './youth-agenda.js';

/** The roles of a youth-centred roundtable: given by a facilitator (the support person also by the youth). */
export const YOUTH_ROLES = ['youth', 'support-person'] as const satisfies readonly Role[];

/** Is it the youth's or the support person's role (never taken on one's own: a facilitator gives it)? */
export function isYouthRole(role: Role): boolean {
  return (YOUTH_ROLES as readonly Role[]).includes(role);
}

/** Most goals kept on one roundtable. */
export const MAX_YOUTH_GOALS = 10;

/** The agency's youth-centred words, or the defaults. */
export function youthSettings(settings: AgencySettings): YouthSettings {
  return settings.youth ?? DEFAULT_YOUTH_SETTINGS;
}

/** The brainstorm questions of this roundtable: the youth-centred ones for a youth-centred roundtable. */
export function questionsOf(
  rt: Pick<Roundtable, 'youthCentred'>,
  settings: AgencySettings,
): BrainstormQuestion[] {
  return rt.youthCentred ? youthSettings(settings).questions : settings.questions;
}

/** The settings a roundtable's cards are drawn with: a youth-centred roundtable asks its own questions. */
export function settingsFor(rt: Pick<Roundtable, 'youthCentred'>, settings: AgencySettings): AgencySettings {
  return rt.youthCentred ? { ...settings, questions: youthSettings(settings).questions } : settings;
}

/** The person is on the roster (and not removed from the chat) with this role. */
export function holds(rt: Roundtable, personId: string, role: Role): boolean {
  return rosterRole(rt, personId) === role && !(rt.removedIds ?? []).includes(personId);
}

/** The youth's goals in the order they were added (the plan shows them first). */
export function youthGoals(rt: Pick<Roundtable, 'youthGoals'>): YouthGoal[] {
  return rt.youthGoals ?? [];
}

/** How a goal is marked on the plan: whose words, and who typed them. */
export function goalMark(goal: YouthGoal): string {
  if (goal.source === 'facilitator') return `the youth’s words, written down by ${goal.by.name}`;
  if (goal.source === 'guest') return `typed by ${goal.by.name} (no agency account)`;
  return 'typed by the youth';
}

/** The fidelity lines of a youth-centred roundtable: the youth took part, the youth chose the support person. */
export function youthFidelity(rt: Roundtable): { label: string; ok: boolean; detail: string }[] {
  if (!rt.youthCentred) return [];
  const removed = new Set(rt.removedIds ?? []);
  const youth = rt.roster.some((r) => r.role === 'youth' && !removed.has(r.id));
  const goals = youthGoals(rt);
  const own = goals.some((g) => g.source !== 'facilitator');
  const written = goals.some((g) => g.source === 'facilitator');
  const choice = rt.supportChosen;
  const chosen = choice !== undefined && holds(rt, choice.personId, 'support-person');
  return [
    {
      label: 'The youth took part',
      ok: youth || goals.length > 0,
      detail: youth
        ? 'the youth is on the roster'
        : own
          ? 'the youth’s goals were typed without an agency account'
          : written
            ? 'the youth’s words were written down by a facilitator'
            : 'no youth on the roster and no goal in the youth’s words',
    },
    {
      label: 'The youth chose the support person',
      ok: chosen,
      detail: chosen
        ? choice.how === 'youth'
          ? 'chosen by the youth'
          : 'a facilitator confirmed the youth chose them'
        : 'no support person chosen by the youth (`support @name`)',
    },
  ];
}
