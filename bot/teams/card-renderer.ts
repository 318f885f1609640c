import type { AdaptiveCard } from '../../cards/kit.js';
import { phaseCard } from '../../cards/phase-card.js';
import { currentPhase } from '../roundtable/phases.js';
import type { RoundtableView } from '../roundtable/service.js';
import type { PhaseKey, Roundtable } from '../roundtable/types.js';
import type { HandlerDeps, Notice } from './turn.js';

/** Renders any card of a roundtable with a fresh view. */
export class CardRenderer {
  constructor(private readonly deps: HandlerDeps) {}

  /** The view as this turn reads it (each document read once per turn; its own writes included). */
  async view(roundtableId: string): Promise<RoundtableView | undefined> {
    return this.deps.service.view(roundtableId);
  }

  /** The view as stored now (a shared card's update pass renders from it: it must follow every write). */
  async freshView(roundtableId: string): Promise<RoundtableView | undefined> {
    return this.deps.service.freshView(roundtableId);
  }

  card(view: RoundtableView, phase: PhaseKey, notice?: Notice): AdaptiveCard {
    const rt = view.roundtable;
    const readOnly = rt.status !== 'active' || currentPhase(rt).key !== phase;
    return phaseCard(this.cardView(view, notice), phase, { readOnly });
  }

  async roundtable(roundtableId: string): Promise<Roundtable | undefined> {
    return this.deps.service.get(roundtableId);
  }

  /** Teams refused an invitation's 1:1 message: record it on the invitation. */
  async invitationUnreachable(roundtableId: string, invitationId: string): Promise<void> {
    await this.deps.service.invitations.markUnreachable(roundtableId, invitationId);
  }

  async remember(roundtableId: string, slot: PhaseKey | 'summary', activityId: string): Promise<void> {
    await this.deps.service.rememberCard(roundtableId, slot, activityId);
  }

  cardView(view: RoundtableView, notice?: Notice) {
    return {
      ...view,
      settings: this.deps.service.settings,
      now: this.deps.now(),
      ...(notice ? { notice } : {}),
    };
  }
}
