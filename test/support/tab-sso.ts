/**
 * Offline Teams SSO for the tab API: a local JWKS server with a test key, and tokens shaped like the
 * ones `authentication.getAuthToken()` returns inside Teams (v2 access tokens, scope access_as_user).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Person } from './activities.js';
import { TEST_APP_ID, TEST_TENANT_ID } from './activities.js';
import { authenticatedEnv, NoEntraCredentialsFactory } from './bot-auth.js';

export const TAB_DOMAIN = 'roundtable.agency.example';
/** The tab's SSO app registration: not the bot's id (a managed identity cannot expose an API). */
export const TEST_SSO_APP_ID = '5d0a1b2c-3e4f-4a5b-8c6d-7e8f90a1b2c3';
export const TAB_AUDIENCE = `api://${TAB_DOMAIN}/${TEST_SSO_APP_ID}`;
export const ISSUER_TEMPLATE = 'https://login.microsoftonline.com/{tenantid}/v2.0';

export interface SsoTokenOptions {
  tenantId?: string;
  audience?: string;
  expiresInSeconds?: number;
  issuer?: string;
  scope?: string;
  /** Sign with a key the JWKS does not publish. */
  wrongKey?: boolean;
  /** The client the token was issued to (`azp`); default the Teams desktop client. */
  client?: string;
}

export class TabSsoRig {
  private constructor(
    private readonly server: Server,
    readonly jwksUrl: string,
    private readonly kid: string,
    private readonly key: CryptoKey,
    private readonly otherKey: CryptoKey,
  ) {}

  static async start(): Promise<TabSsoRig> {
    const pair = await generateKeyPair('RS256', { extractable: true });
    const other = await generateKeyPair('RS256', { extractable: true });
    const kid = `tab-test-${Math.random().toString(36).slice(2, 8)}`;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid, use: 'sig', alg: 'RS256' };
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/keys')) res.end(JSON.stringify({ keys: [jwk] }));
      else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    return new TabSsoRig(server, `http://127.0.0.1:${port}/keys`, kid, pair.privateKey, other.privateKey);
  }

  /** Env for Harness.start: authenticated mode, the tab domain, this JWKS, one allowed tenant. */
  env(): Record<string, string> {
    return { ...authenticatedEnv(TEST_APP_ID), ...this.tabEnv(), ALLOWED_TENANTS: TEST_TENANT_ID };
  }

  /** Teams SSO on the tab API alone: with it, a bot in local mode (no channel tokens) checks the tab's tokens. */
  tabEnv(): Record<string, string> {
    return {
      TAB_DOMAIN,
      TAB_SSO_APP_ID: TEST_SSO_APP_ID,
      TAB_SSO_JWKS_URL: this.jwksUrl,
      TAB_SSO_ISSUERS: ISSUER_TEMPLATE,
    };
  }

  /** Outgoing calls (members, meeting participants, card posts) reach the fake connector without Entra ID. */
  auth() {
    return { credentialsFactory: new NoEntraCredentialsFactory(TEST_APP_ID) };
  }

  async token(person: Person, opts: SsoTokenOptions = {}): Promise<string> {
    const tid = opts.tenantId ?? TEST_TENANT_ID;
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (opts.expiresInSeconds ?? 3600);
    return new SignJWT({
      tid,
      oid: person.aadObjectId,
      name: person.name,
      preferred_username: person.userPrincipalName,
      scp: opts.scope ?? 'access_as_user',
      ver: '2.0',
      // The Teams desktop client (bot/http/tab-auth.ts TEAMS_CLIENT_IDS); a test may name another.
      azp: opts.client ?? '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(opts.issuer ?? ISSUER_TEMPLATE.replace('{tenantid}', tid))
      .setAudience(opts.audience ?? TAB_AUDIENCE)
      .setSubject(person.aadObjectId)
      .setIssuedAt(Math.min(now, exp) - 300)
      .setNotBefore(Math.min(now, exp) - 300)
      .setExpirationTime(exp)
      .sign(opts.wrongKey ? this.otherKey : this.key);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
