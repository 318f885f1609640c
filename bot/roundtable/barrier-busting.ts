// moved: bot/roundtable/barrier-answers.ts
export * from './barrier-answers.js';
