import { loadConfig } from '../../bot/config.js';
import { type DatabaseHandle, openDatabase } from '../../bot/store/database.js';

/**
 * The database the contract suites run against: real Cosmos DB when COSMOS_ENDPOINT is set
 * (with COSMOS_KEY, or Entra ID sign-in; COSMOS_DATABASE names the database), otherwise the
 * Cosmos-compatible server started in this process. The suites never ask which one it is.
 */
export async function openContractDatabase(): Promise<DatabaseHandle> {
  const env: Record<string, string> = {};
  for (const name of ['COSMOS_ENDPOINT', 'COSMOS_KEY', 'COSMOS_DATABASE', 'AZURE_CLIENT_ID']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return openDatabase(loadConfig(env));
}
