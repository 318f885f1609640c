/** Compatibility re-exports: the card renderer was split into a kit, shared labels and one builder per card. */
// moved: cards/card-view.ts
export { type CardView, cardTemplate } from './card-view.js';
// moved: cards/help-card.ts
export { helpCard } from './help-card.js';
// moved: cards/kit.ts
export {
  type AdaptiveCard,
  actionData,
  cap,
  cardBytes,
  expand,
  type Limits,
  MAX_CARD_BYTES,
  type Trimmed,
  trim,
} from './kit.js';
// moved: cards/labels.ts
export { BARRIER_LABELS, GOAL_LABELS, ROLE_LABELS, STEP_STATUS_LABELS } from './labels.js';
// moved: cards/my-ideas-card.ts
export { myIdeasCard } from './my-ideas-card.js';
// moved: cards/notice-card.ts
export { noticeCard } from './notice-card.js';
// moved: cards/phase-card.ts
export { phaseCard } from './phase-card.js';
// moved: cards/status-card.ts
export { statusCard } from './status-card.js';
// moved: cards/summary-card.ts
export { summaryCard } from './summary-card.js';
