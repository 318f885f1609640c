/**
 * Runs the real bot over HTTP against the real @azure/cosmos client and the Cosmos-compatible
 * server (or, with `storage: 'memory'`, on the in-memory stores), with a local fake of the Bot
 * Connector. Tests talk to it as Teams would.
 */
import { type App, createApp } from '../../bot/app.js';
import { type Config, loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/log.js';
import { ensureAccessLogContainer } from '../../bot/store/cosmos-access-log.js';
import { ensureSchema } from '../../bot/store/cosmos-documents.js';
import { cosmosClient, type DatabaseHandle, startEmbeddedCosmos } from '../../bot/store/database.js';
import { memoryStores } from '../../bot/store/memory/memory-stores.js';
import { type AppStores, cosmosStores } from '../../bot/store/stores.js';
import type { AuthOverrides } from '../../bot/teams/edge/adapter.js';
import { RateLimiter } from '../../bot/teams/outgoing/rate-limiter.js';
import type { RetryPolicy } from '../../bot/teams/outgoing/sender.js';
import { buildTab } from '../../tab/build.js';
import { cardAction, MEETING_CHAT_ID, message, type Person, people, postActivity } from './activities.js';
import { actions, cardText, findAction, hasAction, isFormMessage } from './card-query.js';
import { FakeConnector, type StoredActivity } from './fake-connector.js';
import { noDatabase } from './no-database.js';

export type Card = Record<string, unknown>;

export { actions, cardText, findAction, isFormMessage } from './card-query.js';

/** A card posted (or updated) in a chat, as the fake connector holds it now. */
export interface PostedCard {
  activityId: string;
  card: Card;
  /** A phase card's form message (where people type), as it was when the card was looked at. */
  form?: PostedCard;
}

export interface InvokeResult {
  status: number;
  body: { statusCode?: number; type?: string; value?: unknown } | undefined;
  /** Milliseconds until the bot answered the click (before the harness waited for the shared card updates). */
  answeredMs?: number;
}

/** Bot Service gives an invoke about 15 s; later, Teams shows "Unable to reach app" (a failed click). */
export const INVOKE_DEADLINE_MS = 15_000;

/** Retries without waiting, so fault tests run fast. */
export const FAST_RETRY: RetryPolicy = { attempts: 4, maxWaitMs: 50, baseDelayMs: 1, sleep: async () => {} };

let cosmosServer: { endpoint: string; close(): Promise<void> } | undefined;
let databaseCount = 0;

/** One Cosmos-compatible server for the whole test run; each harness gets its own database. */
export async function testDatabase(): Promise<DatabaseHandle> {
  cosmosServer ??= await startEmbeddedCosmos();
  const client = cosmosClient(cosmosServer.endpoint, 'test-key');
  const database = await ensureSchema(client, `test-${process.pid}-${++databaseCount}`);
  await ensureAccessLogContainer(database);
  return {
    database,
    client,
    endpoint: cosmosServer.endpoint,
    embedded: true,
    close: async () => {
      await database.delete().catch(() => undefined);
      client.dispose();
    },
  };
}

after(async () => {
  await cosmosServer?.close();
  cosmosServer = undefined;
});

/** A window no test reaches: calls are not paced. */
const UNPACED = { limit: 1_000_000, ms: 1_000 };

export interface HarnessOptions {
  env?: Record<string, string>;
  now?: () => Date;
  database?: DatabaseHandle;
  logLines?: string[];
  configure?: (config: Config) => Config;
  auth?: AuthOverrides;
  /** A fake connector shared with another harness (a second instance of the app); not closed by this one. */
  fake?: FakeConnector;
  /**
   * 'lenient': the fake Teams keeps no rate windows and the bot paces nothing — for tests about something
   * else (authorization, hostile input) that send hundreds of turns into one chat. Default: strict, as Teams.
   */
  teams?: 'strict' | 'lenient';
  /** 'memory': on the in-memory stores (bot/store/memory), for rules of the practice, not wire or storage. */
  storage?: 'cosmos' | 'memory';
}

export class Harness {
  /** Clicks not answered within INVOKE_DEADLINE_MS (Teams would show "Unable to reach app"). */
  failedClicks = 0;

  private constructor(
    readonly app: App,
    readonly fake: FakeConnector,
    readonly database: DatabaseHandle,
    /** The stores the bot runs on (read them to check what was stored, on either storage). */
    readonly stores: AppStores,
    private readonly ownDatabase: boolean,
    private readonly ownFake = true,
  ) {}

  static async start(opts: HarnessOptions = {}): Promise<Harness> {
    const lenient = opts.teams === 'lenient';
    const fake = opts.fake ?? (await FakeConnector.start(lenient ? { strict: false } : {}));
    const memory = opts.storage === 'memory';
    const ownDatabase = !opts.database;
    const database = opts.database ?? (memory ? noDatabase() : await testDatabase());
    const stores = memory ? memoryStores() : cosmosStores(database.database);
    let config = loadConfig({
      PORT: '0',
      LOG_LEVEL: 'info',
      REMINDER_TICK_SECONDS: '0',
      // Shared card edits go out at once in tests (Teams: a 2.5 s window while people type).
      CARD_UPDATE_DELAY_MS: '0',
      // The fake connector is the Bot Connector host the bot may talk to (with an app id; local mode allows loopback).
      TEAMS_SERVICE_URLS: `${fake.url}/`,
      ...opts.env,
    });
    if (opts.configure) config = opts.configure(config);
    const lines = opts.logLines;
    const log = createLogger('info', {
      write: (line: string) => {
        lines?.push(line);
      },
    });
    await buildTab(); // the tab's pages, as `npm start` builds them (nothing when they are up to date)
    const app = await createApp({
      config,
      log,
      database,
      ...(memory ? { stores } : {}),
      retry: FAST_RETRY,
      auth: opts.auth,
      ...(opts.now ? { now: opts.now } : {}),
      ...(lenient ? { limiter: new RateLimiter({ perConversation: [UNPACED], global: [UNPACED] }) } : {}),
    });
    // As Teams clients: each user listed in an edited card's refresh.userIds asks for their view.
    fake.refreshTo = async (r) => {
      const from = Object.values(people).find((p) => p.id === r.userId) ?? {
        id: r.userId,
        name: 'Someone',
        aadObjectId: r.userId,
      };
      const data = (r.action.data ?? {}) as Record<string, unknown>;
      await postActivity(
        app.url,
        cardAction({
          verb: String(r.action.verb ?? 'refresh'),
          data,
          from,
          conversation: r.conversationId,
          serviceUrl: fake.url,
          replyToId: r.activityId,
        }),
      );
    };
    return new Harness(app, fake, database, stores, ownDatabase, !opts.fake);
  }

  /** Waits for the bot's work after the answers (shared card edits) and the refresh invokes they caused. */
  async settled(): Promise<void> {
    await this.app.idle();
    await this.fake.settled();
    await this.app.idle();
  }

  async close(): Promise<void> {
    await this.fake.settled();
    await this.app.close();
    if (this.ownFake) await this.fake.close();
    if (this.ownDatabase) await this.database.close();
  }

  /** Someone types to the bot (with an @mention, as group chats need). */
  async say(from: Person, text: string, conversation = MEETING_CHAT_ID) {
    const res = await postActivity(
      this.app.url,
      message({ text, from, conversation, serviceUrl: this.fake.url, mentionBot: true }),
    );
    await this.settled();
    return res;
  }

  /** Messages the bot sent to the chat, in order (current state after updates). */
  activities(conversation = MEETING_CHAT_ID): StoredActivity[] {
    return this.fake.activities(conversation);
  }

  texts(conversation = MEETING_CHAT_ID): string[] {
    return this.activities(conversation)
      .map((a) => a.text)
      .filter((t): t is string => typeof t === 'string');
  }

  /** The cards in the chat, in order, as everyone sees them now. */
  cards(conversation = MEETING_CHAT_ID): PostedCard[] {
    return this.activities(conversation).flatMap((a) => {
      const att = (a.attachments ?? []) as { contentType?: string; content?: Card }[];
      const card = att.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
      return card ? [{ activityId: a.id, card }] : [];
    });
  }

  /** The cards each person got in 1:1 chats the bot created, by person id. */
  personalCards(): Map<string, PostedCard[]> {
    const out = new Map<string, PostedCard[]>();
    for (const { id, parameters } of this.fake.createdConversations) {
      const member = ((parameters.members as { id: string }[] | undefined) ?? [])[0]?.id ?? '?';
      out.set(member, [...(out.get(member) ?? []), ...this.cards(id)]);
    }
    return out;
  }

  /**
   * The latest card everyone shares (a phase's form message, posted under its card for typing, is skipped:
   * `click` finds a form's buttons from its phase card, `formUnder` gives the form itself).
   */
  lastCard(conversation = MEETING_CHAT_ID): PostedCard {
    const all = this.cards(conversation).filter((c) => !isFormMessage(c.card));
    const last = all[all.length - 1];
    if (!last) throw new Error('no card was posted');
    // The form as it is now goes with the card (a stale card's form keeps its buttons, as on a screen).
    const form = this.formUnder(last, conversation);
    return form ? { ...last, form } : last;
  }

  /** The form message posted right under a phase card (where people type), if it has one. */
  formUnder(posted: PostedCard, conversation = MEETING_CHAT_ID): PostedCard | undefined {
    const all = this.cards(conversation);
    const next = all[all.findIndex((c) => c.activityId === posted.activityId) + 1];
    return next && isFormMessage(next.card) ? next : undefined;
  }

  /** Presses an Action.Execute button on a card, with what the user typed into its inputs. */
  async click(
    from: Person,
    posted: PostedCard,
    verb: string,
    opts: { target?: string; inputs?: Record<string, unknown>; conversation?: string } = {},
  ): Promise<InvokeResult> {
    // A typing verb (a fact, a question, an idea, the debrief) is pressed on the form under the phase card.
    const form = hasAction(posted.card, verb, opts.target)
      ? undefined
      : (posted.form ?? this.formUnder(posted, opts.conversation));
    const on = form && hasAction(form.card, verb, opts.target) ? form : posted;
    const action = findAction(on.card, verb, opts.target);
    const data = { ...(action.data as Record<string, unknown>), ...opts.inputs };
    return this.invoke(from, on.activityId, verb, data, opts.conversation);
  }

  /** The chat's Welcome card as everyone sees it now (the card with "Assign a role"). */
  welcomeCard(conversation = MEETING_CHAT_ID): PostedCard {
    const found = this.cards(conversation)
      .filter((c) => actions(c.card).some((a) => a.verb === 'role.assign'))
      .at(-1);
    if (!found) throw new Error('no open Welcome card in the chat');
    return found;
  }

  /**
   * Joins as `role` from the Welcome card; a role with rights is asked for, then confirmed by the
   * facilitator (roles are given, not taken). Answers the last invoke.
   */
  async joinAs(
    who: Person,
    role: string,
    opts: { facilitator?: Person; conversation?: string } = {},
  ): Promise<InvokeResult> {
    const conversation = opts.conversation ?? MEETING_CHAT_ID;
    const joined = await this.click(who, this.welcomeCard(conversation), 'roster.join', {
      inputs: { role },
      conversation,
    });
    const welcome = this.welcomeCard(conversation);
    const request = actions(welcome.card).find(
      (a) => a.verb === 'role.confirm' && (a.data as { target?: string } | undefined)?.target === who.id,
    );
    if (!request) return joined;
    return this.click(opts.facilitator ?? people.facilitator, welcome, 'role.confirm', {
      target: who.id,
      conversation,
    });
  }

  /** Someone types to the bot, @mentioning other people (as Teams sends mentions). */
  async sayMentioning(from: Person, text: string, mentioned: Person[], conversation = MEETING_CHAT_ID) {
    const a = message({ text, from, conversation, serviceUrl: this.fake.url, mentionBot: true });
    a.entities = [
      ...(a.entities ?? []),
      ...mentioned.map((p) => ({
        type: 'mention',
        mentioned: { id: p.id, name: p.name },
        text: `<at>${p.name}</at>`,
      })),
    ];
    const res = await postActivity(this.app.url, a);
    await this.app.idle();
    return res;
  }

  /** Sends a raw adaptiveCard/action invoke (for crafted or replayed actions). */
  async invoke(
    from: Person,
    replyToId: string,
    verb: string,
    data: Record<string, unknown>,
    conversation = MEETING_CHAT_ID,
  ): Promise<InvokeResult> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<InvokeResult>((resolve) => {
      timer = setTimeout(() => resolve({ status: 504, body: undefined }), INVOKE_DEADLINE_MS);
    });
    const posted = postActivity(
      this.app.url,
      cardAction({ verb, data, from, conversation, serviceUrl: this.fake.url, replyToId }),
    ) as Promise<InvokeResult>;
    const res = await Promise.race([posted, deadline]);
    clearTimeout(timer);
    if (res.status === 504 && res.body === undefined) this.failedClicks++;
    const answeredMs = Date.now() - started;
    await this.settled();
    return { ...res, answeredMs };
  }
}

/** The card an invoke answered with, or a clear failure. */
export function invokeCard(result: InvokeResult): Card {
  if (
    result.status !== 200 ||
    result.body?.statusCode !== 200 ||
    result.body.type !== 'application/vnd.microsoft.card.adaptive'
  ) {
    throw new Error(
      `invoke answered ${result.status}/${result.body?.statusCode}: ${JSON.stringify(result.body?.value)}`,
    );
  }
  return result.body.value as Card;
}

/** The kinds of expected refusal, by what their words say (the answer carries no status Teams might mishandle). */
export type RefusalKind = 'forbidden' | 'not-found';
const REFUSAL_WORDS: Record<RefusalKind, RegExp> = {
  'not-found': /not found|no longer exists|does not exist|no roundtable|of another chat/i,
  forbidden:
    /\bonly\b|is for |agency leaders|for someone else|on their behalf|can export|answered only in your 1:1|prepare in your 1:1|not enabled for your organisation/i,
};

/** A notice card: one container holding one line of text, no buttons, no inputs. */
export function isNoticeCard(card: unknown): boolean {
  const c = card as { type?: unknown; body?: { type?: unknown; items?: unknown[] }[]; actions?: unknown[] };
  return (
    c?.type === 'AdaptiveCard' &&
    c.body?.length === 1 &&
    c.body[0]?.type === 'Container' &&
    c.body[0].items?.length === 1 &&
    !c.actions?.length
  );
}

/**
 * An expected refusal, in a shape Teams documents for a card action (statusCode 200, never 403/404/429/503): a
 * message, the clicked card left as it is (roundtable cards), or a notice card in its place (1:1 cards). Its
 * words say which kind of refusal it is.
 */
export function invokeRefusal(result: InvokeResult, kind: RefusalKind): { message: string } {
  const body = result.body;
  let message: string | undefined;
  if (result.status === 200 && body?.statusCode === 200) {
    if (body.type === 'application/vnd.microsoft.activity.message' && typeof body.value === 'string')
      message = body.value;
    else if (body.type === 'application/vnd.microsoft.card.adaptive' && isNoticeCard(body.value))
      message = cardText(body.value);
  }
  if (message === undefined || !REFUSAL_WORDS[kind].test(message))
    throw new Error(
      `expected a ${kind} refusal (a message or a notice card), got ${result.status}: ${JSON.stringify(body)}`,
    );
  return { message };
}

/** A real error of a card action (malformed, or a bug): `application/vnd.microsoft.error` with 400 or 500 only. */
export function invokeError(result: InvokeResult, status: 400 | 500): { code: string; message: string } {
  if (result.body?.statusCode !== status || result.body?.type !== 'application/vnd.microsoft.error') {
    throw new Error(
      `expected a ${status} error answer, got ${result.status}: ${JSON.stringify(result.body)}`,
    );
  }
  return result.body.value as { code: string; message: string };
}
