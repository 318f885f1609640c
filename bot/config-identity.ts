/**
 * Who the bot is and where its data lives: the rules that tie MicrosoftAppId/Type/Password, AZURE_CLIENT_ID,
 * COSMOS_* and EMBEDDED_DATABASE_ALLOWED together (docs/configuration.md, docs/tab-and-manifest.md "One app
 * registration"). Spread into bot/config.ts's schema and checked by its superRefine.
 */
import { z } from 'zod';

/** The environment variables this file adds to bot/config.ts's schema. */
export const IDENTITY_ENV = {
  /**
   * With an app id and no COSMOS_ENDPOINT, the embedded (in-memory) database is refused unless this says true:
   * the local Agents Toolkit run (a bot with a client secret behind a tunnel, m365agents.local.yml).
   */
  EMBEDDED_DATABASE_ALLOWED: z.enum(['true', 'false']).default('false'),
};

/**
 * How the bot proves it is the bot to the Bot Connector:
 * - `password`: a client secret (local toolkit runs, or an agency's own choice);
 * - `managed-identity`: the bot IS a user-assigned managed identity (UserAssignedMSI);
 * - `federated`: a single-tenant app registration whose federated credential trusts the managed identity
 *   AZURE_CLIENT_ID (no secret anywhere; the default deployment, infra/main.bicep).
 */
export type AppCredential = 'none' | 'password' | 'managed-identity' | 'federated';

interface IdentityEnv {
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  MicrosoftAppTenantId?: string;
  AZURE_CLIENT_ID?: string;
  COSMOS_ENDPOINT?: string;
  COSMOS_KEY?: string;
  COSMOS_KEY_ALLOWED: 'true' | 'false';
  EMBEDDED_DATABASE_ALLOWED: 'true' | 'false';
}

/** The bot's credential kind (see AppCredential). */
export function appCredential(env: IdentityEnv): AppCredential {
  if (!env.MicrosoftAppId) return 'none';
  if (env.MicrosoftAppType === 'UserAssignedMSI') return 'managed-identity';
  if (env.MicrosoftAppPassword) return 'password';
  return env.MicrosoftAppType === 'SingleTenant' && env.AZURE_CLIENT_ID ? 'federated' : 'password';
}

/** True when this configuration runs on the embedded database although an app id is set (local toolkit run). */
export function embeddedWithAppId(env: IdentityEnv): boolean {
  return Boolean(env.MicrosoftAppId && !env.COSMOS_ENDPOINT && env.EMBEDDED_DATABASE_ALLOWED === 'true');
}

/** Reports every identity and database problem through `problem(variable, message)`. */
export function identityProblems(env: IdentityEnv, problem: (path: string, message: string) => void): void {
  const msi = env.MicrosoftAppType === 'UserAssignedMSI';
  const credential = appCredential(env);
  if (env.MicrosoftAppId && credential === 'password' && !env.MicrosoftAppPassword) {
    problem(
      'MicrosoftAppPassword',
      `required for ${env.MicrosoftAppType} (or, SingleTenant only, AZURE_CLIENT_ID: the managed identity of the app registration's federated credential)`,
    );
  }
  if (msi && env.MicrosoftAppPassword) {
    problem(
      'MicrosoftAppPassword',
      'must not be set with UserAssignedMSI (the managed identity has no secret)',
    );
  }
  if (msi && !env.MicrosoftAppId) {
    problem('MicrosoftAppId', 'required for UserAssignedMSI (the managed identity client id)');
  }
  if (env.MicrosoftAppType !== 'MultiTenant' && env.MicrosoftAppId && !env.MicrosoftAppTenantId) {
    problem('MicrosoftAppTenantId', `required for ${env.MicrosoftAppType}`);
  }
  // Production is an app id: Teams traffic with real tokens, whatever NODE_ENV says.
  if (!env.MicrosoftAppId) return;
  if (!env.COSMOS_ENDPOINT) {
    if (env.EMBEDDED_DATABASE_ALLOWED !== 'true') {
      problem(
        'COSMOS_ENDPOINT',
        'required with MicrosoftAppId (production; the embedded database keeps data in memory only — a local toolkit run sets EMBEDDED_DATABASE_ALLOWED=true)',
      );
    } else if (credential !== 'password') {
      problem(
        'EMBEDDED_DATABASE_ALLOWED',
        'only for a bot with a client secret (a local run): a managed identity or federated credential runs in Azure, with COSMOS_ENDPOINT',
      );
    }
    return;
  }
  if (!env.COSMOS_ENDPOINT.startsWith('https://')) {
    problem('COSMOS_ENDPOINT', 'must be https:// with MicrosoftAppId (production)');
  }
  if (env.COSMOS_KEY && env.COSMOS_KEY_ALLOWED !== 'true') {
    problem(
      'COSMOS_KEY',
      'refused with MicrosoftAppId (production): sign in with the managed identity, or set COSMOS_KEY_ALLOWED=true to use the key',
    );
  }
  if (!env.COSMOS_KEY && !env.AZURE_CLIENT_ID && !msi) {
    problem(
      'AZURE_CLIENT_ID',
      'required with MicrosoftAppId and COSMOS_ENDPOINT (production): the managed identity that signs in to Cosmos DB',
    );
  }
}
