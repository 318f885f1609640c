// moved: bot/roundtable/follow-up-roundtable.ts
export * from './follow-up-roundtable.js';
