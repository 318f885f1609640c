import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ChannelAccount,
  type Entity,
  type InvokeResponse,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import { errorName } from '../../error-name.js';
import { translateMessage } from '../../i18n/messages.js';
import { pickLanguage } from '../../i18n/text.js';
import type { Logger } from '../../log.js';
import type { Actor } from '../../roundtable/permissions.js';
import { StoreUnavailable } from '../../roundtable/ports.js';
import type { ChatAddress, Person } from '../../roundtable/types.js';
import { membersLeft } from '../handlers/records.js';
import { replyLang } from '../handlers/reply-lang.js';
import { CardRenderer } from '../outgoing/card-renderer.js';
import type { CardPublisher } from '../outgoing/publisher.js';
import { sendWithRetry } from '../outgoing/sender.js';
import { localTexts, messageAnswer } from '../routing/answers.js';
import { MALFORMED_CARD } from '../routing/card-input.js';
import { parseCommand } from '../routing/commands.js';
import { dispatchCardAction, dispatchCommand } from '../routing/dispatch.js';
import type { HandlerDeps, HandlerResult, TurnInput } from '../routing/turn.js';
import { chatMembers } from './chat-members.js';
import { greeting } from './greeting.js';
import { meetingEndMessage } from './meeting-end.js';
import { MeetingRoles } from './meeting-roles.js';
import { UserGate } from './user-gate.js';

const TOO_FAST =
  'You are sending faster than the bot can save, so this was NOT saved. Wait a moment and try again.';

/** The key of the person sending an activity, for per-person load shedding. */
function senderKey(context: TurnContext): string {
  return context.activity.from?.aadObjectId ?? context.activity.from?.id ?? '';
}

const UNAVAILABLE =
  'The roundtable store is busy right now, so this was NOT saved. Please try again in a moment; what you typed is still in the card.';

/** Translates Teams activities into domain calls and domain results into cards. Nothing else sees an Activity. */
export class RoundtableBot extends TeamsActivityHandler {
  /** Sheds a flood of turns from one person so that it cannot starve the others. */
  private readonly gate = new UserGate();

  constructor(
    private readonly deps: HandlerDeps,
    private readonly publisher: CardPublisher,
    private readonly log: Logger,
    private readonly allowedTenants: string[],
    /** Meeting roles asked of Teams, cached; shared with the tab API. */
    readonly meetingRoles = new MeetingRoles(),
  ) {
    super();
    this.onMessage(async (context, next) => {
      await this.onText(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId) && this.tenantAllowed(context)) {
        const personal = context.activity.conversation?.conversationType === 'personal';
        const hello = greeting(personal, this.chatLangOf(context.activity));
        await sendWithRetry(() => context.sendActivity(hello));
      }
      await next();
    });
    // Someone left the roundtable's chat: their roles there end (records-handlers.ts).
    this.onMembersRemoved(async (context, next) => {
      const { conversation, membersRemoved = [], recipient } = context.activity;
      const gone = membersRemoved.map((m) => m.id).filter((id) => !!id && id !== recipient?.id);
      if (this.tenantAllowed(context)) await membersLeft(this.deps, this.log, conversation.id, gone);
      await next();
    });
  }

  private tenantAllowed(context: TurnContext): boolean {
    if (this.allowedTenants.length === 0) return true;
    const a = context.activity;
    // Every tenant the activity names must be allowed (a crafted one may name two).
    const named = [
      (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id,
      a.conversation?.tenantId,
    ].filter((t) => t !== undefined);
    return named.length > 0 && named.every((t) => typeof t === 'string' && this.allowedTenants.includes(t));
  }

  private turnInput(context: TurnContext): TurnInput {
    const a = context.activity;
    const person: Person = {
      id: a.from.id,
      name: (a.from.name ?? '').slice(0, 100) || 'Someone',
      ...(a.from.aadObjectId ? { aadObjectId: a.from.aadObjectId } : {}),
    };
    const meetingId = (a.channelData as { meeting?: { id?: string } } | undefined)?.meeting?.id;
    const tenantId =
      (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? a.conversation?.tenantId;
    const actor: Actor = {
      person,
      conversationId: a.conversation.id,
      ...(tenantId ? { tenantId } : {}),
      // No Entra object id: an anonymous meeting participant (docs/security.md, "without an agency account").
      ...(a.from.aadObjectId ? {} : { anonymous: true }),
      ...(meetingId
        ? { isMeetingOrganizer: this.meetingRoles.organizerCheck(context, meetingId, a.from.aadObjectId) }
        : {}),
      lang: this.langOf(a),
    };
    if (meetingId) this.meetingRoles.rememberMeeting(a.conversation.id, meetingId);
    const chat: ChatAddress = {
      conversationId: a.conversation.id,
      serviceUrl: a.serviceUrl,
      reference: TurnContext.getConversationReference(a) as Record<string, unknown>,
      ...(a.conversation.tenantId ? { tenantId: a.conversation.tenantId } : {}),
    };
    return {
      actor,
      chat,
      mentions: this.mentions(a.entities ?? [], a.recipient),
      activityId: a.id ?? '',
      personal: a.conversation?.conversationType === 'personal',
      members: () => chatMembers(context),
      lang: this.langOf(a),
    };
  }

  /** The language of the person's Teams client (`activity.locale`, e.g. `es-MX`), as one of the shipped languages. */
  private langOf(a: Activity): string {
    return pickLanguage(a.locale, this.deps.domain.settings.language);
  }

  /**
   * The language of what the bot writes in a chat: in a 1:1 chat the person's, in a group chat (everyone reads
   * it) the agency's (`settings.language`, English unless set).
   */
  private chatLangOf(a: Activity): string {
    return replyLang(this.deps, {
      personal: a.conversation?.conversationType === 'personal',
      lang: this.langOf(a),
    });
  }

  private mentions(entities: Entity[], bot: ChannelAccount): Person[] {
    return entities
      .filter((e) => e.type === 'mention')
      .map((e) => (e as Entity & { mentioned?: ChannelAccount }).mentioned)
      .filter((m): m is ChannelAccount => !!m?.id && m.id !== bot?.id)
      .map((m) => ({ id: m.id, name: (m.name ?? '').slice(0, 100) || 'Someone' }));
  }

  private async onText(context: TurnContext): Promise<void> {
    if (!this.tenantAllowed(context)) {
      this.log.warn({ event: 'tenant.refused', activityId: context.activity.id }, 'tenant not allowed');
      return;
    }
    const release = this.gate.tryEnter(senderKey(context));
    if (!release) {
      this.log.warn(
        { event: 'turn.shed', activityId: context.activity.id },
        'too many turns from one person',
      );
      await this.applyEffects(context, { event: 'turn.shed', effects: [{ kind: 'text', text: TOO_FAST }] });
      return;
    }
    try {
      await this.touchPerson(context.activity);
      // A message that only mentions the bot (an image, a card) has no text: nothing to remove the mention from.
      const text =
        typeof context.activity.text === 'string'
          ? (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text)
          : '';
      const command = parseCommand(text);
      const started = Date.now();
      const result = await this.guarded(() => dispatchCommand(this.deps, command, this.turnInput(context)), {
        event: `command.${command.name}.unavailable`,
        effects: [{ kind: 'text', text: UNAVAILABLE }],
      });
      await this.applyEffects(context, result);
      this.logTurn(context, result, started);
    } finally {
      release();
    }
  }

  /** The meeting ended: with an unfinished roundtable, tell the facilitator what is left and how to continue. */
  protected override async onTeamsMeetingEnd(context: TurnContext): Promise<void> {
    if (!this.tenantAllowed(context)) return;
    const conversation = context.activity.conversation.id;
    let text: string | undefined;
    try {
      text = await meetingEndMessage(this.deps.domain, conversation);
    } catch (err) {
      if (!(err instanceof StoreUnavailable)) throw err;
      this.log.warn({ event: 'meeting.end.unavailable', status: err.statusCode }, 'storage unavailable');
      return;
    }
    // Said in the meeting's chat, in the agency's language (meeting-end.ts).
    if (text) await sendWithRetry(() => context.sendActivity(text));
    this.log.info({ event: text ? 'meeting.end.unfinished' : 'meeting.end', conversation }, 'meeting ended');
  }

  /** A card action without a usable action (no verb, data not an object) is a bad request, not a crash. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action' && !isCardActionValue(context.activity.value)) {
      const message = translateMessage(this.langOf(context.activity), MALFORMED_CARD);
      return { status: 400, body: errorResponse(400, 'BadRequest', message) };
    }
    return super.onInvokeActivity(context);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (!this.tenantAllowed(context)) {
      this.log.warn({ event: 'tenant.refused', activityId: context.activity.id }, 'tenant not allowed');
      return messageResponse(
        translateMessage(this.langOf(context.activity), 'This app is not enabled for your organisation.'),
      );
    }
    const release = this.gate.tryEnter(senderKey(context));
    if (!release) {
      this.log.warn(
        { event: 'turn.shed', activityId: context.activity.id },
        'too many turns from one person',
      );
      return messageResponse(translateMessage(this.langOf(context.activity), TOO_FAST));
    }
    try {
      return await this.cardTurn(context, invokeValue);
    } finally {
      release();
    }
  }

  private async cardTurn(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const started = Date.now();
    const verb = invokeValue.action.verb;
    const result = await this.guarded(
      () => dispatchCardAction(this.deps, verb, invokeValue.action.data, this.turnInput(context)),
      // Not saved: a message the clicker sees, their card (with what they typed) left as it is.
      {
        event: `card.${invokeValue.action.verb}.unavailable`,
        effects: [],
        invoke: messageAnswer(UNAVAILABLE),
      },
    );
    try {
      return await this.invokeAnswer(result, verb, invokeValue.action.data, context);
    } finally {
      // The data is stored: the answer goes now, and Teams is updated after it (posts, shared card edits).
      this.publisher.later(
        TurnContext.getConversationReference(context.activity),
        localTexts(result.effects, this.chatLangOf(context.activity)),
        result.event,
      );
      // How to reach this person later (1:1 reminders): recorded after the answer, off its path.
      const { activity } = context; // the turn's context is revoked when the turn ends
      void this.publisher.track(new Promise(setImmediate).then(() => this.touchPerson(activity)));
      this.logTurn(context, result, started);
    }
  }

  /** The answer to a click, rendered now from the stored data: it never waits for a Teams call. */
  private async invokeAnswer(
    result: HandlerResult,
    verb: string,
    data: unknown,
    context: TurnContext,
  ): Promise<AdaptiveCardInvokeResponse> {
    const answer = result.invoke;
    // Every message of a click's answer is the clicker's to read: in their Teams language.
    const lang = this.langOf(context.activity);
    const say = (text: string) => translateMessage(lang, text);
    if (!answer) return errorResponse(500, 'InternalError', say('No answer.'));
    if ('shared' in answer) {
      // The clicker gets the card everyone will see (it includes their change), with their notice on top.
      const { roundtableId, slot } = answer.shared;
      // Rendered from this turn's read of the roundtable (bot/store/read-scope.ts), which holds the clicker's own
      // write: no database request. Changes of others made meanwhile reach everyone with the shared update.
      const card = await new CardRenderer(this.deps, lang).sharedAnswer(
        roundtableId,
        slot,
        say(answer.notice),
        verb,
        data,
      );
      if (!card) return messageResponse(say('That roundtable no longer exists.'));
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
    }
    if ('card' in answer) {
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer.card };
    }
    if ('message' in answer) return messageResponse(say(answer.message));
    return errorResponse(answer.statusCode, answer.error.code, say(answer.error.message));
  }

  /** Remembers how to reach this person later (1:1 reminders); never fails the turn. */
  private async touchPerson(a: Activity): Promise<void> {
    const followUp = this.deps.followUp?.followUp;
    if (!followUp) return;
    if (!a.from?.id || a.from.id === a.recipient?.id) return;
    const clientZone = (a.entities ?? []).find((e) => e.type === 'clientInfo') as
      | { timezone?: string }
      | undefined;
    const tenantId =
      (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? a.conversation?.tenantId;
    const personal = a.conversation?.conversationType === 'personal';
    const zone = a.localTimezone || clientZone?.timezone;
    try {
      await followUp.touchPerson({
        id: a.from.id,
        name: (a.from.name ?? '').slice(0, 100) || 'Someone',
        ...(a.from.aadObjectId ? { aadObjectId: a.from.aadObjectId } : {}),
        ...(tenantId ? { tenantId } : {}),
        serviceUrl: a.serviceUrl,
        ...(zone ? { timeZone: zone } : {}),
        ...(a.locale ? { locale: pickLanguage(a.locale, this.deps.domain.settings.language) } : {}),
        ...(personal
          ? { personalReference: TurnContext.getConversationReference(a) as Record<string, unknown> }
          : {}),
      });
    } catch (err) {
      this.log.warn({ event: 'person.save.failed', err: errorName(err) }, 'could not remember person');
    }
  }

  /** The data is stored before effects run: a Teams fault while posting cards is logged, not thrown at the user. */
  private async applyEffects(context: TurnContext, result: HandlerResult): Promise<void> {
    try {
      await this.publisher.apply(context, localTexts(result.effects, this.chatLangOf(context.activity)));
    } catch (err) {
      this.log.warn(
        { event: 'effects.failed', after: result.event, err: errorName(err) },
        'could not update Teams',
      );
    }
  }

  /** Storage outages become a clear "try again" (the submission was not stored, so nothing is lost). */
  private async guarded(run: () => Promise<HandlerResult>, fallback: HandlerResult): Promise<HandlerResult> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof StoreUnavailable) {
        this.log.warn({ event: 'store.unavailable', status: err.statusCode }, 'storage unavailable');
        return fallback;
      }
      throw err;
    }
  }

  private logTurn(context: TurnContext, result: HandlerResult, started: number): void {
    this.log.info(
      {
        event: result.event,
        activityId: context.activity.id,
        conversation: context.activity.conversation?.id,
        user: context.activity.from?.id,
        ms: Date.now() - started,
      },
      'turn',
    );
  }
}

/** `value` of an adaptiveCard/action invoke as Teams sends it: an Action.Execute with a verb and object data. */
function isCardActionValue(value: unknown): boolean {
  const action = (value as { action?: unknown } | undefined)?.action as Record<string, unknown> | undefined;
  if (!action || typeof action !== 'object' || Array.isArray(action)) return false;
  const data = action.data;
  return (
    action.type === 'Action.Execute' &&
    typeof action.verb === 'string' &&
    (data === undefined || (typeof data === 'object' && data !== null && !Array.isArray(data)))
  );
}

/**
 * A real error of a card action, in the shape the Universal Actions docs give: a malformed request (400) or a
 * bug (500). Expected refusals and "not saved" are messages (below) or cards with the notice, never errors.
 */
function errorResponse(statusCode: 400 | 500, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } as never };
}

/** A message Teams shows the clicker (statusCode 200); the card they clicked, with what they typed, stays. */
function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as never };
}

export { errorName };
