/**
 * Which Bot Connector hosts the bot talks to: the `serviceUrl` of every incoming activity and of every
 * stored conversation reference used for a proactive send must fall under one of these prefixes.
 * Anything else is refused and never contacted (the bot would otherwise send its token there).
 * The list is TEAMS_SERVICE_URLS (bot/config.ts, DEFAULT_TEAMS_SERVICE_URLS).
 */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface Prefix {
  origin: string;
  path: string;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** True for an http(s) URL on this machine (the Agents Playground, the tests' fake connector). */
export function isLoopbackUrl(url: string): boolean {
  const u = parse(url);
  return !!u && (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK.has(u.hostname);
}

/** The allow-list of Bot Connector URL prefixes; in local mode loopback URLs are allowed as well. */
export class ServiceUrlPolicy {
  private readonly prefixes: Prefix[];

  constructor(
    prefixes: string[],
    private readonly allowLoopback: boolean,
  ) {
    this.prefixes = prefixes.flatMap((p) => {
      const u = parse(p.trim());
      if (!u) return [];
      return [{ origin: u.origin, path: u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/` }];
    });
  }

  /** True when `serviceUrl` is an http(s) URL under an allowed prefix (same origin, path below it). */
  allows(serviceUrl: unknown): boolean {
    if (typeof serviceUrl !== 'string' || serviceUrl.length > 2000) return false;
    const u = parse(serviceUrl);
    if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password) return false;
    if (this.allowLoopback && LOOPBACK.has(u.hostname)) return true;
    const path = u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/`;
    return this.prefixes.some((p) => p.origin === u.origin && path.startsWith(p.path));
  }
}
