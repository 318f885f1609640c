import assert from 'node:assert/strict';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  TeamsInfo,
  type TurnContext,
} from 'botbuilder';
import { FakeConnector } from '../support/fake-connector.js';

/** The error botbuilder's ConnectorClient throws for a non-2xx answer (a RestError from @azure/core-rest-pipeline). */
interface ConnectorError extends Error {
  statusCode?: number;
  code?: string;
  details?: unknown;
  response?: { status: number; headers: { get(name: string): string | undefined } };
}

const GROUP_CHAT = '19:meeting_abc;def@thread.v2';

describe('fake connector (botbuilder CloudAdapter talks to it)', () => {
  let fake: FakeConnector;
  let adapter: CloudAdapter;

  before(() => {
    adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  });
  // A fresh fake per test (its ids count from 1): each test passes alone and in any order.
  beforeEach(async () => {
    fake = await FakeConnector.start();
  });
  afterEach(() => fake.close());

  function reference(conversationId = GROUP_CHAT): Partial<ConversationReference> {
    return {
      serviceUrl: fake.url,
      conversation: { id: conversationId, isGroup: true, conversationType: 'groupChat', name: '' },
      channelId: 'msteams',
      bot: { id: 'bot', name: 'Roundtable' },
    };
  }

  async function withContext(
    logic: (ctx: TurnContext) => Promise<void>,
    conversationId?: string,
  ): Promise<void> {
    await adapter.continueConversationAsync('', reference(conversationId), logic);
  }

  it('records a send and an update, with the conversation id decoded', async () => {
    await withContext(async (ctx) => {
      const r = await ctx.sendActivity('hi');
      assert.ok(r?.id);
      await ctx.updateActivity({ type: 'message', id: r.id, text: 'edited' });
    });

    // Inside continueConversationAsync, sendActivity replies to the (random) id of the continuation event.
    const [post, put] = fake.requests;
    assert.equal(fake.requests.length, 2);
    assert.equal(post?.operation, 'reply');
    assert.equal(post?.method, 'POST');
    assert.equal(post?.conversationId, GROUP_CHAT);
    assert.equal(put?.operation, 'update');
    assert.equal(put?.method, 'PUT');
    assert.equal(put?.conversationId, GROUP_CHAT);
    assert.equal(put?.activityId, 'activity-1');
    assert.equal(fake.requests[0]?.body?.text, 'hi');
    assert.equal(fake.sent(GROUP_CHAT).length, 1);
    assert.equal(fake.sent(GROUP_CHAT)[0]?.text, 'hi');
    const current = fake.activities(GROUP_CHAT);
    assert.equal(current.length, 1);
    assert.equal(current[0]?.id, 'activity-1');
    assert.equal(current[0]?.text, 'edited');
    assert.deepEqual(
      fake.history(GROUP_CHAT, 'activity-1').map((a) => a.text),
      ['hi', 'edited'],
    );
  });

  it('gives every send a fresh id, handles replies and deletes, and 404s an unknown update', async () => {
    await withContext(async (ctx) => {
      const a = await ctx.sendActivity('one');
      const b = await ctx.sendActivity({ type: 'message', text: 'two', attachments: [] });
      assert.notEqual(a?.id, b?.id);
      const client = ctx.turnState.get(adapter.ConnectorClientKey);
      await client.conversations.sendToConversation(GROUP_CHAT, { type: 'message', text: 'plain send' });
      const reply = await client.conversations.replyToActivity(GROUP_CHAT, a!.id, {
        type: 'message',
        text: 'three',
      });
      assert.match(reply.id ?? '', /^activity-\d+$/);
      await ctx.deleteActivity(b!.id);
      await assert.rejects(
        ctx.updateActivity({ type: 'message', id: 'never-posted', text: 'x' }),
        (err: ConnectorError) => err.statusCode === 404 && err.code === 'ActivityNotFound',
      );
    });
    assert.deepEqual(
      fake.activities(GROUP_CHAT).map((a) => a.text),
      ['one', 'plain send', 'three'],
    );
    assert.deepEqual(
      fake.sent(GROUP_CHAT).map((a) => a.text),
      ['one', 'two', 'plain send', 'three'],
    );
    assert.equal(fake.sent(GROUP_CHAT)[3]?.replyToId, fake.sent(GROUP_CHAT)[0]?.id);
    assert.deepEqual(
      fake.requests.map((r) => r.operation),
      ['reply', 'reply', 'send', 'reply', 'delete', 'update'],
    );
  });

  it('works with a Teams-like serviceUrl that has a path prefix and a trailing slash', async () => {
    await adapter.continueConversationAsync(
      '',
      { ...reference(), serviceUrl: `${fake.url}/amer/` },
      async (ctx) => {
        await ctx.sendActivity('hello');
      },
    );
    assert.ok(
      fake.requests[0]?.path.startsWith(`/v3/conversations/${encodeURIComponent(GROUP_CHAT)}/activities/`),
    );
    assert.equal(fake.sent(GROUP_CHAT)[0]?.text, 'hello');
  });

  it('answers members, one member and paged members as configured', async () => {
    const members = [
      { id: '29:fac', name: 'Fay Facilitator', aadObjectId: 'aad-fac' },
      { id: '29:cw', name: 'Cass Caseworker', aadObjectId: 'aad-cw' },
      { id: '29:sup', name: 'Sam Supervisor', aadObjectId: 'aad-sup' },
    ];
    fake.setMembers(GROUP_CHAT, members);
    await withContext(async (ctx) => {
      const all = await TeamsInfo.getMembers(ctx);
      assert.deepEqual(
        all.map((m) => m.id),
        ['29:fac', '29:cw', '29:sup'],
      );
      const one = await TeamsInfo.getMember(ctx, '29:cw');
      assert.equal(one.name, 'Cass Caseworker');
      await assert.rejects(
        TeamsInfo.getMember(ctx, '29:nobody'),
        (err: ConnectorError) => err.statusCode === 404,
      );
      const page1 = await TeamsInfo.getPagedMembers(ctx, 2);
      assert.equal(page1.members.length, 2);
      assert.ok(page1.continuationToken);
      const page2 = await TeamsInfo.getPagedMembers(ctx, 2, page1.continuationToken);
      assert.deepEqual(
        page2.members.map((m) => m.id),
        ['29:sup'],
      );
      assert.equal(page2.continuationToken, undefined);
    });
  });

  it('answers a meeting participant with 404 by default, or the configured participant', async () => {
    await withContext(async (ctx) => {
      await assert.rejects(
        TeamsInfo.getMeetingParticipant(ctx, 'MCMeeting==', 'aad-fac', 'tenant-1'),
        (err: ConnectorError) => err.statusCode === 404,
      );
      fake.setMeetingParticipant('MCMeeting==', 'aad-fac', { role: 'Organizer' });
      const p = await TeamsInfo.getMeetingParticipant(ctx, 'MCMeeting==', 'aad-fac', 'tenant-1');
      assert.equal(p.meeting?.role, 'Organizer');
      assert.equal(p.user?.aadObjectId, 'aad-fac');
    });
    const last = fake.requestsTo('GET', '/v1/meetings/').at(-1);
    assert.equal(last?.params.meetingId, 'MCMeeting==');
    assert.equal(last?.params.participantId, 'aad-fac');
    assert.equal(last?.query.tenantId, 'tenant-1');
  });

  it('creates a 1:1 conversation and lets the bot post into it', async () => {
    let newConversationId: string | undefined;
    await adapter.createConversationAsync(
      '',
      'msteams',
      fake.url,
      '',
      {
        isGroup: false,
        bot: { id: '28:bot', name: 'Roundtable' },
        members: [{ id: '29:cw', name: '' }],
        tenantId: 'tenant-1',
        channelData: { tenant: { id: 'tenant-1' } },
      } as never,
      async (ctx) => {
        newConversationId = ctx.activity.conversation.id;
        await ctx.sendActivity('Your step is due tomorrow.');
      },
    );
    assert.match(newConversationId ?? '', /^a:/);
    assert.equal(fake.createdConversations.length, 1);
    assert.deepEqual(fake.createdConversations[0]?.parameters.members, [{ id: '29:cw', name: '' }]);
    assert.equal(fake.sent(newConversationId!)[0]?.text, 'Your step is due tomorrow.');
  });

  it('surfaces a 429 as a RestError with statusCode 429 and the Retry-After header', async () => {
    // With Retry-After, botbuilder's pipeline retries 3 times on its own: 4 faults reach the bot.
    fake.failNext({
      method: 'POST',
      pathIncludes: '/activities',
      status: 429,
      retryAfterSeconds: 0,
      count: 4,
    });
    let caught: ConnectorError | undefined;
    await withContext(async (ctx) => {
      try {
        await ctx.sendActivity('throttled');
      } catch (err) {
        caught = err as ConnectorError;
      }
    });
    assert.ok(caught, 'expected sendActivity to throw');
    assert.equal(caught.name, 'RestError');
    assert.equal(caught.statusCode, 429);
    assert.equal(caught.code, 'Throttled');
    assert.equal(caught.response?.status, 429);
    assert.equal(caught.response?.headers.get('retry-after'), '0');
    assert.equal(fake.requests.length, 4);
    assert.ok(fake.requests.every((r) => r.injected && r.status === 429));

    // Afterwards the fake behaves normally again.
    await withContext(async (ctx) => {
      await ctx.sendActivity('after the storm');
    });
    assert.deepEqual(
      fake.sent(GROUP_CHAT).map((a) => a.text),
      ['after the storm'],
    );
  });

  it('lets botbuilder retry a single 429 with Retry-After by itself; a 429 without it surfaces at once', async () => {
    fake.failNext({ status: 429, retryAfterSeconds: 0 });
    await withContext(async (ctx) => {
      await ctx.sendActivity('retried by the pipeline');
    });
    assert.deepEqual(
      fake.requests.map((r) => r.status),
      [429, 200],
    );

    fake.reset();
    fake.failNext({ status: 429, retryAfterSeconds: null });
    await withContext(async (ctx) => {
      await assert.rejects(ctx.sendActivity('x'), (err: ConnectorError) => err.statusCode === 429);
    });
    assert.equal(fake.requests.length, 1);
  });

  it('surfaces a 403 with the Teams error code and body', async () => {
    fake.failNext({ method: 'POST', status: 403 });
    await withContext(async (ctx) => {
      await assert.rejects(ctx.sendActivity('forbidden'), (err: ConnectorError) => {
        assert.equal(err.statusCode, 403);
        assert.equal(err.code, 'BotNotInConversationRoster');
        assert.deepEqual(err.details, {
          error: {
            code: 'BotNotInConversationRoster',
            message: 'The bot is not part of the conversation roster.',
          },
        });
        return true;
      });
    });
  });

  it('can fail only the requests a matcher selects', async () => {
    fake.failNext({
      status: 403,
      match: (r) => r.method === 'POST' && r.path === '/v3/conversations',
      body: { error: { code: 'Forbidden', message: 'User blocked the conversation with the bot.' } },
    });
    await assert.rejects(
      adapter.createConversationAsync(
        '',
        'msteams',
        fake.url,
        '',
        { isGroup: false, members: [{ id: '29:out' }], tenantId: 't' } as never,
        async () => {},
      ),
      (err: ConnectorError) => err.statusCode === 403 && err.code === 'Forbidden',
    );
    await withContext(async (ctx) => {
      await ctx.sendActivity('still fine');
    });
    assert.equal(fake.sent(GROUP_CHAT).length, 1);
  });

  it('waitFor returns the value, and on timeout throws listing what was recorded', async () => {
    const pending = fake.waitFor((f) => f.sent(GROUP_CHAT)[0], { timeoutMs: 1000 });
    await withContext(async (ctx) => {
      await ctx.sendActivity('late');
    });
    assert.equal((await pending).text, 'late');

    await assert.rejects(
      fake.waitFor((f) => f.sent('19:other@thread.v2').length > 0, {
        timeoutMs: 50,
        description: 'a message in 19:other',
      }),
      (err: Error) => {
        assert.match(err.message, /timed out after 50 ms waiting for: a message in 19:other/);
        assert.match(err.message, /recorded 1 request\(s\)/);
        assert.match(err.message, /reply POST \/v3\/conversations\/.*\/activities\/.* -> 200 .*"late"/);
        return true;
      },
    );
  });
});
