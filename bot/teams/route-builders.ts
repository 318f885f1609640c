/** The shapes the route table is written in: help lines, card-route builders, refusal texts. */

import * as followUp from './follow-up-handlers.js';
import type { CardRoute, CommandHelp, CommandInput, FollowUpAction, RegisterAction } from './route-types.js';
import type { HandlerResult } from './turn.js';

export const PREPARE_PRIVATELY =
  'Prepare in your 1:1 chat with the bot: what the youth and family said is confidential and is not shown in a group chat.';

/** `my steps`, `my reviews`, `team steps`: personal cards (asked for in a group chat, sent to the 1:1 chat). */
export const followUpList =
  <N extends 'my-steps' | 'my-reviews' | 'team-steps'>(name: N) =>
  ({ deps, turn }: CommandInput<N>): Promise<HandlerResult> => {
    if (!deps.followUp) throw new Error('follow-up is not enabled');
    return followUp.handleFollowUpCommand(deps.followUp, name, turn.actor);
  };

/** A help line, offered in the group menu unless `menu` says otherwise. */
export const line = (
  usage: string,
  description: string,
  menu: CommandHelp['menu'] = 'group',
): CommandHelp => ({
  usage,
  description,
  menu,
});

type RoundtableCardRoute = Extract<CardRoute, { family: 'roundtable' }>;

/** A roundtable card's verb (usable in any chat: the card's roundtable must be this chat's). */
export const onCard = (
  guard: RoundtableCardRoute['guard'],
  phase: RoundtableCardRoute['phase'],
  handle: RoundtableCardRoute['handle'],
  more: Pick<RoundtableCardRoute, 'refusal' | 'needs'> = {},
) => ({ family: 'roundtable', where: 'any', guard, phase, handle, ...more }) as const;

/** A verb of the 1:1 follow-up cards (usable in any chat). */
export const onFollowUpCard = (
  guard: Extract<CardRoute, { family: 'follow-up' }>['guard'],
  handle: (a: FollowUpAction) => Promise<HandlerResult>,
) => ({ family: 'follow-up', where: 'any', guard, handle }) as const;

/** A verb of the barrier register card (usable in any chat). */
export const onRegister = (guard: 'leader', handle: (a: RegisterAction) => Promise<HandlerResult>) =>
  ({ family: 'register', where: 'personal', elsewhere: REGISTER_PRIVATELY, guard, handle }) as const;

/** The barrier register is a leader's view: its card is answered only in the 1:1 chat. */
export const REGISTER_PRIVATELY = {
  code: 'forbidden',
  message: 'The barrier register is answered only in your 1:1 chat with me: type `barriers` there.',
} as const;

export const CASE_SUMMARY_OWNERS = {
  refusal:
    'The caseworker (or supervisor, or a facilitator) fills the case summary. Ask a facilitator for the caseworker role.',
};
export const PLAN_STEP_OWNERS = {
  refusal:
    'The plan is the caseworker’s and supervisor’s: only they (or a facilitator on their behalf) accept or change steps. Your step stays a proposal.',
};
export const GOAL_OWNERS = {
  refusal: 'The caseworker and supervisor set the goals and ratings (or a facilitator on their behalf).',
};
export const REVIEW_RATERS = {
  refusal: 'The caseworker and supervisor re-rate permanency status (or a facilitator on their behalf).',
  needs: { deps: 'programme', off: 'Follow-up roundtables are not enabled.' },
} as const;
export const BARRIER_BUSTERS = {
  refusal:
    'Barrier busters on the roster answer barriers (or a facilitator on their behalf). Ask a facilitator for the barrier buster role.',
};
