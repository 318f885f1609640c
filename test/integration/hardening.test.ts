/**
 * The low findings of issue #23, each over real HTTP (Bot Framework and Teams SSO tokens ON where there is access):
 * answer headers, a limited /api/ready, shape-checked tab ids, the Teams clients of tab tokens, a mention without
 * text, facts limited like ideas, a plan closed once and only after its roundtable, and a deleted roundtable's
 * learning leaving the programme figures at once.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { contribute } from '../../bot/roundtable/contributions.js';
import { navigate } from '../../bot/roundtable/lifecycle.js';
import { endRoundtable, forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { MEETING_CHAT_ID, member, message, people, TEST_TENANT_ID } from '../support/activities.js';
import { TestClock } from '../support/clock.js';
import { Harness, invokeCard } from '../support/harness.js';
import { seedPlan } from '../support/personal-world.js';
import { SignedHarness } from '../support/signed-harness.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { tabFetch } from '../support/tab-world.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, leader } = people;
const DAY = 86_400_000;

describe('hardening (issue #23, low findings)', function () {
  this.timeout(90000);
  let rig: TabSsoRig;
  let s: SignedHarness;
  let clock: TestClock;
  const lines: string[] = [];
  before(async () => {
    rig = await TabSsoRig.start();
  });
  after(async () => {
    await rig?.close();
  });
  beforeEach(async () => {
    clock = new TestClock();
    lines.length = 0;
    s = await SignedHarness.start({
      now: clock.now,
      logLines: lines,
      env: { ...rig.env(), LEADER_IDS: leader.aadObjectId, LOG_LEVEL: 'info' },
    });
    s.h.fake.setMembers(
      MEETING_CHAT_ID,
      [fac, cw, sup, leader].map((p) => member(p)),
    );
  });
  afterEach(async () => {
    await s.close();
  });

  it('API answers carry X-Content-Type-Options: nosniff, and HSTS outside local mode', async () => {
    const res = await fetch(`${s.h.app.url}/api/health`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
    const local = await Harness.start();
    try {
      const answer = await fetch(`${local.app.url}/api/health`);
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(answer.headers.get('strict-transport-security'), null, 'local mode is plain HTTP');
    } finally {
      await local.close();
    }
  });

  it('/api/ready is limited: a flood of probes is answered 429 instead of asking the database each time', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await fetch(`${s.h.app.url}/api/ready`)).status);
    assert.equal(statuses[0], 200);
    assert.ok(statuses.includes(429), `statuses: ${statuses.join(',')}`);
    assert.ok(statuses.filter((x) => x === 200).length <= 10);
  });

  it('a crafted tab route id is not found (404), not a 503', async () => {
    const token = await rig.token(cw);
    for (const id of ['a%2Fb', 'x%23y', `${'z'.repeat(90)}%3F`]) {
      const res = await tabFetch(s.h, `/api/tab/roundtables/${id}/navigate`, token, { body: { to: 'next' } });
      assert.equal(res.status, 404, `${id}: ${JSON.stringify(res.body)}`);
    }
  });

  it('tab SSO tokens issued to a client other than Teams are refused', async () => {
    const path = '/api/tab/me/steps';
    assert.equal((await tabFetch(s.h, path, await rig.token(cw))).status, 200, 'the Teams desktop client');
    const web = await rig.token(cw, { client: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346' });
    assert.equal((await tabFetch(s.h, path, web)).status, 200, 'Teams on the web');
    const other = await rig.token(cw, { client: randomUUID() });
    assert.equal((await tabFetch(s.h, path, other)).status, 401);
  });

  it('a message that mentions the bot without text is answered without a TypeError in the log', async () => {
    const a = message({ text: 'x', from: fac, serviceUrl: s.h.fake.url, mentionBot: true });
    delete a.text;
    const res = await s.post(a);
    assert.equal(res.status, 200);
    assert.ok(!lines.some((l) => /TypeError/.test(l)), lines.filter((l) => /Error/.test(l)).join('\n'));
  });

  it('facts are limited per person per minute like ideas (one member cannot add 2,500 in a row)', async () => {
    await s.say(fac, 'start J.T.');
    await s.say(fac, 'go present');
    const max = s.h.app.domain.settings.maxIdeasPerMinute;
    let refused: string | undefined;
    for (let i = 0; i <= max && !refused; i++) {
      const res = await s.click(cw, s.h.lastCard(), VERBS.fact, {
        inputs: { [INPUTS.factText]: `Fact ${i}` },
      });
      const body = JSON.stringify(res.body);
      if (/in the last minute/.test(body)) refused = body;
    }
    assert.ok(refused, `the ${max + 1}st fact is refused`);
    assert.match(refused, new RegExp(`${max} facts in the last minute`));
    const rt = (await forChat(s.h.app.domain, MEETING_CHAT_ID))!;
    const facts = (await roundtableView(s.h.app.domain, rt.id))!.contributions.filter(
      (c) => c.kind === 'fact',
    );
    assert.equal(facts.length, max);
    // Someone else still adds theirs, and a minute later the same person can again.
    invokeCard(
      await s.click(sup, s.h.lastCard(), VERBS.fact, { inputs: { [INPUTS.factText]: 'Other fact' } }),
    );
    clock.set(new Date(clock.t + 61_000).toISOString());
    invokeCard(
      await s.click(cw, s.h.lastCard(), VERBS.fact, { inputs: { [INPUTS.factText]: 'Later fact' } }),
    );
  });

  it('a plan is not closed while its roundtable runs; closing again keeps the first close (the retention clock)', async () => {
    await s.say(fac, 'start J.T.');
    await s.say(fac, `role <at>${cw.name}</at> caseworker`, [cw]);
    const running = (await forChat(s.h.app.domain, MEETING_CHAT_ID))!;
    const early = await s.h.app.followUp.saveReview(cw, running.id, { ratings: {}, outcome: 'guardianship' });
    assert.equal(early.ok, false);
    assert.equal((await roundtableView(s.h.app.domain, running.id))?.plan.closed, undefined);

    const plan = await seedPlan(s.h, { alias: 'C.L.', cwText: 'Call the aunt', mpText: 'Find records' });
    assert.ok((await s.h.app.followUp.saveReview(cw, plan.id, { ratings: {}, outcome: 'guardianship' })).ok);
    const first = (await roundtableView(s.h.app.domain, plan.id))?.plan.closed?.at;
    clock.set(new Date(clock.t + 20 * DAY).toISOString());
    await s.h.app.followUp.saveReview(cw, plan.id, { ratings: {}, outcome: 'adoption' });
    assert.equal((await roundtableView(s.h.app.domain, plan.id))?.plan.closed?.at, first);
  });

  it('a deleted roundtable’s learning text leaves the programme figures at once', async () => {
    const svc = s.h.app.domain;
    const me = {
      person: { id: fac.id, name: fac.name, aadObjectId: fac.aadObjectId },
      conversationId: MEETING_CHAT_ID,
      tenantId: TEST_TENANT_ID,
    };
    await s.say(fac, 'start J.T.');
    const rt = (await forChat(svc, MEETING_CHAT_ID))!;
    assert.ok(
      (
        await navigate(
          svc,
          me,
          rt.id,
          rt.phases.findIndex((p) => p.key === 'debrief'),
        )
      ).ok,
    );
    const learned = 'Ask the relatives early ZQLEARN';
    assert.ok(
      (await contribute(svc, me, rt.id, { kind: 'debrief', prompt: 'learning', text: learned }, 'k1')).ok,
    );
    assert.ok((await endRoundtable(svc, me, rt.id, true)).ok);
    const token = await rig.token(leader);
    const day = clock.now().toISOString().slice(0, 10);
    const figures = () =>
      tabFetch(s.h, `/api/tab/programme/figures?from=${day.slice(0, 8)}01&to=${day}`, token);
    assert.equal((await tabFetch(s.h, '/api/tab/programme/refresh', token, { body: {} })).status, 200);
    assert.match(JSON.stringify((await figures()).body), /ZQLEARN/);
    await s.say(fac, 'delete roundtable J.T.');
    assert.match(s.h.texts().at(-1) ?? '', /was deleted/);
    assert.doesNotMatch(
      JSON.stringify((await figures()).body),
      /ZQLEARN/,
      'gone without waiting for the nightly job',
    );
  });
});
