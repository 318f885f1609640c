/**
 * What the tab may change: facilitator controls (navigate, timer, anonymous mode) and a participant's
 * idea or clarifying question. Each goes through the same RoundtableService function the bot uses,
 * then brings the chat's cards up to date.
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type restify from 'restify';
import type { Logger } from '../log.js';
import type { ContributionInput } from '../roundtable/contributions.js';
import type { Actor } from '../roundtable/permissions.js';
import { currentPhase } from '../roundtable/phases.js';
import type { RoundtableService } from '../roundtable/service.js';
import type { Roundtable } from '../roundtable/types.js';
import type { CardPublisher } from '../teams/publisher.js';
import type { Effect } from '../teams/turn.js';
import { answer, HttpFailure, type TabAccess, tabRoute } from './tab-access.js';

/** What the tab's write routes need: the domain, the Teams edge to update the chat, and access checks. */
export interface TabActionDeps {
  appId: string;
  service: RoundtableService;
  adapter: CloudAdapter;
  publisher: CardPublisher;
  access: TabAccess;
  log: Logger;
}

/** Registers the POST routes under /api/tab/roundtables/:id/. */
export function registerTabActions(server: restify.Server, deps: TabActionDeps): void {
  const { service, access, log } = deps;
  const route = (handler: (req: restify.Request, res: restify.Response) => Promise<void>) =>
    tabRoute(log, handler);

  /** After the data is stored: bring the chat's cards up to date, as a command would. Failures are logged only. */
  async function notify(rt: Roundtable, effects: Effect[]): Promise<void> {
    try {
      await deps.publisher.track(
        deps.adapter.continueConversationAsync(
          deps.appId,
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

  /** The token first (it reads nothing), then the roundtable document alone, then tenant and membership. */
  async function authorised(req: restify.Request, id: unknown): Promise<{ rt: Roundtable; actor: Actor }> {
    const who = await access.identity(req);
    const rt = typeof id === 'string' && id.length <= 100 ? await service.get(id) : undefined;
    if (!rt) throw new HttpFailure(404, 'That roundtable does not exist.');
    const { actor } = await access.actorFor(who, rt);
    return { rt, actor };
  }

  // --- facilitator controls ---------------------------------------------------------------------
  server.post(
    '/api/tab/roundtables/:id/navigate',
    route(async (req, res) => {
      const { rt, actor } = await authorised(req, req.params.id);
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
      const { rt, actor } = await authorised(req, req.params.id);
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
      const { rt, actor } = await authorised(req, req.params.id);
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
      const { rt, actor } = await authorised(req, req.params.id);
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
