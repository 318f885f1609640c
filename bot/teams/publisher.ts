import {
  CardFactory,
  type CloudAdapter,
  type ConversationReference,
  MessageFactory,
  type TurnContext,
} from 'botbuilder';
import { invitationCard } from '../../cards/preparation-cards.js';
import { noticeCard, summaryCard } from '../../cards/render.js';
import type { Logger } from '../log.js';
import type { PhaseKey, Roundtable } from '../roundtable/types.js';
import type { CardRenderer, Effect } from './handlers.js';
import { type RetryPolicy, sendWithRetry } from './sender.js';

/** Posts and updates the roundtable's cards in Teams. */
export class CardPublisher {
  /** Card refreshes under way, by activity id, and whether another was asked for meanwhile. */
  private readonly running = new Map<string, { again: boolean; done: Promise<void> }>();

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

  /** Carries out a handler's effects within the turn (refreshes run after it, coalesced). */
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
        case 'close-phase':
        case 'refresh-phase':
          await this.updatePosted(context, effect.roundtableId, effect.phase, effect.kind === 'close-phase');
          break;
        case 'post-summary':
          await this.postSummary(context, effect.roundtableId);
          break;
        case 'refresh-summary':
          await this.updatePosted(context, effect.roundtableId, 'summary', false);
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
   * Updates the posted card of a phase. A close is done now; a refresh is coalesced per card:
   * while one update runs, further requests collapse into one more update with the newest data.
   */
  private async updatePosted(
    context: TurnContext,
    roundtableId: string,
    phase: PhaseKey | 'summary',
    now: boolean,
  ) {
    const view = await this.renderer.view(roundtableId);
    const activityId = view?.roundtable.cardIds[phase];
    if (!view || !activityId) return;
    const render = (v: typeof view) =>
      phase === 'summary' ? summaryCard(this.renderer.cardView(v)) : this.renderer.card(v, phase);
    if (now) {
      const card = render(view);
      await this.send(() => context.updateActivity(this.cardActivity(activityId, card)));
      return;
    }
    const reference = view.roundtable.chat.reference as Partial<ConversationReference>;
    await this.schedule(activityId, async () => {
      const fresh = await this.renderer.view(roundtableId);
      if (!fresh) return;
      const card = render(fresh);
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

  /**
   * Runs `update` for a card, coalescing: while one runs, later requests collapse into one more pass.
   * Resolves when this request's first pass is done (or at once when it joined a running one), so a
   * card action's own answer, sent after it, is what the clicking user sees last.
   */
  private schedule(activityId: string, update: () => Promise<void>): Promise<void> {
    const running = this.running.get(activityId);
    if (running) {
      running.again = true;
      return Promise.resolve();
    }
    let firstPassDone: () => void = () => {};
    const firstPass = new Promise<void>((resolve) => {
      firstPassDone = resolve;
    });
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          try {
            await update();
            firstPassDone();
          } catch (err) {
            firstPassDone();
            // The data is stored; a card that could not be refreshed is refreshed by the next change.
            this.log.warn(
              { event: 'card.refresh.failed', activityId, err: errorName(err) },
              'card refresh failed',
            );
          }
        } while (entry.again);
      } finally {
        firstPassDone();
        this.running.delete(activityId);
      }
    })();
    this.running.set(activityId, entry);
    return firstPass;
  }

  /** Resolves when no card refresh is under way (tests and graceful shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all([...this.running.values()].map((r) => r.done));
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
