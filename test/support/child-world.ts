/**
 * A case with two children for the child's record tests (#25): a roundtable started in the meeting chat with a
 * caseworker, a supervisor and a master practitioner on the roster, and the case summary saved from the Present
 * card by the caseworker (children ZQ.C. and ZQ.D.), as in Teams. Plus the HTTP paths of the child's routes.
 */
import assert from 'node:assert/strict';
import { addConnection } from '../../bot/roundtable/child-connections.js';
import { forChat } from '../../bot/roundtable/roundtables.js';
import type { Roundtable } from '../../bot/roundtable/types.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { MEETING_CHAT_ID, member, type Person, people, TEST_TENANT_ID } from './activities.js';
import { actions, type Harness, invokeCard } from './harness.js';
import type { SignedHarness } from './signed-harness.js';

/** The case alias and its two children. */
export const CASE = 'ZQ.K.';
export const CHILDREN = ['ZQ.C.', 'ZQ.D. 2'] as const;

/** What a connection form sends; the protected name and details are what no chat card may ever show. */
export const PROTECTED = {
  name: 'Prudence Quillfeather',
  details: 'prudence.q@mail.example, 555-0199, 12 Larkspur Lane',
};
export const aunt = (extra: Record<string, unknown> = {}) => ({
  relationship: 'maternal aunt',
  committed: 'yes',
  contact: 'in-person',
  frequency: 'monthly',
  name: PROTECTED.name,
  details: PROTECTED.details,
  ...extra,
});

export const childrenPath = (rt: string) => `/api/tab/me/children/${rt}`;
export const childPath = (rt: string, child: string) => `${childrenPath(rt)}/${encodeURIComponent(child)}`;

/** Joins as `role` from the Welcome card; a role with rights is then confirmed by the facilitator. */
async function joinAs(s: SignedHarness, who: Person, role: string): Promise<void> {
  await s.click(who, s.h.welcomeCard(), 'roster.join', { inputs: { role } });
  const welcome = s.h.welcomeCard();
  const asked = actions(welcome.card).some(
    (a) => a.verb === 'role.confirm' && (a.data as { target?: string } | undefined)?.target === who.id,
  );
  if (asked) await s.click(people.facilitator, welcome, 'role.confirm', { target: who.id });
}

/**
 * Starts the case's roundtable in the meeting chat (activities signed as Teams sends them), gives the roles from
 * the Welcome card, opens Present and saves the case summary (two children) as the caseworker. Returns it.
 */
export async function caseWithChildren(s: SignedHarness): Promise<Roundtable> {
  const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp } = people;
  s.h.fake.setMembers(
    MEETING_CHAT_ID,
    Object.values(people)
      .filter((p) => p.role !== 'outsider')
      .map((p) => member(p)),
  );
  await s.say(fac, `start ${CASE}`);
  await joinAs(s, cw, 'caseworker');
  await joinAs(s, sup, 'supervisor');
  await joinAs(s, mp, 'master-practitioner');
  await s.say(fac, 'next');
  const saved = invokeCard(
    await s.click(cw, s.h.lastCard(), VERBS.caseSummary, {
      inputs: { [INPUTS.caseChildren]: `${CHILDREN[0]}, 9\n${CHILDREN[1]}, 6` },
    }),
  );
  assert.match(JSON.stringify(saved), /Case summary saved/);
  const rt = await forChat(s.h.app.domain, MEETING_CHAT_ID);
  assert.ok(rt);
  return rt;
}

/** The child the tab route matrix uses in the seeded plan's case, and one connection of it. */
export const MATRIX_CHILD = 'ZQ.PC.';
export const matrixConnection = { rt: '', id: '' };

/**
 * The tab route matrix's setup for the child's routes (idempotent): the seeded plan's case summary names
 * MATRIX_CHILD, and the child has one connection (added by the caseworker through the domain).
 */
export async function seedMatrixChild(h: Harness, rtId: string): Promise<void> {
  const domain = h.app.domain;
  await seedCaseSummary(h, rtId, [MATRIX_CHILD]);
  if (matrixConnection.rt === rtId) return;
  const cw = people.caseworker;
  const added = await addConnection(
    domain,
    { person: { id: cw.id, name: cw.name }, conversationId: '', tenantId: TEST_TENANT_ID },
    rtId,
    MATRIX_CHILD,
    {
      relationship: 'grandmother',
      committed: true,
      contact: 'in-person',
      frequency: 'weekly',
      submissionKey: 'matrix',
    },
  );
  assert.ok(added.ok, JSON.stringify(added));
  matrixConnection.rt = rtId;
  matrixConnection.id = added.value.id;
}

/** A case summary naming `children` for a seeded roundtable (as the caseworker saves it in Present); kept if one exists. */
export async function seedCaseSummary(h: Harness, rtId: string, children: string[]): Promise<void> {
  const store = h.app.domain.store;
  if (await store.getCaseSummary(rtId)) return;
  const cw = people.caseworker;
  await store.putCaseSummary(rtId, {
    children: children.map((alias) => ({ alias })),
    timeInCare: '',
    placement: '',
    legalStatus: '',
    currentGoal: '',
    connections: '',
    strengths: '',
    needs: '',
    tried: '',
    updatedBy: { id: cw.id, name: cw.name },
    updatedAt: new Date().toISOString(),
  });
}
