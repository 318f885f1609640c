/**
 * AUTH for the tab API: a valid Teams SSO token and membership of the roundtable's chat (asked of
 * Teams, cached briefly); plus the request wrapper that turns failures into answers.
 */

import { type CloudAdapter, type ConversationReference, TeamsInfo } from 'botbuilder';
import type restify from 'restify';
import { translateMessage } from '../i18n/messages.js';
import { pickLanguage, REFERENCE_LANGUAGE } from '../i18n/text.js';
import type { Logger } from '../log.js';
import { type Failure, failureStatus, type Outcome } from '../roundtable/outcome.js';
import { type Actor, inTenant } from '../roundtable/permissions.js';
import type { Roundtable } from '../roundtable/types.js';
import type { MeetingRoles } from '../teams/edge/meeting-roles.js';
import type { TabAuth, TabIdentity } from './tab-auth.js';

/** How long a membership answer from Teams is trusted (positive / negative). */
const MEMBER_TTL_MS = 2 * 60_000;
const NON_MEMBER_TTL_MS = 30_000;

interface Member {
  id: string;
  name?: string;
  aadObjectId?: string;
}

/** An expected failure of a tab request, answered with its status and message. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Who each request turned out to be (for the access log of a refusal that came after the token check). */
const identities = new WeakMap<restify.Request, TabIdentity>();

/** The identity the token of this request proved, if its check has run. */
export function identityOf(req: restify.Request): TabIdentity | undefined {
  return identities.get(req);
}

/** Who is calling: token, then membership of the roundtable's chat, then the actor the domain checks. */
export class TabAccess {
  private readonly members = new Map<string, { member?: Member; until: number }>();

  constructor(
    private readonly deps: {
      appId: string;
      auth: TabAuth;
      adapter: CloudAdapter;
      meetingRoles: MeetingRoles;
    },
  ) {}

  /** A valid token (and an allowed tenant), or an HttpFailure with the token's problem. Reads nothing. */
  async identity(req: restify.Request): Promise<TabIdentity> {
    const verified = await this.deps.auth.verify(req.headers.authorization, req.socket.remoteAddress);
    if (!verified.ok) throw new HttpFailure(verified.status, verified.message);
    identities.set(req, verified.identity);
    return verified.identity;
  }

  /**
   * AUTH for every API call, after `identity` (checked before anything is read): the roundtable is in the
   * caller's tenant (else "not found") and the caller is a member of its chat.
   */
  async actorFor(who: TabIdentity, rt: Roundtable): Promise<{ actor: Actor; who: TabIdentity }> {
    if (!who.dev && !inTenant(rt.chat.tenantId, who.tid))
      throw new HttpFailure(404, 'That roundtable does not exist.');
    const member = await this.memberOf(rt, who);
    if (!member) throw new HttpFailure(403, 'Only members of this meeting chat can see its roundtable.');
    const meetingId = this.deps.meetingRoles.meetingOf(rt.chat.conversationId);
    const aad = member.aadObjectId ?? who.oid;
    const actor: Actor = {
      person: { id: member.id, name: (member.name ?? who.name).slice(0, 100), aadObjectId: aad },
      conversationId: rt.chat.conversationId,
      // The development sign-in (local mode only) names no tenant: it acts in the roundtable's own.
      ...(who.dev ? tenantOf(rt) : who.tid ? { tenantId: who.tid } : {}),
      ...(meetingId
        ? {
            isMeetingOrganizer: async () =>
              (await this.deps.meetingRoles.role(meetingId, aad, () =>
                this.askMeetingRole(rt, meetingId, aad),
              )) === 'Organizer',
          }
        : {}),
    };
    return { actor, who };
  }

  /** Is the signed-in person a member of the roundtable's chat? Asked of Teams with the stored conversation reference. */
  private async memberOf(rt: Roundtable, who: TabIdentity): Promise<Member | undefined> {
    const key = `${rt.chat.conversationId}|${who.oid}`;
    const hit = this.members.get(key);
    if (hit && hit.until > Date.now()) return hit.member;
    let member: Member | undefined;
    let failure: unknown;
    await this.deps.adapter.continueConversationAsync(
      this.deps.appId,
      rt.chat.reference as Partial<ConversationReference>,
      async (ctx) => {
        try {
          member = await TeamsInfo.getMember(ctx, who.oid);
        } catch (err) {
          failure = err;
        }
      },
    );
    const status = (failure as { statusCode?: number } | undefined)?.statusCode;
    if (failure && status !== 404)
      throw new HttpFailure(503, 'Teams could not confirm your membership; try again.');
    if (this.members.size > 10_000) this.members.clear();
    this.members.set(key, { member, until: Date.now() + (member ? MEMBER_TTL_MS : NON_MEMBER_TTL_MS) });
    return member;
  }

  private async askMeetingRole(rt: Roundtable, meetingId: string, aad: string): Promise<string | undefined> {
    let role: string | undefined;
    let failure: unknown;
    await this.deps.adapter.continueConversationAsync(
      this.deps.appId,
      rt.chat.reference as Partial<ConversationReference>,
      async (ctx) => {
        try {
          role = (await TeamsInfo.getMeetingParticipant(ctx, meetingId, aad, rt.chat.tenantId)).meeting?.role;
        } catch (err) {
          failure = err;
        }
      },
    );
    if (failure) throw failure;
    return role;
  }
}

/** Wraps a tab handler: no caching, HttpFailure → its status, anything else → 503/500 with a safe message. */
export function tabRoute(
  log: Logger,
  handler: (req: restify.Request, res: restify.Response) => Promise<void>,
): restify.RequestHandler {
  return async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    inReadersLanguage(req, res);
    try {
      await handler(req, res);
    } catch (err) {
      if (err instanceof HttpFailure) {
        res.send(err.status, { error: err.message });
        return;
      }
      const name = (err as Error)?.name;
      log.warn({ event: 'tab.request.failed', err: name, path: req.getPath() }, 'tab request failed');
      res.send(name === 'StoreUnavailable' ? 503 : 500, {
        error: 'Something went wrong; nothing was changed. Try again in a moment.',
      });
    }
  };
}

/**
 * The answer's `error` and `notice` in the page's language (#29 item 4): the tab sends it as `Accept-Language`;
 * the domain's English messages are read through the messages catalogue (bot/i18n/messages.ts).
 */
function inReadersLanguage(req: restify.Request, res: restify.Response): void {
  const lang = pickLanguage(req.header('accept-language')?.split(',')[0]?.split(';')[0]?.trim());
  if (lang === REFERENCE_LANGUAGE) return;
  const send = res.send.bind(res) as (...args: unknown[]) => unknown;
  const local = (body: unknown) => {
    if (!body || typeof body !== 'object' || Array.isArray(body) || Buffer.isBuffer(body)) return body;
    const b = body as Record<string, unknown>;
    return {
      ...b,
      ...(typeof b.error === 'string' ? { error: translateMessage(lang, b.error) } : {}),
      ...(typeof b.notice === 'string' ? { notice: translateMessage(lang, b.notice) } : {}),
    };
  };
  (res as { send: (...args: unknown[]) => unknown }).send = (...args: unknown[]) =>
    typeof args[0] === 'number'
      ? send(args[0], local(args[1]), ...args.slice(2))
      : send(local(args[0]), ...args.slice(1));
}

/** Answers a domain outcome: its failure with the failure's status, or 200 with the notice. */
export function answer<T>(res: restify.Response, outcome: Outcome<T>): void {
  if (!outcome.ok) {
    res.send(failureStatus(outcome.failure.code), failureBody(outcome.failure));
    return;
  }
  res.send(200, { ok: true, notice: outcome.notice });
}

function failureBody(failure: Failure) {
  return { error: failure.message, code: failure.code };
}

/** The roundtable's tenant as an actor's (none in local mode without one). */
const tenantOf = (rt: Roundtable) => (rt.chat.tenantId ? { tenantId: rt.chat.tenantId } : {});
