/** Every card verb the bot answers: the card half of the route table (routes.ts holds the commands). */
import { PREPARATION_VERBS, VERBS } from '../../../cards/contract.js';
import { FOLLOW_UP_VERBS } from '../../../cards/follow-up-cards.js';
import { HANDOUT_VERB } from '../../../cards/handout-cards.js';
import { PROGRAMME_VERBS } from '../../../cards/programme-cards.js';
import * as barrier from '../handlers/barriers.js';
import * as contribution from '../handlers/contributions.js';
import * as followUp from '../handlers/follow-up.js';
import * as handout from '../handlers/handout.js';
import * as phase from '../handlers/phases.js';
import * as plan from '../handlers/plan.js';
import * as preparation from '../handlers/preparation.js';
import * as programme from '../handlers/programme.js';
import * as roles from '../handlers/roles.js';
import {
  BARRIER_BUSTERS,
  CASE_SUMMARY_OWNERS,
  GOAL_OWNERS,
  onAttachCard,
  onCard,
  onFollowUpCard,
  onInvitationCard,
  onPreparationCard,
  onRegister,
  PLAN_STEP_OWNERS,
  REVIEW_RATERS,
} from './route-builders.js';
import type { CardRoute, CardRoutes } from './route-types.js';

/**
 * Every card verb the bot answers. `family`: which cards carry it (the schema of their data);
 * `phase` (roundtable cards): from which phase's card it counts. Verbs that share a handler give it a parameter.
 */
export const CARD_VERBS = {
  // Roundtable cards: guard, phase, handler
  [VERBS.refresh]: onCard('chat-member', 'read-only', phase.refreshCard),
  [VERBS.status]: onCard('chat-member', 'read-only', phase.statusCardAction),
  [VERBS.join]: onCard('chat-member', 'current', preparation.joinAndPrompt),
  [VERBS.roleAssign]: onCard('facilitator', 'current', roles.assignRoleCard, roles.ROLE_GIVERS),
  [VERBS.roleConfirm]: onCard('facilitator', 'current', roles.answerRoleRequestCard(true), roles.ROLE_GIVERS),
  [VERBS.roleDecline]: onCard(
    'facilitator',
    'current',
    roles.answerRoleRequestCard(false),
    roles.ROLE_GIVERS,
  ),
  [VERBS.next]: onCard('facilitator', 'current', phase.moveCard('next')),
  [VERBS.back]: onCard('facilitator', 'current', phase.moveCard('back')),
  [VERBS.go]: onCard('facilitator', 'current', phase.moveCard('go')),
  [VERBS.anonymous]: onCard('facilitator', 'current', phase.anonymousCard),
  [VERBS.caseSummary]: onCard('plan-owner', 'current', contribution.saveCaseSummary, CASE_SUMMARY_OWNERS),
  [VERBS.fact]: onCard('chat-member', 'current', contribution.addFact),
  [VERBS.question]: onCard('chat-member', 'current', contribution.addQuestion),
  [VERBS.answer]: onCard('chat-member', 'current', contribution.answerQuestion),
  [VERBS.idea]: onCard('chat-member', 'current', contribution.addIdea),
  [VERBS.myIdeas]: onCard('chat-member', 'any', contribution.myIdeas('list')),
  [VERBS.ideaEdit]: onCard('idea-author', 'any', contribution.myIdeas('edit')),
  [VERBS.ideaWithdraw]: onCard('idea-author', 'any', contribution.myIdeas('withdraw')),
  [VERBS.step]: onCard('chat-member', 'current', plan.addStep),
  [VERBS.stepRemove]: onCard('plan-owner-or-proposer', 'current', plan.removeStep),
  [VERBS.stepAccept]: onCard('plan-owner', 'current', plan.reviewStep(true), PLAN_STEP_OWNERS),
  [VERBS.stepChange]: onCard('plan-owner', 'current', plan.reviewStep(false), PLAN_STEP_OWNERS),
  [VERBS.barrierSolved]: onCard(
    'barrier-buster',
    'current',
    barrier.answerBarrier('solved-now'),
    BARRIER_BUSTERS,
  ),
  [VERBS.barrierDecision]: onCard(
    'barrier-buster',
    'current',
    barrier.answerBarrier('needs-decision'),
    BARRIER_BUSTERS,
  ),
  [VERBS.barrierNone]: onCard(
    'barrier-buster',
    'current',
    barrier.answerBarrier('not-a-barrier'),
    BARRIER_BUSTERS,
  ),
  [VERBS.goals]: onCard('plan-owner', 'current', plan.saveGoals, GOAL_OWNERS),
  [VERBS.debrief]: onCard('chat-member', 'current', contribution.addDebrief),
  [VERBS.reviewRatings]: onCard('plan-owner', 'current', plan.saveReviewRatings, REVIEW_RATERS),
  [VERBS.end]: onCard('facilitator', 'current', phase.endCard(false)),
  [VERBS.endConfirm]: onCard('facilitator', 'current', phase.endCard(true)),

  // 1:1 cards before the roundtable
  [PREPARATION_VERBS.save]: onPreparationCard(preparation.savePreparation),
  [PREPARATION_VERBS.attach]: onAttachCard(preparation.attachFromCard),
  [PREPARATION_VERBS.confirm]: onInvitationCard(preparation.answerInvitation(true)),
  [PREPARATION_VERBS.decline]: onInvitationCard(preparation.answerInvitation(false)),

  // 1:1 follow-up cards (reminders, `my steps`, reviews)
  [FOLLOW_UP_VERBS.done]: onFollowUpCard('step-owner', followUp.updateStep('done')),
  [FOLLOW_UP_VERBS.progress]: onFollowUpCard('step-owner', followUp.updateStep('progress')),
  [FOLLOW_UP_VERBS.blocked]: onFollowUpCard('step-owner', followUp.updateStep('blocked')),
  [FOLLOW_UP_VERBS.due]: onFollowUpCard('step-owner', followUp.updateStep('due')),
  [FOLLOW_UP_VERBS.note]: onFollowUpCard('step-owner', followUp.updateStep('note')),
  [FOLLOW_UP_VERBS.review]: onFollowUpCard('follow-up-reviewer', followUp.saveFollowUpReview),
  [FOLLOW_UP_VERBS.familyReview]: onFollowUpCard('caseworker-or-supervisor', followUp.recordFamilyReview),
  [HANDOUT_VERB]: onFollowUpCard('caseworker-or-supervisor', handout.sendHandoutLinks),

  // The barrier register card (leaders, 1:1)
  [PROGRAMME_VERBS.show]: onRegister(programme.showRegister('show')),
  [PROGRAMME_VERBS.csv]: onRegister(programme.showRegister('csv')),
  [PROGRAMME_VERBS.escalate]: onRegister(programme.actOnRegister('escalate')),
  [PROGRAMME_VERBS.progress]: onRegister(programme.actOnRegister('progress')),
  [PROGRAMME_VERBS.resolve]: onRegister(programme.actOnRegister('resolve')),
  [PROGRAMME_VERBS.assign]: onRegister(programme.actOnRegister('assign')),
  [PROGRAMME_VERBS.note]: onRegister(programme.actOnRegister('note')),
} satisfies CardRoutes;

/** The route of a card verb, if the bot knows it. */
export function cardRoute(verb: string): CardRoute | undefined {
  return Object.hasOwn(CARD_VERBS, verb) ? (CARD_VERBS as Record<string, CardRoute>)[verb] : undefined;
}
