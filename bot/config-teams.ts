import { z } from 'zod';
import { APP_BUDGET_PER_SECOND } from './teams/outgoing/rate-limiter.js';

/** Environment variables about Teams' limits and the shared card updates. */
export const TEAMS_LIMITS_ENV = {
  /**
   * Calls to Teams per second that all instances together allow themselves (the per-app budget; Teams' documented
   * per-app limit is 50/s in the newest docs and 30/s in older ones, so the default stays under 30).
   */
  TEAMS_SENDS_PER_SECOND: z.coerce.number().int().min(1).max(50).default(APP_BUDGET_PER_SECOND),
  /** App Service instances running the bot: each takes 1/N of the per-app budget (the Bicep sets it). */
  INSTANCE_COUNT: z.coerce.number().int().min(1).max(30).default(1),
  /** Milliseconds a shared phase card waits to gather edits while people type into it (0 = at once). */
  CARD_UPDATE_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(2_500),
};

/** How this instance keeps within Teams' limits. */
export interface TeamsLimits {
  /** Instances sharing the per-app budget. */
  instanceCount: number;
  /** Coalescing window of shared card updates, in ms. */
  cardUpdateDelayMs: number;
}

/** The part of the configuration about Teams' limits. */
export interface TeamsConfig {
  /** Calls per second all instances together allow themselves (each instance takes 1/INSTANCE_COUNT of it). */
  teamsSendsPerSecond: number;
  teamsLimits: TeamsLimits;
}

/** The Teams limits part of the configuration. */
export function teamsConfig(e: {
  TEAMS_SENDS_PER_SECOND: number;
  INSTANCE_COUNT: number;
  CARD_UPDATE_DELAY_MS: number;
}): TeamsConfig {
  return {
    teamsSendsPerSecond: e.TEAMS_SENDS_PER_SECOND,
    teamsLimits: { instanceCount: e.INSTANCE_COUNT, cardUpdateDelayMs: e.CARD_UPDATE_DELAY_MS },
  };
}
