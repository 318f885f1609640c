/**
 * The tab API's wiring: sign-in checks, membership checks and chat updates for every row of the tab route
 * table (bot/http/tab-routes.ts), and the tab's static pages. Every change goes through the same domain operations and
 * FollowUpService functions the bot's commands and cards use; route files only read the request and shape
 * the answer.
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type restify from 'restify';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { FollowUpService } from '../reminders/follow-up.js';
import type { DomainContext } from '../roundtable/context.js';
import type { RecordAccess } from '../roundtable/permissions.js';
import type { ProgrammeView } from '../roundtable/programme-view.js';
import type { PersonRecord } from '../roundtable/types.js';
import type { MeetingRoles } from '../teams/edge/meeting-roles.js';
import type { CardPublisher } from '../teams/outgoing/publisher.js';
import { TabAccess } from './tab-access.js';
import type { OfficerAccessLog } from './tab-access-log.js';
import { TabAuth } from './tab-auth.js';
import { registerTabPages } from './tab-pages.js';
import type { QueueDeps, TabContext } from './tab-route-types.js';
import { registerTabRoutes } from './tab-routes.js';

/** What the tab API needs from the app. */
export interface TabApiDeps {
  config: Config;
  domain: DomainContext;
  adapter: CloudAdapter;
  publisher: CardPublisher;
  meetingRoles: MeetingRoles;
  log: Logger;
  /** The folder holding the built tab pages (panel.html, stage.js, ...), served under /tab/. */
  dist: string;
  /** Follow-up of plans (the personal app "My roundtables"); without it its routes answer 503. */
  followUp?: FollowUpService;
  /** People the bot has seen, by Entra object id (the personal app finds the signed-in user's Teams ids). */
  peopleByAad?: (aadIds: string[]) => Promise<PersonRecord[]>;
  /** The leaders' programme view (personal app); without it the programme routes are not registered. */
  programmeView?: ProgrammeView;
  /** The coordinator's queue ("Roundtables due"); without it its routes answer 503. */
  queue?: QueueDeps;
  /** The access log: every allowed tab request and every guard's refusal passes it (the bot's pipeline too). */
  recordAccess?: RecordAccess;
  /** The access log and its officers, for the officer's page (tab-access-log.ts). */
  accessLog?: OfficerAccessLog;
}

/** Registers /api/tab/* (every row of the tab route table) and /tab/* on the server. */
export async function registerTabApi(server: restify.Server, deps: TabApiDeps): Promise<void> {
  const { config, log } = deps;
  const auth = new TabAuth({
    appId: config.tab.ssoAppId,
    domain: config.tab.domain,
    jwksUrl: config.tab.jwksUrl,
    issuers: config.tab.issuers,
    allowedTenants: config.allowedTenants,
    localMode: config.localMode,
  });
  const appId = config.appId ?? '';
  const access = new TabAccess({ appId, auth, adapter: deps.adapter, meetingRoles: deps.meetingRoles });
  const app: TabContext = {
    config,
    domain: deps.domain,
    ...(deps.followUp ? { followUp: deps.followUp } : {}),
    ...(deps.peopleByAad ? { peopleByAad: deps.peopleByAad } : {}),
    ...(deps.programmeView ? { programmeView: deps.programmeView } : {}),
    ...(deps.queue ? { queue: deps.queue } : {}),
    ...(deps.recordAccess ? { recordAccess: deps.recordAccess } : {}),
    ...(deps.accessLog ? { accessLog: deps.accessLog } : {}),
    access,
    auth,
    log,
    async notify(rt, effects) {
      try {
        await deps.publisher.track(
          deps.adapter.continueConversationAsync(
            appId,
            rt.chat.reference as Partial<ConversationReference>,
            async (ctx) => {
              await deps.publisher.apply(ctx, effects);
            },
          ),
        );
      } catch (err) {
        log.warn({ event: 'tab.notify.failed', err: (err as Error).name }, 'could not update the chat');
      }
    },
  };
  registerTabPages(server, deps.dist);
  registerTabRoutes(server, app);
}
