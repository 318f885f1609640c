/**
 * The meeting tab's API (/api/tab/...) and its static pages (/tab/...). Every change goes through the
 * same RoundtableService functions the bot's commands and cards use; this file only authenticates,
 * reads the request, and shapes the answer.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type CloudAdapter, type ConversationReference, TeamsInfo } from 'botbuilder';
import type restify from 'restify';
import { buildTab, TAB_DIST } from '../../tab/build.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { type Failure, failureStatus, type Outcome } from '../roundtable/outcome.js';
import { type Actor, isFacilitator } from '../roundtable/permissions.js';
import { currentPhase, PHASE_INFO } from '../roundtable/phases.js';
import type { ContributionInput, RoundtableService, RoundtableView } from '../roundtable/service.js';
import type { Contribution, PhaseKey, Roundtable } from '../roundtable/types.js';
import type { Effect } from '../teams/handlers.js';
import type { MeetingRoles } from '../teams/meeting-roles.js';
import type { CardPublisher } from '../teams/publisher.js';
import { isLoopback, TabAuth, type TabIdentity } from './tab-auth.js';

export interface TabApiDeps {
  config: Config;
  service: RoundtableService;
  adapter: CloudAdapter;
  publisher: CardPublisher;
  meetingRoles: MeetingRoles;
  log: Logger;
}

/** How long a membership answer from Teams is trusted (positive / negative). */
const MEMBER_TTL_MS = 2 * 60_000;
const NON_MEMBER_TTL_MS = 30_000;

interface Member {
  id: string;
  name?: string;
  aadObjectId?: string;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Registers /api/tab/* and /tab/* on the server; builds the tab bundle first if it is missing or stale. */
export async function registerTabApi(server: restify.Server, deps: TabApiDeps): Promise<void> {
  const { config, service, log } = deps;
  const auth = new TabAuth({
    appId: config.appId,
    domain: config.tab.domain,
    jwksUrl: config.tab.jwksUrl,
    issuers: config.tab.issuers,
    allowedTenants: config.allowedTenants,
    localMode: config.localMode,
  });
  const members = new Map<string, { member?: Member; until: number }>();

  try {
    const ms = await buildTab();
    if (ms > 0) log.info({ event: 'tab.built', ms }, 'tab bundle built');
  } catch (err) {
    log.warn({ event: 'tab.build.failed', err: (err as Error).name }, 'tab bundle could not be built');
  }

  /** Is the signed-in person a member of the roundtable's chat? Asked of Teams with the stored conversation reference. */
  async function memberOf(rt: Roundtable, who: TabIdentity): Promise<Member | undefined> {
    const key = `${rt.chat.conversationId}|${who.oid}`;
    const hit = members.get(key);
    if (hit && hit.until > Date.now()) return hit.member;
    let member: Member | undefined;
    let failure: unknown;
    await deps.adapter.continueConversationAsync(
      config.appId ?? '',
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
    if (members.size > 10_000) members.clear();
    members.set(key, { member, until: Date.now() + (member ? MEMBER_TTL_MS : NON_MEMBER_TTL_MS) });
    return member;
  }

  /** AUTH for every API call: a valid token, and membership of the roundtable's chat. */
  async function actorFor(req: restify.Request, rt: Roundtable): Promise<{ actor: Actor; who: TabIdentity }> {
    const verified = await auth.verify(req.headers.authorization, req.socket.remoteAddress);
    if (!verified.ok) throw new HttpFailure(verified.status, verified.message);
    const who = verified.identity;
    const member = await memberOf(rt, who);
    if (!member) throw new HttpFailure(403, 'Only members of this meeting chat can see its roundtable.');
    const meetingId = deps.meetingRoles.meetingOf(rt.chat.conversationId);
    const aad = member.aadObjectId ?? who.oid;
    const actor: Actor = {
      person: { id: member.id, name: (member.name ?? who.name).slice(0, 100), aadObjectId: aad },
      conversationId: rt.chat.conversationId,
      ...(meetingId
        ? {
            isMeetingOrganizer: async () =>
              (await deps.meetingRoles.role(meetingId, aad, () => askMeetingRole(rt, meetingId, aad))) ===
              'Organizer',
          }
        : {}),
    };
    return { actor, who };
  }

  async function askMeetingRole(rt: Roundtable, meetingId: string, aad: string): Promise<string | undefined> {
    let role: string | undefined;
    let failure: unknown;
    await deps.adapter.continueConversationAsync(
      config.appId ?? '',
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

  /** After the data is stored: bring the chat's cards up to date, as a command would. Failures are logged only. */
  async function notify(rt: Roundtable, effects: Effect[]): Promise<void> {
    try {
      await deps.publisher.track(
        deps.adapter.continueConversationAsync(
          config.appId ?? '',
          rt.chat.reference as Partial<ConversationReference>,
          async (ctx) => {
            await deps.publisher.apply(ctx, effects);
          },
        ),
      );
    } catch (err) {
      log.warn({ event: 'tab.notify.failed', err: (err as Error).name }, 'could not update the chat');
    }
  }

  async function roundtableById(id: unknown): Promise<Roundtable> {
    const view = typeof id === 'string' && id.length <= 100 ? await service.view(id) : undefined;
    if (!view) throw new HttpFailure(404, 'That roundtable does not exist.');
    return view.roundtable;
  }

  function route(
    handler: (req: restify.Request, res: restify.Response) => Promise<void>,
  ): restify.RequestHandler {
    return async (req, res) => {
      res.setHeader('cache-control', 'no-store');
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

  function answer<T>(res: restify.Response, outcome: Outcome<T>, after?: () => void): void {
    if (!outcome.ok) {
      res.send(failureStatus(outcome.failure.code), failureBody(outcome.failure));
      return;
    }
    after?.();
    res.send(200, { ok: true, notice: outcome.notice });
  }

  // --- pages -------------------------------------------------------------------------------------
  server.get('/tab/*', async (req, res) => {
    const name = req.getPath().slice('/tab/'.length) || 'panel.html';
    const type = CONTENT_TYPES[extname(name)];
    if (!/^[a-z0-9-]+\.(html|js|css|svg)$/.test(name) || !type) {
      res.send(404, { error: 'Not found' });
      return;
    }
    try {
      const body = await readFile(join(TAB_DIST, name));
      res.writeHead(200, {
        'content-type': type,
        'cache-control': name.endsWith('.html') ? 'no-cache' : 'public, max-age=300',
        'x-content-type-options': 'nosniff',
        'content-security-policy': CSP,
      });
      res.end(body);
    } catch {
      res.send(404, { error: 'Not found' });
    }
  });

  // --- development sign-in (local mode, loopback only) ------------------------------------------
  server.post(
    '/api/tab/dev-signin',
    route(async (req, res) => {
      if (!config.localMode || !isLoopback(req.socket.remoteAddress)) {
        res.send(404, { error: 'Not found' });
        return;
      }
      const body = (req.body ?? {}) as { userId?: unknown; name?: unknown };
      if (typeof body.userId !== 'string' || !body.userId || body.userId.length > 100)
        throw new HttpFailure(400, 'Give the userId (Teams user id or AAD object id) to sign in as.');
      const name = typeof body.name === 'string' && body.name ? body.name.slice(0, 100) : 'Developer';
      log.warn({ event: 'tab.dev-signin' }, 'DEVELOPMENT sign-in used (local mode)');
      res.send(200, { token: await auth.devSignIn(body.userId, name), development: true });
    }),
  );

  // --- read: the board, polled with ETag / If-None-Match ----------------------------------------
  server.get(
    '/api/tab/board',
    route(async (req, res) => {
      const chat = new URL(req.url ?? '/', 'http://tab').searchParams.get('chat') ?? '';
      if (!chat || chat.length > 300) throw new HttpFailure(400, 'Which chat? (?chat=<conversation id>)');
      const rt = await service.forChat(chat);
      if (!rt) {
        // Nothing to show; membership cannot be checked without a roundtable, and there is nothing to protect.
        await auth.verify(req.headers.authorization, req.socket.remoteAddress).then((v) => {
          if (!v.ok) throw new HttpFailure(v.status, v.message);
        });
        res.send(200, { roundtable: null });
        return;
      }
      const { actor } = await actorFor(req, rt);
      const view = await service.view(rt.id);
      if (!view) throw new HttpFailure(404, 'That roundtable no longer exists.');
      const body = JSON.stringify(await boardOf(view, actor, service));
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      res.setHeader('etag', etag);
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body);
    }),
  );

  // --- facilitator controls ---------------------------------------------------------------------
  server.post(
    '/api/tab/roundtables/:id/navigate',
    route(async (req, res) => {
      const rt = await roundtableById(req.params.id);
      const { actor } = await actorFor(req, rt);
      const body = (req.body ?? {}) as { to?: unknown; revision?: unknown };
      const to =
        body.to === 'next' || body.to === 'back'
          ? body.to
          : typeof body.to === 'number' && Number.isInteger(body.to)
            ? body.to
            : undefined;
      if (to === undefined) throw new HttpFailure(400, 'Say where to: "next", "back" or a phase index.');
      const revision = typeof body.revision === 'number' ? body.revision : undefined;
      const moved = await service.navigate(actor, rt.id, to, revision);
      answer(res, moved);
      if (moved.ok && currentPhase(moved.value).key !== currentPhase(rt).key) {
        await notify(rt, [
          { kind: 'close-phase', roundtableId: rt.id, phase: currentPhase(rt).key },
          { kind: 'post-phase', roundtableId: rt.id, phase: currentPhase(moved.value).key },
        ]);
      }
    }),
  );

  server.post(
    '/api/tab/roundtables/:id/timer',
    route(async (req, res) => {
      const rt = await roundtableById(req.params.id);
      const { actor } = await actorFor(req, rt);
      const minutes = (req.body as { minutes?: unknown } | undefined)?.minutes;
      const set = await service.setTimer(actor, rt.id, typeof minutes === 'number' ? minutes : Number.NaN);
      answer(res, set);
      if (set.ok)
        await notify(rt, [
          { kind: 'refresh-phase', roundtableId: rt.id, phase: currentPhase(set.value).key },
        ]);
    }),
  );

  server.post(
    '/api/tab/roundtables/:id/anonymous',
    route(async (req, res) => {
      const rt = await roundtableById(req.params.id);
      const { actor } = await actorFor(req, rt);
      const on = (req.body as { on?: unknown } | undefined)?.on;
      if (typeof on !== 'boolean') throw new HttpFailure(400, 'Say on: true or on: false.');
      const set = await service.setAnonymous(actor, rt.id, on);
      answer(res, set);
      if (set.ok) await notify(rt, [{ kind: 'refresh-phase', roundtableId: rt.id, phase: 'brainstorm' }]);
    }),
  );

  // --- participants: an idea or a clarifying question from the panel -----------------------------
  server.post(
    '/api/tab/roundtables/:id/contributions',
    route(async (req, res) => {
      const rt = await roundtableById(req.params.id);
      const { actor } = await actorFor(req, rt);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const submissionKey = typeof body.submissionKey === 'string' ? body.submissionKey.slice(0, 100) : '';
      if (!submissionKey) throw new HttpFailure(400, 'A submissionKey is needed (one per submission).');
      let input: ContributionInput;
      if (body.kind === 'idea') {
        input = {
          kind: 'idea',
          questionKey: String(body.questionKey ?? ''),
          text: body.text as string,
          ...(typeof body.barrier === 'string' ? { barrier: body.barrier } : {}),
        };
      } else if (body.kind === 'question') {
        input = { kind: 'question', text: body.text as string };
      } else {
        throw new HttpFailure(400, 'From the panel you can add an idea or a clarifying question.');
      }
      const added = await service.contribute(actor, rt.id, input, `tab:${submissionKey}`);
      answer(res, added);
      if (added.ok) {
        await notify(rt, [
          {
            kind: 'refresh-phase',
            roundtableId: rt.id,
            phase: input.kind === 'idea' ? 'brainstorm' : 'clarify',
          },
        ]);
      }
    }),
  );
}

function failureBody(failure: Failure) {
  return { error: failure.message, code: failure.code };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Only our own scripts; framed only by Teams and Microsoft 365 hosts. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  'frame-ancestors teams.microsoft.com *.teams.microsoft.com *.teams.microsoft.us *.skype.com *.office.com *.microsoft365.com *.cloud.microsoft',
].join('; ');

/** What the side panel and the stage show. No Teams types; authors hidden in anonymous mode. */
export interface TabBoard {
  roundtable: {
    id: string;
    caseAlias: string;
    status: Roundtable['status'];
    revision: number;
    phaseIndex: number;
    phase: PhaseKey;
    phaseTitle: string;
    plannedMinutes: number;
    enteredAt?: string;
    timerEndsAt?: string;
    anonymous: boolean;
    phases: { key: PhaseKey; number: number; title: string; visited: boolean }[];
  };
  me: { name: string; facilitator: boolean };
  roster: { name: string; role: string; facilitator: boolean }[];
  counts: Record<'facts' | 'questions' | 'answers' | 'ideas' | 'steps' | 'debrief', number>;
  facts: { id: string; text: string }[];
  questions: { id: string; text: string; author?: string; answers: string[] }[];
  brainstorm: {
    key: string;
    text: string;
    ideas: { id: string; text: string; author?: string; barrier?: string }[];
  }[];
  plan: {
    primaryGoal?: string;
    concurrentGoal?: string;
    draft: boolean;
    steps: { id: string; text: string; owner: string; dueDate: string; status: string }[];
  };
}

async function boardOf(view: RoundtableView, actor: Actor, service: RoundtableService): Promise<TabBoard> {
  const rt = view.roundtable;
  const live = view.contributions.filter((c) => !c.withdrawn);
  const of = <K extends Contribution['kind']>(kind: K) =>
    live.filter((c): c is Extract<Contribution, { kind: K }> => c.kind === kind);
  const phase = currentPhase(rt);
  const showAuthor = (name: string) => (rt.anonymous ? {} : { author: name });
  const answers = of('answer');
  return {
    roundtable: {
      id: rt.id,
      caseAlias: rt.caseAlias,
      status: rt.status,
      revision: rt.revision,
      phaseIndex: rt.phaseIndex,
      phase: phase.key,
      phaseTitle: PHASE_INFO[phase.key].title,
      plannedMinutes: phase.plannedMinutes,
      ...(phase.enteredAt ? { enteredAt: phase.enteredAt } : {}),
      ...(phase.timerEndsAt ? { timerEndsAt: phase.timerEndsAt } : {}),
      anonymous: rt.anonymous,
      phases: rt.phases.map((p, i) => ({
        key: p.key,
        number: i + 1,
        title: PHASE_INFO[p.key].title,
        visited: p.visited,
      })),
    },
    me: { name: actor.person.name, facilitator: await isFacilitator(rt, actor) },
    roster: rt.roster.map((r) => ({
      name: r.name,
      role: r.role,
      facilitator: rt.facilitatorIds.includes(r.id),
    })),
    counts: {
      facts: of('fact').length,
      questions: of('question').length,
      answers: answers.length,
      ideas: of('idea').length,
      steps: of('step').length,
      debrief: of('debrief').length,
    },
    facts: of('fact').map((c) => ({ id: c.id, text: c.text })),
    questions: of('question').map((q) => ({
      id: q.id,
      text: q.text,
      author: q.author.name,
      answers: answers.filter((a) => a.questionId === q.id).map((a) => a.text),
    })),
    brainstorm: service.settings.questions.map((q) => ({
      key: q.key,
      text: q.text,
      ideas: of('idea')
        .filter((i) => i.questionKey === q.key)
        .map((i) => ({
          id: i.id,
          text: i.text,
          ...showAuthor(i.author.name),
          ...(i.barrier ? { barrier: i.barrier } : {}),
        })),
    })),
    plan: {
      ...(view.plan.primaryGoal ? { primaryGoal: view.plan.primaryGoal } : {}),
      ...(view.plan.concurrentGoal ? { concurrentGoal: view.plan.concurrentGoal } : {}),
      draft: view.plan.draft,
      steps: of('step').map((s) => ({
        id: s.id,
        text: s.text,
        owner: s.owner.name,
        dueDate: s.dueDate,
        status: s.status,
      })),
    },
  };
}
