/**
 * The checks on /api/messages that the connector library does not make: a channel token's issuer must be
 * the Bot Framework itself (the library also accepts Emulator and skill tokens), the channel must be
 * Teams, and the serviceUrl must be one of Teams' hosts. They only ever REFUSE; a request that passes
 * still goes through the library, which verifies the token's signature.
 */
import { decodeJwt, type JWTPayload } from 'jose';
import type { ServiceUrlPolicy } from '../teams/edge/service-urls.js';

/** The only issuer of channel tokens the bot accepts. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

/** Why a request was refused: one word, logged as `reason` on the `auth.refused` event. */
export type RefusalReason =
  | 'missing'
  | 'malformed'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'signature'
  | 'channel'
  | 'service-url';

export interface Refusal {
  status: 401 | 403;
  reason: RefusalReason;
}

/** The library allows five minutes of clock skew; so does this check. */
const CLOCK_TOLERANCE_S = 300;

function claimsOf(authHeader: string): JWTPayload | 'missing' | 'malformed' {
  const token = /^Bearer ([A-Za-z0-9._~+/=-]{1,8000})$/.exec(authHeader)?.[1];
  if (!token) return authHeader.trim() ? 'malformed' : 'missing';
  try {
    return decodeJwt(token);
  } catch {
    return 'malformed';
  }
}

/** A refusal for a request the bot must not run, or undefined to hand it to the connector library. */
export function checkChannelRequest(
  authHeader: string,
  activity: { channelId?: unknown; serviceUrl?: unknown },
  opts: { appId?: string; serviceUrls: ServiceUrlPolicy; now?: () => number },
): Refusal | undefined {
  if (opts.appId) {
    const claims = claimsOf(authHeader);
    if (claims === 'missing' || claims === 'malformed') return { status: 401, reason: claims };
    if (claims.iss !== BOT_FRAMEWORK_ISSUER) return { status: 401, reason: 'issuer' };
    if (claims.aud !== opts.appId) return { status: 401, reason: 'audience' };
    const now = (opts.now ?? Date.now)() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp + CLOCK_TOLERANCE_S < now)
      return { status: 401, reason: 'expired' };
    if (claims.serviceurl !== activity.serviceUrl) return { status: 401, reason: 'service-url' };
    if (activity.channelId !== 'msteams') return { status: 403, reason: 'channel' };
  }
  if (!opts.serviceUrls.allows(activity.serviceUrl)) return { status: 403, reason: 'service-url' };
  return undefined;
}

/** The reason word for a token the connector library refused (its messages, never logged as they are). */
export function libraryRefusalReason(err: unknown): RefusalReason {
  const message = String((err as { message?: unknown } | undefined)?.message ?? '');
  if (/expired/i.test(message)) return 'expired';
  if (/endorsement/i.test(message)) return 'channel';
  if (/serviceurl/i.test(message)) return 'service-url';
  if (/appid|audience/i.test(message)) return 'audience';
  if (/issuer/i.test(message)) return 'issuer';
  if (/not authorized/i.test(message)) return 'missing';
  return 'signature';
}
