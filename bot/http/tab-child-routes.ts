/**
 * The child's record in the personal app (/api/tab/me/children/:rt/...): the case's children, one child's
 * record with the PROTECTED fields of its lifelong connections, and the forms that add, change and remove a
 * connection and record the living situation. Behind the `case-owner` guard: a Teams SSO token, the roundtable
 * in the token's tenant (else 404), and the caller the plan's caseworker or supervisor or a facilitator of it
 * (else 403) — checked before any child is read; the grant names the roundtable, so the access log records the
 * case of every read and change.
 */
import type restify from 'restify';
import type { CaseChildrenPage, ChildRecordPage } from '../../tab/src/child-types.js';
import {
  addConnection,
  type CaseChild,
  childrenOfCase,
  editConnection,
  NO_SUCH_CHILD,
  NO_SUCH_ROUNDTABLE,
  NOT_YOURS,
  recordLivingSituation,
  removeConnection,
} from '../roundtable/child-connections.js';
import { childFacts, childPage } from '../roundtable/child-page.js';
import { caseKeyOf } from '../roundtable/child-types.js';
import { isKnownIdShape } from '../roundtable/input.js';
import { failureStatus, type Outcome } from '../roundtable/outcome.js';
import type { Actor } from '../roundtable/permissions.js';
import { inTenant } from '../roundtable/permissions.js';
import { ownsPlan } from '../roundtable/plan-ownership.js';
import { getRoundtable } from '../roundtable/roundtables.js';
import type { Roundtable } from '../roundtable/types.js';
import { HttpFailure } from './tab-access.js';
import type { TabIdentity } from './tab-auth.js';
import { type AnyTabRoute, type Me, type TabContext, type TabGrants, tabRoute } from './tab-route-types.js';

/**
 * The `case-owner` guard (TAB_GUARDS['case-owner']): the token first (reads nothing), then the roundtable named by
 * `:rt` alone, then the tenant, then plan ownership by any id the caller is known by. `meOf` is the `self` guard's.
 */
export function caseOwnerGuard(meOf: (app: TabContext, who: TabIdentity) => Promise<Me>) {
  return {
    who: "the plan's caseworker or supervisor or a facilitator of the roundtable `:rt` (not practice), signed in with Teams SSO in its tenant",
    async check(
      req: restify.Request,
      _res: restify.Response,
      app: TabContext,
    ): Promise<TabGrants['case-owner']> {
      const who = await app.access.identity(req);
      const id = req.params?.rt;
      const rt = isKnownIdShape(id) ? await getRoundtable(app.domain, id) : undefined;
      if (!rt || rt.practice || !(who.dev || inTenant(rt.chat.tenantId, who.tid)))
        throw new HttpFailure(404, NO_SUCH_ROUNDTABLE);
      const me = await meOf(app, who);
      const byAad = rt.roster.find(
        (r) => r.aadObjectId === who.oid && (r.role === 'caseworker' || r.role === 'supervisor'),
      )?.id;
      const personId = me.ids.find((i) => ownsPlan(rt, i)) ?? byAad;
      if (!personId) throw new HttpFailure(403, NOT_YOURS);
      const actor: Actor = {
        person: { id: personId, name: who.name.slice(0, 100), aadObjectId: who.oid },
        conversationId: rt.chat.conversationId,
        // The development sign-in (local mode only) names no tenant: it acts in the roundtable's own.
        ...(who.dev
          ? rt.chat.tenantId
            ? { tenantId: rt.chat.tenantId }
            : {}
          : who.tid
            ? { tenantId: who.tid }
            : {}),
      };
      return { who, rt, actor };
    },
  };
}

/** The child named by `:child` among the case's children (404 otherwise), and the case's children. */
async function childOf(app: TabContext, rt: Roundtable, alias: unknown): Promise<[CaseChild, CaseChild[]]> {
  const children = await childrenOfCase(app.domain, rt);
  const key = typeof alias === 'string' && alias.length <= 40 ? alias.trim().toLowerCase() : undefined;
  const child = children.find((c) => c.alias.toLowerCase() === key);
  if (!child) throw new HttpFailure(404, NO_SUCH_CHILD);
  return [child, children];
}

/** The child's record page as the page reads it. */
async function pageOf(app: TabContext, rt: Roundtable, alias: unknown): Promise<ChildRecordPage> {
  const [child, children] = await childOf(app, rt, alias);
  return childPage(
    {
      roundtableId: rt.id,
      caseAlias: rt.caseAlias,
      childAlias: child.alias,
      siblings: children.map((c) => c.alias),
    },
    child.view,
    app.domain.settings,
  );
}

/** Answers a change: the failure with its status, or the child's page as it is now, with the notice. */
async function answerChange<T>(
  res: restify.Response,
  app: TabContext,
  rt: Roundtable,
  alias: unknown,
  outcome: Outcome<T>,
): Promise<void> {
  if (!outcome.ok) {
    res.send(failureStatus(outcome.failure.code), {
      error: outcome.failure.message,
      code: outcome.failure.code,
    });
    return;
  }
  res.send(200, {
    ok: true,
    notice: outcome.notice,
    page: await pageOf(app, rt, alias),
  });
}

const body = (req: restify.Request) => (req.body ?? {}) as Record<string, unknown>;
const connection = (b: Record<string, unknown>) => ({
  relationship: b.relationship,
  committed: b.committed,
  contact: b.contact,
  frequency: b.frequency,
  name: b.name,
  details: b.details,
  keepNames: b.keepNames === true,
  submissionKey: b.submissionKey,
});

const CHILDREN = '/api/tab/me/children/:rt';
const CHILD = `${CHILDREN}/:child`;
const RULE = 'the domain: ownsPlan on the fresh roundtable';

/** The case's children, one child's record, and the connection and living-situation forms. */
export const TAB_CHILD_ROUTES: AnyTabRoute[] = [
  tabRoute({
    method: 'get',
    path: CHILDREN,
    where: 'personal',
    guard: 'case-owner',
    rule: 'the children its case summaries name; no protected field',
    async handle({ res, app, grant: { rt } }) {
      const records = await app.domain.children.childrenOfCase(caseKeyOf(rt.chat.tenantId, rt.caseAlias));
      const recordOf = (alias: string) =>
        records.find((r) => r.childAlias.toLowerCase() === alias.toLowerCase());
      const page: CaseChildrenPage = {
        roundtableId: rt.id,
        caseAlias: rt.caseAlias,
        children: (await childrenOfCase(app.domain, rt)).map((c) => ({
          alias: c.alias,
          facts: childFacts(recordOf(c.alias), app.domain.settings),
        })),
      };
      res.send(200, page);
    },
  }),
  tabRoute({
    method: 'get',
    path: CHILD,
    where: 'personal',
    guard: 'case-owner',
    rule: 'a child its case summaries name (or with a record)',
    async handle({ req, res, app, grant: { rt } }) {
      res.send(200, await pageOf(app, rt, req.params?.child));
    },
  }),
  tabRoute({
    method: 'post',
    path: `${CHILD}/connections`,
    where: 'personal',
    guard: 'case-owner',
    rule: RULE,
    async handle({ req, res, app, grant: { rt, actor } }) {
      const child = req.params?.child;
      await answerChange(
        res,
        app,
        rt,
        child,
        await addConnection(app.domain, actor, rt.id, child, connection(body(req))),
      );
    },
  }),
  tabRoute({
    method: 'post',
    path: `${CHILD}/connections/:id`,
    where: 'personal',
    guard: 'case-owner',
    rule: `${RULE}; \`remove: true\` removes (dated, kept)`,
    async handle({ req, res, app, grant: { rt, actor } }) {
      const { child, id } = req.params as { child?: string; id?: string };
      const b = body(req);
      const outcome =
        b.remove === true
          ? await removeConnection(app.domain, actor, rt.id, child, id)
          : await editConnection(app.domain, actor, rt.id, child, id, connection(b));
      await answerChange(res, app, rt, child, outcome);
    },
  }),
  tabRoute({
    method: 'post',
    path: `${CHILD}/living`,
    where: 'personal',
    guard: 'case-owner',
    rule: RULE,
    async handle({ req, res, app, grant: { rt, actor } }) {
      const child = req.params?.child;
      const b = body(req);
      await answerChange(
        res,
        app,
        rt,
        child,
        await recordLivingSituation(app.domain, actor, rt.id, child, { key: b.key, since: b.since }),
      );
    },
  }),
];
