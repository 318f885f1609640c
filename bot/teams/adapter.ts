import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
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

/** The Bot Framework edge: validates tokens when an app id is set, none in local mode. */
export function createAdapter(config: Config, log: Logger, overrides: AuthOverrides = {}): CloudAdapter {
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
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error(
      { event: 'turn.error', activityId: context.activity.id, err: errorName(error), stack: (error as Error)?.stack },
      'turn failed',
    );
    if (context.activity.type === 'message') {
      try {
        await context.sendActivity('Sorry, something went wrong on my side and nothing was changed. Please try again in a moment.');
      } catch {
        // The connector is unreachable too; the log above holds the failure.
      }
    }
  };
  return adapter;
}
