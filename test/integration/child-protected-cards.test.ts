/**
 * Protected fields never reach a chat (#25, item 4): after the plan owners record lifelong connections with a
 * name and contact details in the personal app, a whole roundtable runs (Present, Clarify, Brainstorm, the plan with
 * goals, ratings and steps, Debrief, end, the hand-over, `status`, `my reviews`, `my steps`) with Bot Framework
 * tokens on; over EVERY activity the bot posted or updated (the fake connector recorded each request) and every
 * card an invoke answered with, no protected name or contact detail appears.
 */
import assert from 'node:assert/strict';
import { getRoundtable } from '../../bot/roundtable/roundtables.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { people, TEST_TENANT_ID } from '../support/activities.js';
import { aunt, CASE, CHILDREN, caseWithChildren, childPath, PROTECTED } from '../support/child-world.js';
import type { InvokeResult } from '../support/harness.js';
import { seedPeople } from '../support/personal-world.js';
import { SignedHarness } from '../support/signed-harness.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { tabFetch } from '../support/tab-world.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp } = people;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** Every piece of the protected fields, alone too (a card that showed half a phone number would leak it). */
const SECRETS = [
  PROTECTED.name,
  'Quillfeather',
  PROTECTED.details,
  'prudence.q',
  '555-0199',
  'Larkspur',
  'Ezekiel Brightwater',
  '07700 900123',
];

describe('child record: protected fields never on a chat card', function () {
  this.timeout(120_000);
  let rig: TabSsoRig;
  let s: SignedHarness;

  before(async () => {
    rig = await TabSsoRig.start();
    s = await SignedHarness.start({ env: { ...rig.env(), ALLOWED_TENANTS: TEST_TENANT_ID } });
    await seedPeople(s.h);
  });
  after(async () => {
    await s?.close();
    await rig?.close();
  });

  it('child record: a whole roundtable after connections were recorded: no protected name or contact detail in any card posted, updated or answered', async () => {
    const h = s.h;
    const rt = await caseWithChildren(s);
    const token = await rig.token(cw);
    for (const [child, body] of [
      [CHILDREN[0], aunt()],
      [
        CHILDREN[1],
        aunt({ name: 'Ezekiel Brightwater', details: '07700 900123', relationship: 'former foster father' }),
      ],
    ] as const) {
      const res = await tabFetch(h, `${childPath(rt.id, child)}/connections`, token, { body });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const living = await tabFetch(h, `${childPath(rt.id, child)}/living`, token, {
        body: { key: 'foster-family' },
      });
      assert.equal(living.status, 200);
    }
    // The secrets are really stored (else this test could not fail).
    const page = await tabFetch(h, childPath(rt.id, CHILDREN[1]), token);
    assert.match(JSON.stringify(page.body), /Ezekiel Brightwater/);

    const answers: InvokeResult[] = [];
    const click = async (...args: Parameters<SignedHarness['click']>) => {
      const r = await s.click(...args);
      answers.push(r);
      return r;
    };
    await s.say(fac, 'next'); // Clarify
    await click(sup, h.lastCard(), VERBS.question, {
      inputs: { [INPUTS.questionText]: 'Who does ZQ.C. call when things go wrong?' },
    });
    await s.say(fac, 'go brainstorm');
    await click(mp, h.lastCard(), VERBS.idea, {
      inputs: { [INPUTS.ideaQuestion]: 'q1', [INPUTS.ideaText]: 'Ask the maternal aunt about guardianship' },
    });
    await s.say(fac, 'go plan');
    await click(cw, h.lastCard(), VERBS.goals, {
      inputs: {
        [INPUTS.primaryGoal]: 'guardianship',
        [`${INPUTS.ratingPrefix}0`]: 'fair',
        [`${INPUTS.ratingPrefix}1`]: 'poor',
      },
    });
    await click(cw, h.lastCard(), VERBS.step, {
      inputs: {
        [INPUTS.stepText]: 'Visit the aunt with ZQ.C.',
        [INPUTS.stepOwner]: cw.id,
        [INPUTS.stepDue]: inDays(14),
      },
    });
    await s.say(fac, 'go debrief');
    await click(sup, h.lastCard(), VERBS.debrief, {
      inputs: { [INPUTS.wentWell]: 'The family voice', [INPUTS.change]: 'Nothing' },
    });
    await s.say(fac, 'end confirm');
    await s.say(fac, 'status');
    for (const p of [cw, sup]) {
      await s.sayPrivately(p, 'my reviews', `a:personal-${p.id.slice(3)}`);
      await s.sayPrivately(p, 'my steps', `a:personal-${p.id.slice(3)}`);
    }
    await h.app.idle();
    assert.deepEqual(
      answers.map((a) => a.status),
      answers.map(() => 200),
      'every click was answered',
    );
    const ended = await getRoundtable(h.app.domain, rt.id);
    assert.equal(ended?.status, 'ended', 'the roundtable ran to its end');

    // Every request the bot made to Teams (posts, replies, updates, 1:1 chats) and every invoke answer.
    const sent = [...h.fake.requestsTo('POST'), ...h.fake.requestsTo('PUT')].filter((r) => r.body);
    const cards = sent.filter((r) =>
      JSON.stringify(r.body).includes('application/vnd.microsoft.card.adaptive'),
    );
    assert.ok(cards.length >= 10, `the flow posted and updated cards (${cards.length})`);
    const all = [
      ...sent.map((r) => JSON.stringify(r.body)),
      ...answers.map((a) => JSON.stringify(a.body ?? '')),
    ];
    assert.ok(
      all.some((t) => t.includes(CASE)),
      'the cards name the case (the check reads real cards)',
    );
    assert.ok(
      all.some((t) => t.includes('maternal aunt')),
      'typed text reaches the cards (the check would see a leak)',
    );
    assert.ok(
      all.some((t) => t.includes('Visit the aunt with ZQ.C.')),
      'the plan and its hand-over were posted',
    );
    const leaks = SECRETS.flatMap((secret) =>
      all.filter((t) => t.includes(secret)).map((t) => `${secret} in ${t.slice(0, 120)}`),
    );
    assert.deepEqual(leaks, []);
  });
});
