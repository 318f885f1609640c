import type { AdaptiveCard } from '../../../cards/kit.js';
import { phaseCard } from '../../../cards/phase-card.js';
import { hasForm, phaseFormCard, rememberFormBeside } from '../../../cards/phase-form.js';
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
import type { CardSlot, PhaseKey, Roundtable } from '../../roundtable/types.js';
import { settingsFor } from '../../roundtable/youth-rules.js';
import type { HandlerDeps, Notice } from '../routing/turn.js';

/** The slot a phase's form message is remembered under. */
export function formSlot(phase: PhaseKey): CardSlot {
  return `${phase}-form`;
}

/** Renders any card of a roundtable with a fresh view. */
export class CardRenderer {
  constructor(private readonly deps: HandlerDeps) {}

  /** The view as this turn reads it (each document read once per turn; its own writes included). */
  async view(roundtableId: string): Promise<RoundtableView | undefined> {
    return roundtableView(this.deps.domain, roundtableId);
  }

  /** The view as stored now (a shared card's update pass renders from it: it must follow every write). */
  async freshView(roundtableId: string): Promise<RoundtableView | undefined> {
    return freshRoundtableView(this.deps.domain, roundtableId);
  }

  /** The phase card everyone shares (the list; kept current); its form is drawn on demand (`formBeside`). */
  card(view: RoundtableView, phase: PhaseKey, notice?: Notice): AdaptiveCard {
    const readOnly = this.readOnly(view, phase);
    const card = phaseCard(this.cardView(view, notice), phase, { readOnly });
    if (hasForm(phase))
      rememberFormBeside(card, () => phaseFormCard(this.cardView(view, notice), phase, { readOnly }));
    return card;
  }

  /** The form message of a phase (undefined for a phase whose card has no typing boxes). */
  form(view: RoundtableView, phase: PhaseKey): AdaptiveCard | undefined {
    if (!hasForm(phase)) return undefined;
    return phaseFormCard(this.cardView(view), phase, { readOnly: this.readOnly(view, phase) });
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
    return {
      ...view,
      // A youth-centred roundtable's cards ask its own questions (#29).
      settings: settingsFor(view.roundtable, this.deps.domain.settings),
      now: this.deps.now(),
      ...(notice ? { notice } : {}),
    };
  }
}
