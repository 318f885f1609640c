/**
 * The child's record in the personal app over real HTTP with Teams SSO tokens (#25, item 4): the plan owners add,
 * change and remove (dated, kept) a lifelong connection with its protected name and contact details, and record
 * the living situation; the page shows them back. Everyone else is refused with no case content; each read leaves
 * its access-log entry naming the case; the relationship is name-checked, the protected fields are not.
 */
import assert from 'node:assert/strict';
import type { ChildRecordPage } from '../../tab/src/child-types.js';
import { people, TEST_TENANT_ID } from '../support/activities.js';
import { accessEntries, OTHER_TENANT } from '../support/authz-tab.js';
import {
  aunt,
  CASE,
  CHILDREN,
  caseWithChildren,
  childPath,
  childrenPath,
  PROTECTED,
} from '../support/child-world.js';
import type { Harness } from '../support/harness.js';
import { seedPeople } from '../support/personal-world.js';
import { SignedHarness } from '../support/signed-harness.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { tabFetch } from '../support/tab-world.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp, outsider, leader } = people;

describe('child record: lifelong connections and living situation over HTTP (SSO tokens)', function () {
  this.timeout(60_000);
  let rig: TabSsoRig;
  let s: SignedHarness;
  let h: Harness;
  let rtId: string;

  before(async () => {
    rig = await TabSsoRig.start();
    s = await SignedHarness.start({
      env: { ...rig.env(), ALLOWED_TENANTS: `${TEST_TENANT_ID},${OTHER_TENANT}` },
    });
    h = s.h;
    await seedPeople(h);
    rtId = (await caseWithChildren(s)).id;
  });
  after(async () => {
    await s?.close();
    await rig?.close();
  });

  const as = async (p: (typeof people)[keyof typeof people], tenantId?: string) =>
    rig.token(p, tenantId ? { tenantId } : {});

  it('child record: the caseworker adds, edits and removes a connection and records the living situation; the page shows them with the protected fields', async () => {
    const child = CHILDREN[0];
    const token = await as(cw);
    const list = await tabFetch(h, childrenPath(rtId), token);
    assert.equal(list.status, 200);
    assert.deepEqual(
      (list.body.children as { alias: string }[]).map((c) => c.alias),
      [...CHILDREN],
      'the children the case summary names',
    );
    const added = await tabFetch(h, `${childPath(rtId, child)}/connections`, token, {
      body: aunt({ submissionKey: 'k1' }),
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    // The same submission again (a double tap) adds nothing.
    await tabFetch(h, `${childPath(rtId, child)}/connections`, token, {
      body: aunt({ submissionKey: 'k1' }),
    });
    const coach = await tabFetch(h, `${childPath(rtId, child)}/connections`, await as(fac), {
      body: { relationship: 'former coach', committed: 'no', contact: 'phone-video', frequency: 'rarely' },
    });
    assert.equal(coach.status, 200, 'a facilitator of the roundtable may too');
    let page = (coach.body.page ?? {}) as ChildRecordPage;
    assert.equal(page.connections.length, 2);
    const first = page.connections.find((c) => c.relationship === 'maternal aunt');
    assert.ok(first);
    assert.equal(first.name, PROTECTED.name);
    assert.equal(first.details, PROTECTED.details);
    assert.equal(first.committed, true);
    assert.equal(first.contactLabel, 'In person');
    assert.equal(page.facts, '2 lifelong connections, 1 committed; living: not recorded');

    // Edit: every field sent again.
    const edited = await tabFetch(h, `${childPath(rtId, child)}/connections/${first.id}`, await as(sup), {
      body: aunt({ frequency: 'weekly', details: 'new number 555-0100' }),
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    page = edited.body.page as ChildRecordPage;
    const changed = page.connections.find((c) => c.id === first.id);
    assert.equal(changed?.frequencyLabel, 'Weekly');
    assert.equal(changed?.details, 'new number 555-0100');

    // Remove the coach: dated and kept, listed after the current ones; counts drop.
    const coachId = page.connections.find((c) => c.relationship === 'former coach')?.id;
    const removed = await tabFetch(h, `${childPath(rtId, child)}/connections/${coachId}`, token, {
      body: { remove: true },
    });
    assert.equal(removed.status, 200);
    page = removed.body.page as ChildRecordPage;
    assert.equal(page.connections.at(-1)?.relationship, 'former coach');
    assert.ok(page.connections.at(-1)?.removedAt, 'removed, with its date');
    assert.equal(page.facts, '1 lifelong connection, 1 committed; living: not recorded');
    const editRemoved = await tabFetch(h, `${childPath(rtId, child)}/connections/${coachId}`, token, {
      body: aunt(),
    });
    assert.equal(editRemoved.status, 409, 'a removed connection is not edited');

    // Living situation: dated, kept in date order (a later entry for an earlier date goes in its place).
    const living = async (key: string, since?: string) =>
      tabFetch(h, `${childPath(rtId, child)}/living`, token, { body: since ? { key, since } : { key } });
    assert.equal((await living('group-home', '2026-01-10')).status, 200);
    assert.equal((await living('relatives')).status, 200);
    const earlier = await living('residential', '2025-06-01');
    assert.equal(earlier.status, 200);
    page = earlier.body.page as ChildRecordPage;
    assert.deepEqual(
      page.living.map((l) => [l.label, l.rank]),
      [
        ['Residential or institution', 5],
        ['Group home', 4],
        ['With relatives', 2],
      ],
    );
    assert.match(page.facts, /living: With relatives$/);
    assert.equal((await living('moon-base')).status, 400, 'not on the agency scale');
    assert.equal((await living('parents', '2999-01-01')).status, 400, 'not in the future');

    // The page read back: the record is stored in the case's partition; the other child has nothing recorded.
    const read = await tabFetch(h, childPath(rtId, child.toLowerCase()), token);
    assert.equal(read.status, 200, 'the alias is found whatever its case');
    assert.equal((read.body as unknown as ChildRecordPage).childAlias, child);
    assert.deepEqual((read.body as unknown as ChildRecordPage).siblings, [...CHILDREN]);
    const other = (await tabFetch(h, childPath(rtId, CHILDREN[1]), token)).body as unknown as ChildRecordPage;
    assert.equal(other.recorded, false);
    assert.deepEqual(other.connections, []);
    assert.equal(other.outcome, undefined, 'outcome: not recorded');
  });

  it('child record: input is checked (400), the relationship is name-checked (409 with Keep as written), the protected fields are not', async () => {
    const path = `${childPath(rtId, CHILDREN[1])}/connections`;
    const token = await as(cw);
    for (const bad of [
      aunt({ relationship: '   ' }),
      aunt({ committed: 'maybe' }),
      aunt({ contact: 'carrier-pigeon' }),
      aunt({ frequency: 'hourly' }),
      aunt({ relationship: 'x'.repeat(201) }),
      aunt({ details: 'y'.repeat(501) }),
      aunt({ name: 'n'.repeat(121) }),
    ]) {
      const res = await tabFetch(h, path, token, { body: bad });
      assert.equal(res.status, 400, JSON.stringify(bad).slice(0, 80));
      assert.ok(res.body.error);
    }
    // Crafted bodies: a clear 400 or 404, never a 5xx.
    for (const [p, body] of [
      [path, ['relationship', 'aunt']],
      [path, aunt({ committed: { yes: true }, contact: ['in-person'] })],
      [path, aunt({ name: 42 })],
      [`${childPath(rtId, CHILDREN[1])}/living`, { key: { $ne: null } }],
      [`${childPath(rtId, CHILDREN[1])}/living`, { key: 'parents', since: 20260101 }],
      [`${childPath(rtId, CHILDREN[1])}/connections/${'x'.repeat(300)}`, { remove: true }],
      [`${childPath(rtId, 'y'.repeat(300))}/connections`, aunt()],
    ] as const) {
      const res = await tabFetch(h, p, token, { body });
      assert.ok([400, 404].includes(res.status), `${JSON.stringify(body).slice(0, 60)}: ${res.status}`);
      // The router answers an over-long path segment itself (restify: `message`).
      assert.ok(res.body?.error ?? res.body?.message, `a clear answer: ${JSON.stringify(body).slice(0, 60)}`);
    }
    const named = await tabFetch(h, path, token, { body: aunt({ relationship: 'aunt Maria Lopez' }) });
    assert.equal(named.status, 409);
    assert.equal(named.body.code, 'looks-like-name');
    assert.doesNotMatch(String(named.body.error), /Maria|Lopez/, 'the warning never echoes the name');
    const kept = await tabFetch(h, path, token, {
      body: aunt({ relationship: 'aunt Maria Lopez', keepNames: true }),
    });
    assert.equal(kept.status, 200);
    // A full name in the protected name field is what it is for: no warning.
    const plain = await tabFetch(h, path, token, { body: aunt() });
    assert.equal(plain.status, 200);
    const unknown = await tabFetch(h, `${childPath(rtId, 'ZZ.NOPE.')}/connections`, token, { body: aunt() });
    assert.equal(unknown.status, 404);
  });

  it('child record: refused for the roster without plan rights, outsiders, another tenant, no token, a roundtable that does not exist; a refusal holds no case content and changes nothing', async () => {
    const child = CHILDREN[0];
    const before = JSON.stringify((await tabFetch(h, childPath(rtId, child), await as(cw))).body);
    const routes = [
      { path: childrenPath(rtId) },
      { path: childPath(rtId, child) },
      { path: `${childPath(rtId, child)}/connections`, body: aunt({ relationship: 'REFUSED rel' }) },
      { path: `${childPath(rtId, child)}/connections/conn-x`, body: { remove: true } },
      { path: `${childPath(rtId, child)}/living`, body: { key: 'parents' } },
    ];
    const tries: { who: string; token?: string; status: number; rt?: string }[] = [
      { who: 'master practitioner', token: await as(mp), status: 403 },
      { who: 'leader in the chat', token: await as(leader), status: 403 },
      { who: 'outsider', token: await as(outsider), status: 403 },
      { who: 'caseworker of another tenant', token: await as(cw, OTHER_TENANT), status: 404 },
      { who: 'no token', status: 401 },
      { who: 'no such roundtable', token: await as(cw), status: 404, rt: 'rt-none' },
    ];
    for (const t of tries) {
      for (const r of routes) {
        const path = t.rt ? r.path.replace(rtId, t.rt) : r.path;
        const res = await tabFetch(h, path, t.token, r.body === undefined ? {} : { body: r.body });
        assert.equal(res.status, t.status, `${t.who} ${path}`);
        const text = JSON.stringify(res.body);
        for (const content of ['ZQ.', PROTECTED.name, 'maternal', 'Prudence'])
          assert.ok(!text.includes(content), `${t.who} ${path}: the refusal holds ${content}`);
      }
    }
    const after = JSON.stringify((await tabFetch(h, childPath(rtId, child), await as(cw))).body);
    assert.equal(after, before, 'refused requests changed nothing');
  });

  it('child record: every read and change leaves an access-log entry naming the case, by the token’s object id; refusals too; never what was typed', async () => {
    const child = CHILDREN[1];
    const seen = await accessEntries(h);
    assert.equal((await tabFetch(h, childPath(rtId, child), await as(sup))).status, 200);
    assert.equal((await tabFetch(h, childrenPath(rtId), await as(sup))).status, 200);
    assert.equal(
      (await tabFetch(h, `${childPath(rtId, child)}/connections`, await as(sup), { body: aunt() })).status,
      200,
    );
    assert.equal((await tabFetch(h, childPath(rtId, child), await as(mp))).status, 403);
    const added = [...(await accessEntries(h)).values()].filter((e) => !seen.has(e.id));
    const of = (route: string, outcome: string) =>
      added.filter((e) => e.route === route && e.outcome === outcome);
    const read = of('GET /api/tab/me/children/:rt/:child', 'allowed');
    assert.equal(read.length, 1, JSON.stringify(added));
    assert.equal(read[0]?.actorId, sup.aadObjectId);
    assert.equal(read[0]?.roundtableId, rtId);
    assert.equal(read[0]?.kind, 'read');
    assert.match(JSON.stringify(read[0]), new RegExp(CASE.replace(/\./g, '\\.')), 'the case alias is kept');
    assert.equal(of('GET /api/tab/me/children/:rt', 'allowed').length, 1);
    const change = of('POST /api/tab/me/children/:rt/:child/connections', 'allowed');
    assert.equal(change[0]?.kind, 'change');
    const refused = of('GET /api/tab/me/children/:rt/:child', 'refused');
    assert.equal(refused[0]?.actorId, mp.aadObjectId);
    assert.equal(refused[0]?.code, '403');
    const text = JSON.stringify(added);
    for (const typed of [PROTECTED.name, PROTECTED.details, 'maternal aunt'])
      assert.ok(!text.includes(typed), `the access log holds ${typed}`);
  });
});
