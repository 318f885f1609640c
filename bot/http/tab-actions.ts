/**
 * What the meeting tab may change: facilitator controls (navigate, timer, anonymous mode) and a participant's
 * idea or clarifying question. Each goes through the same domain operation the bot uses, then
 * brings the chat's cards up to date. The guard (chat member; facilitator for the controls, the bot's own check)
 * has run before a handler reads anything.
 */
import type { ContributionInput } from '../roundtable/contributions.js';
import { contribute } from '../roundtable/contributions.js';
import { navigate, setAnonymous, setTimer } from '../roundtable/lifecycle.js';
import { currentPhase } from '../roundtable/phases.js';
import { answer, HttpFailure } from './tab-access.js';
import { type AnyTabRoute, tabRoute } from './tab-route-types.js';

const FACILITATOR = 'the domain again, on the fresh document: a facilitator of the roundtable';

/** The POST routes under /api/tab/roundtables/:id/. */
export const TAB_ACTION_ROUTES: AnyTabRoute[] = [
  tabRoute({
    method: 'post',
    path: '/api/tab/roundtables/:id/navigate',
    where: 'meeting',
    find: 'id',
    guard: 'facilitator',
    rule: FACILITATOR,
    async handle({ req, res, app, grant: { rt, actor } }) {
      const body = (req.body ?? {}) as { to?: unknown; revision?: unknown };
      const to =
        body.to === 'next' || body.to === 'back'
          ? body.to
          : typeof body.to === 'number' && Number.isInteger(body.to)
            ? body.to
            : undefined;
      if (to === undefined) throw new HttpFailure(400, 'Say where to: "next", "back" or a phase index.');
      const revision = typeof body.revision === 'number' ? body.revision : undefined;
      const moved = await navigate(app.domain, actor, rt.id, to, revision);
      answer(res, moved);
      if (moved.ok && currentPhase(moved.value).key !== currentPhase(rt).key) {
        await app.notify(rt, [
          { kind: 'close-phase', roundtableId: rt.id, phase: currentPhase(rt).key },
          { kind: 'post-phase', roundtableId: rt.id, phase: currentPhase(moved.value).key },
        ]);
      }
    },
  }),
  tabRoute({
    method: 'post',
    path: '/api/tab/roundtables/:id/timer',
    where: 'meeting',
    find: 'id',
    guard: 'facilitator',
    rule: FACILITATOR,
    async handle({ req, res, app, grant: { rt, actor } }) {
      const minutes = (req.body as { minutes?: unknown } | undefined)?.minutes;
      const set = await setTimer(
        app.domain,
        actor,
        rt.id,
        typeof minutes === 'number' ? minutes : Number.NaN,
      );
      answer(res, set);
      if (set.ok)
        await app.notify(rt, [
          { kind: 'refresh-phase', roundtableId: rt.id, phase: currentPhase(set.value).key },
        ]);
    },
  }),
  tabRoute({
    method: 'post',
    path: '/api/tab/roundtables/:id/anonymous',
    where: 'meeting',
    find: 'id',
    guard: 'facilitator',
    rule: FACILITATOR,
    async handle({ req, res, app, grant: { rt, actor } }) {
      const on = (req.body as { on?: unknown } | undefined)?.on;
      if (typeof on !== 'boolean') throw new HttpFailure(400, 'Say on: true or on: false.');
      const set = await setAnonymous(app.domain, actor, rt.id, on);
      answer(res, set);
      if (set.ok) await app.notify(rt, [{ kind: 'refresh-phase', roundtableId: rt.id, phase: 'brainstorm' }]);
    },
  }),
  // Participants: an idea or a clarifying question from the panel.
  tabRoute({
    method: 'post',
    path: '/api/tab/roundtables/:id/contributions',
    where: 'meeting',
    find: 'id',
    guard: 'chat-member',
    rule: 'the domain: the phase is open for it',
    async handle({ req, res, app, grant: { rt, actor } }) {
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
      // `keepNames`: the panel's "Keep as written" after the full-name warning (409 looks-like-name).
      const keepNames = body.keepNames === true;
      const added = await contribute(
        app.domain,
        actor,
        rt.id,
        { ...input, keepNames },
        `tab:${submissionKey}`,
      );
      answer(res, added);
      if (added.ok) {
        await app.notify(rt, [
          {
            kind: 'refresh-phase',
            roundtableId: rt.id,
            phase: input.kind === 'idea' ? 'brainstorm' : 'clarify',
          },
        ]);
      }
    },
  }),
];
