import { PREPARATION_VERBS, VERBS } from '../../cards/contract.js';
import { FOLLOW_UP_VERBS } from '../../cards/follow-up-cards.js';
import { PROGRAMME_VERBS } from '../../cards/programme-cards.js';
import { helpCard } from '../../cards/render.js';
import { answerBarrier } from './barrier-actions.js';
import {
  addDebrief,
  addFact,
  addIdea,
  addQuestion,
  answerQuestion,
  myIdeas,
  saveCaseSummary,
} from './contribution-actions.js';
import {
  handleFollowUpCommand,
  recordFamilyReview,
  saveFollowUpReview,
  updateStep,
} from './follow-up-handlers.js';
import {
  anonymousCard,
  anonymousCommand,
  endCard,
  endCommand,
  joinCard,
  moveCard,
  moveCommand,
  refreshCard,
  statusCardAction,
} from './phase-actions.js';
import { addStep, removeStep, reviewStep, saveGoals, saveReviewRatings } from './plan-actions.js';
import { answerInvitation, inviteCommand, prepareCommand, savePreparation } from './preparation-handlers.js';
import {
  actOnRegister,
  barriersCommand,
  deleteRoundtableCommand,
  exportCommand,
  showRegister,
  startFollowUpCommand,
} from './programme-handlers.js';
import {
  addFacilitatorCommand,
  retryRemindersCommand,
  startCommand,
  statusCommand,
  timerCommand,
} from './roundtable-commands.js';
import type {
  CardRoute,
  CardRoutes,
  CardVerb,
  CommandHelp,
  CommandInput,
  CommandRoutes,
  FollowUpAction,
} from './route-types.js';
import type { HandlerResult } from './turn.js';

const PREPARE_PRIVATELY =
  'Prepare in your 1:1 chat with the bot: what the youth and family said is confidential and is not shown in a group chat.';

/** `my steps`, `my reviews`, `team steps`: personal cards, in any chat. */
const followUpList =
  <N extends 'my-steps' | 'my-reviews' | 'team-steps'>(name: N) =>
  ({ deps, turn }: CommandInput<N>): Promise<HandlerResult> => {
    if (!deps.followUp) throw new Error('follow-up is not enabled');
    return handleFollowUpCommand(deps.followUp, name, turn.actor.person);
  };

/** The help card: every listed command, in the table's order. */
const helpLines = () => COMMAND_HELP.map(({ usage, description }) => ({ usage, description }));

/**
 * Every command the bot answers, in the order `help` and the manifest list them.
 * `where`: the chat it may be typed in; `guard`: who may use it (guards.ts); `roundtable`: it acts on the chat's
 * roundtable (an active one, or also an ended one); `needs`: the feature that must be enabled.
 */
export const COMMANDS = {
  start: {
    help: {
      usage: 'start <case alias>',
      description: 'Start a roundtable in this chat; you facilitate it.',
      menu: 'group',
    },
    where: 'any',
    guard: 'anyone',
    handle: startCommand,
  },
  'start-practice': {
    help: {
      usage: 'start practice',
      description:
        'Run a practice roundtable on a built-in fictional case (marked PRACTICE, deleted after a while).',
      menu: 'group',
    },
    where: 'any',
    guard: 'anyone',
    handle: startCommand,
  },
  invite: {
    help: {
      usage: 'invite [role] @person … on <YYYY-MM-DD> [HH:MM]',
      description: 'Facilitator: invite people before the meeting; each gets a 1:1 card to confirm.',
      menu: 'group',
    },
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    refusal: 'Only a facilitator can invite participants.',
    handle: inviteCommand,
  },
  'start-followup': {
    help: {
      usage: 'start followup <case alias>',
      description:
        'Start a follow-up roundtable: review the previous plan of the case, re-rate, brainstorm, new plan.',
      menu: 'group',
    },
    where: 'any',
    needs: 'programme',
    guard: 'anyone',
    handle: startFollowUpCommand,
  },
  next: {
    help: { usage: 'next', description: 'Facilitator: move on to the next phase.', menu: 'group' },
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: moveCommand,
  },
  back: {
    help: { usage: 'back', description: 'Facilitator: go back one phase.', menu: 'group' },
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: moveCommand,
  },
  go: {
    help: {
      usage: 'go <1-6 or phase name>',
      description: 'Facilitator: jump to a phase (welcome, present, clarify, brainstorm, plan, debrief).',
      menu: 'group',
    },
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: moveCommand,
  },
  status: {
    help: {
      usage: 'status',
      description: 'Phase, time spent against plan, contributions and facilitators.',
      menu: 'group',
    },
    where: 'any',
    roundtable: 'any',
    guard: 'chat-member',
    handle: statusCommand,
  },
  'facilitator-add': {
    help: {
      usage: 'facilitator add @person',
      description: 'Facilitator: add a co-facilitator.',
      menu: 'group',
    },
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: addFacilitatorCommand,
  },
  timer: {
    help: {
      usage: 'timer <minutes>',
      description: "Facilitator: set this phase's time box (timer 0 clears it).",
      menu: 'group',
    },
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: timerCommand,
  },
  anonymous: {
    help: {
      usage: 'anonymous on|off',
      description: 'Facilitator: hide or show idea authors on the cards.',
      menu: 'group',
    },
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: anonymousCommand,
  },
  end: {
    help: {
      usage: 'end',
      description: 'Facilitator: close the roundtable and post the plan summary.',
      menu: 'group',
    },
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: endCommand,
  },
  prepare: {
    help: {
      usage: 'prepare <case alias>',
      description:
        'In your 1:1 chat: record what the youth, family and others said, and the case facts, before the roundtable.',
      menu: 'personal',
    },
    where: 'personal',
    elsewhere: {
      code: 'forbidden',
      message: PREPARE_PRIVATELY,
    },
    guard: 'preparer',
    handle: prepareCommand,
  },
  export: {
    help: {
      usage: 'export',
      description:
        'Facilitator or caseworker: get the whole record as a Word document, by a private link in your 1:1 chat.',
      menu: 'group',
    },
    where: 'any',
    needs: 'programme',
    roundtable: 'any',
    none: 'There is no roundtable in this chat to export. Type `export` in the roundtable’s chat.',
    guard: 'facilitator-or-caseworker',
    handle: exportCommand,
  },
  'delete-roundtable': {
    help: {
      usage: 'delete roundtable',
      description:
        'Facilitator: delete this roundtable and all its data (asks you to confirm with the case alias).',
      menu: 'group',
    },
    where: 'any',
    needs: 'programme',
    roundtable: 'any',
    none: 'There is no roundtable in this chat to delete.',
    guard: 'facilitator',
    refusal: 'Only a facilitator of this roundtable can delete it.',
    handle: deleteRoundtableCommand,
  },
  barriers: {
    help: {
      usage: 'barriers [csv]',
      description:
        'Agency leaders, in a 1:1 chat: the systemic barriers register; `barriers csv` exports it.',
      menu: 'group',
    },
    where: 'personal',
    elsewhere: {
      code: 'not-personal',
      message:
        'The barrier register is for leaders, in a 1:1 chat with me: open a chat with the bot and type `barriers` there.',
    },
    needs: 'programme',
    guard: 'leader',
    refusal: 'The barrier register is for agency leaders (configured by the admin) and barrier busters.',
    handle: barriersCommand,
  },
  'reminders-retry': {
    help: {
      usage: 'reminders retry',
      description:
        "Facilitator: send this chat's failed or undeliverable reminders again (after an admin installed the app for the person).",
      menu: 'group',
    },
    where: 'any',
    roundtable: 'any',
    guard: 'facilitator',
    refusal: 'Only a facilitator can send reminders again.',
    handle: retryRemindersCommand,
  },
  'my-steps': {
    help: {
      usage: 'my steps',
      description: 'Your open plan steps across roundtables, overdue first, with one-click updates.',
      menu: 'personal',
    },
    where: 'any',
    needs: 'followUp',
    guard: 'anyone',
    handle: followUpList('my-steps'),
  },
  'my-reviews': {
    help: {
      usage: 'my reviews',
      description: 'Follow-up reviews of the plans you are caseworker or supervisor on.',
      menu: 'personal',
    },
    where: 'any',
    needs: 'followUp',
    guard: 'anyone',
    handle: followUpList('my-reviews'),
  },
  'team-steps': {
    help: {
      usage: 'team steps',
      description: 'Supervisors: open steps of the roundtables you supervise.',
      menu: 'personal',
    },
    where: 'any',
    needs: 'followUp',
    guard: 'anyone',
    handle: followUpList('team-steps'),
  },
  help: {
    help: { usage: 'help', description: 'This list.', menu: 'both' },
    where: 'any',
    guard: 'anyone',
    handle: async () => ({ event: 'command.help', effects: [{ kind: 'card', card: helpCard(helpLines()) }] }),
  },
  unknown: {
    help: null,
    where: 'any',
    guard: 'anyone',
    handle: async () => ({
      event: 'command.unknown',
      effects: [
        { kind: 'text', text: "I don't know that command. Here is what I can do:" },
        { kind: 'card', card: helpCard(helpLines()) },
      ],
    }),
  },
} satisfies CommandRoutes;

/** What `help` lists: every command with a help line, in the table's order (the manifest's command lists use it too). */
export const COMMAND_HELP: CommandHelp[] = Object.values(COMMANDS).flatMap((r) => (r.help ? [r.help] : []));

const roundtableCard = (route: Omit<Extract<CardRoute, { family: 'roundtable' }>, 'family' | 'where'>) =>
  ({ family: 'roundtable', where: 'any', ...route }) as const;

const followUpCard = (
  guard: Extract<CardRoute, { family: 'follow-up' }>['guard'],
  handle: (a: FollowUpAction) => Promise<HandlerResult>,
) => ({ family: 'follow-up', where: 'any', guard, handle }) as const;

const PLAN_STEPS_REFUSAL =
  'The plan is the caseworker’s and supervisor’s: only they (or a facilitator on their behalf) accept or change steps. Your step stays a proposal.';
const BARRIER_REFUSAL =
  'Barrier busters on the roster answer barriers (or a facilitator on their behalf). Join as barrier buster first.';

/**
 * Every card verb the bot answers. `family`: which cards carry it (the shape of their action data);
 * `phase` (roundtable cards): from which phase's card it counts.
 */
export const CARD_VERBS = {
  // Roundtable cards, in the roundtable's chat
  [VERBS.refresh]: roundtableCard({ guard: 'chat-member', phase: 'read-only', handle: refreshCard }),
  [VERBS.status]: roundtableCard({ guard: 'chat-member', phase: 'read-only', handle: statusCardAction }),
  [VERBS.join]: roundtableCard({ guard: 'chat-member', phase: 'current', handle: joinCard }),
  [VERBS.next]: roundtableCard({ guard: 'facilitator', phase: 'current', handle: moveCard }),
  [VERBS.back]: roundtableCard({ guard: 'facilitator', phase: 'current', handle: moveCard }),
  [VERBS.go]: roundtableCard({ guard: 'facilitator', phase: 'current', handle: moveCard }),
  [VERBS.anonymous]: roundtableCard({ guard: 'facilitator', phase: 'current', handle: anonymousCard }),
  [VERBS.caseSummary]: roundtableCard({
    guard: 'plan-owner',
    refusal:
      'The caseworker (or supervisor, or a facilitator) fills the case summary. Join as caseworker first.',
    phase: 'current',
    handle: saveCaseSummary,
  }),
  [VERBS.fact]: roundtableCard({ guard: 'chat-member', phase: 'current', handle: addFact }),
  [VERBS.question]: roundtableCard({ guard: 'chat-member', phase: 'current', handle: addQuestion }),
  [VERBS.answer]: roundtableCard({ guard: 'chat-member', phase: 'current', handle: answerQuestion }),
  [VERBS.idea]: roundtableCard({ guard: 'chat-member', phase: 'current', handle: addIdea }),
  [VERBS.myIdeas]: roundtableCard({ guard: 'chat-member', phase: 'any', handle: myIdeas }),
  [VERBS.ideaEdit]: roundtableCard({ guard: 'idea-author', phase: 'any', handle: myIdeas }),
  [VERBS.ideaWithdraw]: roundtableCard({ guard: 'idea-author', phase: 'any', handle: myIdeas }),
  [VERBS.step]: roundtableCard({ guard: 'chat-member', phase: 'current', handle: addStep }),
  [VERBS.stepRemove]: roundtableCard({
    guard: 'plan-owner-or-proposer',
    phase: 'current',
    handle: removeStep,
  }),
  [VERBS.stepAccept]: roundtableCard({
    guard: 'plan-owner',
    refusal: PLAN_STEPS_REFUSAL,
    phase: 'current',
    handle: reviewStep,
  }),
  [VERBS.stepChange]: roundtableCard({
    guard: 'plan-owner',
    refusal: PLAN_STEPS_REFUSAL,
    phase: 'current',
    handle: reviewStep,
  }),
  [VERBS.barrierSolved]: roundtableCard({
    guard: 'barrier-buster',
    refusal: BARRIER_REFUSAL,
    phase: 'current',
    handle: answerBarrier,
  }),
  [VERBS.barrierDecision]: roundtableCard({
    guard: 'barrier-buster',
    refusal: BARRIER_REFUSAL,
    phase: 'current',
    handle: answerBarrier,
  }),
  [VERBS.barrierNone]: roundtableCard({
    guard: 'barrier-buster',
    refusal: BARRIER_REFUSAL,
    phase: 'current',
    handle: answerBarrier,
  }),
  [VERBS.goals]: roundtableCard({
    guard: 'plan-owner',
    refusal: 'The caseworker and supervisor set the goals and ratings (or a facilitator on their behalf).',
    phase: 'current',
    handle: saveGoals,
  }),
  [VERBS.debrief]: roundtableCard({ guard: 'chat-member', phase: 'current', handle: addDebrief }),
  [VERBS.reviewRatings]: roundtableCard({
    guard: 'plan-owner',
    refusal: 'The caseworker and supervisor re-rate permanency status (or a facilitator on their behalf).',
    needs: { deps: 'programme', off: 'Follow-up roundtables are not enabled.' },
    phase: 'current',
    handle: saveReviewRatings,
  }),
  [VERBS.end]: roundtableCard({ guard: 'facilitator', phase: 'current', handle: endCard }),
  [VERBS.endConfirm]: roundtableCard({ guard: 'facilitator', phase: 'current', handle: endCard }),

  // 1:1 cards before the roundtable
  [PREPARATION_VERBS.save]: {
    family: 'preparation',
    where: 'personal',
    elsewhere: { code: 'forbidden', message: PREPARE_PRIVATELY },
    guard: 'preparer',
    handle: savePreparation,
  },
  [PREPARATION_VERBS.confirm]: {
    family: 'preparation',
    where: 'any',
    guard: 'invitee',
    handle: answerInvitation,
  },
  [PREPARATION_VERBS.decline]: {
    family: 'preparation',
    where: 'any',
    guard: 'invitee',
    handle: answerInvitation,
  },

  // 1:1 follow-up cards (reminders, `my steps`, reviews)
  [FOLLOW_UP_VERBS.done]: followUpCard('step-owner', updateStep),
  [FOLLOW_UP_VERBS.progress]: followUpCard('step-owner', updateStep),
  [FOLLOW_UP_VERBS.blocked]: followUpCard('step-owner', updateStep),
  [FOLLOW_UP_VERBS.due]: followUpCard('step-owner', updateStep),
  [FOLLOW_UP_VERBS.note]: followUpCard('step-owner', updateStep),
  [FOLLOW_UP_VERBS.review]: followUpCard('follow-up-reviewer', saveFollowUpReview),
  [FOLLOW_UP_VERBS.familyReview]: followUpCard('caseworker-or-supervisor', recordFamilyReview),

  // The barrier register (leaders, 1:1)
  [PROGRAMME_VERBS.show]: { family: 'register', where: 'any', guard: 'leader', handle: showRegister },
  [PROGRAMME_VERBS.csv]: { family: 'register', where: 'any', guard: 'leader', handle: showRegister },
  [PROGRAMME_VERBS.escalate]: { family: 'register', where: 'any', guard: 'leader', handle: actOnRegister },
  [PROGRAMME_VERBS.progress]: { family: 'register', where: 'any', guard: 'leader', handle: actOnRegister },
  [PROGRAMME_VERBS.resolve]: { family: 'register', where: 'any', guard: 'leader', handle: actOnRegister },
  [PROGRAMME_VERBS.assign]: { family: 'register', where: 'any', guard: 'leader', handle: actOnRegister },
  [PROGRAMME_VERBS.note]: { family: 'register', where: 'any', guard: 'leader', handle: actOnRegister },
} satisfies CardRoutes;

/** The route of a card verb, if the bot knows it. */
export function cardRoute(verb: string): CardRoute | undefined {
  return Object.hasOwn(CARD_VERBS, verb) ? (CARD_VERBS as Record<string, CardRoute>)[verb] : undefined;
}

export type { CardVerb };
