import type { PREPARATION_VERBS, VERBS } from '../../cards/contract.js';
import type { FOLLOW_UP_VERBS, FollowUpActionData } from '../../cards/follow-up-cards.js';
import type { PROGRAMME_VERBS } from '../../cards/programme-cards.js';
import type { Roundtable } from '../roundtable/types.js';
import type { CardAction } from './card-action.js';
import type {
  Command,
  CommandName,
  FollowUpHandlerDeps,
  HandlerDeps,
  HandlerResult,
  ProgrammeDeps,
  TurnInput,
} from './turn.js';

type ValueOf<T> = T[keyof T];

/** Every Action.Execute verb on the bot's cards. */
export type CardVerb =
  | ValueOf<typeof VERBS>
  | ValueOf<typeof PREPARATION_VERBS>
  | ValueOf<typeof FOLLOW_UP_VERBS>
  | ValueOf<typeof PROGRAMME_VERBS>;

/** Where a command or card action may be used: a group or meeting chat, the 1:1 chat with the bot, or either. */
export type Where = 'group' | 'personal' | 'any';

/**
 * Who may use a command or card action (bot/teams/guards.ts checks each one).
 * The domain re-checks every rule on the fresh documents inside its etag loops.
 */
export type GuardName =
  | 'anyone'
  | 'chat-member'
  | 'facilitator'
  | 'plan-owner'
  | 'barrier-buster'
  | 'facilitator-or-caseworker'
  | 'leader'
  | 'idea-author'
  | 'plan-owner-or-proposer'
  | 'step-owner'
  | 'follow-up-reviewer'
  | 'caseworker-or-supervisor'
  | 'invitee'
  | 'preparer'
  | 'records-officer'
  | 'facilitator-or-records-officer';

/** Guards that need the chat's roundtable to answer. */
export type RoundtableGuard =
  | 'chat-member'
  | 'facilitator'
  | 'plan-owner'
  | 'barrier-buster'
  | 'facilitator-or-caseworker'
  | 'records-officer'
  | 'facilitator-or-records-officer';

/** The help line of a command, and which of the manifest's command menus offers it. */
export interface CommandHelp {
  usage: string;
  description: string;
  menu: 'group' | 'personal' | 'both';
}

interface CommandInputOf<C extends Command> {
  deps: HandlerDeps;
  cmd: C;
  turn: TurnInput;
}

interface ChatCommandInputOf<C extends Command> extends CommandInputOf<C> {
  rt: Roundtable;
}

/** A command as its handler sees it. */
export type CommandInput<N extends CommandName> = CommandInputOf<Extract<Command, { name: N }>>;

/** A command about the chat's roundtable, with the roundtable found (and guarded). */
export type ChatCommandInput<N extends CommandName> = ChatCommandInputOf<Extract<Command, { name: N }>>;

interface CommandCommon {
  /** `null`: not listed (only `unknown`). */
  help: CommandHelp | null;
  where: Where;
  /**
   * Used elsewhere than `where`: refused with this failure, or (`send-privately`, personal routes only)
   * answered in the person's 1:1 chat, with a line in the group saying so.
   */
  elsewhere?: { code: 'forbidden' | 'not-personal'; message: string } | 'send-privately';
  /** The feature must be enabled: without it the command answers that it is not enabled. */
  needs?: 'followUp' | 'programme';
  /** The guard's refusal, when it is not the guard's default. */
  refusal?: string;
}

/** One command: who may use it, where, and its handler. */
export type CommandRoute<N extends CommandName> = CommandCommon &
  (
    | {
        roundtable?: undefined;
        guard: Exclude<GuardName, RoundtableGuard>;
        handle: (c: CommandInput<N>) => Promise<HandlerResult>;
      }
    | {
        /** The command acts on the chat's roundtable: only an active one, or also an ended one. */
        roundtable: 'active' | 'any';
        /** The answer when the chat has none (default: no roundtable is running). */
        none?: string;
        guard: RoundtableGuard;
        handle: (c: ChatCommandInput<N>) => Promise<HandlerResult>;
      }
  );

export type CommandRoutes = { [N in CommandName]: CommandRoute<N> };

/** A click on one of the 1:1 follow-up cards. */
export interface FollowUpAction {
  deps: FollowUpHandlerDeps;
  data: FollowUpActionData;
  verb: string;
  raw: Record<string, unknown>;
  turn: TurnInput;
}

/** A click on a 1:1 card before the roundtable (preparation, invitation). */
export interface PreparationAction {
  deps: HandlerDeps;
  verb: string;
  raw: Record<string, unknown>;
  turn: TurnInput;
}

/** A click on the barrier register card. */
export interface RegisterAction {
  deps: ProgrammeDeps;
  verb: string;
  raw: Record<string, unknown>;
  turn: TurnInput;
}

interface CardCommon {
  where: Where;
  /** Refusal when used elsewhere than `where`. */
  elsewhere?: { code: 'forbidden'; message: string };
  /** The guard's refusal, when it is not the guard's default. */
  refusal?: string;
}

/**
 * One card verb: which card family carries it (the shape of its action data), who may use it, where,
 * and its handler. Roundtable cards also say from which phase's card the action counts.
 */
export type CardRoute = CardCommon &
  (
    | {
        family: 'roundtable';
        guard: RoundtableGuard | 'idea-author' | 'plan-owner-or-proposer';
        /**
         * `current`: only from the current phase's card of an active roundtable (else: stale, or ended).
         * `any`: from any phase's card of an active roundtable. `read-only`: any card, even after the end.
         */
        phase: 'current' | 'any' | 'read-only';
        /** The feature must be enabled; without it the card answers `off`. */
        needs?: { deps: 'programme'; off: string };
        handle: (a: CardAction) => Promise<HandlerResult>;
      }
    | {
        family: 'follow-up';
        guard: 'step-owner' | 'follow-up-reviewer' | 'caseworker-or-supervisor';
        handle: (a: FollowUpAction) => Promise<HandlerResult>;
      }
    | {
        family: 'preparation';
        guard: 'invitee' | 'preparer';
        handle: (a: PreparationAction) => Promise<HandlerResult>;
      }
    | {
        family: 'register';
        guard: 'leader';
        handle: (a: RegisterAction) => Promise<HandlerResult>;
      }
  );

export type CardRoutes = Record<CardVerb, CardRoute>;
