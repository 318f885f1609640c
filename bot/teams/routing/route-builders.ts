/** The shapes the route table is written in: command rows and their argument readers, card-route builders, refusals. */

import type { z } from 'zod';
import * as followUp from '../handlers/follow-up.js';
import {
  AttachCardData,
  FollowUpCardData,
  InvitationCardData,
  PreparationCardData,
  RegisterCardData,
  RoundtableCardData,
} from './card-input.js';
import type {
  CardRoute,
  CommandCall,
  CommandHelp,
  CommandRoute,
  CommandWhen,
  FollowUpAction,
  PreparationAction,
  RegisterAction,
} from './route-types.js';
import type { HandlerResult } from './turn.js';

export const PREPARE_PRIVATELY =
  'Prepare in your 1:1 chat with the bot: what the youth and family said is confidential and is not shown in a group chat.';

/** Declares a command row, tying its argument reader to its handler's input. */
export const command = <I = unknown>(row: CommandRoute<I>): CommandRoute<I> => row;

// Argument readers: what follows the command's words (undefined: not this command).

/** Nothing may follow the words ("my steps", not "my steps please"). */
export const nothing = (args: string) => (args === '' ? {} : undefined);
/** The rest is the case alias. */
export const alias = (args: string) => ({ alias: args });

const ROLE_WORDS =
  /^(caseworker|supervisor|consultant|external-consultant|master-practitioner|barrier-buster|scribe|facilitator|other)$/;

/** `invite [role] @people on <YYYY-MM-DD> [HH:MM]`: the role word first, the date and time anywhere. */
export const inviteArgs = (args: string): { role?: string; when?: string } => {
  const when = /(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}:\d{2}))?/.exec(args);
  const role = args.toLowerCase().split(' ')[0] ?? '';
  return { ...(ROLE_WORDS.test(role) ? { role } : {}), ...(when ? { when: when[0] } : {}) };
};

/** `my steps`, `my reviews`, `team steps`: personal cards (asked for in a group chat, sent to the 1:1 chat). */
export const followUpList =
  (name: 'my-steps' | 'my-reviews' | 'team-steps') =>
  ({ deps, turn }: CommandCall<unknown>): Promise<HandlerResult> => {
    if (!deps.followUp) throw new Error('follow-up is not enabled');
    return followUp.handleFollowUpCommand(deps.followUp, name, turn.actor, turn.lang);
  };

/**
 * A help line: when in a roundtable's life the command is used, and its rank in the manifest's command menus
 * (`group`: meeting and group chats; `personal`: the 1:1 chat). Unranked: typed, not in a menu. The English
 * `usage` and `description` are the reference; help shows them in a language from `help:commands.<row name>`
 * (locales/<lang>/help.json, checked against the rows by test/unit/help-locales.test.ts).
 */
export const line = (
  usage: string,
  description: string,
  when: CommandWhen,
  rank: { group?: number; personal?: number } = {},
): CommandHelp => ({ usage, description, when, rank });

type RoundtableCardRoute = Extract<CardRoute, { family: 'roundtable' }>;

/** A roundtable card's verb (usable in any chat: the card's roundtable must be this chat's). */
export const onCard = (
  guard: RoundtableCardRoute['guard'],
  phase: RoundtableCardRoute['phase'],
  handle: RoundtableCardRoute['handle'],
  more: Pick<RoundtableCardRoute, 'refusal' | 'needs'> = {},
): CardRoute => ({
  family: 'roundtable',
  data: RoundtableCardData,
  where: 'any',
  guard,
  phase,
  handle,
  ...more,
});

/** A verb of the 1:1 follow-up cards (usable in any chat). */
export const onFollowUpCard = (
  guard: Extract<CardRoute, { family: 'follow-up' }>['guard'],
  handle: (a: FollowUpAction) => Promise<HandlerResult>,
): CardRoute => ({ family: 'follow-up', data: FollowUpCardData, where: 'any', guard, handle });

/** A verb of the barrier register card (1:1 only). */
export const onRegister = (handle: (a: RegisterAction) => Promise<HandlerResult>): CardRoute => ({
  family: 'register',
  data: RegisterCardData,
  where: 'personal',
  elsewhere: REGISTER_PRIVATELY,
  guard: 'leader',
  handle,
});

/** A verb of a 1:1 card before the roundtable: its schema's output is its handler's input. */
function onPreparation<I, G extends 'invitee' | 'preparer'>(
  data: z.ZodType<I, unknown>,
  guard: G,
  handle: (a: PreparationAction<I, G>) => Promise<HandlerResult>,
  privately: boolean,
): CardRoute {
  return {
    family: 'preparation',
    data,
    where: privately ? 'personal' : 'any',
    ...(privately ? { elsewhere: { code: 'forbidden', message: PREPARE_PRIVATELY } } : {}),
    guard,
    handle: handle as unknown as (a: PreparationAction<never>) => Promise<HandlerResult>,
  } as CardRoute;
}

/** The preparation card (the preparer's own draft, 1:1 only). */
export const onPreparationCard = (
  handle: (a: PreparationAction<z.output<typeof PreparationCardData>, 'preparer'>) => Promise<HandlerResult>,
) => onPreparation(PreparationCardData, 'preparer', handle, true);

/** The 1:1 prompt to attach a preparation to a roundtable. */
export const onAttachCard = (
  handle: (a: PreparationAction<z.output<typeof AttachCardData>, 'preparer'>) => Promise<HandlerResult>,
) => onPreparation(AttachCardData, 'preparer', handle, true);

/** An invitation card (answered by its invitee, from any chat). */
export const onInvitationCard = (
  handle: (a: PreparationAction<z.output<typeof InvitationCardData>, 'invitee'>) => Promise<HandlerResult>,
) => onPreparation(InvitationCardData, 'invitee', handle, false);

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
