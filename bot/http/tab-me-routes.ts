/**
 * The personal app's routes (/api/tab/me/...): the signed-in user's own steps, reviews and team steps, and
 * the one-click step updates of the 1:1 reminder cards. Who may update which step is the domain's rule
 * (FollowUpService.updateStep), checked on the fresh step; these routes add the tenant of the token.
 */
import { fail } from '../roundtable/outcome.js';
import { answer, HttpFailure } from './tab-access.js';
import { myReviewsOf, myStepsOf, stepChangeOf, teamStepsOf } from './tab-me.js';
import { type AnyTabRoute, type TabContext, tabRoute } from './tab-route-types.js';

function followUpOf(app: TabContext) {
  if (!app.followUp) throw new HttpFailure(503, 'Follow-up is not available on this server.');
  return app.followUp;
}

/** GET my steps, my reviews, team steps; POST a one-click update of a step. */
export const TAB_ME_ROUTES: AnyTabRoute[] = [
  tabRoute({
    method: 'get',
    path: '/api/tab/me/steps',
    where: 'personal',
    guard: 'self',
    rule: 'the query: open steps the caller owns',
    async handle({ res, app, grant: { me } }) {
      res.send(200, { me: { name: me.who.name }, steps: await myStepsOf(followUpOf(app), me) });
    },
  }),
  tabRoute({
    method: 'get',
    path: '/api/tab/me/reviews',
    where: 'personal',
    guard: 'self',
    rule: 'the query: open plans whose roster names the caller caseworker or supervisor',
    async handle({ res, app, grant: { me } }) {
      const today = new Date().toISOString().slice(0, 10);
      res.send(200, { reviews: await myReviewsOf(followUpOf(app), me, today) });
    },
  }),
  tabRoute({
    method: 'get',
    path: '/api/tab/me/team-steps',
    where: 'personal',
    guard: 'self',
    rule: 'the query: open steps of roundtables whose roster names the caller supervisor',
    async handle({ res, app, grant: { me } }) {
      res.send(200, await teamStepsOf(followUpOf(app), me));
    },
  }),
  tabRoute({
    method: 'post',
    path: '/api/tab/me/steps/:rt/:step',
    where: 'personal',
    guard: 'self',
    rule: "the domain: the step's owner, the roster's caseworker or supervisor, or a facilitator",
    async handle({ req, res, app, grant: { me } }) {
      const followUp = followUpOf(app);
      const change = stepChangeOf((req.body ?? {}) as Record<string, unknown>);
      if (!change) throw new HttpFailure(400, 'Say the change: done, in-progress, blocked, due or note.');
      const { rt: rtId, step: stepId } = req.params as { rt?: string; step?: string };
      const rt = rtId && rtId.length <= 100 ? await app.service.get(rtId) : undefined;
      const mine = rt && (me.who.dev || (rt.chat.tenantId ?? '').toLowerCase() === (me.who.tid ?? ''));
      if (!rt || !mine || !stepId || stepId.length > 100)
        throw new HttpFailure(404, 'That step is no longer in the plan.');
      // The user may be known by more than one id (object id, Teams id): the domain decides for each.
      let updated = fail<unknown>(
        'forbidden',
        'Only the step’s owner, the caseworker, the supervisor or a facilitator can update it.',
      );
      for (const id of me.ids) {
        const person = { id, name: me.who.name, aadObjectId: me.who.oid };
        updated = await followUp.updateStep(person, rt.id, stepId, change);
        if (updated.ok || updated.failure.code !== 'forbidden') break;
      }
      answer(res, updated);
      if (updated.ok) await app.notify(rt, [{ kind: 'refresh-summary', roundtableId: rt.id }]);
    },
  }),
];
