import { CosmosAccessLog, ensureAccessLogContainer } from '../../bot/store/cosmos-access-log.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { describeAccessLog } from './access-log.contract.js';
import { openContractDatabase } from './database.js';

describe(`Cosmos access log (${process.env.COSMOS_ENDPOINT ? 'COSMOS_ENDPOINT' : 'the embedded Cosmos-compatible server'})`, () => {
  let handle: DatabaseHandle | undefined;
  after(async () => {
    await handle?.close();
  });

  describeAccessLog('Cosmos', async () => {
    handle ??= await openContractDatabase();
    await ensureAccessLogContainer(handle.database);
    return new CosmosAccessLog(handle.database, { retentionDays: 2555 });
  });
});
