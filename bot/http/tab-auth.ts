import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, type JWTPayload, jwtVerify, SignJWT } from 'jose';

/** Who called the tab API, as their token says. */
export interface TabIdentity {
  /** Entra object id (the dev sign-in uses the Teams user id it was given). */
  oid: string;
  tid?: string;
  name: string;
  /** Signed in with the local development sign-in, not with Teams SSO. */
  dev: boolean;
}

export type TabAuthResult =
  | { ok: true; identity: TabIdentity }
  | { ok: false; status: 401 | 403; message: string };

export interface TabAuthOptions {
  appId?: string;
  /** Host name the tab is served from; the SSO audience is api://<domain>/<appId> (the tab's SSO app). */
  domain?: string;
  jwksUrl: string;
  /** Issuer templates; {tenantid} stands for the token's tid. */
  issuers: string[];
  /** Empty: any tenant. */
  allowedTenants: string[];
  /** No app id: the development sign-in is offered on loopback only. */
  localMode: boolean;
}

const DEV_ISSUER = 'roundtable-local-dev-signin';

/**
 * The Teams clients a tab SSO token may be issued to (`azp` in v2 tokens, `appid` in v1): the Teams desktop
 * and mobile apps, and Teams on the web. A token issued to any other client is not a Teams tab's.
 */
export const TEAMS_CLIENT_IDS = [
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
];
const refused = (status: 401 | 403, message: string): TabAuthResult => ({ ok: false, status, message });

/** True for requests from this machine (the only place the development sign-in is offered). */
export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** Validates Teams SSO tokens (jose, the tenant's published keys) and, in local mode, development tokens. */
export class TabAuth {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly devSecret = randomBytes(32);

  constructor(private readonly opts: TabAuthOptions) {
    this.jwks = createRemoteJWKSet(new URL(opts.jwksUrl), {
      cooldownDuration: 30_000,
      timeoutDuration: 5_000,
    });
  }

  /** The audiences a Teams SSO token for this app carries (v1 tokens: the app id URI; v2: the app id). */
  audiences(): string[] {
    const { appId, domain } = this.opts;
    return appId && domain ? [`api://${domain}/${appId}`, appId] : [];
  }

  async verify(authorization: string | undefined, remoteAddress: string | undefined): Promise<TabAuthResult> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return refused(401, 'Sign-in required.');
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      return refused(401, 'The sign-in token is not readable.');
    }
    if (alg === 'HS256') return this.verifyDev(token, remoteAddress);
    return this.verifySso(token);
  }

  private async verifySso(token: string): Promise<TabAuthResult> {
    const audience = this.audiences();
    if (audience.length === 0)
      return refused(401, 'Teams sign-in is not configured (MicrosoftAppId, TAB_DOMAIN).');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        audience,
        algorithms: ['RS256'],
        clockTolerance: 60,
      }));
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'ERR_JWT_INVALID';
      return refused(
        401,
        code === 'ERR_JWT_EXPIRED' ? 'The sign-in has expired.' : 'The sign-in token was refused.',
      );
    }
    const tid = typeof payload.tid === 'string' ? payload.tid.toLowerCase() : undefined;
    const oid = typeof payload.oid === 'string' ? payload.oid : undefined;
    if (!tid || !oid) return refused(401, 'The sign-in token names no tenant or user.');
    const issuers = this.opts.issuers.map((t) => t.replace('{tenantid}', tid).toLowerCase());
    if (typeof payload.iss !== 'string' || !issuers.includes(payload.iss.toLowerCase()))
      return refused(401, 'The sign-in token comes from an unknown issuer.');
    const client = [payload.azp, payload.appid].find((v) => typeof v === 'string') as string | undefined;
    if (!client || !TEAMS_CLIENT_IDS.includes(client.toLowerCase()))
      return refused(401, 'The sign-in token was not issued to Teams.');
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes('access_as_user'))
      return refused(401, 'The sign-in token lacks the access_as_user scope.');
    const allowed = this.opts.allowedTenants.map((t) => t.toLowerCase());
    if (allowed.length > 0 && !allowed.includes(tid))
      return refused(403, 'This app is not enabled for your organisation.');
    const name = [payload.name, payload.preferred_username].find((v) => typeof v === 'string') as
      | string
      | undefined;
    return { ok: true, identity: { oid, tid, name: (name ?? 'Someone').slice(0, 100), dev: false } };
  }

  private async verifyDev(token: string, remoteAddress: string | undefined): Promise<TabAuthResult> {
    if (!this.opts.localMode || !isLoopback(remoteAddress))
      return refused(401, 'The development sign-in works in local mode on this machine only.');
    try {
      const { payload } = await jwtVerify(token, this.devSecret, {
        issuer: DEV_ISSUER,
        algorithms: ['HS256'],
      });
      if (typeof payload.sub !== 'string') return refused(401, 'The development token names no user.');
      const name = typeof payload.name === 'string' ? payload.name : 'Developer';
      return { ok: true, identity: { oid: payload.sub, name, dev: true } };
    } catch {
      return refused(401, 'The development token was refused.');
    }
  }

  /** Local mode only: a short-lived token for `userId` (a Teams user id or AAD object id), clearly marked as development. */
  async devSignIn(userId: string, name: string): Promise<string> {
    if (!this.opts.localMode) throw new Error('the development sign-in exists in local mode only');
    return new SignJWT({ name, dev: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(DEV_ISSUER)
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime('8h')
      .sign(this.devSecret);
  }
}
