import {
  CardFactory,
  type CloudAdapter,
  type ConversationReference,
  MessageFactory,
  type TurnContext,
} from 'botbuilder';
import type { AdaptiveCard } from '../../../cards/kit.js';
import { noticeCard } from '../../../cards/notice-card.js';
import { invitationCard } from '../../../cards/preparation-cards.js';
import { summaryCard } from '../../../cards/summary-card.js';
import { errorName } from '../../error-name.js';
import { translateMessage } from '../../i18n/messages.js';
import { pickLanguage } from '../../i18n/text.js';
import type { Logger } from '../../log.js';
import { meetingTimeText } from '../../roundtable/meeting-time.js';
import { currentPhase, timeUpDue, timeUpLine } from '../../roundtable/phases.js';
import type { RoundtableView } from '../../roundtable/roundtables.js';
import type { PhaseKey, Roundtable } from '../../roundtable/types.js';
import type { Effect } from '../routing/turn.js';
import type { CardLeases } from './card-leases.js';
import { type CardRenderer, formSlot } from './card-renderer.js';
import { type RetryPolicy, sendWithRetry } from './sender.js';
import { SharedCards } from './shared-cards.js';

/** How shared cards are kept current: coalescing window and leases across instances. */
export interface SharedCardSettings {
  /** Coalescing window of phase card updates (ms). */
  delayMs?: number;
  leases?: CardLeases;
  instanceId?: string;
}

/** Posts and updates the roundtable's cards in Teams. */
export class CardPublisher {
  /** Updates of posted cards for everyone, off the answer path. */
  readonly shared: SharedCards;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly renderer: CardRenderer,
    private readonly log: Logger,
    private readonly retry?: RetryPolicy,
    /** 1:1 delivery (invitations); without it invitations are stored but not sent. */
    private readonly personal?: {
      sendCard(
        who: { id: string; name: string },
        rt: Roundtable,
        card: (person: { timeZone?: string; locale?: string }) => Record<string, unknown>,
      ): Promise<'sent' | 'unreachable'>;
    },
    settings: SharedCardSettings = {},
  ) {
    this.shared = new SharedCards({
      pass: (roundtableId, slot) => this.updatePosted(roundtableId, slot as PhaseKey | 'summary'),
      log,
      ...settings,
    });
  }

  /**
   * Carries out a handler's effects in the conversation of `reference` after the turn was answered
   * (a card action): Teams' limits and retries never hold the click's answer. Tracked by `idle()`.
   */
  later(reference: Partial<ConversationReference>, effects: Effect[], after: string): void {
    if (effects.length === 0) return;
    // Only updates of posted cards (an idea, a question): each pass opens its own conversation, so no turn is
    // needed to ask for them.
    if (effects.every(isSharedUpdate)) {
      for (const effect of effects) this.requestShared(effect);
      return;
    }
    void this.track(
      this.adapter
        .continueConversationAsync(this.appId, reference, (ctx) => this.apply(ctx, effects))
        .catch((err: unknown) => {
          this.log.warn({ event: 'effects.failed', after, err: errorName(err) }, 'could not update Teams');
        }),
    );
  }

  /**
   * Carries out a handler's effects in the turn's conversation. Updates of posted cards are only asked
   * for here: they run in the background, coalesced per card.
   */
  async apply(context: TurnContext, effects: Effect[]): Promise<void> {
    for (const effect of effects) {
      switch (effect.kind) {
        case 'text':
          await this.send(() => context.sendActivity(MessageFactory.text(effect.text)));
          break;
        case 'card':
          await this.send(() =>
            context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(effect.card))),
          );
          break;
        case 'post-phase':
          await this.postPhase(context, effect.roundtableId, effect.phase);
          break;
        case 'refresh-phase':
        case 'close-phase':
        case 'refresh-summary':
          this.requestShared(effect);
          break;
        case 'post-summary':
          await this.postSummary(context, effect.roundtableId);
          break;
        case 'send-invitations':
          await this.sendInvitations(context, effect.roundtableId, effect.invitationIds);
          break;
        case 'retract-cards':
          for (const id of effect.activityIds) {
            try {
              await this.send(() => context.updateActivity(this.cardActivity(id, noticeCard(effect.text))));
            } catch (err) {
              // The data is gone already; a card Teams would not update is logged, not fatal.
              this.log.warn(
                { event: 'card.retract.failed', activityId: id, err: errorName(err) },
                'card not cleared',
              );
            }
          }
          break;
      }
    }
  }

  /** Asks for a posted card's update pass (in the background, coalesced per card). */
  private requestShared(effect: SharedUpdate): void {
    switch (effect.kind) {
      case 'refresh-phase':
        // The list card only: a phase's form message (where people type) is never edited while it runs.
        this.shared.request(effect.roundtableId, effect.phase);
        break;
      case 'close-phase':
        // Its pass closes the phase's form message too.
        this.shared.request(effect.roundtableId, effect.phase, true);
        break;
      case 'refresh-summary':
        this.shared.request(effect.roundtableId, 'summary', true);
        break;
    }
  }

  private async send<T>(op: () => Promise<T>): Promise<T> {
    return sendWithRetry(op, this.retry);
  }

  private async postPhase(context: TurnContext, roundtableId: string, phase: PhaseKey): Promise<void> {
    const view = await this.renderer.view(roundtableId);
    if (!view) return;
    const card = this.renderer.card(view, phase);
    const sent = await this.send(() =>
      context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card))),
    );
    if (sent?.id) await this.renderer.remember(roundtableId, phase, sent.id);
    // The typing boxes go below the list, in a message of their own that no shared update edits.
    const form = this.renderer.form(view, phase);
    if (!form) return;
    const posted = await this.send(() =>
      context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(form))),
    );
    if (posted?.id) await this.renderer.remember(roundtableId, formSlot(phase), posted.id);
  }

  /** Sends each invitation in a 1:1 chat; tells the chat who got it and who could not be reached (recorded too). */
  private async sendInvitations(context: TurnContext, roundtableId: string, ids: string[]): Promise<void> {
    const view = await this.renderer.view(roundtableId);
    if (!view || !this.personal) return;
    const sent: string[] = [];
    const unreachable: string[] = [];
    // The meeting time is read in the agency's zone and shown in each invitee's own, when Teams told it.
    const meeting = this.renderer.settings.followUp.defaultTimeZone;
    for (const inv of (view.invitations ?? []).filter((i) => ids.includes(i.id))) {
      const result = await this.personal.sendCard(inv.person, view.roundtable, (person) =>
        invitationCard(
          inv,
          view.roundtable,
          undefined,
          { meeting, ...(person.timeZone ? { viewer: person.timeZone } : {}) },
          pickLanguage(person.locale, this.renderer.settings.language),
        ),
      );
      if (result === 'sent') sent.push(inv.person.name);
      else {
        unreachable.push(inv.person.name);
        await this.renderer.invitationUnreachable(roundtableId, inv.id);
      }
    }
    const lines = [
      ...(sent.length
        ? [
            `Invitation sent to ${sent.join(', ')} for ${
              view.roundtable.scheduledFor
                ? meetingTimeText(view.roundtable.scheduledFor, meeting)
                : 'the meeting'
            }.`,
          ]
        : []),
      ...(unreachable.length
        ? [
            `Could not reach ${unreachable.join(', ')}: the app is not installed for them (or they blocked it). Please invite them another way.`,
          ]
        : []),
    ];
    const late = practiceGoneBefore(view.roundtable);
    if (late) lines.push(late);
    // Everyone in the chat reads it: the agency's language (bot/i18n/messages.ts).
    const say = (line: string) => translateMessage(this.renderer.settings.language, line);
    const text = lines.map(say).join('\n\n');
    if (lines.length) await this.send(() => context.sendActivity(MessageFactory.text(text)));
  }

  private async postSummary(context: TurnContext, roundtableId: string): Promise<void> {
    const view = await this.renderer.view(roundtableId);
    if (!view) return;
    const card = summaryCard(this.renderer.cardView(view));
    const sent = await this.send(() =>
      context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card))),
    );
    if (sent?.id) await this.renderer.remember(roundtableId, 'summary', sent.id);
  }

  /**
   * One pass of a posted card (a phase or the summary): reads the latest data, renders the card everyone
   * sees and edits the message in Teams. Passes of one card never overlap (SharedCards), so a pass that
   * read before a phase moved can never overwrite the closed card after it.
   */
  private async updatePosted(roundtableId: string, slot: PhaseKey | 'summary'): Promise<void> {
    // A fresh read: this runs after the turn, whose read scope it would otherwise inherit.
    const view = await this.renderer.freshView(roundtableId);
    const activityId = view?.roundtable.cardIds[slot];
    if (!view || !activityId) return;
    const edits: [string, AdaptiveCard][] = [
      [
        activityId,
        slot === 'summary' ? summaryCard(this.renderer.cardView(view)) : this.renderer.card(view, slot),
      ],
    ];
    // A phase's form message is edited only once its phase is over (closed); while it runs, people type in it.
    const formId = slot === 'summary' ? undefined : view.roundtable.cardIds[formSlot(slot)];
    const form =
      formId && slot !== 'summary' && !isOpen(view, slot) ? this.renderer.form(view, slot) : undefined;
    if (formId && form) edits.push([formId, form]);
    const reference = view.roundtable.chat.reference as Partial<ConversationReference>;
    // A time box that ran out is said once in the chat (a flag on the roundtable document, claimed under etag).
    const due = slot === 'summary' ? undefined : timeUpDue(view.roundtable, this.renderer.now());
    const timeUp =
      due && (await this.renderer.claimTimeUp(roundtableId)) ? timeUpLine(view.roundtable, due) : undefined;
    // The adapter would swallow a failure into onTurnError; carry it out so it is logged as a refresh failure.
    let failure: unknown;
    await this.adapter.continueConversationAsync(this.appId, reference, async (ctx) => {
      try {
        for (const [id, card] of edits)
          await this.send(() => ctx.updateActivity(this.cardActivity(id, card)));
        if (timeUp) await this.send(() => ctx.sendActivity(MessageFactory.text(timeUp)));
      } catch (err) {
        failure = err;
      }
    });
    if (failure) throw failure;
  }

  /** Other card work that runs after a request was answered (the tab API's updates of the chat). */
  private readonly tracked = new Set<Promise<unknown>>();

  /** Counts `work` in `idle()`, so shutdown and tests wait for it too. */
  track<T>(work: Promise<T>): Promise<T> {
    this.tracked.add(work);
    const forget = () => this.tracked.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Resolves when no card update or tracked card work is under way (tests wait on it; windows are cut short). */
  async idle(): Promise<void> {
    while (this.shared.pending > 0 || this.tracked.size > 0) {
      await Promise.allSettled([this.shared.idle(), ...this.tracked]);
    }
  }

  /** Shutdown: every pending card update runs now (no more coalescing windows), then idle. */
  async drain(): Promise<void> {
    await this.shared.drain();
    await this.idle();
  }

  private cardActivity(id: string, card: object) {
    return { ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), id };
  }
}

/** A practice roundtable scheduled after the day it is deleted: said plainly when it is scheduled. */
export function practiceGoneBefore(rt: Roundtable): string | undefined {
  if (!rt.practice || !rt.deleteAfter || !rt.scheduledFor) return undefined;
  const deleted = rt.deleteAfter.slice(0, 10);
  if (rt.scheduledFor.slice(0, 10) <= deleted) return undefined;
  return `Warning: this practice roundtable is deleted on ${deleted}, before the meeting on ${rt.scheduledFor.slice(0, 10)}. Schedule it by ${deleted}, or start a new practice nearer the day.`;
}

/** The effects that only ask for an update pass of a posted card. */
type SharedUpdate = Extract<Effect, { kind: 'refresh-phase' | 'close-phase' | 'refresh-summary' }>;

function isSharedUpdate(effect: Effect): effect is SharedUpdate {
  return (
    effect.kind === 'refresh-phase' || effect.kind === 'close-phase' || effect.kind === 'refresh-summary'
  );
}

/** Whether a phase is the running one of an active roundtable. */
function isOpen(view: RoundtableView, phase: PhaseKey): boolean {
  return view.roundtable.status === 'active' && currentPhase(view.roundtable).key === phase;
}
