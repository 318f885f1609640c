/**
 * Smoke test of the Playground harness (test/support/playground.ts): a throwaway bot inside the
 * test answers `card` with an Adaptive Card (Input.Text + Action.Execute) and answers the
 * `adaptiveCard/action` invoke with an updated card. Driven from the Microsoft 365 Agents Playground
 * in Chromium, in the group chat with a real @mention. Everything stays on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import restify from 'restify';
import {
  type BrowserHandle,
  CARD_SELECTOR,
  clickCardButton,
  fillInput,
  findChromium,
  lastCard,
  launchBrowser,
  openChat,
  openPlayground,
  type PlaygroundHandle,
  sendMessage,
  startPlayground,
  switchUser,
  waitForCardText,
} from '../support/playground.js';

function ideaCard(ideas: string[]): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Ideas', weight: 'Bolder' },
      ...ideas.map((idea) => ({ type: 'TextBlock', text: idea, wrap: true })),
      { type: 'Input.Text', id: 'idea', placeholder: 'Your idea' },
    ],
    actions: [{ type: 'Action.Execute', verb: 'idea.add', title: 'Add idea' }],
  };
}

class IdeaBot extends TeamsActivityHandler {
  readonly activities: Partial<Activity>[] = [];
  readonly ideas: string[] = [];

  constructor() {
    super();
    this.onMessage(async (context, next) => {
      this.activities.push(context.activity);
      const text = (TurnContext.removeRecipientMention(context.activity) ?? '').trim();
      if (text === 'card') {
        await context.sendActivity({ attachments: [CardFactory.adaptiveCard(ideaCard(this.ideas))] });
      } else {
        await context.sendActivity(`You said: ${text}`);
      }
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    this.activities.push(context.activity);
    const data = invokeValue.action.data as { idea?: unknown } | undefined;
    if (invokeValue.action.verb === 'idea.add' && typeof data?.idea === 'string' && data.idea.trim()) {
      this.ideas.push(`${data.idea.trim()} (${context.activity.from.name})`);
    }
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: ideaCard(this.ideas),
    };
  }
}

interface BotServer {
  endpoint: string;
  bot: IdeaBot;
  close(): Promise<void>;
}

async function startBot(): Promise<BotServer> {
  // no app id/password: local mode, no tokens either way
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const errors: unknown[] = [];
  adapter.onTurnError = async (_context, error) => {
    errors.push(error);
  };
  const bot = new IdeaBot();
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    bot,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Playground harness (e2e)', function () {
  this.timeout(60_000);

  let botServer: BotServer | undefined;
  let playground: PlaygroundHandle | undefined;
  let browser: BrowserHandle | undefined;

  before(async function () {
    const chromiumPath = findChromium();
    if (!chromiumPath) {
      this.skip();
      return;
    }
    botServer = await startBot();
    playground = await startPlayground({ botEndpoint: botServer.endpoint });
    browser = await launchBrowser(chromiumPath);
    await openPlayground(browser.page, playground.url);
  });

  after(async () => {
    await browser?.close();
    await playground?.stop();
    await botServer?.close();
  });

  it('sends a card on an @mention in the group chat and updates it on Action.Execute', async () => {
    assert.ok(browser && botServer && playground);
    const { page } = browser;
    await openChat(page, 'group');
    await switchUser(page, 'Fran Facilitator'); // the current user, whoever another test acted as
    const seen = botServer.bot.activities.length;
    const cards = await page.locator(CARD_SELECTOR).count();
    await sendMessage(page, 'card', { mentionBot: true });

    // This test's card: the one after those already in the chat (another test may have posted some).
    await page.locator(CARD_SELECTOR).nth(cards).waitFor({ timeout: 15_000 });
    const card = await waitForCardText(page, 'Ideas');
    await fillInput(card, 'Your idea', 'Ask the aunt about kinship care');
    await clickCardButton(card, 'Add idea', { waitForInvoke: true });
    await waitForCardText(page, 'Ask the aunt about kinship care (Fran Facilitator)');

    const mine = botServer.bot.activities.slice(seen);
    const message = mine.find((a) => a.type === 'message');
    assert.equal(message?.conversation?.conversationType, 'groupChat');
    assert.ok(message?.entities?.some((e) => e.type === 'mention'));
    const invoke = mine.find((a) => a.type === 'invoke');
    assert.equal(invoke?.name, 'adaptiveCard/action');
    assert.equal(invoke?.from?.name, 'Fran Facilitator');
  });

  it('acts as another member after switchUser', async () => {
    assert.ok(browser && botServer && playground);
    const { page } = browser;
    // The group chat, whether or not another test opened it, where the current user got a card first:
    // without a message of the current user in the chat, the Playground sent the other user's click with
    // empty input data (seen when this test ran alone).
    await openChat(page, 'group');
    const before = await page.locator(CARD_SELECTOR).count();
    await sendMessage(page, 'card', { mentionBot: true });
    await page.locator(CARD_SELECTOR).nth(before).waitFor({ timeout: 15_000 });
    await switchUser(page, 'Casey Caseworker');
    const cards = await page.locator(CARD_SELECTOR).count();
    await sendMessage(page, 'card', { mentionBot: true });
    // the bot answers with a new card, after those already in the chat
    await page.locator(CARD_SELECTOR).nth(cards).waitFor({ timeout: 15_000 });
    const card = lastCard(page);
    await fillInput(card, 'Your idea', 'Weekly visits with siblings');
    await clickCardButton(card, 'Add idea', { waitForInvoke: true });
    await waitForCardText(page, 'Weekly visits with siblings (Casey Caseworker)');

    const last = botServer.bot.activities.at(-1);
    assert.equal(last?.type, 'invoke');
    assert.equal(last?.from?.name, 'Casey Caseworker');
    await switchUser(page, 'Fran Facilitator');
  });
});
