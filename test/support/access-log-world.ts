/**
 * The officer's access log page and API on a server of their own, until the lead wires the rows into the
 * bot's tab route table: real restify, the real TabAuth/TabAccess (Teams SSO tokens from TabSsoRig), the
 * real OFFICER_GUARD and rows, registered as registerTabRoutes does (guard, then handler, failures as
 * answers), the built tab pages, and the Cosmos access log on the shared Cosmos-compatible server.
 */
import type { AddressInfo } from 'node:net';
import { CloudAdapter } from 'botbuilder';
import restify from 'restify';
import { loadAuditConfig } from '../../bot/config-audit.js';
import { TabAccess, tabRoute } from '../../bot/http/tab-access.js';
import {
  OFFICER_GUARD,
  type OfficerAccessLog,
  TAB_ACCESS_LOG_ROUTES,
} from '../../bot/http/tab-access-log.js';
import { TabAuth } from '../../bot/http/tab-auth.js';
import { registerTabPages } from '../../bot/http/tab-pages.js';
import { createLogger } from '../../bot/log.js';
import { type AccessFacts, accessEntry, recordAccess } from '../../bot/roundtable/access-log.js';
import { CosmosAccessLog, ensureAccessLogContainer } from '../../bot/store/cosmos-access-log.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { MeetingRoles } from '../../bot/teams/edge/meeting-roles.js';
import { buildTab, TAB_DIST } from '../../tab/build.js';
import { type Person, TEST_APP_ID, TEST_TENANT_ID } from './activities.js';
import { testDatabase } from './harness.js';
import { ISSUER_TEMPLATE, TAB_DOMAIN, type TabSsoRig, TEST_SSO_APP_ID } from './tab-sso.js';

/** A second allowed tenant, with its own officer. */
export const OTHER_TENANT = '0b0b0b0b-1111-4222-8333-444444444444';

const officer = (key: string, name: string, n: number): Person => ({
  id: `29:${key}`,
  name,
  aadObjectId: `00000000-0000-4000-8000-0000000000${n}`,
  userPrincipalName: `${key}@agency.example`,
  role: 'outsider',
});
/** The security officer of the test tenant, and the officer of the other tenant. */
export const officers = {
  ours: officer('sec', 'Sam Security', 91),
  theirs: officer('sec2', 'Tess Other', 92),
};

export interface AccessLogWorld {
  url: string;
  log: CosmosAccessLog;
  /** Writes an entry as the pipeline will (recordAccess), in the test tenant unless told. */
  record(facts: Omit<AccessFacts, 'actor'> & { actor: Person; tenantId?: string }): Promise<void>;
  close(): Promise<void>;
}

/** Starts the officer's server on 127.0.0.1 with both tenants allowed and both officers configured. */
export async function startAccessLogWorld(rig: TabSsoRig): Promise<AccessLogWorld> {
  await buildTab();
  const database: DatabaseHandle = await testDatabase();
  await ensureAccessLogContainer(database.database);
  const audit = loadAuditConfig({
    SECURITY_OFFICER_IDS: `${officers.ours.aadObjectId},${officers.theirs.aadObjectId}`,
  });
  const log = new CosmosAccessLog(database.database, { retentionDays: audit.retentionDays });
  const auth = new TabAuth({
    appId: TEST_SSO_APP_ID,
    domain: TAB_DOMAIN,
    jwksUrl: rig.jwksUrl,
    issuers: [ISSUER_TEMPLATE],
    allowedTenants: [TEST_TENANT_ID, OTHER_TENANT],
    localMode: false,
  });
  const access = new TabAccess({
    appId: TEST_APP_ID,
    auth,
    adapter: new CloudAdapter(),
    meetingRoles: new MeetingRoles(),
  });
  const accessLog: OfficerAccessLog = { log, officerIds: audit.securityOfficerIds };
  const app = { access, accessLog };
  const logger = createLogger('silent');
  const server = restify.createServer({ name: 'access-log-test', handleUncaughtExceptions: false });
  registerTabPages(server, TAB_DIST);
  for (const route of TAB_ACCESS_LOG_ROUTES) {
    server[route.method](
      route.path,
      tabRoute(logger, async (req, res) => {
        const grant = await OFFICER_GUARD.check(req, res, app);
        await route.handle({ req, res, grant });
      }),
    );
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    async record({ actor, tenantId, ...facts }) {
      const entry = accessEntry({
        ...facts,
        actor: { id: actor.aadObjectId, tenantId: tenantId ?? TEST_TENANT_ID },
      });
      const recorded = await recordAccess(log, entry);
      if (!recorded.ok) throw new Error(recorded.failure.message);
    },
    async close() {
      server.close();
      await database.close();
    },
  };
}
