import type { TurnContext } from 'botbuilder';
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
} from 'botbuilder';
import type { BotFrameworkAuthentication, ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { errorName } from './publisher.js';

/** Test hooks: a local OpenID/JWKS and a credentials factory that needs no Entra ID. */
export interface AuthOverrides {
  settings?: Partial<ConfigurationBotFrameworkAuthenticationOptions> & Record<string, string | undefined>;
  credentialsFactory?: ServiceClientCredentialsFactory;
}

/** CloudAdapter that hands the HTTP layer the outcome, so it can answer auth failures with 401 (not 500). */
export class RoundtableAdapter extends CloudAdapter {
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

/** The Bot Framework edge: validates tokens when an app id is set, none in local mode. */
export function createAdapter(config: Config, log: Logger, overrides: AuthOverrides = {}): RoundtableAdapter {
  const settings = {
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    MicrosoftAppType: config.appType,
    MicrosoftAppTenantId: config.appTenantId ?? '',
    ...overrides.settings,
  } as ConfigurationBotFrameworkAuthenticationOptions;
  const auth: BotFrameworkAuthentication = new ConfigurationBotFrameworkAuthentication(
    settings,
    overrides.credentialsFactory,
  );
  const adapter = new RoundtableAdapter(auth);
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
        await context.sendActivity(
          'Sorry, something went wrong on my side and nothing was changed. Please try again in a moment.',
        );
      } catch {
        // The connector is unreachable too; the log above holds the failure.
      }
    }
  };
  return adapter;
}
