// moved: cards/phases/review.ts
export { reviewPhaseData } from './phases/review.js';
