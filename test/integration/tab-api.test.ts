import assert from 'node:assert/strict';
import { translateMessage } from '../../bot/i18n/messages.js';
import { startRoundtable as beginRoundtable, navigate } from '../../bot/roundtable/lifecycle.js';
import { endRoundtable, forChat, getRoundtable, roundtableView } from '../../bot/roundtable/roundtables.js';
import { MEETING_CHAT_ID, people } from '../support/activities.js';
import { Harness } from '../support/harness.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { actorOf, startRoundtable, tabFetch } from '../support/tab-world.js';

const { facilitator: fac, caseworker: cw, consultant: mp, outsider } = people;
const board = `/api/tab/board?chat=${encodeURIComponent(MEETING_CHAT_ID)}`;

describe('tab API over HTTP with Teams SSO tokens (local test key)', function () {
  this.timeout(30000);
  let rig: TabSsoRig;
  let h: Harness;
  let rtId: string;
  before(async () => {
    rig = await TabSsoRig.start();
    h = await Harness.start({ env: rig.env(), auth: rig.auth() });
  });
  // Each test starts from a new roundtable at Welcome (one another test left running is ended first).
  beforeEach(async () => {
    const running = await forChat(h.app.domain, MEETING_CHAT_ID);
    if (running && running.status !== 'ended')
      assert.ok((await endRoundtable(h.app.domain, actorOf(fac), running.id, true)).ok);
    rtId = await startRoundtable(h);
  });
  after(async () => {
    await h?.close();
    await rig?.close();
  });

  it('a valid token of a chat member reads the board, then 304 with If-None-Match', async () => {
    const res = await tabFetch(h, board, await rig.token(cw));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const b = res.body as unknown as {
      roundtable: { caseAlias: string; phase: string };
      me: { facilitator: boolean };
    };
    assert.equal(b.roundtable.caseAlias, 'J.T.');
    assert.equal(b.roundtable.phase, 'welcome');
    assert.equal(b.me.facilitator, false);
    const etag = res.headers.get('etag');
    assert.ok(etag);
    const again = await tabFetch(h, board, await rig.token(cw), { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });

  it('refuses no token, an expired token, the wrong audience, the wrong key, the wrong scope (401)', async () => {
    assert.equal((await tabFetch(h, board, undefined)).status, 401);
    const cases = {
      expired: await rig.token(cw, { expiresInSeconds: -600 }),
      audience: await rig.token(cw, {
        audience: 'api://elsewhere.example/00000000-0000-4000-8000-000000000000',
      }),
      key: await rig.token(cw, { wrongKey: true }),
      scope: await rig.token(cw, { scope: 'User.Read' }),
      issuer: await rig.token(cw, { issuer: 'https://evil.example/v2.0' }),
    };
    for (const [name, token] of Object.entries(cases)) {
      const res = await tabFetch(h, board, token);
      assert.equal(res.status, 401, `${name}: ${JSON.stringify(res.body)}`);
    }
    assert.match((await tabFetch(h, board, cases.expired)).body.error ?? '', /expired/);
  });

  it('refuses a tenant that is not allowed (403) and a non-member of the meeting chat (403)', async () => {
    const otherTenant = await rig.token(cw, { tenantId: '11111111-2222-4333-8444-555555555555' });
    assert.equal((await tabFetch(h, board, otherTenant)).status, 403);
    const res = await tabFetch(h, board, await rig.token(outsider));
    assert.equal(res.status, 403);
    assert.match(res.body.error ?? '', /members of this meeting chat/);
    assert.ok(
      h.fake.requestsTo('GET', `/members/${outsider.aadObjectId}`).length >= 1,
      'asked Teams about membership',
    );
  });

  it('facilitator controls go through the domain: next, timer, anonymous; a participant is refused', async () => {
    const facToken = await rig.token(fac);
    const refused = await tabFetch(h, `/api/tab/roundtables/${rtId}/navigate`, await rig.token(cw), {
      body: { to: 'next' },
    });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error ?? '', /Only a facilitator/);
    const moved = await tabFetch(h, `/api/tab/roundtables/${rtId}/navigate`, facToken, {
      body: { to: 'next' },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal((await forChat(h.app.domain, MEETING_CHAT_ID))?.phaseIndex, 1);
    // The chat's cards follow: the phase 2 card was posted through the fake connector.
    await h.app.idle();
    assert.ok(h.fake.sent(MEETING_CHAT_ID).length >= 1, 'a phase card was posted to the meeting chat');
    const stale = await tabFetch(h, `/api/tab/roundtables/${rtId}/navigate`, facToken, {
      body: { to: 'next', revision: 1 },
    });
    assert.equal(stale.status, 409, 'a stale panel never moves the phase twice');
    const timer = await tabFetch(h, `/api/tab/roundtables/${rtId}/timer`, facToken, {
      body: { minutes: 15 },
    });
    assert.equal(timer.status, 200);
    const bad = await tabFetch(h, `/api/tab/roundtables/${rtId}/timer`, facToken, { body: { minutes: 999 } });
    assert.equal(bad.status, 400);
    const anon = await tabFetch(h, `/api/tab/roundtables/${rtId}/anonymous`, facToken, {
      body: { on: true },
    });
    assert.equal(anon.status, 200);
    const b = (await tabFetch(h, board, facToken)).body as unknown as {
      roundtable: { timerEndsAt?: string; anonymous: boolean };
      me: { facilitator: boolean };
    };
    assert.ok(b.roundtable.timerEndsAt);
    assert.equal(b.roundtable.anonymous, true);
    assert.equal(b.me.facilitator, true);
  });

  it('answers its messages in the page’s language (Accept-Language), English by default', async () => {
    const path = `/api/tab/roundtables/${rtId}/navigate`;
    const token = await rig.token(cw);
    const english = await tabFetch(h, path, token, { body: { to: 'next' } });
    const spanish = await tabFetch(h, path, token, {
      body: { to: 'next' },
      headers: { 'accept-language': 'es-MX,es;q=0.9' },
    });
    assert.equal(spanish.status, 403);
    assert.match(english.body.error ?? '', /^Only a facilitator/);
    assert.equal(spanish.body.error, translateMessage('es', english.body.error ?? ''));
    assert.notEqual(spanish.body.error, english.body.error);
  });

  it('participants add a question and an idea from the panel; phase rules and replays come from the domain', async () => {
    // Anonymous brainstorming: the board below shows no author.
    const anon = await tabFetch(h, `/api/tab/roundtables/${rtId}/anonymous`, await rig.token(fac), {
      body: { on: true },
    });
    assert.equal(anon.status, 200);
    await navigate(h.app.domain, actorOf(fac), rtId, 2);
    const q = await tabFetch(h, `/api/tab/roundtables/${rtId}/contributions`, await rig.token(mp), {
      body: { kind: 'question', text: 'Who visits on weekends?', submissionKey: 'k1' },
    });
    assert.equal(q.status, 200, JSON.stringify(q.body));
    const early = await tabFetch(h, `/api/tab/roundtables/${rtId}/contributions`, await rig.token(mp), {
      body: { kind: 'idea', questionKey: 'q1', text: 'Too early', submissionKey: 'k2' },
    });
    assert.equal(early.status, 409, 'brainstorm is not open yet');
    await navigate(h.app.domain, actorOf(fac), rtId, 'next');
    const idea = {
      kind: 'idea',
      questionKey: 'q2',
      text: 'Family finding with the aunt',
      barrier: 'funding',
      submissionKey: 'k3',
    };
    assert.equal(
      (await tabFetch(h, `/api/tab/roundtables/${rtId}/contributions`, await rig.token(mp), { body: idea }))
        .status,
      200,
    );
    const replay = await tabFetch(h, `/api/tab/roundtables/${rtId}/contributions`, await rig.token(mp), {
      body: idea,
    });
    assert.equal(replay.body.notice, 'Already saved.');
    const view = await roundtableView(h.app.domain, rtId);
    const ideas = view?.contributions.filter((c) => c.kind === 'idea') ?? [];
    assert.equal(ideas.length, 1);
    assert.equal(ideas[0]?.author.id, mp.id, 'stored under the Teams user id from the members API');
    const b = (await tabFetch(h, board, await rig.token(cw))).body as unknown as {
      brainstorm: { key: string; ideas: { text: string; author?: string; barrier?: string }[] }[];
    };
    const q2 = b.brainstorm.find((x) => x.key === 'q2');
    assert.deepEqual(
      q2?.ideas.map((i) => [i.text, i.barrier, i.author]),
      [['Family finding with the aunt', 'funding', undefined]],
    );
  });

  it('the development sign-in does not exist with an app id', async () => {
    const res = await tabFetch(h, '/api/tab/dev-signin', undefined, { body: { userId: fac.id } });
    assert.equal(res.status, 404);
  });

  it('serves the tab pages with a frame-ancestors policy', async () => {
    const res = await fetch(`${h.app.url}/tab/panel.html`);
    assert.equal(res.status, 200);
    assert.match(
      res.headers.get('content-security-policy') ?? '',
      /frame-ancestors [^;]*teams\.microsoft\.com/,
    );
    assert.match(await res.text(), /panel\.js/);
    assert.equal((await fetch(`${h.app.url}/tab/..%2Fbuild.ts`)).status, 404);
  });

  it("the board names each phase of this roundtable's own sequence by key, with the ones reached", async () => {
    const facActor = actorOf(fac);
    assert.ok((await endRoundtable(h.app.domain, facActor, rtId, true)).ok);
    const ended = (await getRoundtable(h.app.domain, rtId))!;
    const followUp = await beginRoundtable(h.app.domain, facActor, ended.caseAlias, ended.chat, {
      sequence: 'followup',
      followUpOf: rtId,
    });
    assert.ok(followUp.ok);
    assert.ok((await navigate(h.app.domain, facActor, followUp.value.id, 2)).ok);
    const res = await tabFetch(h, board, await rig.token(cw));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const b = res.body as unknown as {
      roundtable: { phase: string; phases: { key: string; number: number; reached: boolean }[] };
    };
    assert.equal(b.roundtable.phase, 'brainstorm');
    assert.deepEqual(
      b.roundtable.phases.map((p) => [p.key, p.number, p.reached]),
      [
        ['welcome', 1, true],
        ['review', 2, true],
        ['brainstorm', 3, true],
        ['plan', 4, false],
        ['debrief', 5, false],
      ],
    );
  });
});

describe('tab API in local mode (no app id): development sign-in on loopback', function () {
  this.timeout(30000);
  let h: Harness;
  before(async () => {
    h = await Harness.start();
    await startRoundtable(h);
  });
  after(async () => {
    await h?.close();
  });

  it('issues a clearly marked development token that works for chat members', async () => {
    const signin = await tabFetch(h, '/api/tab/dev-signin', undefined, {
      body: { userId: cw.aadObjectId, name: cw.name },
    });
    assert.equal(signin.status, 200);
    assert.equal(signin.body.development, true);
    const res = await tabFetch(h, board, signin.body.token as string);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const outsiderToken = (
      await tabFetch(h, '/api/tab/dev-signin', undefined, { body: { userId: outsider.aadObjectId } })
    ).body.token as string;
    assert.equal((await tabFetch(h, board, outsiderToken)).status, 403);
  });
});
