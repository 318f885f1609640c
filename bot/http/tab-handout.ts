/**
 * The family handout in the personal app (issue #29 item 3): the plan in plain words, in the family's language,
 * for the family team meeting — as a print page (HTML) and as a PDF. Its guard, `plan-owner`, reads the
 * roundtable document only (no case content) and lets through its caseworker, supervisor and facilitators, in the
 * token's tenant; the pipeline records the access (the PDF as an export) before a word is read.
 */
import type restify from 'restify';
import { type HandoutOptions, handoutOf, handoutPdfFile } from '../handout/handout-file.js';
import { handoutHtml } from '../handout/handout-html.js';
import { handoutLanguages, handoutStrings } from '../handout/handout-locale.js';
import { familyView } from '../handout/handout-model.js';
import { saveFamilyWording } from '../roundtable/family-wording.js';
import { ownsPlan } from '../roundtable/plan-ownership.js';
import { type RoundtableRecord, roundtableRecord } from '../roundtable/roundtable-record.js';
import { getRoundtable, roundtableView } from '../roundtable/roundtables.js';
import type { Roundtable } from '../roundtable/types.js';
import { answer, HttpFailure } from './tab-access.js';
import { inTenantOf } from './tab-me.js';
import { type AnyTabRoute, type Me, type TabContext, type TabRoute, tabRoute } from './tab-route-types.js';

/** Who may print a plan's handout (docs/security.md). */
export const PLAN_OWNER_WHO =
  "the plan's caseworker or supervisor, or a facilitator of its roundtable, signed in with Teams SSO in the roundtable's tenant";

const REFUSED =
  'The family handout is for the plan’s caseworker and supervisor, and the roundtable’s facilitators.';

/**
 * The `plan-owner` guard, given how the signed-in user's ids are found (tab-routes.ts `meOf`): the token first,
 * then the roundtable document alone (roster and facilitators, no case content), then tenant and ownership.
 */
export function planOwnerGuard(meOf: (app: TabContext, who: Me['who']) => Promise<Me>) {
  return {
    who: PLAN_OWNER_WHO,
    async check(
      req: restify.Request,
      _res: restify.Response,
      app: TabContext,
    ): Promise<{ me: Me; rt: Roundtable }> {
      const who = await app.access.identity(req);
      const me = await meOf(app, who);
      const id = req.params?.rt;
      const rt = typeof id === 'string' && id.length <= 100 ? await getRoundtable(app.domain, id) : undefined;
      if (!rt || !inTenantOf(me, rt)) throw new HttpFailure(404, 'That roundtable does not exist.');
      const removed = rt.removedIds ?? [];
      if (!me.ids.some((pid) => !removed.includes(pid) && ownsPlan(rt, pid)))
        throw new HttpFailure(403, REFUSED);
      return { me, rt };
    },
  };
}

/** The roundtable's record (read after the guard). */
async function recordOf(app: TabContext, rt: Roundtable): Promise<RoundtableRecord> {
  const view = await roundtableView(app.domain, rt.id);
  if (!view) throw new HttpFailure(404, 'That roundtable no longer exists.');
  return roundtableRecord(view, app.domain.settings, app.domain.now());
}

/** The language asked for (`?lang=`) and where the handout is made. */
function askedOf(app: TabContext, req: restify.Request): [unknown, HandoutOptions] {
  const lang = new URL(req.url ?? '/', 'http://tab').searchParams.get('lang') ?? undefined;
  const contactLine = app.config.handout.contactLine;
  return [
    lang,
    { ...(contactLine ? { contactLine } : {}), today: app.domain.now().toISOString().slice(0, 10) },
  ];
}

const noStore = (res: restify.Response) => {
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-content-type-options', 'nosniff');
};

/** The handout as a print page's fragment, and as a PDF. */
export const TAB_HANDOUT_ROUTES: AnyTabRoute[] = [
  tabRoute({
    method: 'get',
    path: '/api/tab/me/handout/:rt',
    where: 'personal',
    guard: 'plan-owner',
    rule: "then the family's part only: goals, accepted steps (owner's first name and role), who to call",
    async handle({ req, res, app, grant }) {
      const record = await recordOf(app, grant.rt);
      const model = handoutOf(record, ...askedOf(app, req));
      noStore(res);
      res.send(200, {
        // For the plan owner's page only: each step as the team wrote it and its wording in this language.
        steps: familyView(record).steps.map((s) => ({
          id: s.id,
          text: s.text,
          wording: s.familyText?.[model.lang] ?? '',
        })),
        lang: model.lang,
        languages: handoutLanguages().map((code) => ({ code, name: handoutStrings(code).language })),
        title: model.title,
        draft: model.draft !== undefined,
        labels: { print: handoutStrings(model.lang).print, pdf: handoutStrings(model.lang).downloadPdf },
        html: handoutHtml(model),
      });
    },
  } satisfies TabRoute<'plan-owner'>),
  tabRoute({
    method: 'get',
    path: '/api/tab/me/handout/:rt/pdf',
    where: 'personal',
    guard: 'plan-owner',
    rule: 'then the same content as a PDF download, recorded as an export',
    async handle({ req, res, app, grant }) {
      const file = await handoutPdfFile(await recordOf(app, grant.rt), ...askedOf(app, req));
      noStore(res);
      res.writeHead(200, {
        'content-type': file.type,
        'content-disposition': `attachment; filename="${file.name}"`,
        'content-length': String(file.body.length),
      });
      res.end(file.body);
    },
  } satisfies TabRoute<'plan-owner'>),
  tabRoute({
    method: 'post',
    path: '/api/tab/me/handout/:rt/steps/:step',
    where: 'personal',
    guard: 'plan-owner',
    rule: 'then the domain: a step of that plan, its wording in a language the handout has, name-checked',
    async handle({ req, res, app, grant }) {
      const body = (req.body ?? {}) as { lang?: unknown; text?: unknown; keepNames?: unknown };
      if (typeof body.lang !== 'string' || !handoutLanguages().includes(body.lang))
        throw new HttpFailure(400, 'Which language? (one of the handout’s languages)');
      const owner = grant.me.ids.find((id) => ownsPlan(grant.rt, id)) ?? grant.me.who.oid;
      const person = { id: owner, name: grant.me.who.name, aadObjectId: grant.me.who.oid };
      const saved = await saveFamilyWording(app.domain, person, grant.rt.id, String(req.params?.step ?? ''), {
        lang: body.lang,
        text: body.text,
        keepNames: body.keepNames === true,
      });
      answer(res, saved);
    },
  } satisfies TabRoute<'plan-owner'>),
];
