/**
 * The personal app's routes (/api/tab/me/...): the signed-in user's own steps, reviews and team steps, and
 * the one-click updates of the 1:1 reminder and review cards. Who may update which step or plan is the
 * domain's rule (FollowUpService.updateStep, saveFamilyReview); these routes add the tenant of the token.
 */
import { isKnownIdShape } from '../roundtable/input.js';
import { fail, type Outcome } from '../roundtable/outcome.js';
import { saveFamilyReview } from '../roundtable/plan-ownership.js';
import { getRoundtable } from '../roundtable/roundtables.js';
import type { Person, Roundtable } from '../roundtable/types.js';
import { answer, HttpFailure } from './tab-access.js';
import { inTenantOf, myReviewsOf, myStepsOf, stepChangeOf, teamStepsOf } from './tab-me.js';
import { type AnyTabRoute, type Me, type TabContext, tabRoute } from './tab-route-types.js';

/** A roundtable of the token's tenant (else "not found", naming nothing of it). */
async function ownRoundtable(app: TabContext, me: Me, id: unknown, missing: string): Promise<Roundtable> {
  const rt = typeof id === 'string' && id.length <= 100 ? await getRoundtable(app.domain, id) : undefined;
  if (!rt || !inTenantOf(me, rt)) throw new HttpFailure(404, missing);
  return rt;
}

/**
 * The user may be known by more than one id (object id, Teams id): the domain decides for each in turn, and
 * only a refusal of who they are ('forbidden') lets the next id try.
 */
async function asEachId<T>(me: Me, attempt: (person: Person) => Promise<Outcome<T>>): Promise<Outcome<T>> {
  let outcome: Outcome<T> = fail('forbidden', 'You cannot change this plan.');
  for (const id of me.ids) {
    outcome = await attempt({ id, name: me.who.name, aadObjectId: me.who.oid });
    if (outcome.ok || outcome.failure.code !== 'forbidden') break;
  }
  return outcome;
}

function followUpOf(app: TabContext) {
  if (!app.followUp) throw new HttpFailure(503, 'Follow-up is not available on this server.');
  return app.followUp;
}

/** GET my steps, my reviews, team steps; POST a one-click update of a step, or the family team meeting of a plan. */
export const TAB_ME_ROUTES: AnyTabRoute[] = [
  tabRoute({
    method: 'get',
    path: '/api/tab/me/steps',
    where: 'personal',
    guard: 'self',
    rule: 'the query: open steps the caller owns',
    async handle({ res, app, grant: { me } }) {
      // `officer`: the personal app shows its "Access log" link (the page's own routes decide who reads it).
      const officer = app.accessLog?.officerIds.includes(me.who.oid.toLowerCase()) === true;
      res.send(200, { me: { name: me.who.name, officer }, steps: await myStepsOf(followUpOf(app), me) });
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
      const rt = await ownRoundtable(app, me, rtId, 'That step is no longer in the plan.');
      if (!isKnownIdShape(stepId)) throw new HttpFailure(404, 'That step is no longer in the plan.');
      const updated = await asEachId(me, (person) => followUp.updateStep(person, rt.id, stepId, change));
      answer(res, updated);
      if (updated.ok) await app.notify(rt, [{ kind: 'refresh-summary', roundtableId: rt.id }]);
    },
  }),
  tabRoute({
    method: 'post',
    path: '/api/tab/me/reviews/:rt/family-review',
    where: 'personal',
    guard: 'self',
    rule: "the domain: the plan's caseworker or supervisor",
    async handle({ req, res, app, grant: { me } }) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const rt = await ownRoundtable(app, me, req.params?.rt, 'That roundtable no longer exists.');
      const saved = await asEachId(me, (person) =>
        saveFamilyReview(app.domain, person, rt.id, {
          date: body.date,
          participants: body.participants,
          changes: body.changes,
          youthTookPart: body.youthTookPart,
          youthSaid: body.youthSaid,
          keepNames: body.keepNames === true,
        }),
      );
      answer(res, saved);
      if (saved.ok) await app.notify(rt, [{ kind: 'refresh-summary', roundtableId: rt.id }]);
    },
  }),
];
