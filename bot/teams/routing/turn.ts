import type { AdaptiveCard } from '../../../cards/kit.js';
import type { FollowUpService } from '../../reminders/follow-up.js';
import type { DomainContext } from '../../roundtable/context.js';
import type { CaseFileExport } from '../../roundtable/export.js';
import type { Actor, RecordAccess } from '../../roundtable/permissions.js';
import type { RoundtableStore } from '../../roundtable/ports.js';
import type { AgencySettings, ChatAddress, Person, PhaseKey, Roundtable } from '../../roundtable/types.js';

/** What a handler asks the edge to do after the data is stored. */
export type Effect =
  | { kind: 'text'; text: string }
  | { kind: 'card'; card: AdaptiveCard }
  /** Post the phase's card as a new message and remember its id. */
  | { kind: 'post-phase'; roundtableId: string; phase: PhaseKey }
  /** Turn the posted card of a phase read-only (the roundtable moved on or ended). */
  | { kind: 'close-phase'; roundtableId: string; phase: PhaseKey }
  /** Bring the plan summary card in the roundtable chat up to date (after follow-up changes). */
  | { kind: 'refresh-summary'; roundtableId: string }
  /** Bring the posted card of a phase up to date for everyone (coalesced, after the turn). */
  | { kind: 'refresh-phase'; roundtableId: string; phase: PhaseKey }
  | { kind: 'post-summary'; roundtableId: string }
  /** Send each invitation's 1:1 card (unreachable invitees are recorded and named in the chat). */
  | { kind: 'send-invitations'; roundtableId: string; invitationIds: string[] }
  /** Replace posted cards with a short notice (a deleted roundtable's cards). */
  | { kind: 'retract-cards'; activityIds: string[]; text: string };

/** The answer to a card action: the card the clicking user sees next, or an error. */
export type InvokeAnswer =
  | { statusCode: 200; card: AdaptiveCard }
  /** Answer with the card just refreshed for everyone, plus a notice for the clicker. */
  | { statusCode: 200; shared: { roundtableId: string; slot: PhaseKey | 'summary' }; notice: string }
  /**
   * A short message Teams shows the clicker, their card (with what they typed) left as it is: a refusal that
   * must show no case content, or "not saved, try again".
   */
  | { statusCode: 200; message: string }
  /** A real error: a malformed request (400) or a bug (500), the only codes Teams documents for card actions. */
  | { statusCode: 400 | 500; error: { code: string; message: string } };

export interface HandlerResult {
  effects: Effect[];
  invoke?: InvokeAnswer;
  /** Event name and ids for the log (never text). */
  event: string;
}

/** A banner on a card: what happened to the clicker's action. */
export type Notice = { kind: 'info' | 'error'; text: string };

/** What the edge knows about a turn, in the domain's terms. */
export interface TurnInput {
  actor: Actor;
  chat: ChatAddress;
  /** Other people @mentioned in the message (not the bot). */
  mentions: Person[];
  activityId: string;
  /** The turn comes from a 1:1 chat with the bot. */
  personal?: boolean;
  /** The chat's members as Teams lists them (for the people picker); may fail, callers fall back to the roster. */
  members?: () => Promise<Person[]>;
  /** The language of the person's Teams (a code of locales/): what they alone see is drawn in it (#29 item 4). */
  lang?: string;
}

/** Follow-up after the roundtable: reminders, `my steps`, reviews. */
export interface FollowUpHandlerDeps {
  followUp: FollowUpService;
  /** The domain context, to record the family team meeting that ends the plan's draft (from the review card). */
  domain?: DomainContext;
  roundtables: RoundtableStore;
  agency: AgencySettings;
  /** The deep link to the personal app "My roundtables" on every 1:1 follow-up card. */
  myRoundtablesUrl?: string;
  /** Private download links (the family handout's PDF from the review card); without them the button says so. */
  programme?: Pick<ProgrammeDeps, 'exports' | 'downloadUrl'>;
}

/** The programme features: follow-up roundtables, the barrier register, case-file export, deletion. */
export interface ProgrammeDeps {
  /** Offices a roundtable may be started in (OFFICES). */
  offices?: string[];
  domain: DomainContext;
  exports: CaseFileExport;
  /** Follow-up reminders (cancelled for a plan a follow-up took over). */
  followUp?: FollowUpService;
  /** The download URL of a link token. */
  downloadUrl: (token: string) => string;
  /** Sends a card to someone's 1:1 chat with the bot. */
  sendPrivately: (person: Person, card: AdaptiveCard, rt?: Roundtable) => Promise<'sent' | 'unreachable'>;
  /** Posts a line in a roundtable's own chat (a follow-up that took its plan over ended). */
  tellChat?: (rt: Roundtable, text: string) => Promise<'sent' | 'unreachable'>;
}

export interface HandlerDeps {
  domain: DomainContext;
  now: () => Date;
  /** Follow-up after the roundtable (reminders, `my steps`); absent in tests that do not need it. */
  followUp?: FollowUpHandlerDeps;
  /** Follow-up roundtables, barrier register, export, deletion. */
  programme?: ProgrammeDeps;
  /** Sends a card to someone's 1:1 chat with the bot (personal answers asked for in a group chat). */
  sendPrivately?: (person: Person, card: AdaptiveCard, rt?: Roundtable) => Promise<'sent' | 'unreachable'>;
  /** The access log: every allowed request and every refusal of the pipeline passes it (dispatch.ts). */
  recordAccess?: RecordAccess;
}
