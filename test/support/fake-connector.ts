/**
 * A local fake of the Bot Framework Connector service (the REST API a bot calls to reply) and of the
 * Teams extensions botbuilder's `TeamsInfo` uses. Give the bot `fake.url` as the activity `serviceUrl`.
 *
 * Only what botbuilder 4.23's ConnectorClient / TeamsConnectorClient call is implemented:
 *   POST   /v3/conversations                                  create a conversation -> { id: 'a:...' }
 *   GET    /v3/conversations                                  list (always empty)
 *   POST   /v3/conversations/:conversationId/activities       send            -> { id: 'activity-<n>' }
 *   POST   /v3/conversations/:conversationId/activities/:id   reply           -> { id: 'activity-<n>' }
 *   PUT    /v3/conversations/:conversationId/activities/:id   update (404 if the activity is unknown)
 *   DELETE /v3/conversations/:conversationId/activities/:id   delete (404 if unknown)
 *   GET    /v3/conversations/:conversationId/members          members (setMembers)
 *   GET    /v3/conversations/:conversationId/members/:userId  one member (404 MemberNotFoundInConversation)
 *   GET    /v3/conversations/:conversationId/pagedmembers     ?pageSize=&continuationToken=
 *   GET    /v3/conversations/:conversationId/activities/:id/members
 *   GET    /v3/teams/:teamId                                  team details (setTeam, else 404)
 *   GET    /v3/teams/:teamId/conversations                    channels (setTeam, else 404)
 *   GET    /v1/meetings/:meetingId                            meeting info (setMeeting, else 404)
 *   GET    /v1/meetings/:meetingId/participants/:participantId?tenantId=  (setMeetingParticipant, else 404)
 *   POST   /v1/meetings/:meetingId/notification               202
 * Any path prefix before /v3 or /v1 is ignored, so a Teams-like serviceUrl `${fake.url}/amer/` works too.
 * Conversation ids (`19:x@thread.v2;messageid=1`) arrive URL-encoded and are decoded.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A JSON object as posted by botbuilder (an Activity, ConversationParameters, ...). */
export type Json = Record<string, unknown>;

export interface RecordedRequest {
  /** 1-based order of arrival. */
  seq: number;
  method: string;
  /**
   * What the request was: 'send' (POST .../activities), 'reply' (POST .../activities/:id; what
   * ctx.sendActivity uses inside a turn and in continueConversationAsync), 'update', 'delete',
   * 'createConversation', 'getMembers', 'getMember', 'getPagedMembers', 'getActivityMembers',
   * 'getMeetingParticipant', 'getMeeting', 'meetingNotification', 'getTeam', 'getTeamChannels',
   * 'getConversations', or 'unknown'.
   */
  operation: string;
  /** Path without query string and without any prefix before /v3 or /v1, still URL-encoded. */
  path: string;
  /** Parsed query string. */
  query: Record<string, string>;
  /** Decoded conversation id for /v3/conversations/:id/... routes. */
  conversationId?: string;
  /** Decoded activity id for .../activities/:activityId routes. */
  activityId?: string;
  /** Decoded route parameters (teamId, meetingId, participantId, userId). */
  params: Record<string, string>;
  /** Parsed JSON body (undefined when the request had none). */
  body: Json | undefined;
  /** Lower-cased request headers. */
  headers: Record<string, string | string[] | undefined>;
  /** Date.now() when the request arrived. */
  time: number;
  /** The status the fake answered with (set before the response is written). */
  status: number;
  /** True when the answer came from failNext(). */
  injected: boolean;
}

/** An activity as the fake currently holds it: the last posted/updated body with its id. */
export type StoredActivity = Json & { id: string; type?: string; text?: string; attachments?: unknown[] };

export interface Member {
  id: string;
  name?: string;
  aadObjectId?: string;
  userPrincipalName?: string;
  email?: string;
  givenName?: string;
  surname?: string;
  tenantId?: string;
  userRole?: string;
  [key: string]: unknown;
}

export interface FaultSpec {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** Substring of the decoded path, e.g. '/activities' or the conversation id (any when omitted). */
  pathIncludes?: string;
  /** Extra matcher, called with the recorded request (body parsed). */
  match?: (req: RecordedRequest) => boolean;
  /** Status to answer with: 429 (sends Retry-After), 403, 404, 502, ... */
  status: number;
  /**
   * Value of the Retry-After header (seconds). For 429 it defaults to 0 when omitted; null sends no header.
   * Note: botbuilder's HTTP pipeline itself retries a 429/503 that carries Retry-After (and any 5xx but
   * 501/505, with exponential backoff from 1 s) up to 3 times, so use count >= 4 for the error to reach the bot.
   */
  retryAfterSeconds?: number | null;
  /** How many matching requests to fail (default 1; Infinity for "until reset"). */
  count?: number;
  /** Response body; defaults to a Teams-like `{ error: { code, message } }` for the status. */
  body?: unknown;
}

/** A sliding window: at most `limit` requests in any `ms`. */
export interface LimitWindow {
  limit: number;
  ms: number;
}

/** Teams' documented limits (learn.microsoft.com bots/how-to/rate-limit), as the strict fake keeps them. */
export const TEAMS_LIMITS = {
  /** Per bot per thread: every operation on one conversation (posts, edits, deletes, member lookups). */
  perThread: [
    { limit: 7, ms: 1_000 },
    { limit: 8, ms: 2_000 },
    { limit: 60, ms: 30_000 },
    { limit: 1_800, ms: 3_600_000 },
  ] as LimitWindow[],
  /** Per app per tenant: every request. */
  perApp: [{ limit: 50, ms: 1_000 }] as LimitWindow[],
};

/** A refresh invoke the fake sent for a listed user after an edit of a card with `refresh.userIds`. */
export interface RefreshInvoke {
  conversationId: string;
  activityId: string;
  userId: string;
  /** The card's refresh action (its verb and data). */
  action: Json;
}

export interface StartOptions {
  /**
   * Teams' limits (default on): over a window the fake answers 429 with Retry-After and counts it in
   * `provoked429`, and each edit of a card with `refresh.userIds` sends one refresh invoke per listed user.
   */
  strict?: boolean;
}

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Shown in the timeout error. */
  description?: string;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

const DEFAULT_ERRORS: Record<number, { code: string; message: string }> = {
  400: { code: 'BadArgument', message: 'Malformed request.' },
  401: { code: 'Unauthorized', message: 'Authorization has been denied for this request.' },
  403: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' },
  404: { code: 'ConversationNotFound', message: 'Conversation not found.' },
  412: { code: 'PreconditionFailed', message: 'Precondition failed.' },
  429: { code: 'Throttled', message: 'Too many requests. Retry after the delay in Retry-After.' },
  500: { code: 'InternalServerError', message: 'An internal error occurred.' },
  502: { code: 'ServiceError', message: 'Bad gateway: upstream service failure.' },
  503: { code: 'ServiceUnavailable', message: 'Service unavailable.' },
};

function teamsError(
  status: number,
  code?: string,
  message?: string,
): { error: { code: string; message: string } } {
  const d = DEFAULT_ERRORS[status] ?? { code: `Http${status}`, message: `HTTP ${status}` };
  return { error: { code: code ?? d.code, message: message ?? d.message } };
}

interface Reply {
  status: number;
  body?: unknown;
}

function reply(status: number, body?: unknown): Reply {
  return { status, body };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function operationOf(method: string, s: string[]): string {
  const [v, kind, id, sub, subId, subSub] = s;
  if (v === 'v3' && kind === 'conversations') {
    if (id === undefined) return method === 'POST' ? 'createConversation' : 'getConversations';
    if (sub === 'activities') {
      if (subId === undefined) return method === 'POST' ? 'send' : 'unknown';
      if (subSub === 'members') return 'getActivityMembers';
      if (subSub !== undefined) return 'unknown';
      return (
        ({ POST: 'reply', PUT: 'update', DELETE: 'delete' } as Record<string, string>)[method] ?? 'unknown'
      );
    }
    if (sub === 'members') return subId === undefined ? 'getMembers' : 'getMember';
    if (sub === 'pagedmembers') return 'getPagedMembers';
  }
  if (v === 'v3' && kind === 'teams') return sub === 'conversations' ? 'getTeamChannels' : 'getTeam';
  if (v === 'v1' && kind === 'meetings') {
    if (sub === 'participants') return 'getMeetingParticipant';
    if (sub === 'notification') return 'meetingNotification';
    return 'getMeeting';
  }
  return 'unknown';
}

function describeRequest(r: RecordedRequest): string {
  const body = r.body === undefined ? '' : ` ${JSON.stringify(r.body).slice(0, 300)}`;
  return `  #${r.seq} ${r.operation} ${r.method} ${r.path} -> ${r.status}${r.injected ? ' (injected)' : ''}${body}`;
}

export class FakeConnector {
  /** Base URL, e.g. http://127.0.0.1:54321 (no trailing slash). Use as serviceUrl. */
  readonly url: string;
  /** Every request received, in order of arrival. */
  readonly requests: RecordedRequest[] = [];
  /** Members per conversation id, answered by the members routes. */
  readonly members = new Map<string, Member[]>();
  /** Meeting participants by `${meetingId}|${participantId}` (participantId = AAD object id). */
  readonly meetingParticipants = new Map<string, Json>();
  /** Meeting details by meeting id. */
  readonly meetings = new Map<string, Json>();
  /** Team details and channels by team id. */
  readonly teams = new Map<string, { details: Json; channels: { id: string; name?: string }[] }>();
  /** Conversations created with POST /v3/conversations: the parameters and the id answered. */
  readonly createdConversations: { id: string; parameters: Json }[] = [];

  private readonly server: Server;
  private readonly store = new Map<
    string,
    Map<string, { current: StoredActivity; history: StoredActivity[] }>
  >();
  private readonly posted = new Map<string, StoredActivity[]>();
  private faults: ActiveFault[] = [];
  /** Teams' limits are kept (429 + Retry-After beyond them) and refresh invokes sent. */
  strict = true;
  /** Requests answered 429 because a window of TEAMS_LIMITS was exceeded (injected faults not counted). */
  provoked429 = 0;
  /** Refresh invokes sent to the bot, one per listed user per edit (strict mode, with `refreshTo` set). */
  readonly refreshInvokes: RefreshInvoke[] = [];
  /** Sends a refresh invoke to the bot as that user's Teams client would; set by the harness. */
  refreshTo?: (invoke: RefreshInvoke) => Promise<void>;
  private readonly threadTimes = new Map<string, number[]>();
  private readonly appTimes: number[] = [];
  private readonly inFlightRefresh = new Set<Promise<void>>();
  private holds: { match: (r: RecordedRequest) => boolean; released: Promise<void> }[] = [];
  private nextActivity = 1;
  private nextConversation = 1;
  private seq = 0;

  private constructor(server: Server, url: string) {
    this.server = server;
    this.url = url;
  }

  /** Starts the fake on 127.0.0.1 with a free port (strict, as Teams, unless told otherwise). */
  static async start(options: StartOptions = {}): Promise<FakeConnector> {
    let fake: FakeConnector | undefined;
    const server = createServer((req, res) => {
      if (!fake) {
        res.statusCode = 503;
        res.end();
        return;
      }
      fake.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(teamsError(500, 'FakeConnectorBug', String(err))));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    fake = new FakeConnector(server, `http://127.0.0.1:${port}`);
    fake.strict = options.strict ?? true;
    return fake;
  }

  /** Current state of each activity posted to the conversation (updates applied, deletions removed), in post order. */
  activities(conversationId: string): StoredActivity[] {
    const conv = this.store.get(conversationId);
    return conv ? [...conv.values()].map((e) => e.current) : [];
  }

  /** Activities POSTed (sent or replied) to the conversation, as posted, with their assigned ids, in order. */
  sent(conversationId: string): StoredActivity[] {
    return [...(this.posted.get(conversationId) ?? [])];
  }

  /** Every version of one activity: the posted body, then each update. */
  history(conversationId: string, activityId: string): StoredActivity[] {
    return [...(this.store.get(conversationId)?.get(activityId)?.history ?? [])];
  }

  /** Conversation ids that received at least one POSTed activity. */
  conversationIds(): string[] {
    return [...this.posted.keys()];
  }

  /** Sets the roster answered for the conversation (members, member and pagedmembers routes). */
  setMembers(conversationId: string, members: Member[]): void {
    this.members.set(conversationId, members);
  }

  /**
   * Answers TeamsInfo.getMeetingParticipant(meetingId, participantId) with this participant instead of 404.
   * `participant` is merged into `{ user: { id, aadObjectId }, meeting: { role, inMeeting: true }, conversation }`.
   */
  setMeetingParticipant(
    meetingId: string,
    participantId: string,
    participant: {
      role?: 'Organizer' | 'Presenter' | 'Attendee';
      user?: Json;
      conversation?: Json;
      meeting?: Json;
    },
  ): void {
    const { role = 'Attendee', user, conversation, meeting } = participant;
    this.meetingParticipants.set(`${meetingId}|${participantId}`, {
      user: { id: participantId, aadObjectId: participantId, ...user },
      meeting: { role, inMeeting: true, ...meeting },
      conversation: { id: 'unknown', ...conversation },
    });
  }

  /** Answers TeamsInfo.getMeetingInfo(meetingId). */
  setMeeting(meetingId: string, info: Json): void {
    this.meetings.set(meetingId, info);
  }

  /** Answers TeamsInfo.getTeamDetails / getTeamChannels. */
  setTeam(teamId: string, details: Json, channels: { id: string; name?: string }[] = []): void {
    this.teams.set(teamId, { details: { id: teamId, ...details }, channels });
  }

  /** Puts an activity in the store as if the bot had posted it earlier (e.g. before a restart). */
  seedActivity(conversationId: string, activity: Json & { id: string }): void {
    const a = { ...activity } as StoredActivity;
    this.conversation(conversationId).set(a.id, { current: a, history: [a] });
  }

  /**
   * Answers the next `count` (default 1) matching requests with `status`, then behaves normally.
   * A 429 carries `Retry-After` (default 0 s). Faults are checked in the order they were added.
   */
  failNext(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.count ?? 1 });
  }

  /** Requests answered so far, optionally filtered. */
  requestsTo(method: string, pathIncludes?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === method && (pathIncludes === undefined || safeDecode(r.path).includes(pathIncludes)),
    );
  }

  /**
   * Polls until `predicate(this)` returns a truthy value and returns it; throws after `timeoutMs`
   * (default 2000) with the description and every recorded request.
   */
  async waitFor<T>(
    predicate: (fake: FakeConnector) => T | undefined | null | false,
    options: WaitForOptions = {},
  ): Promise<T> {
    const { timeoutMs = 2000, intervalMs = 10, description } = options;
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const v = predicate(this);
        if (v) return v;
      } catch (err) {
        lastError = err;
      }
      if (Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    const what = description ?? (predicate.toString().replace(/\s+/g, ' ').slice(0, 200) || 'predicate');
    const recorded = this.requests.length
      ? `recorded ${this.requests.length} request(s):\n${this.requests.map(describeRequest).join('\n')}`
      : 'the fake connector recorded no requests';
    const last = lastError ? `\nlast predicate error: ${String(lastError)}` : '';
    throw new Error(
      `FakeConnector.waitFor timed out after ${timeoutMs} ms waiting for: ${what}\n${recorded}${last}`,
    );
  }

  /**
   * Holds matching requests (answered only after `release()`), as a slow Teams would: e.g. every PUT.
   * Returns the release; requests arriving after it go through at once.
   */
  hold(match: (r: RecordedRequest) => boolean): () => void {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const entry = { match, released };
    this.holds.push(entry);
    return () => {
      this.holds = this.holds.filter((h) => h !== entry);
      release();
    };
  }

  /** Resolves when every refresh invoke sent so far was answered. */
  async settled(): Promise<void> {
    while (this.inFlightRefresh.size > 0) await Promise.allSettled([...this.inFlightRefresh]);
  }

  /**
   * The most requests seen in any window of `w` for one thread (or, without a thread, for the app),
   * among answered (not throttled) requests: compare with TEAMS_LIMITS.
   */
  peak(w: LimitWindow, conversationId?: string): number {
    const times = this.requests
      .filter(
        (r) => r.status !== 429 && (conversationId === undefined || r.conversationId === conversationId),
      )
      .map((r) => r.time)
      .sort((a, b) => a - b);
    let most = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while ((times[end] ?? 0) - (times[start] ?? 0) >= w.ms) start++;
      most = Math.max(most, end - start + 1);
    }
    return most;
  }

  /** Forgets requests, activities, members, participants, teams, created conversations and faults. Ids keep counting. */
  reset(): void {
    this.provoked429 = 0;
    this.refreshInvokes.length = 0;
    this.threadTimes.clear();
    this.appTimes.length = 0;
    this.requests.length = 0;
    this.createdConversations.length = 0;
    this.store.clear();
    this.posted.clear();
    this.members.clear();
    this.meetingParticipants.clear();
    this.meetings.clear();
    this.teams.clear();
    this.faults = [];
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---------------------------------------------------------------------------------------------

  private conversation(
    conversationId: string,
  ): Map<string, { current: StoredActivity; history: StoredActivity[] }> {
    let conv = this.store.get(conversationId);
    if (!conv) {
      conv = new Map();
      this.store.set(conversationId, conv);
    }
    return conv;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', 'http://fake');
    // Drop any serviceUrl prefix such as /amer/ before /v3 or /v1.
    const m = /\/v[13]\/.*$/.exec(u.pathname);
    const path = m ? m[0] : u.pathname;
    const segments = path.split('/').slice(1).map(safeDecode);
    const rec: RecordedRequest = {
      seq: ++this.seq,
      method: req.method ?? 'GET',
      operation: 'unknown',
      path,
      query: Object.fromEntries(u.searchParams),
      params: {},
      body: undefined,
      headers: { ...req.headers },
      time: Date.now(),
      status: 0,
      injected: false,
    };
    if (segments[0] === 'v3' && segments[1] === 'conversations' && segments[2] !== undefined) {
      rec.conversationId = segments[2];
      if (segments[3] === 'activities' && segments[4] !== undefined) rec.activityId = segments[4];
      if (segments[3] === 'members' && segments[4] !== undefined) rec.params.userId = segments[4];
    } else if (segments[0] === 'v3' && segments[1] === 'teams' && segments[2] !== undefined) {
      rec.params.teamId = segments[2];
    } else if (segments[0] === 'v1' && segments[1] === 'meetings' && segments[2] !== undefined) {
      rec.params.meetingId = segments[2];
      if (segments[3] === 'participants' && segments[4] !== undefined) rec.params.participantId = segments[4];
    }
    rec.operation = operationOf(rec.method, segments);
    this.requests.push(rec);

    const send = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
      rec.status = status;
      res.statusCode = status;
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      if (body === undefined) {
        res.end();
      } else {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(JSON.stringify(body));
      }
    };

    if (raw.length > 0) {
      try {
        rec.body = JSON.parse(raw) as Json;
      } catch {
        send(400, teamsError(400, 'BadSyntax', 'Request body is not JSON.'));
        return;
      }
    }

    const held = this.holds.find((h) => h.match(rec));
    if (held) await held.released;

    const decodedPath = segments.join('/');
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.method === undefined || f.method.toUpperCase() === rec.method) &&
        (f.pathIncludes === undefined ||
          `/${decodedPath}`.includes(f.pathIncludes) ||
          path.includes(f.pathIncludes)) &&
        (f.match === undefined || f.match(rec)),
    );
    if (fault) {
      fault.remaining -= 1;
      this.faults = this.faults.filter((f) => f.remaining > 0);
      rec.injected = true;
      const headers: Record<string, string> = {};
      const retryAfter =
        fault.retryAfterSeconds === undefined
          ? fault.status === 429
            ? 0
            : undefined
          : fault.retryAfterSeconds;
      if (retryAfter !== undefined && retryAfter !== null) headers['retry-after'] = String(retryAfter);
      send(fault.status, fault.body ?? teamsError(fault.status), headers);
      return;
    }

    const wait = this.strict ? this.throttle(rec) : 0;
    if (wait > 0) {
      this.provoked429++;
      send(429, teamsError(429), { 'retry-after': String(Math.ceil(wait / 1000)) });
      return;
    }
    const r = this.route(rec, segments);
    send(r.status, r.body);
    if (this.strict && rec.method === 'PUT' && r.status === 200) this.refreshAfterEdit(rec);
  }

  /** Ms until the request would fit Teams' windows (0: it fits, and is counted). */
  private throttle(rec: RecordedRequest): number {
    const now = rec.time;
    const over = (times: number[], windows: LimitWindow[]) => {
      let wait = 0;
      for (const w of windows) {
        const inWindow = times.filter((t) => t > now - w.ms);
        if (inWindow.length >= w.limit) wait = Math.max(wait, (inWindow[0] ?? now) + w.ms - now);
      }
      return wait;
    };
    const thread =
      rec.conversationId === undefined ? undefined : (this.threadTimes.get(rec.conversationId) ?? []);
    const wait = Math.max(
      over(this.appTimes, TEAMS_LIMITS.perApp),
      thread ? over(thread, TEAMS_LIMITS.perThread) : 0,
    );
    if (wait > 0) return wait;
    this.appTimes.push(now);
    while ((this.appTimes[0] ?? now) <= now - 1_000) this.appTimes.shift();
    if (thread && rec.conversationId !== undefined) {
      thread.push(now);
      while ((thread[0] ?? now) <= now - 3_600_000) thread.shift();
      this.threadTimes.set(rec.conversationId, thread);
    }
    return 0;
  }

  /** As Teams clients do: each user listed in the edited card's `refresh.userIds` asks the bot for their view. */
  private refreshAfterEdit(rec: RecordedRequest): void {
    const attachments = (rec.body?.attachments ?? []) as { content?: Json }[];
    const refresh = attachments[0]?.content?.refresh as { userIds?: unknown; action?: Json } | undefined;
    if (!refresh || !Array.isArray(refresh.userIds) || !rec.conversationId || !rec.activityId) return;
    for (const userId of refresh.userIds.slice(0, 60)) {
      if (typeof userId !== 'string') continue;
      const invoke = {
        conversationId: rec.conversationId,
        activityId: rec.activityId,
        userId,
        action: refresh.action ?? {},
      };
      this.refreshInvokes.push(invoke);
      if (!this.refreshTo) continue;
      const sent = this.refreshTo(invoke).catch(() => undefined);
      this.inFlightRefresh.add(sent);
      sent.finally(() => this.inFlightRefresh.delete(sent));
    }
  }

  private route(rec: RecordedRequest, s: string[]): Reply {
    const method = rec.method;
    const notFound = (code = 'NotFound', message = `No route for ${method} ${rec.path}`) =>
      reply(404, teamsError(404, code, message));

    if (s[0] === 'v3' && s[1] === 'conversations') {
      const conversationId = rec.conversationId;
      if (conversationId === undefined) {
        if (method === 'POST') return this.createConversation(rec);
        if (method === 'GET') return reply(200, { conversations: [] });
        return notFound();
      }
      const sub = s[3];
      if (sub === 'activities') {
        const activityId = rec.activityId;
        if (activityId === undefined) {
          if (method === 'POST') return reply(200, { id: this.post(conversationId, rec.body) });
          return notFound();
        }
        if (s[5] === 'members' && method === 'GET') return reply(200, this.members.get(conversationId) ?? []);
        if (s.length > 5) return notFound();
        if (method === 'POST') {
          const body = { ...rec.body, replyToId: rec.body?.replyToId ?? activityId };
          return reply(200, { id: this.post(conversationId, body) });
        }
        const entry = this.store.get(conversationId)?.get(activityId);
        if (!entry)
          return notFound('ActivityNotFound', `Activity ${activityId} not found in ${conversationId}.`);
        if (method === 'PUT') {
          const updated = { ...rec.body, id: activityId } as StoredActivity;
          entry.current = updated;
          entry.history.push(updated);
          return reply(200, { id: activityId });
        }
        if (method === 'DELETE') {
          this.store.get(conversationId)?.delete(activityId);
          return reply(200);
        }
        return notFound();
      }
      if (sub === 'members' && method === 'GET') {
        const members = this.members.get(conversationId) ?? [];
        const userId = rec.params.userId;
        if (userId === undefined) return reply(200, members);
        const member = members.find((x) => x.id === userId || x.aadObjectId === userId);
        return member
          ? reply(200, member)
          : notFound('MemberNotFoundInConversation', 'The member was not found in the conversation.');
      }
      if (sub === 'pagedmembers' && method === 'GET') {
        const members = this.members.get(conversationId) ?? [];
        const pageSize = Number(rec.query.pageSize ?? '') || 200;
        const start = Number(rec.query.continuationToken ?? '') || 0;
        const page = members.slice(start, start + pageSize);
        const next = start + pageSize < members.length ? String(start + pageSize) : undefined;
        return reply(200, next ? { members: page, continuationToken: next } : { members: page });
      }
      return notFound();
    }

    if (s[0] === 'v3' && s[1] === 'teams' && method === 'GET') {
      const team = this.teams.get(rec.params.teamId ?? '');
      if (!team) return notFound('TeamNotFound', 'Team not found.');
      if (s[3] === 'conversations') return reply(200, { conversations: team.channels });
      if (s.length === 3) return reply(200, team.details);
      return notFound();
    }

    if (s[0] === 'v1' && s[1] === 'meetings') {
      const meetingId = rec.params.meetingId ?? '';
      if (s[3] === 'participants' && method === 'GET') {
        const p = this.meetingParticipants.get(`${meetingId}|${rec.params.participantId}`);
        return p ? reply(200, p) : notFound('NotFound', 'Participant not found in the meeting.');
      }
      if (s[3] === 'notification' && method === 'POST') return reply(202);
      if (s.length === 3 && method === 'GET') {
        const info = this.meetings.get(meetingId);
        return info ? reply(200, info) : notFound('NotFound', 'Meeting not found.');
      }
    }
    return notFound();
  }

  private post(conversationId: string, body: Json | undefined): string {
    const id = `activity-${this.nextActivity++}`;
    const activity = { ...body, id } as StoredActivity;
    this.conversation(conversationId).set(id, { current: activity, history: [activity] });
    const list = this.posted.get(conversationId) ?? [];
    list.push(activity);
    this.posted.set(conversationId, list);
    return id;
  }

  private createConversation(rec: RecordedRequest): Reply {
    const parameters = rec.body ?? {};
    const id = `a:fake-conversation-${this.nextConversation++}`;
    this.createdConversations.push({ id, parameters });
    const answer: Json = { id };
    const activity = parameters.activity as Json | undefined;
    if (activity) answer.activityId = this.post(id, activity);
    return reply(201, answer);
  }
}
