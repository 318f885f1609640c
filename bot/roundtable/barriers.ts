// moved: bot/roundtable/barrier-register.ts
export * from './barrier-register.js';
