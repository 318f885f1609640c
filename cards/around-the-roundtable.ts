/** Compatibility re-exports: this file was split by what it held. */
// moved: cards/barrier-section.ts
export { answerLine, answerTitle, barrierSection } from './barrier-section.js';
// moved: cards/labels.ts
export { PRACTICE_BANNER } from './labels.js';
// moved: cards/phases/plan.ts
export { stepOwnership } from './phases/plan.js';
// moved: cards/phases/welcome.ts
export { invitationData } from './phases/welcome.js';
// moved: cards/preparation-voice.ts
export { preparedSummaryNote, VOICE_LABELS, voiceData } from './preparation-voice.js';
