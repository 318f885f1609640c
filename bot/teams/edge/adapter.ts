import type { ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import {
  type Activity,
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  INVOKE_RESPONSE_KEY,
  type InvokeResponse,
} from 'botbuilder';
import type {
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { Config } from '../../config.js';
import { errorName } from '../../error-name.js';
import type { Logger } from '../../log.js';
import { APP_PACE, appShare, RateLimiter, threadShare } from '../outgoing/rate-limiter.js';
import { RecipientUnavailable } from '../outgoing/sender.js';
import { appCredentialsFactory } from './app-credentials.js';
import { limitConnectorCalls } from './limited-connector.js';
import { ServiceUrlPolicy } from './service-urls.js';

/** Test hooks: a local OpenID/JWKS and a credentials factory that needs no Entra ID. */
export interface AuthOverrides {
  settings?: Partial<ConfigurationBotFrameworkAuthenticationOptions> & Record<string, string | undefined>;
  credentialsFactory?: ServiceClientCredentialsFactory;
}

/** A proactive send to a Bot Connector host outside TEAMS_SERVICE_URLS: refused before any request is made. */
export class ServiceUrlRefused extends RecipientUnavailable {
  constructor() {
    super(403);
    this.name = 'ServiceUrlRefused';
    this.message = 'The stored conversation points at a host that is not a Teams service URL';
  }
}

/**
 * CloudAdapter that hands the HTTP layer the outcome, so it can answer auth failures with 401 (not 500),
 * and that contacts only the allowed Bot Connector hosts on every proactive send (stored references).
 */
export class RoundtableAdapter extends CloudAdapter {
  constructor(
    auth: BotFrameworkAuthentication,
    /** The Bot Connector hosts the bot may talk to (TEAMS_SERVICE_URLS; loopback too in local mode). */
    readonly serviceUrls: ServiceUrlPolicy,
    private readonly log: Logger,
  ) {
    super(auth);
  }

  private guard(serviceUrl: unknown): void {
    if (this.serviceUrls.allows(serviceUrl)) return;
    this.log.warn({ event: 'proactive.refused', reason: 'service-url' }, 'stored reference not contacted');
    throw new ServiceUrlRefused();
  }

  /** Continues a stored conversation, only on an allowed Bot Connector host (else ServiceUrlRefused). */
  override async continueConversationAsync(
    botAppIdOrClaimsIdentity: string | ClaimsIdentity,
    reference: Partial<ConversationReference>,
    logicOrAudience: ((context: TurnContext) => Promise<void>) | string,
    maybeLogic?: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    this.guard(reference?.serviceUrl);
    return super.continueConversationAsync(botAppIdOrClaimsIdentity, reference, logicOrAudience, maybeLogic);
  }

  /** Creates a conversation (a 1:1 chat), only on an allowed Bot Connector host (else ServiceUrlRefused). */
  override async createConversationAsync(
    botAppId: string,
    channelId: string,
    serviceUrl: string,
    audience: string,
    conversationParameters: ConversationParameters,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    this.guard(serviceUrl);
    return super.createConversationAsync(
      botAppId,
      channelId,
      serviceUrl,
      audience,
      conversationParameters,
      logic,
    );
  }

  /** Authenticates the request and runs the turn; throws on a refused token. */
  async handle(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

const AUTH_ERRORS = new Set([
  'AuthenticationError',
  'JsonWebTokenError',
  'TokenExpiredError',
  'NotBeforeError',
]);

/** A refused token, whatever shape the library gave it (a signature by an unknown key escapes unwrapped). */
export function isAuthFailure(err: unknown): boolean {
  const e = err as { name?: unknown; statusCode?: unknown } | undefined;
  return (typeof e?.name === 'string' && AUTH_ERRORS.has(e.name)) || e?.statusCode === 401;
}

/**
 * This instance's limiter for every Teams call: per-thread windows and its share (TEAMS_SENDS_PER_SECOND/N) of the
 * per-app budget, paced evenly on a schedule (APP_PACE). Sent in bursts, even a quarter share per 250 ms, the
 * instances' bursts arrived bunched at Teams (30 in one second against 24 sent per second); paced, with the
 * shares summing to the budget once each instance holds its slot (instance-slot.ts), they stay within it.
 */
export function teamsLimiter(config: Config): RateLimiter {
  return new RateLimiter({
    global: appShare(config.teamsLimits.instanceCount, config.teamsSendsPerSecond),
    perConversation: threadShare(config.teamsLimits.instanceCount),
    marginMs: LIMIT_MARGIN_MS,
    pace: APP_PACE,
  });
}

/** Added to each window, so calls that travel at different speeds still arrive within Teams' windows. */
const LIMIT_MARGIN_MS = 100;

/**
 * The Bot Framework edge: validates tokens when an app id is set, none in local mode. Every connector
 * call it makes (turns, proactive sends, lookups) waits for `limiter`.
 */
export function createAdapter(
  config: Config,
  log: Logger,
  overrides: AuthOverrides = {},
  limiter: RateLimiter = teamsLimiter(config),
): RoundtableAdapter {
  const settings = {
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    MicrosoftAppType: config.appType,
    MicrosoftAppTenantId: config.appTenantId ?? '',
    ...overrides.settings,
  } as ConfigurationBotFrameworkAuthenticationOptions;
  const auth: BotFrameworkAuthentication = new ConfigurationBotFrameworkAuthentication(
    settings,
    overrides.credentialsFactory ?? appCredentialsFactory(config),
  );
  const serviceUrls = new ServiceUrlPolicy(config.teamsServiceUrls, config.localMode);
  // Connector clients are kept per allowed service URL (and app id, audience) instead of built per turn.
  limitConnectorCalls(auth, limiter, (url) => serviceUrls.allows(url));
  if (!config.localMode) dropLibraryTokenNoise();
  const adapter = new RoundtableAdapter(auth, serviceUrls, log);
  adapter.onTurnError = async (context, error) => {
    log.error(
      {
        event: 'turn.error',
        activityId: context.activity.id,
        err: errorName(error),
        stack: (error as Error)?.stack,
      },
      'turn failed',
    );
    if (context.activity.type === 'message') {
      try {
        await context.sendActivity(SORRY);
      } catch {
        // The connector is unreachable too; the log above holds the failure.
      }
    }
    // A card click that failed on a bug: a 500 error in the shape Teams documents (not an empty 501).
    if (context.activity.type === 'invoke' && !context.turnState.get(INVOKE_RESPONSE_KEY)) {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: BUG_ANSWER });
    }
  };
  return adapter;
}

const SORRY = 'Sorry, something went wrong on my side and nothing was changed. Please try again in a moment.';

/** The invoke answer to a turn that failed on a bug: `application/vnd.microsoft.error` with 500. */
const BUG_ANSWER: InvokeResponse = {
  status: 500,
  body: {
    statusCode: 500,
    type: 'application/vnd.microsoft.error',
    value: { code: 'InternalError', message: SORRY },
  },
};

let noiseDropped = false;

/**
 * The connector library console.error()s refused tokens itself, with the published keys and the JWT
 * error: those lines are dropped (once, process-wide); the HTTP layer logs one `auth.refused` event instead.
 */
function dropLibraryTokenNoise(): void {
  if (noiseDropped) return;
  noiseDropped = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    const first = args[0] as { name?: unknown } | string | undefined;
    if (typeof first === 'string' && first.startsWith('Error finding key for token')) return;
    if (first && typeof first === 'object' && first.name === 'TokenExpiredError') return;
    original(...args);
  };
}
