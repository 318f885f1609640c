/**
 * The in-memory stores (bot/store/memory) against the same contract suites as the Cosmos stores
 * (cosmos.test.ts): domain and handler tests run on them, so they must behave alike.
 */
import { MemoryCardLeases } from '../../bot/store/memory/memory-card-leases.js';
import { memoryStores } from '../../bot/store/memory/memory-stores.js';
import { describeCardLeases } from './card-leases.contract.js';
import { describeFollowUpStore } from './follow-up-store.contract.js';
import { describePreparationStore } from './preparation-store.contract.js';
import { describeProgrammeAggregates } from './programme-aggregates.contract.js';
import { describeProgrammeStore } from './programme-store.contract.js';
import { describeRoundtableStore } from './roundtable-store.contract.js';

describe('Memory stores (bot/store/memory)', () => {
  // One database for the run, as the Cosmos suites share one: the suites keep their ids apart.
  const stores = memoryStores();

  describeRoundtableStore('memory', async () => stores.roundtables);
  describePreparationStore('memory', async () => ({
    records: stores.records,
    roundtables: stores.roundtables,
  }));
  describeProgrammeStore('memory', async () => ({
    programme: stores.programme,
    roundtables: stores.roundtables,
    followUp: stores.followUp,
  }));
  describeProgrammeAggregates('memory', async () => ({
    aggregates: stores.aggregates,
    roundtables: stores.roundtables,
  }));
  describeFollowUpStore('memory', async () => ({
    followUp: stores.followUp,
    roundtables: stores.roundtables,
  }));
  describeCardLeases('memory', async (now) => new MemoryCardLeases(stores.database, now));
});
