// moved: bot/roundtable/ports.ts
export type { ProgrammeStore } from '../roundtable/ports.js';
