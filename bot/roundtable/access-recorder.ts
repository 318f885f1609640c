/**
 * The pipeline's access hook (`RecordAccess`, permissions.ts) on the access log (access-log.ts): each decision of
 * the bot's pipeline and the tab API's becomes one entry (`accessEntry`: ids, the route, the alias, the code),
 * written with `recordAccess` before anything is shown. A failed write answers `NOT_RECORDED`: the caller refuses.
 */
import {
  type AccessEvents,
  type AccessKind,
  type AccessLog,
  accessEntry,
  recordAccess,
} from './access-log.js';
import type { RecordAccess } from './permissions.js';

/** The tenant of a request the edge verified without one (local mode only): entries still need a partition. */
export const NO_TENANT = 'local';
/** The caller of a request refused before anyone was known (no token). */
export const NO_ACTOR = 'anonymous';

const EXPORTS = new Set([
  'GET /api/tab/access-log/csv',
  'GET /api/tab/me/handout/:rt/pdf',
  'card.plan.handout',
  'POST /api/export',
  'command.export',
  'card.barrier.csv',
]);
const DELETES = new Set(['command.delete-roundtable']);
const ROLES = new Set([
  'command.role',
  'command.facilitator-add',
  'card.role.assign',
  'card.role.confirm',
  'card.role.decline',
]);
/** Commands and card verbs that only show what is there (every other one changes something). */
const READS = new Set([
  'command.status',
  'command.open',
  'command.my-steps',
  'command.my-reviews',
  'command.team-steps',
  'command.barriers',
  'command.help',
  'command.unknown',
  'card.refresh',
  'card.status.show',
  'card.ideas.mine',
  'card.barrier.show',
  'card.unknown',
]);

/** What a route does to case content, by its name: tab GETs and showing commands read; the rest change. */
export function accessKind(route: string): AccessKind {
  if (EXPORTS.has(route)) return 'export';
  if (DELETES.has(route)) return 'delete';
  if (ROLES.has(route)) return 'role';
  if (route.startsWith('GET ') || READS.has(route)) return 'read';
  return 'change';
}

/** Ids as the access log takes them; anything else (a crafted activity's tenant or sender) is named by `fallback`. */
const ID = /^[A-Za-z0-9:._@-]{1,200}$/;
const idOr = (v: unknown, fallback: string): string => (typeof v === 'string' && ID.test(v) ? v : fallback);

/** The access hook on `log`: one entry per decision, written before the answer; events go to `events`. */
export function accessRecorder(log: AccessLog, events?: AccessEvents): RecordAccess {
  return async (e) => {
    // Route names are one lower-case token (card verbs such as `plan.familyReview` are lower-cased).
    const route =
      e.route.startsWith('card.') || e.route.startsWith('command.') ? e.route.toLowerCase() : e.route;
    const entry = accessEntry({
      // Ids from the request (a crafted one is no id): never a reason to fail the request.
      actor: { id: idOr(e.aadObjectId, idOr(e.actorId, NO_ACTOR)), tenantId: idOr(e.tenantId, NO_TENANT) },
      route,
      kind: accessKind(route),
      ...(e.roundtableId && ID.test(e.roundtableId)
        ? { roundtable: { id: e.roundtableId, ...(e.caseAlias ? { caseAlias: e.caseAlias } : {}) } }
        : {}),
      ...(e.allowed ? {} : { refused: e.reason ?? 'refused' }),
    });
    const recorded = await recordAccess(log, entry, events);
    return recorded.ok ? undefined : recorded.failure;
  };
}
