// moved: bot/roundtable/ports.ts (the domain's ports) and bot/reminders/ports.ts (FollowUpStore)
export type { FollowUpStore } from '../reminders/ports.js';
export {
  EtagConflict,
  type PreparationStore,
  type RoundtableStore,
  StoreUnavailable,
  type Versioned,
} from '../roundtable/ports.js';
