// moved: bot/store/cosmos-documents.ts (shared helpers), cosmos-roundtable-store.ts, cosmos-follow-up-store.ts
export * from './cosmos-documents.js';
export * from './cosmos-follow-up-store.js';
export * from './cosmos-roundtable-store.js';
