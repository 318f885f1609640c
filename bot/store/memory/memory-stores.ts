import { MemoryAccessLog } from './access-log.js';
import { MemoryChildStore } from './memory-child-store.js';
import { MemoryDatabase } from './memory-database.js';
import { MemoryExtractStore } from './memory-extract-store.js';
import { MemoryFollowUpStore } from './memory-follow-up-store.js';
import { MemoryPreparationStore } from './memory-preparation-store.js';
import { MemoryProgrammeAggregates } from './memory-programme-aggregates.js';
import { MemoryProgrammeStore } from './memory-programme-store.js';
import { MemoryRetentionStore } from './memory-retention-store.js';
import { MemoryRoundtableStore } from './memory-roundtable-store.js';

/** Every storage port in memory, on one shared MemoryDatabase (the in-memory twin of one Cosmos database). */
export function memoryStores(database = new MemoryDatabase()) {
  return {
    database,
    roundtables: new MemoryRoundtableStore(database),
    records: new MemoryPreparationStore(database),
    followUp: new MemoryFollowUpStore(database),
    programme: new MemoryProgrammeStore(database),
    children: new MemoryChildStore(database),
    aggregates: new MemoryProgrammeAggregates(database),
    retention: new MemoryRetentionStore(database),
    accessLog: new MemoryAccessLog(),
    extracts: new MemoryExtractStore(database),
  };
}
