/**
 * The Harness with Bot Framework tokens ON: every activity is POSTed to /api/messages with a signed channel
 * token (test/support/bot-auth.ts), as Teams sends it. For tests about who may do what.
 */
import type { Activity } from 'botbuilder';
import {
  cardAction,
  MEETING_CHAT_ID,
  message,
  type Person,
  postActivity,
  TEST_APP_ID,
} from './activities.js';
import { authenticatedEnv, BotAuthRig, NoEntraCredentialsFactory } from './bot-auth.js';
import { actions, Harness, type HarnessOptions, type InvokeResult, type PostedCard } from './harness.js';

export class SignedHarness {
  private constructor(
    readonly h: Harness,
    private readonly rig: BotAuthRig,
    private readonly token: string,
  ) {}

  static async start(opts: HarnessOptions = {}): Promise<SignedHarness> {
    const rig = await BotAuthRig.start();
    const h = await Harness.start({
      teams: 'lenient',
      ...opts,
      env: { ...authenticatedEnv(TEST_APP_ID), LOG_LEVEL: 'silent', ...opts.env },
      auth: {
        settings: rig.authSettings(TEST_APP_ID),
        credentialsFactory: new NoEntraCredentialsFactory(TEST_APP_ID),
      },
    });
    const token = await rig.signToken({ appId: TEST_APP_ID, serviceUrl: h.fake.url });
    return new SignedHarness(h, rig, token);
  }

  /** POSTs an activity with a valid channel token and waits until the bot is idle. */
  async post(activity: Partial<Activity>): Promise<InvokeResult> {
    const res = await postActivity(this.h.app.url, activity, this.token);
    await this.h.settled();
    return res as InvokeResult;
  }

  /** Someone types to the bot in a group chat (@mentioning the bot and `mentioned`). */
  say(from: Person, text: string, mentioned: Person[] = [], conversation = MEETING_CHAT_ID) {
    const a = message({ text, from, conversation, serviceUrl: this.h.fake.url, mentionBot: true });
    a.entities = [
      ...(a.entities ?? []),
      ...mentioned.map((p) => ({
        type: 'mention',
        mentioned: { id: p.id, name: p.name },
        text: `<at>${p.name}</at>`,
      })),
    ];
    return this.post(a);
  }

  /** Someone types in their 1:1 chat with the bot. */
  sayPrivately(from: Person, text: string, conversation: string) {
    return this.post(
      message({
        text,
        from,
        conversation: { id: conversation, conversationType: 'personal' },
        serviceUrl: this.h.fake.url,
      }),
    );
  }

  /** Presses a button (by verb, and target) on a posted card; `personal`: the card is in a 1:1 chat. */
  click(
    from: Person,
    posted: PostedCard,
    verb: string,
    opts: {
      target?: string;
      inputs?: Record<string, unknown>;
      conversation?: string;
      personal?: boolean;
    } = {},
  ): Promise<InvokeResult> {
    const action = actions(posted.card).find(
      (a) =>
        a.verb === verb &&
        (opts.target === undefined || (a.data as { target?: string } | undefined)?.target === opts.target),
    );
    if (!action) throw new Error(`no ${verb} on the card`);
    const data = { ...(action.data as Record<string, unknown>), ...opts.inputs };
    const conversation = opts.conversation ?? MEETING_CHAT_ID;
    return this.post(
      cardAction({
        verb,
        data,
        from,
        conversation: opts.personal ? { id: conversation, conversationType: 'personal' } : conversation,
        serviceUrl: this.h.fake.url,
        replyToId: posted.activityId,
      }),
    );
  }

  /** The 1:1 chat the bot created with `p` (the last one), if any. */
  personalChat(p: Person): string | undefined {
    return this.h.fake.createdConversations
      .filter((c) => (c.parameters.members as { id: string }[] | undefined)?.[0]?.id === p.id)
      .at(-1)?.id;
  }

  async close(): Promise<void> {
    await this.h.close();
    await this.rig.close();
  }
}
