/**
 * The TARGET access model (/work/tools/trust-model.md, "Who may do what") as data: for every command of
 * COMMANDS and every verb of CARD_VERBS, the places it may be used in and the actors allowed there.
 * A route missing here fails the matrix test (and tsc): a new route comes with its row.
 */
import type { CardVerb } from '../../bot/teams/routing/route-types.js';
import type { COMMANDS } from '../../bot/teams/routing/routes.js';

/** Who tries: see authz-world.ts for how each one is set up. */
export const ACTORS = [
  'outsider',
  'otherTenant',
  'participant',
  'consultant',
  'externalConsultant',
  'barrierBuster',
  'caseworker',
  'supervisor',
  'facilitator',
  'leader',
  /** The youth of a youth-centred roundtable, on the roster as youth (#29). */
  'youth',
  /** An anonymous meeting participant: no agency account, no Entra object id (#29, docs/security.md). */
  'anonymous',
] as const;
export type ActorName = (typeof ACTORS)[number];

/** Where they try: the roundtable's chat, another group chat, their own 1:1 chat with the bot. */
export const PLACES = ['roundtable-chat', 'other-chat', 'personal'] as const;
export type Place = (typeof PLACES)[number];

/** Where a route is allowed and who is allowed there (everywhere else, and everyone else: denied). */
export interface Expectation {
  places: readonly Place[];
  actors: readonly ActorName[];
  /**
   * The phase whose card carries the verb (roundtable cards) or that the command needs; the matrix brings the
   * roundtable there before the route's cases.
   */
  phase?: 'welcome' | 'present' | 'clarify' | 'review' | 'brainstorm' | 'plan' | 'debrief' | 'last';
  /** The allowed case changes what later allowed cases act on (removes, ends): run it for the first allowed actor only. */
  once?: true;
  /**
   * Allowed actors whose answer must still hold no case content of the seeded roundtables: they may use the
   * route, but the case is not theirs (a follow-up started by someone off the roster, someone else's draft,
   * someone else's steps).
   */
  noContent?: readonly ActorName[];
}

const EVERYWHERE = ['roundtable-chat', 'other-chat', 'personal'] as const;
const ROUNDTABLE_CHAT = ['roundtable-chat'] as const;
/** Everyone with an agency account (Microsoft Entra): the anonymous guest is refused all but GUEST_ROUTES. */
const EVERYONE = ACTORS.filter((a) => a !== 'anonymous');
/** On the roundtable's roster (joined, or given a role). */
const ROSTER = [
  'participant',
  'consultant',
  'externalConsultant',
  'barrierBuster',
  'caseworker',
  'supervisor',
  'facilitator',
  'youth',
] as const satisfies readonly ActorName[];
/** Members of the roundtable's chat: the roster, and the leader who is in the chat but not on the roster. */
const CHAT_MEMBERS = [...ROSTER, 'leader'] as const satisfies readonly ActorName[];
/**
 * Everyone an activity from the roundtable's chat can come from. Teams delivers only chat members' activities, and
 * each carries a Bot Connector token the bot checks, so there the outsider is a member who has not joined (like
 * the leader). Contributions are open to the chat; roles with rights are given by a facilitator.
 */
const IN_CHAT = [...CHAT_MEMBERS, 'outsider'] as const satisfies readonly ActorName[];
const PLAN_OWNERS = ['caseworker', 'supervisor', 'facilitator'] as const satisfies readonly ActorName[];
const FACILITATOR = ['facilitator'] as const satisfies readonly ActorName[];

/** Neither on the plan nor the case's preparer: outsiders, the other tenant, the roster without plan rights, the leader. */
const NOT_THE_CASES = [
  'outsider',
  'otherTenant',
  'participant',
  'consultant',
  'externalConsultant',
  'barrierBuster',
  'leader',
] as const satisfies readonly ActorName[];

const facilitatorHere = { places: ROUNDTABLE_CHAT, actors: FACILITATOR } as const;
const anyoneAnywhere = { places: EVERYWHERE, actors: EVERYONE } as const;
/** Help, and what a guest without an agency account may use: their own ideas and goals, the youth's card. */
const withGuest = <A extends readonly ActorName[]>(actors: A) => [...actors, 'anonymous'] as const;

/** Typed commands. Personal commands typed in a group chat are answered in the 1:1 chat: allowed everywhere. */
export const COMMAND_EXPECTATIONS = {
  start: anyoneAnywhere,
  'start-practice': anyoneAnywhere,
  invite: facilitatorHere,
  // Links to the previous roundtable only for its facilitator, caseworker or supervisor (same tenant).
  'start-followup': { ...anyoneAnywhere, noContent: NOT_THE_CASES },
  open: facilitatorHere,
  next: facilitatorHere,
  back: facilitatorHere,
  go: facilitatorHere,
  status: { places: ROUNDTABLE_CHAT, actors: IN_CHAT },
  'facilitator-add': facilitatorHere,
  timer: facilitatorHere,
  anonymous: facilitatorHere,
  end: { ...facilitatorHere, phase: 'last' },
  // Nobody but the preparer (the caseworker) learns that a draft for the alias exists, or what it says.
  prepare: { ...anyoneAnywhere, noContent: ACTORS.filter((a) => a !== 'caseworker') },
  export: { places: ROUNDTABLE_CHAT, actors: ['caseworker', 'facilitator'] },
  'export-json': { places: ROUNDTABLE_CHAT, actors: ['caseworker', 'facilitator'] },
  // The protected case number: plan owners of a roundtable of the alias (same tenant), typed in the 1:1 chat only.
  'case-number': { places: ['personal'], actors: PLAN_OWNERS },
  // The bulk plan export: configured leaders (and records officers), their own tenant; answered in the 1:1 chat.
  'plans-export': { places: EVERYWHERE, actors: ['leader'] },
  'delete-roundtable': facilitatorHere,
  // Anyone in the chat joins as participant; roles with rights are given by a facilitator.
  join: { places: ROUNDTABLE_CHAT, actors: IN_CHAT },
  role: facilitatorHere,
  // Only the preparer's own draft is attached; nobody else learns whether one exists.
  'prepare-attach': {
    places: ROUNDTABLE_CHAT,
    actors: IN_CHAT,
    noContent: IN_CHAT.filter((a) => a !== 'caseworker'),
  },
  barriers: { places: EVERYWHERE, actors: ['leader'] },
  'reminders-retry': facilitatorHere,
  'my-steps': { ...anyoneAnywhere, noContent: NOT_THE_CASES },
  'my-reviews': { ...anyoneAnywhere, noContent: NOT_THE_CASES },
  'team-steps': { ...anyoneAnywhere, noContent: NOT_THE_CASES },
  help: { places: EVERYWHERE, actors: ACTORS },
  unknown: { places: EVERYWHERE, actors: ACTORS },
  // Records (issue #23): facilitators take co-facilitator rights away; plan owners hand the plan over after
  // `end`; only configured records officers (none of the actors) hold or release.
  'facilitator-remove': facilitatorHere,
  handover: { places: ROUNDTABLE_CHAT, actors: PLAN_OWNERS },
  'legal-hold': { places: ROUNDTABLE_CHAT, actors: [] },
  // Youth-centred roundtables (#29): the youth's card for everyone in the chat, a guest too; the youth's goals
  // and support person by the youth or a facilitator (a guest adds goals only in a youth-centred roundtable,
  // which this one is not: youth-roundtable.test.ts tries that).
  'start-youth': anyoneAnywhere,
  youth: { places: ROUNDTABLE_CHAT, actors: withGuest(IN_CHAT) },
  'youth-goal': { places: ROUNDTABLE_CHAT, actors: ['youth', 'facilitator'] },
  support: { places: ROUNDTABLE_CHAT, actors: ['youth', 'facilitator'] },
} as const satisfies Record<keyof typeof COMMANDS, Expectation>;

const onRoundtableCard = (actors: readonly ActorName[], phase: Expectation['phase'], once?: true) =>
  ({ places: ROUNDTABLE_CHAT, actors, phase, ...(once ? { once } : {}) }) as const;
/** The 1:1 follow-up cards: whoever may act on the step or the reviewed roundtable, from wherever they click. */
const FOLLOW_UP = { places: EVERYWHERE, actors: PLAN_OWNERS } as const;
/** The barrier register: configured leaders of the same tenant, 1:1 only. */
const REGISTER = { places: ['personal'], actors: ['leader'] } as const;

/** Card verbs (Action.Execute). */
export const CARD_EXPECTATIONS = {
  refresh: onRoundtableCard(IN_CHAT, 'plan'),
  'status.show': onRoundtableCard(IN_CHAT, 'plan'),
  'roster.join': onRoundtableCard(IN_CHAT, 'welcome'),
  'phase.next': onRoundtableCard(FACILITATOR, 'plan'),
  'phase.back': onRoundtableCard(FACILITATOR, 'plan'),
  'phase.go': onRoundtableCard(FACILITATOR, 'plan'),
  'ideas.anonymous': onRoundtableCard(FACILITATOR, 'brainstorm'),
  'case.save': onRoundtableCard(PLAN_OWNERS, 'present'),
  'fact.add': onRoundtableCard(IN_CHAT, 'present'),
  'question.add': onRoundtableCard(IN_CHAT, 'clarify'),
  'question.answer': onRoundtableCard(IN_CHAT, 'clarify'),
  'idea.add': onRoundtableCard(withGuest(IN_CHAT), 'brainstorm'),
  'ideas.mine': onRoundtableCard(withGuest(IN_CHAT), 'brainstorm'),
  'idea.edit': onRoundtableCard(['participant'], 'brainstorm'),
  'idea.withdraw': onRoundtableCard(['participant'], 'brainstorm', true),
  'step.add': onRoundtableCard(IN_CHAT, 'plan'),
  // Runs after step.accept has accepted the participant's proposal, so only plan owners may remove it here (its
  // author's right while it is a proposal is tested in around-the-roundtable.test.ts).
  'step.remove': onRoundtableCard(PLAN_OWNERS, 'plan', true),
  'step.accept': onRoundtableCard(PLAN_OWNERS, 'plan'),
  'step.change': onRoundtableCard(PLAN_OWNERS, 'plan'),
  'barrier.solved': onRoundtableCard(['barrierBuster', 'facilitator'], 'plan'),
  'barrier.decision': onRoundtableCard(['barrierBuster', 'facilitator'], 'plan'),
  'barrier.none': onRoundtableCard(['barrierBuster', 'facilitator'], 'plan'),
  'plan.goals': onRoundtableCard(PLAN_OWNERS, 'plan'),
  'debrief.add': onRoundtableCard(IN_CHAT, 'debrief'),
  'review.rate': onRoundtableCard(PLAN_OWNERS, 'review'),
  'roundtable.end': onRoundtableCard(FACILITATOR, 'last'),
  'roundtable.endConfirm': onRoundtableCard(FACILITATOR, 'last', true),
  'role.assign': onRoundtableCard(FACILITATOR, 'welcome'),
  'role.confirm': onRoundtableCard(FACILITATOR, 'welcome'),
  'role.decline': onRoundtableCard(FACILITATOR, 'welcome'),

  // Preparation is the preparer's own draft, in their 1:1 chat; an invitation is answered by its invitee.
  'prep.save': {
    places: ['personal'],
    actors: EVERYONE,
    noContent: ACTORS.filter((a) => a !== 'caseworker'),
  },
  // The preparer attaches their own draft from the 1:1 prompt; anyone else: not found.
  'prep.attach': { places: ['personal'], actors: ['caseworker'], once: true },
  'invite.confirm': { places: EVERYWHERE, actors: ['consultant'], once: true },
  'invite.decline': { places: EVERYWHERE, actors: ['consultant'], once: true },

  'step.done': FOLLOW_UP,
  'step.progress': FOLLOW_UP,
  'step.blocked': FOLLOW_UP,
  'step.due': FOLLOW_UP,
  'step.note': FOLLOW_UP,
  'review.save': FOLLOW_UP,
  'plan.familyReview': FOLLOW_UP,
  // The family handout's PDF links (issue #29 item 3): the plan owners and facilitators, from the review card.
  'plan.handout': FOLLOW_UP,

  'barrier.show': REGISTER,
  'barrier.csv': REGISTER,
  'barrier.escalate': REGISTER,
  'barrier.progress': REGISTER,
  'barrier.resolve': REGISTER,
  'barrier.assign': REGISTER,
  'barrier.note': REGISTER,
} as const satisfies Record<CardVerb, Expectation>;

/** Is this actor allowed to use the route in this place? */
export function isAllowed(e: Expectation, actor: ActorName, place: Place): boolean {
  return e.places.includes(place) && e.actors.includes(actor);
}
