import {
  CardFactory,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  MessageFactory,
  TurnContext,
} from 'botbuilder';
import { reviewCard, stepsCard } from '../../../cards/follow-up-cards.js';
import type { AdaptiveCard } from '../../../cards/kit.js';
import { type Lang, pickLanguage, t } from '../../i18n/text.js';
import type { Logger } from '../../log.js';
import type { FollowUpService } from '../../reminders/follow-up.js';
import { daysOverdue, isOpen } from '../../reminders/schedule.js';
import type { ReminderDelivery } from '../../reminders/scheduler.js';
import type { Reminder } from '../../reminders/types.js';
import type { RoundtableStore } from '../../roundtable/ports.js';
import type { AgencySettings, PersonRecord, PlanStep, Roundtable } from '../../roundtable/types.js';
import { RecipientUnavailable, type RetryPolicy, sendWithRetry } from './sender.js';

/** A reminder card's heading, in the recipient's language (`personal:reminder.headings.<kind>`). */
const heading = (kind: Reminder['kind'], alias: string, lang: Lang) =>
  t(lang, `personal:reminder.headings.${kind}`, { alias });

/** The children a plan rates: from the case summary, else the case alias. */
export async function childrenOf(store: RoundtableStore, rt: Roundtable): Promise<string[]> {
  const summary = (await store.getCaseSummary(rt.id))?.value;
  return summary?.children.length ? summary.children.map((c) => c.alias) : [rt.caseAlias];
}

/**
 * Sends follow-up cards in 1:1 chats, creating the chat when there is none. Every call waits for the
 * adapter's limiter (Teams' per-thread windows and this instance's share of the per-app budget).
 */
export class TeamsReminderDelivery implements ReminderDelivery {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly roundtables: RoundtableStore,
    private readonly followUp: FollowUpService,
    private readonly agency: AgencySettings,
    private readonly log: Logger,
    private readonly now: () => Date,
    private readonly retry?: RetryPolicy,
    /** The deep link to the personal app "My roundtables" on every reminder and hand-over card. */
    private readonly myRoundtablesUrl?: string,
  ) {}

  /** The card a reminder shows, or undefined when there is nothing left to say. */
  async cardFor(reminder: Reminder, rt: Roundtable, lang: Lang = 'en'): Promise<AdaptiveCard | undefined> {
    const now = this.now();
    if (reminder.kind === 'follow-up-due') return undefined; // its job sends its own card (roundtable-due.ts)
    if (reminder.kind === 'review') {
      const review = await this.followUp.review(rt.id);
      if (!review) return undefined;
      return reviewCard({
        ...review,
        children: await childrenOf(this.roundtables, rt),
        settings: this.agency,
        ...this.link(),
        lang,
      });
    }
    let steps: PlanStep[];
    if (reminder.stepId) {
      // One step: a point read, not the whole roundtable (the common case, and a drain's hot path).
      const step = await this.followUp.step(rt.id, reminder.stepId);
      steps = step && isOpen(step) ? [step] : [];
    } else {
      const all = (await this.roundtables.listContributions(rt.id)).filter(
        (c): c is PlanStep => c.kind === 'step' && isOpen(c),
      );
      steps = reminder.kind === 'assigned' ? all.filter((s) => s.owner.id === reminder.ownerId) : all;
    }
    if (steps.length === 0) return undefined;
    const intro =
      reminder.kind === 'escalation'
        ? t(lang, 'personal:reminder.escalation', {
            name: steps[0]?.owner.name ?? t(lang, 'personal:reminder.theOwner'),
          })
        : reminder.kind === 'assigned'
          ? t(lang, 'personal:reminder.assigned')
          : undefined;
    return stepsCard({
      heading: heading(reminder.kind, rt.caseAlias, lang),
      ...(intro ? { intro } : {}),
      lines: steps.map((step) => ({ step, roundtable: rt, overdueDays: daysOverdue(step, now) })),
      list: 'reminder',
      actionable: true,
      ...this.link(),
      // Every 1:1 card says when the plan's next review is due (as `my steps` does).
      reviewEveryDays: this.agency.followUp.reviewEveryDays,
      now,
      lang,
    });
  }

  private link(): { myRoundtablesUrl?: string } {
    return this.myRoundtablesUrl ? { myRoundtablesUrl: this.myRoundtablesUrl } : {};
  }

  /**
   * Roundtables read in the last few seconds: a drain sends many reminders of one roundtable at once. Without
   * their roster (a point read): a reminder's card shows none.
   */
  private readonly recent = new Map<string, { rt: Roundtable | undefined; at: number }>();

  private async roundtable(id: string): Promise<Roundtable | undefined> {
    const hit = this.recent.get(id);
    if (hit && Date.now() - hit.at < 5_000) return hit.rt;
    const rt = (await this.roundtables.getRoundtable(id, { roster: false }))?.value;
    if (this.recent.size > 1000) this.recent.clear();
    this.recent.set(id, { rt, at: Date.now() });
    return rt;
  }

  async deliver(reminder: Reminder): Promise<'sent' | 'unreachable'> {
    const rt = await this.roundtable(reminder.roundtableId);
    if (!rt) return 'sent';
    // The recipient first: the card is drawn in their Teams language (stored from their last activity).
    const person = (await this.followUp.person(reminder.ownerId)) ?? {
      id: reminder.ownerId,
      // No record of them yet: their name from their member document (rt holds the roster's stored copy only).
      name:
        (await this.roundtables.getMember(rt.id, reminder.ownerId))?.value?.name ??
        rt.roster.find((r) => r.id === reminder.ownerId)?.name ??
        'Someone',
      updatedAt: this.now().toISOString(),
    };
    const card = await this.cardFor(reminder, rt, pickLanguage(person.locale, this.agency.language));
    if (!card) return 'sent';
    try {
      await this.sendToPerson(person, rt, card);
      return 'sent';
    } catch (err) {
      if (err instanceof RecipientUnavailable) return 'unreachable';
      throw err;
    }
  }

  /**
   * Sends a card to a person by id (an invitation): `unreachable` when Teams refuses (app not installed). The card
   * may be built for the person (their own time zone, when Teams told it).
   */
  async sendCard(
    who: { id: string; name: string },
    rt: Roundtable,
    card: AdaptiveCard | ((person: PersonRecord) => AdaptiveCard),
  ): Promise<'sent' | 'unreachable'> {
    const person = (await this.followUp.person(who.id)) ?? {
      id: who.id,
      name: who.name,
      updatedAt: this.now().toISOString(),
    };
    try {
      await this.sendToPerson(person, rt, typeof card === 'function' ? card(person) : card);
      return 'sent';
    } catch (err) {
      if (err instanceof RecipientUnavailable) return 'unreachable';
      throw err;
    }
  }

  /** Sends a card to someone's 1:1 chat with the bot; creates that chat (and remembers it) if needed. */
  async sendToPerson(person: PersonRecord, rt: Roundtable | undefined, card: AdaptiveCard): Promise<void> {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    let failure: unknown;
    const send = async (ctx: TurnContext) => {
      try {
        await sendWithRetry(() => ctx.sendActivity(activity), this.retry);
      } catch (err) {
        failure = err;
      }
    };
    if (person.personalReference) {
      const reference = person.personalReference as Partial<ConversationReference>;
      await this.adapter.continueConversationAsync(this.appId, reference, send);
    } else {
      // Without a roundtable (the leaders' digest) the bot addresses itself by its app id.
      const chatRef = (rt?.chat.reference ?? {}) as Partial<ConversationReference>;
      const tenantId = person.tenantId ?? rt?.chat.tenantId;
      const params = {
        isGroup: false,
        bot: chatRef.bot ?? { id: `28:${this.appId}`, name: 'Roundtable' },
        members: [{ id: person.id, name: person.name }],
        ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
      } as ConversationParameters;
      await sendWithRetry(
        () =>
          this.adapter.createConversationAsync(
            this.appId,
            'msteams',
            person.serviceUrl ?? rt?.chat.serviceUrl ?? '',
            'https://api.botframework.com',
            params,
            async (ctx) => {
              const reference = TurnContext.getConversationReference(ctx.activity) as Record<string, unknown>;
              // The adapter swallows what this callback throws: a failed write of the (cached) reference must
              // not cost the send, which the caller would count as done. The next send creates the chat again.
              await this.followUp
                .recordPerson({
                  ...person,
                  personalReference: reference,
                  updatedAt: this.now().toISOString(),
                })
                .catch((err: unknown) =>
                  this.log.warn(
                    { event: 'person.record.failed', err: (err as Error)?.name },
                    'reference not kept',
                  ),
                );
              await send(ctx);
            },
          ),
        this.retry,
      );
    }
    if (failure) throw failure;
  }

  /** Posts a line in a roundtable's own chat, from its stored reference (no case content beyond the alias). */
  async tellChat(
    rt: Roundtable,
    text: string,
    event = 'chat.notice.failed',
  ): Promise<'sent' | 'unreachable'> {
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(
        this.appId,
        rt.chat.reference as Partial<ConversationReference>,
        async (ctx) => {
          try {
            await sendWithRetry(() => ctx.sendActivity(text), this.retry);
          } catch (err) {
            failure = err;
          }
        },
      );
    } catch (err) {
      // A stored reference outside TEAMS_SERVICE_URLS (the adapter refused and logged it) or no connector.
      failure = err;
    }
    if (!failure) return 'sent';
    this.log.warn({ event, roundtable: rt.id }, 'could not post in the roundtable chat');
    return 'unreachable';
  }

  /** Tells the roundtable chat (facilitator and supervisor) once per person that reminders cannot reach them. */
  async reportUnreachable(reminder: Reminder): Promise<void> {
    const person = await this.followUp.person(reminder.ownerId);
    const reported = new Set(person?.undeliverableReported ?? []);
    if (reported.has(reminder.roundtableId)) return;
    const rt = (await this.roundtables.getRoundtable(reminder.roundtableId))?.value;
    if (!rt) return;
    const name = person?.name ?? rt.roster.find((r) => r.id === reminder.ownerId)?.name ?? 'A step owner';
    const supervisors = rt.roster.filter((r) => r.role === 'supervisor').map((r) => r.name);
    const text =
      `${name} cannot receive follow-up reminders for ${rt.caseAlias}: Teams refused the 1:1 message ` +
      '(the app is not installed for them, or they blocked it). ' +
      `${supervisors.length ? `${supervisors.join(', ')}, please` : 'Please'} follow up with them directly, ` +
      'and ask a Teams admin to install the app for them (see README, "Pre-install for caseworkers").';
    if ((await this.tellChat(rt, text, 'unreachable.report.failed')) !== 'sent') return;
    await this.followUp.recordPerson({
      ...(person ?? { id: reminder.ownerId, name, updatedAt: this.now().toISOString() }),
      undeliverableSince: person?.undeliverableSince ?? this.now().toISOString(),
      undeliverableReported: [...reported, rt.id],
      updatedAt: this.now().toISOString(),
    });
  }
}
