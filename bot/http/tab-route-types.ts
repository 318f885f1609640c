/** The shape of one tab API route (bot/http/tab-routes.ts holds the table) and what its guard grants. */
import type restify from 'restify';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { FollowUpService } from '../reminders/follow-up.js';
import type { DomainContext } from '../roundtable/context.js';
import type { Actor, RecordAccess } from '../roundtable/permissions.js';
import type { ProgrammeView } from '../roundtable/programme-view.js';
import type { ExtractStore, QueueRoundtable, QueueRules } from '../roundtable/roundtable-queue.js';
import type { PersonRecord, Roundtable } from '../roundtable/types.js';
import type { Effect } from '../teams/routing/turn.js';
import type { TabAccess } from './tab-access.js';
import type { OfficerAccessLog, OfficerGrant } from './tab-access-log.js';
import type { TabAuth, TabIdentity } from './tab-auth.js';

/** Where a route works: the development sign-in, a meeting's roundtable, or the signed-in user's own data. */
export type TabWhere = 'sign-in' | 'meeting' | 'personal';

/** The signed-in user as the personal app knows them: every id the bot knows them by, in their tenant. */
export interface Me {
  who: TabIdentity;
  /** The token's object id and the Teams user ids (29:…) of people records with that object id in the tenant. */
  ids: string[];
}

/** What each guard hands the handler once it let the request through. */
export interface TabGrants {
  'local-dev': Record<string, never>;
  'chat-member': { who: TabIdentity; rt: Roundtable; actor: Actor };
  /** A chat member who facilitates the roundtable (the bot's own facilitator guard decided). */
  facilitator: { who: TabIdentity; rt: Roundtable; actor: Actor };
  self: { me: Me };
  /** The plan's caseworker or supervisor, or a facilitator of its roundtable, same tenant (tab-handout.ts). */
  'plan-owner': { me: Me; rt: Roundtable };
  leader: { who: TabIdentity; view: ProgrammeView };
  /** A configured security officer, in their own tenant (tab-access-log.ts). */
  officer: OfficerGrant;
  /** A configured coordinator (COORDINATOR_IDS), in their own tenant. */
  coordinator: { who: TabIdentity; tenantId: string; queue: QueueDeps };
  /** The plan's caseworker or supervisor or a facilitator of the roundtable `:rt` (tab-child-routes.ts). */
  'case-owner': { who: TabIdentity; rt: Roundtable; actor: Actor };
}

/** What the coordinator's queue ("Roundtables due") reads and writes. */
export interface QueueDeps {
  extracts: ExtractStore;
  coordinatorIds: string[];
  rules: QueueRules;
  retentionDays: number;
  /** The tenant's roundtables with their plans (the programme view's tenant-scoped read). */
  roundtables(tenantId: string): Promise<QueueRoundtable[]>;
  now: () => Date;
}
export type TabGuardName = keyof TabGrants;

/** Everything a tab handler may use (never a TurnContext). */
export interface TabContext {
  config: Config;
  domain: DomainContext;
  followUp?: FollowUpService;
  access: TabAccess;
  auth: TabAuth;
  log: Logger;
  /** People the bot has seen, by Entra object id (to find a signed-in user's Teams ids). */
  peopleByAad?: (aadIds: string[]) => Promise<PersonRecord[]>;
  /** The leaders' programme view (personal app); without it the programme routes answer 503. */
  programmeView?: ProgrammeView;
  /** The coordinator's queue; without it the queue routes answer 503. */
  queue?: QueueDeps;
  /** The access log: every allowed tab request and every refusal of a guard passes it (tab-routes.ts). */
  recordAccess?: RecordAccess;
  /** The access log and its officers (the officer's routes); without it they answer 503. */
  accessLog?: OfficerAccessLog;
  /** After the data is stored: bring the roundtable chat's cards up to date. Failures are logged only. */
  notify(rt: Roundtable, effects: Effect[]): Promise<void>;
}

/** One request to a handler, after its guard. */
export interface TabCall<G extends TabGuardName> {
  req: restify.Request;
  res: restify.Response;
  app: TabContext;
  grant: TabGrants[G];
}

/** One row of the tab route table. */
export interface TabRoute<G extends TabGuardName = TabGuardName> {
  method: 'get' | 'post';
  path: string;
  where: TabWhere;
  guard: G;
  /** Meeting routes: the roundtable is named by `?chat=` (none yet: `{ roundtable: null }`) or by `:id`. */
  find?: 'chat' | 'id';
  /** What the domain checks after the guard (docs/security.md). */
  rule?: string;
  handle(call: TabCall<G>): Promise<void>;
}

/** Any row of the table (each row keeps its own guard's grant type). */
export type AnyTabRoute = { [G in TabGuardName]: TabRoute<G> }[TabGuardName];

/** Declares a route, keeping its guard's grant type for the handler. */
export function tabRoute<G extends TabGuardName>(route: TabRoute<G>): AnyTabRoute {
  return route as unknown as AnyTabRoute;
}

/** A route's key: "GET /api/tab/board". */
export const routeKey = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;
