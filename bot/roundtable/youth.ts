/**
 * A youth-centred roundtable (#29): the youth at the head of the table, the youth's goals in the youth's words
 * first on the plan, a support person the youth chose, and the youth-centred questions. Who may do what:
 * docs/security.md, "Youth, support people and guests without an agency account".
 */
import { audit, type DomainContext, OTHER_CHAT } from './context.js';
import { cleanText } from './input.js';
import { updateRoundtable } from './lifecycle.js';
import { checkNames } from './name-check.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, inThisChat, isFacilitator } from './permissions.js';
import { changeRoster } from './roster.js';
import type { Person, RosterEntry, Roundtable, YouthGoal } from './types.js';
import { YOUTH_NOTICES } from './youth-agenda.js';
import { holds, MAX_YOUTH_GOALS } from './youth-rules.js';

function activeHere(rt: Roundtable, actor: Actor): Outcome<Roundtable> {
  if (!inThisChat(rt, actor)) return fail('not-found', OTHER_CHAT);
  if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
  return ok(rt);
}

const GOAL_WHO =
  'The youth adds their own goals here (a facilitator can write the youth’s words down for them).';

/**
 * `my goal <text>`: a goal in the youth's own words. The youth (on the roster as youth) and, in a youth-centred
 * roundtable, someone without an agency account type their own; a facilitator writes the youth's words down.
 */
export async function addYouthGoal(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  rawText: unknown,
): Promise<Outcome<Roundtable>> {
  const text = cleanText(rawText, 'Your goal', Math.min(ctx.settings.maxTextLength, 500));
  if (!text.ok) return text;
  // The name check of every free-text field; typed, so no "Keep as written": the youth writes it again.
  if (!checkNames([text.value], ctx.settings.nameCheck).ok) return fail('invalid', YOUTH_NOTICES.fullName);
  let source: YouthGoal['source'] = 'youth';
  const result = await updateRoundtable(ctx, roundtableId, async (rt) => {
    const here = activeHere(rt, actor);
    if (!here.ok) return here;
    const me = actor.person.id;
    if (holds(rt, me, 'youth')) source = 'youth';
    else if (actor.anonymous && rt.youthCentred) source = 'guest';
    else if (!actor.anonymous && (await isFacilitator(rt, actor))) source = 'facilitator';
    else return fail('forbidden', GOAL_WHO);
    const goals = rt.youthGoals ?? [];
    if (goals.length >= MAX_YOUTH_GOALS) {
      return fail('invalid', `The plan holds ${MAX_YOUTH_GOALS} goals at most.`);
    }
    const goal: YouthGoal = {
      id: `goal-${ctx.newId()}`,
      text: text.value,
      source,
      by: actor.person,
      at: ctx.now().toISOString(),
    };
    return ok(
      { ...rt, youthGoals: [...goals, goal], revision: rt.revision + 1 },
      source === 'facilitator'
        ? 'The youth’s goal is on the plan, marked as their words.'
        : YOUTH_NOTICES.goalSaved,
    );
  });
  if (result.ok) await audit(ctx, roundtableId, actor, 'youth.goal', source);
  return result;
}

const SUPPORT_WHO = 'The youth chooses their support person (or a facilitator records the youth’s choice).';

/**
 * `support @person`: the youth's support person. Given by the youth (chosen by the youth) or by a facilitator
 * (the facilitator confirms that the youth chose them). The person holds the support-person role.
 */
export async function chooseSupportPerson(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  person: Person,
): Promise<Outcome<Roundtable>> {
  let how: 'youth' | 'facilitator' = 'youth';
  // The roster is stored per person (roster.ts): the role goes to the person's member document and, a right
  // changing, the roundtable document's copy with it.
  const result = await changeRoster(ctx, roundtableId, async (rt) => {
    const here = activeHere(rt, actor);
    if (!here.ok) return here;
    if (actor.anonymous) return fail('forbidden', SUPPORT_WHO);
    if (holds(rt, actor.person.id, 'youth')) how = 'youth';
    else if (await isFacilitator(rt, actor)) how = 'facilitator';
    else return fail('forbidden', SUPPORT_WHO);
    if (person.id === actor.person.id) return fail('invalid', 'Choose someone else as the support person.');
    if (holds(rt, person.id, 'youth')) return fail('invalid', 'That is the youth: choose another person.');
    const now = ctx.now().toISOString();
    const existing = rt.roster.find((r) => r.id === person.id);
    const { requestedRole: _dropped, ...rest } = existing ?? {
      ...person,
      role: 'support-person',
      joinedAt: now,
    };
    const entry: RosterEntry = { ...rest, role: 'support-person', roleSetAt: now };
    const roster = existing ? rt.roster.map((r) => (r.id === person.id ? entry : r)) : [...rt.roster, entry];
    return ok(
      {
        ...rt,
        roster,
        supportChosen: { personId: person.id, how, by: actor.person, at: now },
      },
      how === 'youth'
        ? `${entry.name} is your support person.`
        : `${entry.name} is the youth’s support person (you confirmed the youth chose them).`,
    );
  });
  if (result.ok) await audit(ctx, roundtableId, actor, 'youth.support', how);
  return result;
}
