import { CosmosCardLeases } from '../../bot/store/cosmos-card-lease.js';
import { CosmosFollowUpStore } from '../../bot/store/cosmos-follow-up-store.js';
import { CosmosPreparationStore } from '../../bot/store/cosmos-preparation-store.js';
import { CosmosProgrammeAggregates } from '../../bot/store/cosmos-programme-aggregates.js';
import { CosmosProgrammeStore } from '../../bot/store/cosmos-programme-store.js';
import { CosmosRoundtableStore } from '../../bot/store/cosmos-roundtable-store.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { describeCardLeases } from './card-leases.contract.js';
import { openContractDatabase } from './database.js';
import { describeFollowUpStore } from './follow-up-store.contract.js';
import { describePreparationStore } from './preparation-store.contract.js';
import { describeProgrammeAggregates } from './programme-aggregates.contract.js';
import { describeProgrammeStore } from './programme-store.contract.js';
import { describeRoundtableStore } from './roundtable-store.contract.js';

describe(`Cosmos stores (${process.env.COSMOS_ENDPOINT ? 'COSMOS_ENDPOINT' : 'the embedded Cosmos-compatible server'})`, () => {
  let handle: DatabaseHandle | undefined;
  const database = async () => {
    handle ??= await openContractDatabase();
    return handle.database;
  };
  after(async () => {
    await handle?.close();
  });

  describeRoundtableStore('Cosmos', async () => new CosmosRoundtableStore(await database()));
  describePreparationStore('Cosmos', async () => ({
    records: new CosmosPreparationStore(await database()),
    roundtables: new CosmosRoundtableStore(await database()),
  }));
  describeProgrammeStore('Cosmos', async () => ({
    programme: new CosmosProgrammeStore(await database()),
    roundtables: new CosmosRoundtableStore(await database()),
    followUp: new CosmosFollowUpStore(await database()),
  }));
  describeProgrammeAggregates('Cosmos', async () => ({
    aggregates: new CosmosProgrammeAggregates(await database()),
    roundtables: new CosmosRoundtableStore(await database()),
  }));
  describeFollowUpStore('Cosmos', async () => ({
    followUp: new CosmosFollowUpStore(await database()),
    roundtables: new CosmosRoundtableStore(await database()),
  }));
  describeCardLeases('Cosmos', async (now) => new CosmosCardLeases(await database(), now));
});
