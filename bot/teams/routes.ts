import { PREPARATION_VERBS, VERBS } from '../../cards/contract.js';
import { FOLLOW_UP_VERBS } from '../../cards/follow-up-cards.js';
import { helpCard } from '../../cards/help-card.js';
import { PROGRAMME_VERBS } from '../../cards/programme-cards.js';
import * as barrier from './barrier-actions.js';
import * as contribution from './contribution-actions.js';
import * as followUp from './follow-up-handlers.js';
import { type HelpEntry, helpSections } from './help-sections.js';
import * as phase from './phase-actions.js';
import * as plan from './plan-actions.js';
import * as preparation from './preparation-handlers.js';
import * as programme from './programme-handlers.js';
import * as records from './records-handlers.js';
import * as roles from './role-actions.js';
import * as roundtable from './roundtable-commands.js';
import {
  BARRIER_BUSTERS,
  CASE_SUMMARY_OWNERS,
  followUpList,
  GOAL_OWNERS,
  line,
  onCard,
  onFollowUpCard,
  onRegister,
  PLAN_STEP_OWNERS,
  PREPARE_PRIVATELY,
  REVIEW_RATERS,
} from './route-builders.js';
import type { CardRoute, CardRoutes, CardVerb, CommandHelp, CommandRoutes } from './route-types.js';

/** The help card: every listed command, in the table's order. */
const helpLines = () => COMMAND_HELP.map(({ usage, description }) => ({ usage, description }));
/** Every listed command with where it may be typed (help differs between the meeting chat and the 1:1 chat). */
const helpEntries = (): HelpEntry[] =>
  Object.values(COMMANDS).flatMap((r) =>
    r.help ? [{ ...r.help, where: r.where as HelpEntry['where'] }] : [],
  );

/**
 * Every command the bot answers, in the order `help` and the manifest list them.
 * `where`: the chat it may be typed in; `guard`: who may use it (guards.ts); `roundtable`: it acts on the chat's
 * roundtable (an active one, or also an ended one); `needs`: the feature that must be enabled.
 */
export const COMMANDS = {
  start: {
    help: line('start <case alias>', 'Start a roundtable in this chat; you facilitate it.'),
    where: 'any',
    guard: 'anyone',
    handle: preparation.startAndPrompt,
  },
  'start-practice': {
    help: line(
      'start practice',
      'Run a practice roundtable on a built-in fictional case (marked PRACTICE, deleted after 7 days).',
    ),
    where: 'any',
    guard: 'anyone',
    handle: roundtable.startCommand,
  },
  invite: {
    help: line(
      'invite [role] @person … on <YYYY-MM-DD> [HH:MM]',
      'Facilitator: invite people before the meeting; each gets a 1:1 card to confirm.',
    ),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    refusal: 'Only a facilitator can invite participants.',
    handle: preparation.inviteCommand,
  },
  'start-followup': {
    help: line(
      'start followup <case alias>',
      'Start a follow-up roundtable: review the previous plan of the case, re-rate, brainstorm, new plan.',
    ),
    where: 'any',
    needs: 'programme',
    guard: 'anyone',
    handle: programme.startFollowUpCommand,
  },
  open: {
    help: line('open', 'Facilitator: open a roundtable started ahead of its meeting; the clock starts now.'),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: roundtable.openCommand,
  },
  next: {
    help: line('next', 'Facilitator: move on to the next phase.'),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: phase.moveCommand,
  },
  back: {
    help: line('back', 'Facilitator: go back one phase.'),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: phase.moveCommand,
  },
  go: {
    help: line(
      'go <1-6 or phase name>',
      'Facilitator: jump to a phase (welcome, present, clarify, brainstorm, plan, debrief).',
    ),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: phase.moveCommand,
  },
  status: {
    help: line('status', 'Phase, time spent against plan, contributions and facilitators.'),
    where: 'any',
    roundtable: 'any',
    guard: 'chat-member',
    handle: roundtable.statusCommand,
  },
  'facilitator-add': {
    help: line('facilitator add @person', 'Facilitator: add a co-facilitator.'),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: roundtable.addFacilitatorCommand,
  },
  join: {
    help: line('join', 'Join as participant (`join scribe`: as scribe); other roles are given.'),
    where: 'any',
    roundtable: 'active',
    guard: 'chat-member',
    handle: roles.joinCommand,
  },
  role: {
    help: line('role @person <role>', 'Facilitator: give a role (caseworker, supervisor, …).'),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    refusal: roles.ROLE_GIVERS.refusal,
    handle: roles.roleCommand,
  },
  timer: {
    help: line('timer <minutes>', "Facilitator: set this phase's time box (timer 0 clears it)."),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: roundtable.timerCommand,
  },
  anonymous: {
    help: line('anonymous on|off', 'Facilitator: hide or show idea authors on the cards.'),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: phase.anonymousCommand,
  },
  end: {
    help: line('end', 'Facilitator: close the roundtable and post the plan summary.'),
    where: 'any',
    roundtable: 'active',
    guard: 'facilitator',
    handle: phase.endCommand,
  },
  prepare: {
    help: line(
      'prepare <case alias>',
      'In your 1:1 chat: record what the youth, family and others said, and the case facts, before the roundtable.',
      'personal',
    ),
    where: 'personal',
    elsewhere: 'send-privately',
    guard: 'preparer',
    handle: preparation.prepareCommand,
  },
  'prepare-attach': {
    help: line(
      'prepare attach',
      'In the roundtable’s chat: attach the preparation you made for its case alias (only yours).',
    ),
    where: 'any',
    roundtable: 'active',
    guard: 'chat-member',
    handle: preparation.attachCommand,
  },
  export: {
    help: line(
      'export',
      'Facilitator or caseworker: get the whole record as a Word document, by a private link in your 1:1 chat.',
    ),
    where: 'any',
    needs: 'programme',
    roundtable: 'any',
    none: 'There is no roundtable in this chat to export. Type `@Roundtable export` in the roundtable’s chat.',
    guard: 'facilitator-or-caseworker',
    handle: programme.exportCommand,
  },
  'delete-roundtable': {
    help: line(
      'delete roundtable',
      'Facilitator: delete this roundtable and all its data (asks you to confirm with the case alias).',
    ),
    where: 'any',
    needs: 'programme',
    roundtable: 'any',
    none: 'There is no roundtable in this chat to delete.',
    guard: 'facilitator-or-records-officer',
    refusal: 'Only a facilitator of this roundtable can delete it.',
    handle: programme.deleteRoundtableCommand,
  },
  barriers: {
    help: line(
      'barriers [csv]',
      'Agency leaders, in a 1:1 chat: the systemic barriers register; `barriers csv` exports it.',
    ),
    where: 'personal',
    elsewhere: 'send-privately',
    needs: 'programme',
    guard: 'leader',
    refusal: 'The barrier register is for agency leaders (configured by the admin).',
    handle: programme.barriersCommand,
  },
  'reminders-retry': {
    help: line(
      'reminders retry',
      "Facilitator: send this chat's failed or undeliverable reminders again (after an admin installed the app for the person).",
    ),
    where: 'any',
    roundtable: 'any',
    guard: 'facilitator',
    refusal: 'Only a facilitator can send reminders again.',
    handle: roundtable.retryRemindersCommand,
  },
  'my-steps': {
    help: line(
      'my steps',
      'Your open plan steps across roundtables, overdue first, with one-click updates.',
      'personal',
    ),
    where: 'personal',
    elsewhere: 'send-privately',
    needs: 'followUp',
    guard: 'anyone',
    handle: followUpList('my-steps'),
  },
  'my-reviews': {
    help: line(
      'my reviews',
      'Follow-up reviews of the plans you are caseworker or supervisor on.',
      'personal',
    ),
    where: 'personal',
    elsewhere: 'send-privately',
    needs: 'followUp',
    guard: 'anyone',
    handle: followUpList('my-reviews'),
  },
  'team-steps': {
    help: line('team steps', 'Supervisors: open steps of the roundtables you supervise.', 'personal'),
    where: 'personal',
    elsewhere: 'send-privately',
    needs: 'followUp',
    guard: 'anyone',
    handle: followUpList('team-steps'),
  },
  help: {
    help: line('help', 'This list.', 'both'),
    where: 'any',
    guard: 'anyone',
    handle: async ({ turn }) => {
      const { sections, note } = helpSections(helpEntries(), turn.personal === true);
      return { event: 'command.help', effects: [{ kind: 'card', card: helpCard(sections, note) }] };
    },
  },
  unknown: {
    help: null,
    where: 'any',
    guard: 'anyone',
    handle: (input) => roundtable.unknownCommand(input, helpLines()),
  },
  // Records (issue #23): roster changes that take rights away, the records officer's legal hold.
  'facilitator-remove': {
    help: line('facilitator remove @person', 'Facilitator: take co-facilitator rights away.'),
    where: 'any',
    roundtable: 'any',
    guard: 'facilitator',
    handle: records.facilitatorRemoveCommand,
  },
  handover: {
    help: line('handover caseworker|supervisor @person', 'After `end`: hand the plan to a new owner.'),
    where: 'any',
    roundtable: 'any',
    guard: 'plan-owner',
    handle: records.handoverCommand,
  },
  'legal-hold': {
    help: line('legal hold [release]', 'Records officers: hold this roundtable (no deletion).'),
    where: 'any',
    needs: 'programme',
    roundtable: 'any',
    guard: 'records-officer',
    handle: records.legalHoldCommand,
  },
} satisfies CommandRoutes;

/** What `help` lists: every command with a help line, in the table's order (the manifest's command lists use it too). */
export const COMMAND_HELP: CommandHelp[] = Object.values(COMMANDS).flatMap((r) => (r.help ? [r.help] : []));

/**
 * Every card verb the bot answers. `family`: which cards carry it (the shape of their action data);
 * `phase` (roundtable cards): from which phase's card it counts.
 */
export const CARD_VERBS = {
  // Roundtable cards: guard, phase, handler
  [VERBS.refresh]: onCard('chat-member', 'read-only', phase.refreshCard),
  [VERBS.status]: onCard('chat-member', 'read-only', phase.statusCardAction),
  [VERBS.join]: onCard('chat-member', 'current', preparation.joinAndPrompt),
  [VERBS.roleAssign]: onCard('facilitator', 'current', roles.assignRoleCard, roles.ROLE_GIVERS),
  [VERBS.roleConfirm]: onCard('facilitator', 'current', roles.answerRoleRequestCard, roles.ROLE_GIVERS),
  [VERBS.roleDecline]: onCard('facilitator', 'current', roles.answerRoleRequestCard, roles.ROLE_GIVERS),
  [VERBS.next]: onCard('facilitator', 'current', phase.moveCard),
  [VERBS.back]: onCard('facilitator', 'current', phase.moveCard),
  [VERBS.go]: onCard('facilitator', 'current', phase.moveCard),
  [VERBS.anonymous]: onCard('facilitator', 'current', phase.anonymousCard),
  [VERBS.caseSummary]: onCard('plan-owner', 'current', contribution.saveCaseSummary, CASE_SUMMARY_OWNERS),
  [VERBS.fact]: onCard('chat-member', 'current', contribution.addFact),
  [VERBS.question]: onCard('chat-member', 'current', contribution.addQuestion),
  [VERBS.answer]: onCard('chat-member', 'current', contribution.answerQuestion),
  [VERBS.idea]: onCard('chat-member', 'current', contribution.addIdea),
  [VERBS.myIdeas]: onCard('chat-member', 'any', contribution.myIdeas),
  [VERBS.ideaEdit]: onCard('idea-author', 'any', contribution.myIdeas),
  [VERBS.ideaWithdraw]: onCard('idea-author', 'any', contribution.myIdeas),
  [VERBS.step]: onCard('chat-member', 'current', plan.addStep),
  [VERBS.stepRemove]: onCard('plan-owner-or-proposer', 'current', plan.removeStep),
  [VERBS.stepAccept]: onCard('plan-owner', 'current', plan.reviewStep, PLAN_STEP_OWNERS),
  [VERBS.stepChange]: onCard('plan-owner', 'current', plan.reviewStep, PLAN_STEP_OWNERS),
  [VERBS.barrierSolved]: onCard('barrier-buster', 'current', barrier.answerBarrier, BARRIER_BUSTERS),
  [VERBS.barrierDecision]: onCard('barrier-buster', 'current', barrier.answerBarrier, BARRIER_BUSTERS),
  [VERBS.barrierNone]: onCard('barrier-buster', 'current', barrier.answerBarrier, BARRIER_BUSTERS),
  [VERBS.goals]: onCard('plan-owner', 'current', plan.saveGoals, GOAL_OWNERS),
  [VERBS.debrief]: onCard('chat-member', 'current', contribution.addDebrief),
  [VERBS.reviewRatings]: onCard('plan-owner', 'current', plan.saveReviewRatings, REVIEW_RATERS),
  [VERBS.end]: onCard('facilitator', 'current', phase.endCard),
  [VERBS.endConfirm]: onCard('facilitator', 'current', phase.endCard),

  // 1:1 cards before the roundtable
  [PREPARATION_VERBS.save]: {
    family: 'preparation',
    where: 'personal',
    elsewhere: { code: 'forbidden', message: PREPARE_PRIVATELY },
    guard: 'preparer',
    handle: preparation.savePreparation,
  },
  [PREPARATION_VERBS.attach]: {
    family: 'preparation',
    where: 'personal',
    elsewhere: { code: 'forbidden', message: PREPARE_PRIVATELY },
    guard: 'preparer',
    handle: preparation.attachFromCard,
  },
  [PREPARATION_VERBS.confirm]: {
    family: 'preparation',
    where: 'any',
    guard: 'invitee',
    handle: preparation.answerInvitation,
  },
  [PREPARATION_VERBS.decline]: {
    family: 'preparation',
    where: 'any',
    guard: 'invitee',
    handle: preparation.answerInvitation,
  },

  // 1:1 follow-up cards (reminders, `my steps`, reviews)
  [FOLLOW_UP_VERBS.done]: onFollowUpCard('step-owner', followUp.updateStep),
  [FOLLOW_UP_VERBS.progress]: onFollowUpCard('step-owner', followUp.updateStep),
  [FOLLOW_UP_VERBS.blocked]: onFollowUpCard('step-owner', followUp.updateStep),
  [FOLLOW_UP_VERBS.due]: onFollowUpCard('step-owner', followUp.updateStep),
  [FOLLOW_UP_VERBS.note]: onFollowUpCard('step-owner', followUp.updateStep),
  [FOLLOW_UP_VERBS.review]: onFollowUpCard('follow-up-reviewer', followUp.saveFollowUpReview),
  [FOLLOW_UP_VERBS.familyReview]: onFollowUpCard('caseworker-or-supervisor', followUp.recordFamilyReview),

  // The barrier register card (leaders, 1:1)
  [PROGRAMME_VERBS.show]: onRegister('leader', programme.showRegister),
  [PROGRAMME_VERBS.csv]: onRegister('leader', programme.showRegister),
  [PROGRAMME_VERBS.escalate]: onRegister('leader', programme.actOnRegister),
  [PROGRAMME_VERBS.progress]: onRegister('leader', programme.actOnRegister),
  [PROGRAMME_VERBS.resolve]: onRegister('leader', programme.actOnRegister),
  [PROGRAMME_VERBS.assign]: onRegister('leader', programme.actOnRegister),
  [PROGRAMME_VERBS.note]: onRegister('leader', programme.actOnRegister),
} satisfies CardRoutes;

/** The route of a card verb, if the bot knows it. */
export function cardRoute(verb: string): CardRoute | undefined {
  return Object.hasOwn(CARD_VERBS, verb) ? (CARD_VERBS as Record<string, CardRoute>)[verb] : undefined;
}

export type { CardVerb };
