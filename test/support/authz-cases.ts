/**
 * The cases of the authorization matrix: which (actor, place) pairs each route is tried with, the activity
 * each case sends (a typed command, or an Action.Execute with the data the bot's real cards carry), what the
 * bot answered, and what changed in the database.
 */
import { randomUUID } from 'node:crypto';
import { COMMANDS } from '../../bot/teams/routing/routes.js';
import { INPUTS, PREPARATION_INPUTS } from '../../cards/contract.js';
import { followUpInputs } from '../../cards/follow-up-cards.js';
import { registerInputs } from '../../cards/programme-cards.js';
import type { Person } from './activities.js';
import { ACTORS, type ActorName, type Expectation, isAllowed, type Place } from './authz-expectations.js';
import { ACTOR_PEOPLE, ALIAS, actionData, freshGroupChat, phaseCard, type World } from './authz-world.js';
import { cardText, isNoticeCard } from './harness.js';

/** One route of the table, with its expectation. */
export interface MatrixRoute {
  kind: 'command' | 'card';
  name: string;
  exp: Expectation;
}

export interface Case {
  actor: ActorName;
  place: Place;
  expected: 'allowed' | 'denied';
}

/** Someone the facilitator adds as a co-facilitator (not one of the actors, so the matrix stays as seeded). */
export const COFACILITATOR: Person = {
  id: '29:cofac',
  name: 'Cody Cofacilitator',
  aadObjectId: '00000000-0000-4000-8000-000000000031',
  userPrincipalName: 'cody@agency.example',
  role: 'facilitator',
};

const inDays = (n: number) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
export const TYPED = 'typed by the tester';

/**
 * The cases of a route: every actor in the roundtable's chat; the outsider, the other tenant's user and
 * one allowed actor (or the facilitator) in another group chat and in their 1:1 chat. Denied cases first;
 * a `once` route runs its first allowed case only.
 */
export function routeCases(route: MatrixRoute): Case[] {
  const { exp } = route;
  const insider = exp.actors.find((a) => a !== 'outsider' && a !== 'otherTenant') ?? 'facilitator';
  const out: Case[] = [];
  for (const place of ['roundtable-chat', 'other-chat', 'personal'] as const) {
    const who: ActorName[] = place === 'roundtable-chat' ? [...ACTORS] : ['outsider', 'otherTenant', insider];
    for (const actor of who)
      out.push({ actor, place, expected: isAllowed(exp, actor, place) ? 'allowed' : 'denied' });
  }
  const denied = out.filter((c) => c.expected === 'denied');
  const allowed = out.filter((c) => c.expected === 'allowed');
  return [...denied, ...(exp.once ? allowed.slice(0, 1) : allowed)];
}

/** The text typed for each command (mentions where the command names people). */
function commandText(name: string): { text: string; mentions?: Person[] } {
  const mp = ACTOR_PEOPLE.consultant;
  const texts: Record<string, { text: string; mentions?: Person[] }> = {
    start: { text: 'start Z.Y.' },
    invite: { text: `invite master-practitioner ${mp.name} on ${inDays(7)} 14:00`, mentions: [mp] },
    'start-followup': { text: `start followup ${ALIAS}` },
    go: { text: 'go brainstorm' },
    'facilitator-add': { text: `facilitator add ${COFACILITATOR.name}`, mentions: [COFACILITATOR] },
    timer: { text: 'timer 5' },
    anonymous: { text: 'anonymous on' },
    prepare: { text: `prepare ${ALIAS}` },
    'case-number': { text: `case number ${ALIAS} 2026-118` },
    'plans-export': { text: 'plans export 2026-01-01 2027-12-31' },
    unknown: { text: 'frobnicate the widgets' },
    // A person outside the seeded roles, so later cases keep their roster.
    role: { text: `role ${COFACILITATOR.name} scribe`, mentions: [COFACILITATOR] },
    // Records (issue #23)
    'facilitator-remove': { text: `facilitator remove ${COFACILITATOR.name}`, mentions: [COFACILITATOR] },
    handover: { text: `handover caseworker ${COFACILITATOR.name}`, mentions: [COFACILITATOR] },
    'legal-hold': { text: 'legal hold' },
    // Youth-centred roundtables (#29)
    'start-youth': { text: 'start youth Z.Y.' },
    'youth-goal': { text: `my goal ${TYPED}` },
    support: { text: `support ${COFACILITATOR.name}`, mentions: [COFACILITATOR] },
  };
  // A command without arguments is typed as its row's words.
  const words = (COMMANDS as Record<string, { words: readonly (readonly string[])[] }>)[name]?.words[0];
  const t = texts[name] ?? (words?.length ? { text: words.join(' ') } : undefined);
  if (!t) throw new Error(`the matrix has no text for the command ${name}`);
  return t;
}

/** The action data a click on this verb carries: from the real card in the chat, or the seeded ids. */
function verbData(w: World, verb: string, chat: string, phase: string | undefined): Record<string, unknown> {
  const ids = w.ids;
  const nonce = randomUUID();
  const fromCard = (target?: string) => actionData(phaseCard(w, chat, phase ?? 'plan'), verb, target);
  const cw = ACTOR_PEOPLE.caseworker.id;
  const followUp = (list: 'reminder' | 'review', more: Record<string, unknown> = {}) => ({
    rt: ids.earlier,
    list,
    nonce,
    ...more,
  });
  const step = ids.earlierStepId;
  const register = (more: Record<string, unknown> = {}) => ({
    rt: 'register',
    phase: 'register',
    rev: 0,
    nonce,
    target: ids.registerEntryId,
    ...more,
  });
  const e = ids.registerEntryId;
  const p = ids.proposalStepId;
  const b = ids.barrierIdeaId;
  const table: Record<string, () => Record<string, unknown>> = {
    refresh: () => fromCard(),
    'status.show': () => fromCard(),
    'roster.join': () => ({ ...fromCard(), [INPUTS.role]: 'other' }),
    'phase.next': () => fromCard(),
    'phase.back': () => fromCard(),
    'phase.go': () => fromCard('4'),
    'ideas.anonymous': () => fromCard(),
    'case.save': () => ({ ...fromCard(), [INPUTS.caseChildren]: 'A.B., 9', [INPUTS.caseNeeds]: TYPED }),
    'fact.add': () => ({ ...fromCard(), [INPUTS.factText]: TYPED }),
    'question.add': () => ({ ...fromCard(), [INPUTS.questionText]: TYPED }),
    'question.answer': () => ({
      ...fromCard(ids.questionId),
      [`${INPUTS.answerPrefix}${ids.questionId}`]: TYPED,
    }),
    'idea.add': () => ({ ...fromCard('q1'), [`${INPUTS.ideaTextPrefix}q1`]: `${TYPED} ${randomUUID()}` }),
    'ideas.mine': () => fromCard(),
    'idea.edit': () => ({
      ...fromCard(ids.participantIdeaId),
      [`${INPUTS.ideaEditPrefix}${ids.participantIdeaId}`]: TYPED,
    }),
    'idea.withdraw': () => fromCard(ids.participantIdeaId),
    'step.add': () => ({
      ...fromCard(),
      [INPUTS.stepText]: `${TYPED} ${randomUUID()}`,
      [INPUTS.stepOwner]: cw,
      [INPUTS.stepDue]: inDays(30),
    }),
    // A step of the plan: a participant may withdraw their own proposal, never the plan's steps.
    'step.remove': () => fromCard(ids.planStepId),
    'step.accept': () => fromCard(p),
    'step.change': () => ({
      ...fromCard(p),
      [`${INPUTS.stepEditOwnerPrefix}${p}`]: cw,
      [`${INPUTS.stepEditDuePrefix}${p}`]: inDays(40),
    }),
    'barrier.solved': () => ({ ...fromCard(b), [`${INPUTS.barrierDecisionPrefix}${b}`]: TYPED }),
    'barrier.decision': () => ({
      ...fromCard(b),
      [`${INPUTS.barrierDecisionPrefix}${b}`]: TYPED,
      [`${INPUTS.barrierOwnerPrefix}${b}`]: cw,
      [`${INPUTS.barrierDuePrefix}${b}`]: inDays(20),
    }),
    'barrier.none': () => fromCard(b),
    'plan.goals': () => ({
      ...fromCard(),
      [INPUTS.primaryGoal]: 'guardianship',
      [`${INPUTS.ratingPrefix}0`]: 'good',
    }),
    'debrief.add': () => ({ ...fromCard(), [INPUTS.wentWell]: TYPED }),
    'review.rate': () => ({ ...fromCard(), [`${INPUTS.ratingPrefix}0`]: 'good' }),
    'roundtable.end': () => fromCard(),
    'roundtable.endConfirm': () => fromCard(),
    'prep.save': () => ({ alias: ALIAS, nonce, [PREPARATION_INPUTS.youthLiving]: TYPED }),
    'prep.attach': () => ({ rt: ids.current, nonce }),
    'role.assign': () => ({
      ...fromCard(),
      [INPUTS.rolePerson]: COFACILITATOR.id,
      [INPUTS.roleAssigned]: 'scribe',
    }),
    'role.confirm': () => fromCard(COFACILITATOR.id),
    'role.decline': () => fromCard(COFACILITATOR.id),
    'invite.confirm': () => ({ ...ids.invitation }),
    'invite.decline': () => ({ ...ids.invitation }),
    'step.done': () => followUp('reminder', { step }),
    'step.progress': () => followUp('reminder', { step }),
    'step.blocked': () => followUp('reminder', { step, [followUpInputs.reason(step)]: TYPED }),
    'step.due': () => followUp('reminder', { step, [followUpInputs.due(step)]: inDays(50) }),
    'step.note': () => followUp('reminder', { step, [followUpInputs.note(step)]: TYPED }),
    'review.save': () => followUp('review', { [followUpInputs.rating(0)]: 'good' }),
    'plan.familyReview': () =>
      followUp('review', {
        [followUpInputs.familyDate]: inDays(-1),
        [followUpInputs.familyParticipants]: TYPED,
        [followUpInputs.familyChanges]: TYPED,
      }),
    'plan.handout': () => followUp('review', {}),
    'barrier.show': () => register({ target: undefined }),
    'barrier.csv': () => register({ target: undefined }),
    'barrier.escalate': () => register(),
    'barrier.progress': () => register(),
    'barrier.resolve': () => register(),
    'barrier.assign': () => register({ [registerInputs.owner(e)]: cw }),
    'barrier.note': () => register({ [registerInputs.note(e)]: TYPED }),
  };
  const make = table[verb];
  if (!make) throw new Error(`the matrix has no action data for the verb ${verb}`);
  return make();
}

/** What the bot answered to one case: all it sent (any chat) and the invoke body, and any refusal seen. */
export interface Answer {
  /** The conversation the case was sent in. */
  chat: string;
  text: string;
  refused?: string;
  /** The invoke answer's statusCode (card cases): Teams documents only 200, 400 and 500. */
  statusCode?: number;
}

const REFUSAL =
  /\bOnly (a|the|members)\b|is for agency leaders|do that \(or a facilitator|can export the case file|cannot be used in this chat|No roundtable|no roundtable|not found|does not exist|no longer exists|for someone else|answered only in your 1:1|Prepare in your 1:1|not enabled for your organisation|of another chat|case number is (set by the plan owners|protected)/i;

/** Sends the case's activity and reads what came back. */
export async function runCase(
  w: World,
  route: MatrixRoute,
  c: Case,
  roundtableChat: string,
): Promise<Answer> {
  const personal = c.place === 'personal';
  const chat =
    c.place === 'roundtable-chat'
      ? roundtableChat
      : personal
        ? `a:personal-${randomUUID()}`
        : freshGroupChat();
  const seen = w.h.fake.requests.length;
  let invoke: { status: number; body?: { statusCode?: number; type?: string; value?: unknown } } | undefined;
  if (route.kind === 'command') {
    const { text, mentions } = commandText(route.name);
    await w.say(c.actor, text, chat, { personal, ...(mentions ? { mentions } : {}) });
  } else {
    const data = verbData(
      w,
      route.name,
      roundtableChat,
      route.exp.phase === 'last' ? 'debrief' : route.exp.phase,
    );
    invoke = await w.click(c.actor, route.name, data, chat, { personal });
  }
  const sent = w.h.fake.requests.slice(seen).filter((r) => r.body !== undefined);
  const text = JSON.stringify([sent.map((r) => r.body), invoke?.body ?? null]);
  const replies = sent
    .map((r) => (r.body as { text?: unknown }).text)
    .filter((t): t is string => typeof t === 'string');
  let refused: string | undefined;
  if (invoke && (invoke.status !== 200 || invoke.body?.statusCode !== 200))
    refused = `${invoke.status}/${invoke.body?.statusCode}`;
  // A refusal on a card: a message (the clicked card stays) or, on 1:1 cards, a notice card in its place.
  const said =
    invoke?.body?.type === 'application/vnd.microsoft.activity.message'
      ? String(invoke.body.value)
      : invoke?.body?.type === 'application/vnd.microsoft.card.adaptive' && isNoticeCard(invoke.body.value)
        ? cardText(invoke.body.value)
        : undefined;
  if (!refused && said !== undefined && REFUSAL.test(said)) refused = said.slice(0, 120);
  const refusal = replies.find((t) => REFUSAL.test(t));
  if (!refused && refusal) refused = refusal.slice(0, 120);
  return {
    chat,
    text,
    ...(refused ? { refused } : {}),
    ...(invoke?.body?.statusCode !== undefined ? { statusCode: invoke.body.statusCode } : {}),
  };
}
