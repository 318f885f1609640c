import type {
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  UserTokenClient,
} from 'botframework-connector';
import type { RateLimiter } from '../outgoing/rate-limiter.js';

/** The connector client's one door to HTTP: every operation (send, reply, edit, delete, members) goes through it. */
type OperationSender = (args: Record<string, unknown>, spec: unknown, callback?: unknown) => Promise<unknown>;

/** Connector clients kept at most (per app id, service URL and audience); the oldest is dropped beyond it. */
export const CLIENTS_KEPT = 64;

/**
 * Connector clients kept between turns and proactive calls, one per (app id, service URL, audience): botbuilder
 * builds a ConnectorClient and a UserTokenClient for every activity (~7 % of a click's CPU). A kept client
 * keeps its credentials object, whose token cache refreshes the token when it expires (botframework-connector
 * AppCredentials.getToken), so keeping it changes no token handling. Only service URLs that `cacheable` allows
 * are kept (the ServiceUrlPolicy's Bot Connector hosts); any other gets a fresh client, as before.
 */
export class ConnectorClientCache {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();
  /** Clients built (for tests and the bench): one per key while it stays kept. */
  built = 0;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly cacheable: (serviceUrl: string) => boolean = () => false,
    private readonly max = CLIENTS_KEPT,
  ) {}

  /** The limited client for this key, built once by `factory` (a failed build is not kept). */
  client(
    factory: ConnectorFactory,
    key: string | undefined,
    serviceUrl: string,
    audience: string | undefined,
  ): Promise<ConnectorClient> {
    const build = async () => {
      this.built++;
      return limitedClient(await factory.create(serviceUrl, audience), this.limiter);
    };
    if (key === undefined || !this.cacheable(serviceUrl)) return build();
    return keep(this.clients, JSON.stringify([key, serviceUrl, audience ?? null]), build, this.max);
  }

  /** The user token client for this identity's app id (it holds no per-turn state). */
  tokenClient(key: string | undefined, build: () => Promise<UserTokenClient>): Promise<UserTokenClient> {
    if (key === undefined) return build();
    return keep(this.tokenClients, key, build, this.max);
  }
}

function keep<T>(
  map: Map<string, Promise<T>>,
  key: string,
  build: () => Promise<T>,
  max: number,
): Promise<T> {
  const kept = map.get(key);
  if (kept) return kept;
  const made = build();
  map.set(key, made);
  made.catch(() => {
    if (map.get(key) === made) map.delete(key);
  });
  if (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  return made;
}

/**
 * The key of what a factory (botbuilder's ConnectorFactoryImpl) builds clients for: its app id (undefined for
 * the anonymous local-mode identity) and default audience. Undefined for a factory of another shape (not kept).
 */
function factoryKey(factory: ConnectorFactory): string | undefined {
  const f = factory as unknown as { appId?: unknown; toChannelFromBotOAuthScope?: unknown };
  if (!('appId' in f) || (f.appId !== undefined && typeof f.appId !== 'string')) return undefined;
  const scope = typeof f.toChannelFromBotOAuthScope === 'string' ? f.toChannelFromBotOAuthScope : null;
  return JSON.stringify([f.appId ?? null, scope]);
}

/** The app id botbuilder's createUserTokenClient takes from an identity (audience claim, else app id claim). */
function identityAppId(identity: ClaimsIdentity | undefined): string | undefined {
  if (typeof identity?.getClaimValue !== 'function') return undefined;
  const id = identity.getClaimValue('aud') ?? identity.getClaimValue('appid');
  return JSON.stringify([id ?? null]);
}

/**
 * Puts every Bot Connector call of this app through one limiter: each operation waits for a slot in its
 * thread's windows (when it names a conversation) and in this instance's share of the per-app budget.
 * Retries by the caller (sendWithRetry) come back through here, so they take slots too.
 * Clients are kept per service URL (see ConnectorClientCache) for the URLs `cacheable` allows.
 */
export function limitConnectorCalls(
  auth: BotFrameworkAuthentication,
  limiter: RateLimiter,
  cacheable?: (serviceUrl: string) => boolean,
): ConnectorClientCache {
  const cache = new ConnectorClientCache(limiter, cacheable);
  // Proactive calls (continueConversationAsync, createConversationAsync) make their connector here ...
  const createFactory = auth.createConnectorFactory.bind(auth);
  auth.createConnectorFactory = (identity) => keptFactory(createFactory(identity), cache);
  // ... and a turn gets its connector with the request's authentication.
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    const result = await authenticate(activity, authHeader);
    return result.connectorFactory
      ? { ...result, connectorFactory: keptFactory(result.connectorFactory, cache) }
      : result;
  };
  const createTokenClient = auth.createUserTokenClient.bind(auth);
  auth.createUserTokenClient = (identity) =>
    cache.tokenClient(identityAppId(identity), () => createTokenClient(identity));
  return cache;
}

function keptFactory(factory: ConnectorFactory, cache: ConnectorClientCache): ConnectorFactory {
  const key = factoryKey(factory);
  return {
    create: (serviceUrl: string, audience?: string) => cache.client(factory, key, serviceUrl, audience),
  } as ConnectorFactory;
}

/** Wraps one connector client's operation sender (done once per client built). */
export function limitedClient(client: ConnectorClient, limiter: RateLimiter): ConnectorClient {
  const holder = client as unknown as { sendOperationRequest: OperationSender };
  const send = holder.sendOperationRequest.bind(client);
  holder.sendOperationRequest = async (args, spec, callback) => {
    const conversationId = typeof args?.conversationId === 'string' ? args.conversationId : undefined;
    await limiter.acquire(conversationId);
    return send(args, spec, callback);
  };
  return client;
}
