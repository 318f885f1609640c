/**
 * Roles that stay changed (issue #23 findings 1 and 2, #24 item 6), over real HTTP with Bot Framework tokens ON:
 * an invitation is answered once and a facilitator's later change supersedes it; facilitator rights can be taken
 * away; someone removed from the chat loses their roles; an invited caseworker who joins gets the role.
 */
import assert from 'node:assert/strict';
import { forChat } from '../../bot/roundtable/roundtables.js';
import type { Roundtable } from '../../bot/roundtable/types.js';
import { INPUTS, PREPARATION_VERBS, VERBS } from '../../cards/contract.js';
import {
  botAccount,
  MEETING_CHAT_ID,
  member,
  type Person,
  people,
  TEST_TENANT_ID,
} from '../support/activities.js';
import { cardText, invokeCard } from '../support/harness.js';
import { SignedHarness } from '../support/signed-harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp } = people;
const inDays = (n: number) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

async function roundtable(s: SignedHarness): Promise<Roundtable> {
  const rt = await forChat(s.h.app.domain, MEETING_CHAT_ID);
  assert.ok(rt, 'a roundtable runs in the chat');
  return rt;
}

async function roleOf(s: SignedHarness, p: Person) {
  return (await roundtable(s)).roster.find((r) => r.id === p.id)?.role;
}

/** Invites `p` with `role`; returns their 1:1 chat and the invitation card posted there. */
async function invite(s: SignedHarness, p: Person, role: string) {
  await s.say(fac, `invite ${role} <at>${p.name}</at> on ${inDays(7)} 14:00`, [p]);
  const chat = s.personalChat(p);
  assert.ok(chat, 'the invitation went to their 1:1 chat');
  return { chat, card: s.h.lastCard(chat) };
}

describe('roles stay changed (tokens on)', function () {
  this.timeout(60000);
  let s: SignedHarness;
  beforeEach(async () => {
    s = await SignedHarness.start();
    s.h.fake.setMembers(
      MEETING_CHAT_ID,
      [fac, cw, sup, mp].map((p) => member(p)),
    );
    await s.say(fac, 'start J.T.');
  });
  afterEach(async () => {
    await s.close();
  });

  it('an old invitation card does not bring a removed role back (answered once; a later role change wins)', async () => {
    const { chat, card } = await invite(s, cw, 'caseworker');
    invokeCard(await s.click(cw, card, PREPARATION_VERBS.confirm, { conversation: chat, personal: true }));
    assert.equal(await roleOf(s, cw), 'caseworker');
    await s.say(fac, `role <at>${cw.name}</at> participant`, [cw]);
    assert.equal(await roleOf(s, cw), 'other');
    // The same card: Decline, then Confirm.
    await s.click(cw, card, PREPARATION_VERBS.decline, { conversation: chat, personal: true });
    const again = await s.click(cw, card, PREPARATION_VERBS.confirm, { conversation: chat, personal: true });
    assert.match(cardText(invokeCard(again)), /already answered/);
    assert.equal(await roleOf(s, cw), 'other', 'the facilitator’s change stands');
  });

  it('a role changed by a facilitator before the invitee answers is not overwritten by the invitation', async () => {
    const { chat, card } = await invite(s, sup, 'supervisor');
    await s.say(fac, `role <at>${sup.name}</at> scribe`, [sup]);
    invokeCard(await s.click(sup, card, PREPARATION_VERBS.confirm, { conversation: chat, personal: true }));
    assert.equal(await roleOf(s, sup), 'scribe');
  });

  it('an invited caseworker who joins gets the role without a request to confirm (#24 item 6)', async () => {
    await invite(s, cw, 'caseworker');
    invokeCard(await s.click(cw, s.h.welcomeCard(), VERBS.join, { inputs: { [INPUTS.role]: 'caseworker' } }));
    const entry = (await roundtable(s)).roster.find((r) => r.id === cw.id);
    assert.deepEqual(
      { role: entry?.role, requested: entry?.requestedRole },
      { role: 'caseworker', requested: undefined },
    );
    // Joining as participant from a later card takes the invited role too (the invitation names it).
    await invite(s, sup, 'supervisor');
    await s.say(sup, 'join');
    assert.equal(await roleOf(s, sup), 'supervisor');
    // Both are in "Who is here" with the role they were invited as.
    const welcome = cardText(s.h.welcomeCard().card);
    assert.match(welcome, /Carlos Caseworker\s+· Caseworker/);
    assert.match(welcome, /Sana Supervisor\s+· Supervisor/);
  });

  it('`role @x participant` takes facilitator rights away; `facilitator remove @x` too, never the last facilitator', async () => {
    await s.say(fac, `facilitator add <at>${mp.name}</at>`, [mp]);
    await s.say(fac, `facilitator add <at>${sup.name}</at>`, [sup]);
    assert.deepEqual((await roundtable(s)).facilitatorIds, [fac.id, mp.id, sup.id]);
    await s.say(fac, `role <at>${mp.name}</at> participant`, [mp]);
    assert.match(s.h.texts().at(-1) ?? '', /Morgan Consultant is now participant/);
    assert.deepEqual((await roundtable(s)).facilitatorIds, [fac.id, sup.id]);
    await s.say(mp, 'next');
    assert.equal((await roundtable(s)).phaseIndex, 0, 'no longer a facilitator');

    await s.say(fac, `facilitator remove <at>${sup.name}</at>`, [sup]);
    assert.match(s.h.texts().at(-1) ?? '', /Sana Supervisor is no longer a facilitator/);
    assert.deepEqual((await roundtable(s)).facilitatorIds, [fac.id]);
    await s.say(fac, `facilitator remove <at>${fac.name}</at>`, [fac]);
    assert.match(s.h.texts().at(-1) ?? '', /last facilitator/);
    assert.deepEqual((await roundtable(s)).facilitatorIds, [fac.id]);
    // Not a facilitator: refused, nothing changes.
    await s.say(cw, `facilitator remove <at>${fac.name}</at>`, [fac]);
    assert.deepEqual((await roundtable(s)).facilitatorIds, [fac.id]);
  });

  it('someone removed from the roundtable’s chat loses their roles and facilitator rights', async () => {
    await s.say(fac, `role <at>${cw.name}</at> caseworker`, [cw]);
    await s.say(fac, `facilitator add <at>${sup.name}</at>`, [sup]);
    const res = await s.post({
      type: 'conversationUpdate',
      id: 'f:members-removed-1',
      channelId: 'msteams',
      serviceUrl: s.h.fake.url,
      from: { id: fac.id, name: fac.name },
      recipient: botAccount(),
      conversation: { id: MEETING_CHAT_ID, conversationType: 'groupChat', tenantId: TEST_TENANT_ID } as never,
      membersRemoved: [
        { id: cw.id, name: cw.name },
        { id: sup.id, name: sup.name },
      ],
      channelData: { tenant: { id: TEST_TENANT_ID }, eventType: 'teamMemberRemoved' },
    });
    assert.equal(res.status, 200);
    const rt = await roundtable(s);
    assert.equal(rt.roster.find((r) => r.id === cw.id)?.role ?? 'gone', 'gone');
    assert.deepEqual(rt.facilitatorIds, [fac.id]);
    assert.ok(rt.removedIds?.includes(cw.id), 'the removal is remembered for the 1:1 cards');
  });
});
