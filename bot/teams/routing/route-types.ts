/**
 * The shape of one route (a typed command or a card verb): its input (a zod schema, or the command's words and
 * argument reader), where it may be used, a named guard that returns what it read (the grant), and its handler.
 * dispatch.ts runs every route the same way: parse → where → guard → record the access → handle.
 */
import type { z } from 'zod';
import type { PREPARATION_VERBS, VERBS } from '../../../cards/contract.js';
import type { FOLLOW_UP_VERBS } from '../../../cards/follow-up-cards.js';
import type { HANDOUT_VERB } from '../../../cards/handout-cards.js';
import type { PROGRAMME_VERBS } from '../../../cards/programme-cards.js';
import type { Invitation } from '../../roundtable/records.js';
import type { Roundtable } from '../../roundtable/types.js';
import type { CardAction } from './card-action.js';
import type {
  FollowUpCardData,
  FollowUpCardInput,
  RegisterCardData,
  RegisterCardInput,
  RoundtableCardData,
} from './card-input.js';
import type { FollowUpHandlerDeps, HandlerDeps, HandlerResult, ProgrammeDeps, TurnInput } from './turn.js';

type ValueOf<T> = T[keyof T];

/** Every Action.Execute verb on the bot's cards. */
export type CardVerb =
  | ValueOf<typeof VERBS>
  | ValueOf<typeof PREPARATION_VERBS>
  | ValueOf<typeof FOLLOW_UP_VERBS>
  | ValueOf<typeof PROGRAMME_VERBS>
  | typeof HANDOUT_VERB;

/** Where a command or card action may be used: a group or meeting chat, the 1:1 chat with the bot, or either. */
export type Where = 'group' | 'personal' | 'any';

/**
 * What each guard (bot/teams/routing/guards.ts) read to let a request through, handed to the handler as its grant.
 * The domain re-checks every rule on the fresh documents inside its etag loops.
 */
export interface Grants {
  anyone: Record<string, never>;
  'chat-member': { rt: Roundtable };
  facilitator: { rt: Roundtable };
  'plan-owner': { rt: Roundtable };
  'barrier-buster': { rt: Roundtable };
  'facilitator-or-caseworker': { rt: Roundtable };
  'idea-author': { rt: Roundtable };
  'plan-owner-or-proposer': { rt: Roundtable };
  /** The leader's own tenant: the register they see. */
  leader: { tenantId?: string };
  'leader-or-records-officer': { tenantId?: string };
  'step-owner': { rt: Roundtable; step?: string };
  'follow-up-reviewer': { rt: Roundtable };
  'caseworker-or-supervisor': { rt: Roundtable };
  invitee: { invitation: Invitation };
  /** Attaching: the roundtable whose roster the preparer is on; preparing: nothing (their own draft). */
  preparer: { rt?: Roundtable };
  /** Records officers (RECORDS_OFFICER_IDS): legal hold, deletion at any time. */
  'records-officer': { rt: Roundtable };
  /** A records officer, or a facilitator (the domain checks the deletion window and any legal hold). */
  'facilitator-or-records-officer': { rt: Roundtable };
  /** The youth on the roster, a facilitator, or (youth-centred only) a guest without an agency account (#29). */
  'youth-or-facilitator': { rt: Roundtable };
}

/** Who may use a command or card action. */
export type GuardName = keyof Grants;

/** Guards that need the chat's roundtable to answer. */
export type RoundtableGuard =
  | 'chat-member'
  | 'facilitator'
  | 'plan-owner'
  | 'barrier-buster'
  | 'facilitator-or-caseworker'
  | 'records-officer'
  | 'facilitator-or-records-officer'
  | 'youth-or-facilitator';

/** When in the life of a roundtable a command is used (help groups by it). */
export type CommandWhen = 'before' | 'during' | 'after' | 'any';

/** The help line of a command, and its place in the manifest's command menus. */
export interface CommandHelp {
  usage: string;
  description: string;
  when: CommandWhen;
  /** Its rank in the meeting/group chat's menu and in the 1:1 chat's menu (lower first); absent: not in that menu. */
  rank: { group?: number; personal?: number };
}

/** A command as its handler sees it: the parsed input, and what the guard read. */
export interface CommandCall<I, G extends GuardName = GuardName> {
  deps: HandlerDeps;
  input: I;
  grant: Grants[G];
  turn: TurnInput;
}

/** A command about the chat's roundtable: the guard found (and checked) it. */
export type ChatCommandCall<I> = CommandCall<I, RoundtableGuard>;

interface CommandCommon<I> {
  /** The words that name it (case-insensitive); more than one for synonyms ("previous" for back). */
  words: readonly (readonly string[])[];
  /** Reads the text after the words; undefined: not this command. Without it, what follows is ignored. */
  read?: (args: string) => I | undefined;
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

/** One command: its words and arguments, help, where, guard and handler. */
export type CommandRoute<I = unknown> = CommandCommon<I> &
  (
    | {
        roundtable?: undefined;
        guard: Exclude<GuardName, RoundtableGuard>;
        handle: (c: CommandCall<I, Exclude<GuardName, RoundtableGuard>>) => Promise<HandlerResult>;
      }
    | {
        /** The command acts on the chat's roundtable: only an active one, or also an ended one. */
        roundtable: 'active' | 'any';
        /** The answer when the chat has none (default: no roundtable is running). */
        none?: string;
        guard: RoundtableGuard;
        handle: (c: ChatCommandCall<I>) => Promise<HandlerResult>;
      }
  );

/** What every click's handler gets besides its family's helpers: the parsed data, the grant, the raw inputs. */
interface CardCall<I, G extends GuardName, D> {
  deps: D;
  /** The action data, parsed by the route's schema. */
  input: I;
  grant: Grants[G];
  /** Everything the card sent (its data merged with the inputs), read by key. */
  inputs: Record<string, unknown>;
  /** The clicked verb (for anchors and log events; never re-tested: a row gives its handler a parameter). */
  verb: string;
  turn: TurnInput;
}

type FollowUpGuard = 'step-owner' | 'follow-up-reviewer' | 'caseworker-or-supervisor';
type PreparationGuard = 'invitee' | 'preparer';

/** A click on one of the 1:1 follow-up cards. */
export type FollowUpAction = CardCall<FollowUpCardInput, FollowUpGuard, FollowUpHandlerDeps>;

/** A click on a 1:1 card before the roundtable (preparation, invitation). */
export type PreparationAction<I, G extends PreparationGuard = PreparationGuard> = CardCall<I, G, HandlerDeps>;

/** A click on the barrier register card. */
export type RegisterAction = CardCall<RegisterCardInput, 'leader', ProgrammeDeps>;

interface CardCommon {
  where: Where;
  /** Refusal when used elsewhere than `where`. */
  elsewhere?: { code: 'forbidden'; message: string };
  /** The guard's refusal, when it is not the guard's default. */
  refusal?: string;
}

/**
 * One card verb: its family (the schema of its action data), who may use it, where, and its handler.
 * Roundtable cards also say from which phase's card the action counts.
 */
export type CardRoute = CardCommon &
  (
    | {
        family: 'roundtable';
        data: typeof RoundtableCardData;
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
        data: typeof FollowUpCardData;
        guard: FollowUpGuard;
        handle: (a: FollowUpAction) => Promise<HandlerResult>;
      }
    | {
        family: 'preparation';
        data: z.ZodType<unknown, unknown>;
        guard: PreparationGuard;
        handle: (a: PreparationAction<never>) => Promise<HandlerResult>;
      }
    | {
        family: 'register';
        data: typeof RegisterCardData;
        guard: 'leader';
        handle: (a: RegisterAction) => Promise<HandlerResult>;
      }
  );

export type CardRoutes = Record<CardVerb, CardRoute>;
