import { createHash } from 'node:crypto';
import { formWithNoticeAt, withNoticeAt } from '../../../cards/card-tools.js';
import { type CardView, clockKey } from '../../../cards/card-view.js';
import type { AdaptiveCard } from '../../../cards/kit.js';
import { phaseCard } from '../../../cards/phase-card.js';
import {
  FORM_VERBS,
  type FormPhase,
  hasForm,
  phaseFormCard,
  rememberFormBeside,
} from '../../../cards/phase-form.js';
import { summaryCard } from '../../../cards/summary-card.js';
import { REFERENCE_LANGUAGE } from '../../i18n/text.js';
import { markInvitationUnreachable } from '../../roundtable/invitations.js';
import { rememberCard } from '../../roundtable/lifecycle.js';
import { currentPhase } from '../../roundtable/phases.js';
import type { RoundtableView } from '../../roundtable/roundtables.js';
import {
  claimTimeUp,
  freshRoundtableView,
  getRoundtable,
  roundtableView,
} from '../../roundtable/roundtables.js';
import { settingsIn } from '../../roundtable/settings-language.js';
import type { CardSlot, PhaseKey, Roundtable } from '../../roundtable/types.js';
import { settingsFor } from '../../roundtable/youth-rules.js';
import type { HandlerDeps, Notice } from '../routing/turn.js';
import { type RenderedCards, renderedCardsOf } from './rendered-cards.js';

/** The slot a phase's form message is remembered under. */
export function formSlot(phase: PhaseKey): CardSlot {
  return `${phase}-form`;
}

/** Renders any card of a roundtable with a fresh view. */
export class CardRenderer {
  /** Phase cards rendered lately, shared by every renderer of this app (the answer, the edit, the refreshes). */
  private readonly cards: RenderedCards;

  /**
   * `lang`: the language of the person this renderer answers (their Teams locale, #29 item 4); without one (the
   * shared cards' update passes) the agency's language, in which everyone in the chat reads the posted cards.
   */
  constructor(
    private readonly deps: HandlerDeps,
    private readonly lang?: string,
  ) {
    this.cards = renderedCardsOf(deps.domain);
  }

  /** The language cards are drawn in. */
  get language(): string {
    return this.lang ?? this.deps.domain.settings.language ?? REFERENCE_LANGUAGE;
  }

  /** The agency's settings the cards are drawn with. */
  get settings() {
    return this.deps.domain.settings;
  }

  /** The view as this turn reads it (each document read once per turn; its own writes included). */
  async view(roundtableId: string): Promise<RoundtableView | undefined> {
    return roundtableView(this.deps.domain, roundtableId);
  }

  /** The view as stored now (a shared card's update pass renders from it: it must follow every write). */
  async freshView(roundtableId: string): Promise<RoundtableView | undefined> {
    return freshRoundtableView(this.deps.domain, roundtableId);
  }

  /**
   * The phase card everyone shares (the list; kept current); its form is drawn on demand (`formBeside`).
   * Without a notice it is the same card for everyone, so it is rendered once per version of what it shows
   * (the view, the settings, the clock as the card reads it) and shared: frozen, callers copy to change it.
   */
  card(view: RoundtableView, phase: PhaseKey, notice?: Notice): AdaptiveCard {
    const readOnly = this.readOnly(view, phase);
    const cardView = this.cardView(view, notice);
    const draw = () => phaseCard(cardView, phase, { readOnly });
    const clock = notice ? undefined : clockKey(cardView, phase, !readOnly);
    const version = clock === undefined ? undefined : this.version(view, clock);
    const card =
      version === undefined
        ? this.cards.once(draw)
        : this.cards.get(`${view.roundtable.id}|${phase}|${readOnly}|${cardView.lang}`, version, draw);
    // Set again on a reused card: its form is drawn from this view, with a nonce of its own.
    if (hasForm(phase)) rememberFormBeside(card, () => this.drawForm(cardView, phase, readOnly));
    return card;
  }

  /** The form message of a phase (undefined for a phase whose card has no typing boxes). */
  form(view: RoundtableView, phase: PhaseKey): AdaptiveCard | undefined {
    if (!hasForm(phase)) return undefined;
    return this.drawForm(this.cardView(view), phase, this.readOnly(view, phase));
  }

  /**
   * The answer to a click that changed a shared card (`saved`): the card everyone will see, with the clicker's
   * notice. A submission from a phase's form message is answered with the form alone: the list is not drawn
   * for it (its shared edit draws it, once, for everyone).
   */
  async sharedAnswer(
    roundtableId: string,
    slot: PhaseKey | 'summary',
    notice: string,
    verb: string,
    data: unknown,
  ): Promise<AdaptiveCard | undefined> {
    const view = await this.view(roundtableId);
    if (!view) return undefined;
    if (slot === 'summary') return withNoticeAt(summaryCard(this.cardView(view)), notice, verb, data);
    const form = FORM_VERBS.has(verb) ? this.form(view, slot) : undefined;
    if (form) return formWithNoticeAt(form, notice, verb, data);
    return withNoticeAt(this.card(view, slot), notice, verb, data);
  }

  private drawForm(cardView: CardView, phase: FormPhase, readOnly: boolean): AdaptiveCard {
    this.cards.counts.forms++;
    return phaseFormCard(cardView, phase, { readOnly });
  }

  /**
   * Everything a phase card is rendered from, as one hash: the view as stored (every document it holds, so a
   * field added to the view later counts too), the settings and the clock key. Equal versions, equal cards.
   */
  private version(view: RoundtableView, clock: string): string | undefined {
    try {
      // Hashed: a large roundtable's view is ~100 KB of JSON, and kept versions should not cost that each.
      return createHash('sha256')
        .update(`${settingsVersion(this.deps.domain.settings)}|${clock}|${JSON.stringify(view)}`)
        .digest('base64url');
    } catch {
      return undefined; // not plain data (never expected): rendered, not kept
    }
  }

  private readOnly(view: RoundtableView, phase: PhaseKey): boolean {
    const rt = view.roundtable;
    return rt.status !== 'active' || currentPhase(rt).key !== phase;
  }

  /** Claims the running phase's "time is up" line (once per time box across instances; see service). */
  async claimTimeUp(roundtableId: string): Promise<boolean> {
    return claimTimeUp(this.deps.domain, roundtableId);
  }

  /** The clock the cards are drawn with. */
  now(): Date {
    return this.deps.now();
  }

  async roundtable(roundtableId: string): Promise<Roundtable | undefined> {
    return getRoundtable(this.deps.domain, roundtableId);
  }

  /** Teams refused an invitation's 1:1 message: record it on the invitation. */
  async invitationUnreachable(roundtableId: string, invitationId: string): Promise<void> {
    await markInvitationUnreachable(this.deps.domain, roundtableId, invitationId);
  }

  async remember(roundtableId: string, slot: CardSlot, activityId: string): Promise<void> {
    await rememberCard(this.deps.domain, roundtableId, slot, activityId);
  }

  cardView(view: RoundtableView, notice?: Notice) {
    const lang = this.language;
    return {
      ...view,
      // A youth-centred roundtable's cards ask its own questions (#29), in the agency's words for this language.
      settings: settingsIn(settingsFor(view.roundtable, this.deps.domain.settings), lang),
      now: this.deps.now(),
      lang,
      ...(notice ? { notice } : {}),
    };
  }
}

/** A number per settings object: settings replaced (reloaded) make a new version of every card. */
const SETTINGS_IDS = new WeakMap<object, number>();
let settingsCount = 0;

function settingsVersion(settings: object): number {
  let id = SETTINGS_IDS.get(settings);
  if (id === undefined) {
    id = ++settingsCount;
    SETTINGS_IDS.set(settings, id);
  }
  return id;
}
