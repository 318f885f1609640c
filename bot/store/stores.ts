import type { Database } from '@azure/cosmos';
import type { FollowUpStore } from '../reminders/ports.js';
import type { AccessLog } from '../roundtable/access-log.js';
import type { ChildRecordStore } from '../roundtable/child-types.js';
import type { PreparationStore, ProgrammeStore, RoundtableStore } from '../roundtable/ports.js';
import type { ProgrammeAggregateStore } from '../roundtable/programme-view.js';
import type { RetentionStore } from '../roundtable/retention-rules.js';
import type { ExtractStore } from '../roundtable/roundtable-queue.js';
import { CosmosChildStore } from './cosmos-child-store.js';
import { CosmosExtractStore } from './cosmos-extract-store.js';
import { CosmosFollowUpStore } from './cosmos-follow-up-store.js';
import { CosmosPreparationStore } from './cosmos-preparation-store.js';
import { CosmosProgrammeAggregates } from './cosmos-programme-aggregates.js';
import { CosmosProgrammeStore } from './cosmos-programme-store.js';
import { CosmosRetentionStore } from './cosmos-retention-store.js';
import { CosmosRoundtableStore } from './cosmos-roundtable-store.js';

/** Every storage port the app runs on: Cosmos DB (cosmosStores) or memory (bot/store/memory). */
export interface AppStores {
  roundtables: RoundtableStore;
  records: PreparationStore;
  followUp: FollowUpStore;
  programme: ProgrammeStore;
  /** Each child's permanency record (in `roundtables`, one partition per case). */
  children: ChildRecordStore;
  aggregates: ProgrammeAggregateStore;
  retention: RetentionStore;
  /** The access log; without it the app keeps it in Cosmos (container `access-log`, with the configured TTL). */
  accessLog?: AccessLog;
  /** The coordinator's extracts of children in care (the "Roundtables due" queue). */
  extracts: ExtractStore;
}

/** The app's stores on a Cosmos database (the default). */
export function cosmosStores(database: Database): AppStores {
  return {
    roundtables: new CosmosRoundtableStore(database),
    records: new CosmosPreparationStore(database),
    followUp: new CosmosFollowUpStore(database),
    programme: new CosmosProgrammeStore(database),
    children: new CosmosChildStore(database),
    aggregates: new CosmosProgrammeAggregates(database),
    retention: new CosmosRetentionStore(database),
    extracts: new CosmosExtractStore(database),
  };
}
