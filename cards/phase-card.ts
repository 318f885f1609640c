/** The card of one phase: shared header and facilitator buttons, then the phase's own body. */
import { REFERENCE_LANGUAGE, t } from '../bot/i18n/text.js';
import type { PhaseKey } from '../bot/roundtable/types.js';
import {
  type Base,
  baseData,
  type CardView,
  cardTemplate,
  type PhaseData,
  phaseTitle,
  tooLargeCard,
} from './card-view.js';
import { type AdaptiveCard, cardNonce, expand, fitToSize } from './kit.js';
import { brainstormData } from './phases/brainstorm.js';
import { clarifyData } from './phases/clarify.js';
import { debriefData } from './phases/debrief.js';
import { planData } from './phases/plan.js';
import { presentData } from './phases/present.js';
import { reviewData } from './phases/review.js';
import { welcomeData } from './phases/welcome.js';
import { youthGoalsFirst } from './youth-card.js';

const PHASE_DATA: Record<PhaseKey, PhaseData> = {
  welcome: welcomeData,
  present: presentData,
  clarify: clarifyData,
  review: reviewData,
  brainstorm: brainstormData,
  plan: planData,
  debrief: debriefData,
};

/** The card of one phase; `readOnly` (or an ended roundtable) shows content without inputs or actions. */
export function phaseCard(view: CardView, phase: PhaseKey, opts?: { readOnly?: boolean }): AdaptiveCard {
  const ended = view.roundtable.status === 'ended';
  const readOnly = ended || opts?.readOnly === true;
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const base: Base = {
    phase,
    interactive: !readOnly,
    title: phaseTitle(view, phase),
    closedText: ended
      ? t(lang, 'meeting:card.roundtableEnded')
      : readOnly
        ? t(lang, 'meeting:card.phaseClosed')
        : undefined,
  };
  const nonce = cardNonce();
  return fitToSize(
    (limits) => {
      const card = expand(cardTemplate(phase), {
        ...baseData(view, base, nonce, limits),
        ...PHASE_DATA[phase](view, limits, nonce),
      });
      // A youth-centred roundtable (#29): the youth's goals, in their own words, first on the plan.
      return phase === 'plan' ? youthGoalsFirst(card, view.roundtable, view.lang) : card;
    },
    () => tooLargeCard(view, base, nonce),
    `${view.roundtable.id}|${phase}|${readOnly}`,
  );
}
