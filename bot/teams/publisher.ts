import {
  CardFactory,
  type CloudAdapter,
  type ConversationReference,
  MessageFactory,
  type TurnContext,
} from 'botbuilder';
import type { AdaptiveCard } from '../../cards/kit.js';
import { noticeCard } from '../../cards/notice-card.js';
import { invitationCard } from '../../cards/preparation-cards.js';
import { summaryCard } from '../../cards/summary-card.js';
import type { Logger } from '../log.js';
import type { PhaseKey, Roundtable } from '../roundtable/types.js';
import type { CardRenderer } from './card-renderer.js';
import { type RetryPolicy, sendWithRetry } from './sender.js';
import type { Effect } from './turn.js';

/** A refresh loop of one posted card: who waits for the next pass, and when the loop ends. */
interface Pass {
  waiting: ((card: AdaptiveCard | undefined) => void)[];
  done: Promise<void>;
}

/** Posts and updates the roundtable's cards in Teams. */
export class CardPublisher {
  /** Card refreshes under way, by activity id, with the requests waiting for the next pass. */
  private readonly running = new Map<string, Pass>();

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
        card: Record<string, unknown>,
      ): Promise<'sent' | 'unreachable'>;
    },
  ) {}

  /**
   * Carries out a handler's effects within the turn. Returns the cards refreshed for everyone, by
   * `roundtableId|slot`, so a card action can answer its clicker with the same card.
   */
  async apply(context: TurnContext, effects: Effect[]): Promise<Map<string, AdaptiveCard>> {
    const refreshed = new Map<string, AdaptiveCard>();
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
        case 'close-phase':
        case 'refresh-phase':
        case 'refresh-summary': {
          const slot = effect.kind === 'refresh-summary' ? 'summary' : effect.phase;
          const card = await this.updatePosted(effect.roundtableId, slot);
          if (card) refreshed.set(`${effect.roundtableId}|${slot}`, card);
          break;
        }
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
    return refreshed;
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
  }

  /** Sends each invitation in a 1:1 chat; tells the chat who got it and who could not be reached (recorded too). */
  private async sendInvitations(context: TurnContext, roundtableId: string, ids: string[]): Promise<void> {
    const view = await this.renderer.view(roundtableId);
    if (!view || !this.personal) return;
    const sent: string[] = [];
    const unreachable: string[] = [];
    for (const inv of (view.invitations ?? []).filter((i) => ids.includes(i.id))) {
      const result = await this.personal.sendCard(
        inv.person,
        view.roundtable,
        invitationCard(inv, view.roundtable),
      );
      if (result === 'sent') sent.push(inv.person.name);
      else {
        unreachable.push(inv.person.name);
        await this.renderer.invitationUnreachable(roundtableId, inv.id);
      }
    }
    const lines = [
      ...(sent.length
        ? [`Invitation sent to ${sent.join(', ')} for ${view.roundtable.scheduledFor ?? 'the meeting'}.`]
        : []),
      ...(unreachable.length
        ? [
            `Could not reach ${unreachable.join(', ')}: the app is not installed for them (or they blocked it). Please invite them another way.`,
          ]
        : []),
    ];
    if (lines.length) await this.send(() => context.sendActivity(MessageFactory.text(lines.join('\n\n'))));
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
   * Brings the posted card of a phase (or the summary) up to date for everyone and returns it.
   * Every update of one card, a close included, goes through one loop per card: while one pass
   * runs, later requests wait for the next pass, which reads after their writes, and all of them
   * get that pass's card. So a pass that read before a phase moved can never overwrite the closed
   * card after it.
   */
  private async updatePosted(
    roundtableId: string,
    slot: PhaseKey | 'summary',
  ): Promise<AdaptiveCard | undefined> {
    const render = async () => {
      const view = await this.renderer.freshView(roundtableId);
      if (!view) return undefined;
      return slot === 'summary' ? summaryCard(this.renderer.cardView(view)) : this.renderer.card(view, slot);
    };
    const rt = await this.renderer.roundtable(roundtableId);
    const activityId = rt?.cardIds[slot];
    if (!rt || !activityId) return render();
    const reference = rt.chat.reference as Partial<ConversationReference>;
    return this.refresh(activityId, render, async (card) => {
      // The adapter would swallow a failure into onTurnError; carry it out so it is logged as a refresh failure.
      let failure: unknown;
      await this.adapter.continueConversationAsync(this.appId, reference, async (ctx) => {
        try {
          await this.send(() => ctx.updateActivity(this.cardActivity(activityId, card)));
        } catch (err) {
          failure = err;
        }
      });
      if (failure) throw failure;
    });
  }

  private refresh(
    activityId: string,
    render: () => Promise<AdaptiveCard | undefined>,
    push: (card: AdaptiveCard) => Promise<void>,
  ): Promise<AdaptiveCard | undefined> {
    return new Promise((resolve) => {
      const existing = this.running.get(activityId);
      if (existing) {
        existing.waiting.push(resolve);
        return;
      }
      const entry: Pass = { waiting: [resolve], done: Promise.resolve() };
      this.running.set(activityId, entry);
      entry.done = (async () => {
        try {
          while (entry.waiting.length > 0) {
            const waiters = entry.waiting.splice(0);
            let card: AdaptiveCard | undefined;
            try {
              card = await render();
              if (card) await push(card);
            } catch (err) {
              // The data is stored; a card that could not be refreshed is refreshed by the next change.
              this.log.warn(
                { event: 'card.refresh.failed', activityId, err: errorName(err) },
                'card refresh failed',
              );
            }
            for (const done of waiters) done(card);
          }
        } finally {
          this.running.delete(activityId);
        }
      })();
    });
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

  /** Resolves when no card refresh or tracked card work is under way (tests and graceful shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.tracked.size > 0) {
      await Promise.allSettled([...[...this.running.values()].map((r) => r.done), ...this.tracked]);
    }
  }

  private cardActivity(id: string, card: object) {
    return { ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), id };
  }
}

/** A loggable name for an error: never its message, which may quote a request body. */
export function errorName(err: unknown): string {
  const e = err as { name?: unknown; statusCode?: unknown; code?: unknown };
  return [e?.name, e?.statusCode ?? e?.code].filter((x) => x !== undefined).join(':') || 'error';
}
