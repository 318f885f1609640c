import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { barrierDigestCard } from '../cards/programme-cards.js';
import type { Config } from './config.js';
import { errorName } from './error-name.js';
import { downloadLinkFor } from './http/downloads.js';
import { startHttpServer } from './http/server.js';
import { createLogger, type Logger } from './log.js';
import { startReminderLoop } from './reminder-loop.js';
import { AccessRetention, dailyPasses } from './reminders/access-retention.js';
import { AfterEndJobs } from './reminders/after-end.js';
import { afterEndJobRef } from './reminders/after-end-job.js';
import { FollowUpService } from './reminders/follow-up.js';
import { ProgrammeJobs } from './reminders/programme-jobs.js';
import { PracticeRetention } from './reminders/retention.js';
import { ReminderScheduler, type TickResult } from './reminders/scheduler.js';
import { TimeUpSweep } from './reminders/time-up.js';
import { accessRecorder } from './roundtable/access-recorder.js';
import { type InRoomAnswer, registerBarriersOf } from './roundtable/barrier-register.js';
import { type DomainContext, domainContext } from './roundtable/context.js';
import { CaseFileExport } from './roundtable/export.js';
import { carryOverAfterEnd } from './roundtable/follow-up-roundtable.js';
import { currentPhase } from './roundtable/phases.js';
import { ProgrammeView } from './roundtable/programme-view.js';
import { sweepByRetentionRules } from './roundtable/retention-rules.js';
import { roundtableView } from './roundtable/roundtables.js';
import { CosmosAccessLog } from './store/cosmos-access-log.js';
import { CosmosCardLeases } from './store/cosmos-card-lease.js';
import { type DatabaseHandle, inBackground, openDatabase, pingDatabase } from './store/database.js';
import { readScopes } from './store/read-scope.js';
import { type AppStores, cosmosStores } from './store/stores.js';
import { type AuthOverrides, createAdapter, teamsLimiter } from './teams/edge/adapter.js';
import { RoundtableBot } from './teams/edge/bot.js';
import { MeetingRoles } from './teams/edge/meeting-roles.js';
import { CardRenderer } from './teams/outgoing/card-renderer.js';
import { budgetSlot } from './teams/outgoing/instance-slot.js';
import { TeamsReminderDelivery } from './teams/outgoing/proactive.js';
import { CardPublisher } from './teams/outgoing/publisher.js';
import type { RateLimiter } from './teams/outgoing/rate-limiter.js';
import { roundtableDueJobs } from './teams/outgoing/roundtable-due-send.js';
import { privateSender } from './teams/outgoing/send-privately.js';
import type { RetryPolicy } from './teams/outgoing/sender.js';
import type { ProgrammeDeps } from './teams/routing/turn.js';

export interface AppOptions {
  config: Config;
  /** Run on these stores instead of the database's (tests: bot/store/memory); the database then only answers /api/ready. */
  stores?: AppStores;
  log?: Logger;
  /** Use this database instead of opening one from the config (tests share one server). */
  database?: DatabaseHandle;
  now?: () => Date;
  auth?: AuthOverrides;
  retry?: RetryPolicy;
  /** The built tab's folder (default: tabFiles()). */
  tabDist?: string;
  /** Paces every Teams call (default: Teams' windows and this instance's share; tests may relax it). */
  limiter?: RateLimiter;
}

/** A running bot: its URL, its database, and how to stop it. */
export interface App {
  url: string;
  port: number;
  database: DatabaseHandle;
  domain: DomainContext;
  followUp: FollowUpService;
  /** Sends due reminders; tests call `tick()` with a fake clock. */
  scheduler: ReminderScheduler;
  log: Logger;
  /** Resolves when no background card refresh is running. */
  idle(): Promise<void>;
  /** Requests (turns) being served now. */
  inFlight(): number;
  /**
   * Graceful stop: refuses new requests, lets turns in flight and card refreshes finish (up to
   * `graceMs`, default 10 s), then closes the database. Resolves false when work was cut off.
   */
  close(graceMs?: number): Promise<boolean>;
}

/** How long close() waits for turns in flight by default. */
export const DEFAULT_GRACE_MS = 10_000;

/** Wires config → database → domain → Teams edge → HTTP, and starts listening. */
export async function createApp(opts: AppOptions): Promise<App> {
  const { config } = opts;
  const log = opts.log ?? createLogger(config.logLevel);
  const ownDatabase = !opts.database;
  const database = opts.database ?? (await openDatabase(config));
  const now = opts.now ?? (() => new Date());
  const stores = opts.stores ?? cosmosStores(database.database);
  const store = stores.roundtables;
  const records = stores.records;
  const domain = domainContext({
    store,
    records,
    programme: stores.programme,
    children: stores.children,
    // The agency's zone (AGENCY_TIME_ZONE): meeting times are read and shown in it (cards, the "Schedule in Teams" link).
    settings: {
      ...config.settings,
      followUp: { ...config.settings.followUp, defaultTimeZone: config.timeZone },
    },
    now,
    scopes: readScopes,
    leaderIds: config.programme.leaderIds,
    deletion: {
      retentionDays: config.programme.retentionDays,
      rules: config.records,
      afterDelete: async (rt) => {
        if (config.programme.leaderIds.length > 0) await programmeView.refresh(rt.chat.tenantId);
      },
    },
  });
  const followUpStore = stores.followUp;
  const followUp = new FollowUpService({
    roundtables: store,
    followUps: followUpStore,
    settings: { ...config.settings.followUp, defaultTimeZone: config.timeZone },
    agency: config.settings,
    now,
    children: stores.children,
    kickAfterEnd: (roundtableId) => afterEndNow(roundtableId),
  });
  const programmeStore = stores.programme;
  const programmeView = new ProgrammeView({
    store: stores.aggregates,
    children: stores.children,
    settings: config.settings,
    leaderIds: config.programme.leaderIds,
    offices: config.programme.offices,
    suppressBelow: config.programme.suppressBelow,
    now,
  });
  const exports = new CaseFileExport({
    roundtables: store,
    programme: programmeStore,
    records,
    aggregates: stores.aggregates,
    settings: config.settings,
    children: stores.children,
    linkMinutes: config.programme.exportLinkMinutes,
    now,
  });
  // Download links point at this server: the public host (TAB_DOMAIN) when set, else where it listens.
  let publicUrl = config.tab.domain ? `https://${config.tab.domain}` : '';
  const sendPrivately = privateSender({
    person: (id) => followUp.person(id),
    // Read when a card is sent: the delivery is made below.
    delivery: { sendToPerson: (person, rt, card) => delivery.sendToPerson(person, rt, card) },
    language: config.settings.language,
    now,
  });
  const programme: ProgrammeDeps = {
    offices: config.programme.offices,
    domain,
    exports,
    followUp,
    downloadUrl: (token) => downloadLinkFor(publicUrl, token),
    sendPrivately,
    tellChat: (rt, text) => delivery.tellChat(rt, text),
  };
  // The access log: one entry per decision of the pipeline (bot and tab), written before anything is shown.
  const accessLog =
    stores.accessLog ?? new CosmosAccessLog(database.database, { retentionDays: config.audit.retentionDays });
  const recordAccess = accessRecorder(accessLog, log);
  const deps = {
    domain,
    now,
    recordAccess,
    followUp: {
      followUp,
      roundtables: store,
      agency: config.settings,
      domain,
      myRoundtablesUrl: config.personalApp.myRoundtablesUrl,
      programme,
    },
    programme,
    sendPrivately,
  };
  const limiter = opts.limiter ?? teamsLimiter(config);
  const instanceId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const adapter = createAdapter(config, log, opts.auth, limiter);
  // With more instances: a lease per shared card, and one per instance slot (its share of the per-app budget).
  const instances = config.teamsLimits.instanceCount;
  const leases = instances > 1 ? new CosmosCardLeases(database.database) : undefined;
  const slot = leases && budgetSlot(limiter, leases, instanceId, instances, config.teamsSendsPerSecond);
  // Each turn reads a roundtable's documents once (bot/store/read-scope.ts).
  adapter.use(async (_context, next) => readScopes.fresh(next));
  const delivery = new TeamsReminderDelivery(
    adapter,
    config.appId ?? '',
    store,
    followUp,
    config.settings,
    log,
    now,
    opts.retry,
    config.personalApp.myRoundtablesUrl,
  );
  const jobs = new ProgrammeJobs({
    store: followUpStore,
    domain,
    settings: { ...config.settings.followUp, defaultTimeZone: config.timeZone },
    sendDigest: (leader, digest) => sendPrivately(leader, (lang) => barrierDigestCard(digest, lang)),
    digest: config.programme.leaderIds.length > 0,
    retention: config.programme.retentionDays > 0,
    ...(config.programme.leaderIds.length > 0 ? { aggregates: programmeView } : {}),
    now,
  });
  const accessRetention = new AccessRetention(accessLog, config.audit.retentionDays, (count) =>
    log.info({ event: 'access.purged', count }, 'expired access entries purged'),
  );
  const afterEnd: AfterEndJobs = new AfterEndJobs({
    roundtables: store,
    followUp,
    takeover: (id, actor) => carryOverAfterEnd(domain, id, actor),
    register: async (id) =>
      registerBarriersOf(
        domain,
        id,
        ((await roundtableView(domain, id))?.barriers ?? []) as unknown as InRoomAnswer[],
      ),
    tellChat: (rt, text) => delivery.tellChat(rt, text),
    sendNow: (reminders): Promise<TickResult> => scheduler.sendNow(reminders),
    now,
  });
  // A follow-up roundtable coming due: its 1:1 card with "Schedule in Teams" (#25).
  const roundtableDue = roundtableDueJobs(
    delivery,
    { roundtables: store, programme: programmeStore },
    config,
    now,
  );

  const scheduler: ReminderScheduler = new ReminderScheduler({
    store: followUpStore,
    followUp,
    delivery,
    instanceId,
    now,
    part: () => slot?.part(),
    // Every pass: practice roundtables; once a day: every kind of document by its own setting (retention-rules.ts),
    // then the access log's entries past AUDIT_RETENTION_DAYS.
    retention: new PracticeRetention(
      records,
      store,
      followUpStore,
      dailyPasses(
        { sweep: (at) => sweepByRetentionRules(stores.retention, config.records.retention, at) },
        accessRetention,
      ),
    ),
    jobs: [jobs, afterEnd, roundtableDue],
    // A time box that ran out is said in its chat even when nobody acts (the phase card's redraw says it once).
    passes: [
      new TimeUpSweep({
        roundtables: store,
        redraw: async (id) => {
          const rt = (await store.getRoundtable(id))?.value;
          if (!rt) return;
          publisher.shared.request(id, currentPhase(rt).key, true);
          await publisher.shared.idle();
        },
        log,
      }),
    ],
  });
  await jobs.ensure();
  // The work after `end` (its hand-over included) starts after the turn, through the scheduler's claim of its
  // job; tracked like card work. A failure here only delays it: the job stays due for the scheduler's passes.
  const afterEndNow = (roundtableId: string) => {
    void publisher.track(
      readScopes
        .fresh(() => inBackground(() => scheduler.sendNow([afterEndJobRef(roundtableId)])))
        .then((r) => log.info({ event: 'after-end.run', ...r }, 'after-end work done'))
        .catch((err) =>
          log.warn(
            { event: 'after-end.delayed', err: errorName(err) },
            'after-end work not done now: the scheduler runs it',
          ),
        ),
    );
  };
  const reminderLoop = startReminderLoop(scheduler, config.reminderTickSeconds, log);
  void slot?.start();
  const publisher = new CardPublisher(
    adapter,
    config.appId ?? '',
    new CardRenderer(deps),
    log,
    opts.retry,
    delivery,
    {
      delayMs: config.teamsLimits.cardUpdateDelayMs,
      instanceId,
      // With one instance its own per-card loop is the only updater; with more, a lease per card in Cosmos.
      ...(leases ? { leases } : {}),
    },
  );
  const bot = new RoundtableBot(
    deps,
    publisher,
    log,
    config.allowedTenants,
    new MeetingRoles(Date.now, limiter),
  );
  const tabDist = opts.tabDist ?? tabFiles();
  if (!existsSync(join(tabDist, 'panel.js')))
    log.warn({ event: 'tab.missing' }, 'the tab is not built: run npm run build:tab (or npm run build)');
  const http = await startHttpServer({
    adapter,
    bot,
    log,
    host: config.host,
    port: config.port,
    tab: {
      config,
      domain,
      adapter,
      publisher,
      meetingRoles: bot.meetingRoles,
      log,
      dist: tabDist,
      followUp,
      peopleByAad: (ids) => programmeStore.peopleByAadIds(ids),
      programmeView,
      recordAccess,
      accessLog: { log: accessLog, officerIds: config.audit.securityOfficerIds },
      queue: {
        extracts: stores.extracts,
        coordinatorIds: config.coordinator.coordinatorIds,
        rules: { ...config.coordinator.rules, followUpDays: config.settings.followUpRoundtableDays },
        retentionDays: config.records.retention.extract,
        roundtables: async (t) =>
          (await stores.aggregates.sources(t)).sources.map((s) => ({
            roundtable: s.rt,
            ...(s.plan ? { plan: s.plan } : {}),
          })),
        now,
      },
    },
    ready: () => pingDatabase(database.database),
    downloads: {
      exports,
      domain,
      log,
      recordAccess,
      caseFileNotice: config.records.caseFileNotice,
      ...(config.handout.contactLine ? { handoutContact: config.handout.contactLine } : {}),
      exportNames: config.coordinator.exportDisplayNames,
    },
    channel: { appId: config.appId, serviceUrls: adapter.serviceUrls },
    hsts: !config.localMode,
  });
  if (!publicUrl) publicUrl = http.url;
  return {
    url: http.url,
    port: http.port,
    database,
    domain,
    followUp,
    scheduler,
    log,
    idle: () => publisher.idle(),
    inFlight: () => http.inFlight(),
    close: async (graceMs = DEFAULT_GRACE_MS) => {
      const started = Date.now();
      await reminderLoop.stop();
      const drained = await http.drain(graceMs);
      const left = Math.max(0, graceMs - (Date.now() - started));
      const idle = await Promise.race([
        publisher.drain().then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), left).unref()),
      ]);
      await slot?.stop();
      if (ownDatabase) await database.close();
      return drained && idle;
    },
  };
}

/**
 * Where the built tab is: dist/tab beside the compiled bot (`npm run build`), else tab/dist (`npm start`
 * builds it there). The bot serves these files; it never builds the tab or reads tab/src.
 */
export function tabFiles(): string {
  const compiled = join(__dirname, '..', 'tab');
  return existsSync(join(compiled, 'panel.js')) ? compiled : join(__dirname, '..', 'tab', 'dist');
}
