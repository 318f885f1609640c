/**
 * Offline Bot Framework authentication for tests (see /work/shared/BOT-AUTH.md).
 *
 * A local HTTP server plays the Bot Framework token service's OpenID metadata endpoint and JWKS, so
 * `ConfigurationBotFrameworkAuthentication` validates tokens signed here without any network:
 *
 *   const rig = await BotAuthRig.start();
 *   const auth = new ConfigurationBotFrameworkAuthentication(rig.authSettings(APP_ID), new NoEntraCredentialsFactory(APP_ID));
 *   const token = await rig.signToken({ appId: APP_ID, serviceUrl: fake.url });
 *   ...
 *   await rig.close();
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PasswordServiceClientCredentialFactory } from 'botframework-connector';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { TEST_TENANT_ID } from './activities.js';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** The Bot Framework Emulator's issuer (a token the bot must refuse: it is not from a channel). */
export const EMULATOR_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

/**
 * What a test adds to the environment for authenticated mode (an app id = production rules): the
 * tenant, a Cosmos endpoint and identity that only satisfy the rules (createApp is handed the test
 * database), and the Bot Connector hosts allowed, i.e. the fake connector's URL.
 */
export function authenticatedEnv(appId: string, fakeConnectorUrl?: string): Record<string, string> {
  return {
    MicrosoftAppId: appId,
    MicrosoftAppPassword: 'test-password',
    ALLOWED_TENANTS: TEST_TENANT_ID,
    COSMOS_ENDPOINT: 'https://unused-in-tests.documents.azure.com:443/',
    AZURE_CLIENT_ID: '0c1d2e3f-4a5b-4c6d-8e7f-90a1b2c3d4e5',
    // Harness.start adds its fake connector itself when this is left out.
    ...(fakeConnectorUrl ? { TEAMS_SERVICE_URLS: `${fakeConnectorUrl}/` } : {}),
  };
}

type KeyLike = CryptoKey;
/** botbuilder-stdlib's ServiceClientCredentials (not re-exported by botframework-connector). */
type ServiceClientCredentials = Awaited<
  ReturnType<PasswordServiceClientCredentialFactory['createCredentials']>
>;

export interface SignTokenOptions {
  /** The bot's app id: becomes `aud` (unless `audience` is given). */
  appId: string;
  /** Must equal the activity's serviceUrl (claim `serviceurl`). */
  serviceUrl: string;
  /** Seconds from now until `exp` (default 3600). Negative gives an already expired token. */
  expiresInSeconds?: number;
  /** Default https://api.botframework.com. */
  issuer?: string;
  /** Default appId. */
  audience?: string;
  /**
   * 'right' (default): the published key. 'wrong': another key under the same `kid` (bad signature).
   * 'unknown-kid': another key under a `kid` the JWKS does not list.
   */
  key?: 'right' | 'wrong' | 'unknown-kid';
  /** Extra claims to add or override. */
  claims?: Record<string, unknown>;
}

/** The settings `ConfigurationBotFrameworkAuthentication` needs to trust this rig. */
export type RigAuthSettings = {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType: 'MultiTenant';
  ToBotFromChannelOpenIdMetadataUrl: string;
  ToBotFromChannelTokenIssuer: string;
  /** The Emulator's keys are the rig's too, so an Emulator-style token is checked for what it is. */
  ToBotFromEmulatorOpenIdMetadataUrl: string;
};

/**
 * Credentials factory for authenticated mode whose outgoing requests carry no token, so replies to a
 * fake connector need no Microsoft Entra ID. App id validation is inherited (the app id must match).
 */
export class NoEntraCredentialsFactory extends PasswordServiceClientCredentialFactory {
  constructor(appId: string, password = 'test-password') {
    super(appId, password);
  }

  override async createCredentials(): Promise<ServiceClientCredentials> {
    return { signRequest: async (r) => r };
  }
}

export class BotAuthRig {
  /** Base URL of the rig, e.g. http://127.0.0.1:5555. */
  readonly url: string;
  /** The OpenID metadata document URL (`ToBotFromChannelOpenIdMetadataUrl`). */
  readonly openIdMetadataUrl: string;
  /** The kid of the published key. */
  readonly kid: string;
  /** Paths requested from the rig (to see that the library really fetched metadata and keys). */
  readonly requests: string[] = [];

  private constructor(
    private readonly server: Server,
    url: string,
    kid: string,
    private readonly keys: { right: KeyLike; wrong: KeyLike },
  ) {
    this.url = url;
    this.openIdMetadataUrl = `${url}/v1/.well-known/openidconfiguration`;
    this.kid = kid;
  }

  static async start(): Promise<BotAuthRig> {
    const right = await generateKeyPair('RS256', { extractable: true });
    const wrong = await generateKeyPair('RS256', { extractable: true });
    const kid = `test-key-${Math.random().toString(36).slice(2, 10)}`;
    const jwk = {
      ...(await exportJWK(right.publicKey)),
      kid,
      use: 'sig',
      alg: 'RS256',
      // Like the real Bot Framework keys: endorsed for several channels, not only Teams.
      endorsements: ['msteams', 'webchat', 'directline', 'emulator'],
    };
    let base = '';
    let rig: BotAuthRig | undefined;
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://rig').pathname;
      rig?.requests.push(path);
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
        res.end(
          JSON.stringify({
            issuer: BOT_FRAMEWORK_ISSUER,
            authorization_endpoint: `${base}/authorize`,
            jwks_uri: `${base}/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          }),
        );
      } else if (req.method === 'GET' && path === '/keys') {
        res.end(JSON.stringify({ keys: [jwk] }));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: 'not found' }));
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    rig = new BotAuthRig(server, base, kid, { right: right.privateKey, wrong: wrong.privateKey });
    return rig;
  }

  /** A Bot Framework channel token (RS256) as Teams would send in `Authorization: Bearer <token>`. */
  async signToken(options: SignTokenOptions): Promise<string> {
    const {
      appId,
      serviceUrl,
      expiresInSeconds = 3600,
      issuer = BOT_FRAMEWORK_ISSUER,
      audience = appId,
      key = 'right',
      claims = {},
    } = options;
    const now = Math.floor(Date.now() / 1000);
    const kid = key === 'unknown-kid' ? `${this.kid}-unknown` : this.kid;
    return new SignJWT({ serviceurl: serviceUrl, ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(now - 60)
      .setNotBefore(now - 60)
      .setExpirationTime(now + expiresInSeconds)
      .sign(key === 'right' ? this.keys.right : this.keys.wrong);
  }

  /** Settings to pass to `new ConfigurationBotFrameworkAuthentication(settings, new NoEntraCredentialsFactory(appId))`. */
  authSettings(appId: string, password = 'test-password'): RigAuthSettings {
    return {
      MicrosoftAppId: appId,
      MicrosoftAppPassword: password,
      MicrosoftAppType: 'MultiTenant',
      ToBotFromChannelOpenIdMetadataUrl: this.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: BOT_FRAMEWORK_ISSUER,
      ToBotFromEmulatorOpenIdMetadataUrl: this.openIdMetadataUrl,
    };
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
