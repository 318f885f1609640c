import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { startRoundtable } from '../../bot/roundtable/lifecycle.js';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { CosmosRoundtableStore } from '../../bot/store/cosmos-roundtable-store.js';
import { type Person, people, personalMessage, postActivity, TEST_TENANT_ID } from '../support/activities.js';
import { TestClock } from '../support/clock.js';
import { openDownload } from '../support/download.js';
import {
  docxText,
  downloadExport,
  schemaValidator,
  siblingRoundtable,
  YOUTH_LIVING,
} from '../support/exchange-world.js';
import { Harness } from '../support/harness.js';
import { downloadLink } from '../support/personal-world.js';

const { facilitator: fac, caseworker: cw, outsider } = people;
async function sayPersonal(h: Harness, from: Person, text: string) {
  await postActivity(h.app.url, personalMessage({ text, from, serviceUrl: h.fake.url }));
  await h.app.idle();
}
const SECOND_CHAT = '19:meeting_U2Vjb25kLW1lZXRpbmc@thread.v2';

describe('plan export for the case system (issue #26)', function () {
  this.timeout(90000);
  let h: Harness;
  let clock: TestClock;
  let logLines: string[];
  beforeEach(async () => {
    clock = new TestClock();
    logLines = [];
    h = await Harness.start({
      teams: 'lenient',
      now: clock.now,
      logLines,
      env: {
        RETENTION_DAYS: '30',
        LEADER_IDS: people.leader.aadObjectId,
        RECORDS_OFFICER_IDS: people.supervisor.aadObjectId,
      },
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it('export json: a sibling group’s plan passes the schema with ratings per child, the step’s idea, the barrier’s answer, the family review', async () => {
    const seeded = await siblingRoundtable(h);
    await h.say(outsider, 'export json');
    assert.match(h.texts().at(-1)!, /can export the case file/);
    const res = await downloadExport(h, cw, 'export json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /application\/json/);
    assert.match(res.headers.get('content-disposition')!, /roundtable-R\.S\.-sibs\.json/);
    const plan = JSON.parse(await res.text());
    const validate = schemaValidator();
    const valid: boolean = validate(plan);
    assert.ok(valid, JSON.stringify(validate.errors));
    assert.equal(plan.schemaVersion, '1.0.0');
    assert.deepEqual(
      plan.children.map((c: { alias: string; currentRating: string }) => [c.alias, c.currentRating]),
      [
        ['R.S.', 'poor'],
        ['M.S.', 'fair'],
      ],
    );
    assert.ok(
      plan.children.every((c: { ratings: unknown[] }) => c.ratings.length === 1),
      'a dated rating each',
    );
    assert.deepEqual(plan.goals, { primary: 'guardianship', concurrent: 'adoption' });
    const step = plan.steps.find((s: { id: string }) => s.id === seeded.stepId);
    assert.equal(step.fromIdea.id, seeded.ideaId);
    assert.equal(step.owner.entraObjectId, cw.aadObjectId);
    assert.equal(step.owner.displayName, undefined, 'no names unless the agency allows them');
    assert.equal(plan.barriers[0].answer.kind, 'needs-decision');
    assert.equal(plan.familyReview.youthTookPart, true);
    assert.equal(plan.planStatus, 'final');
    assert.ok(plan.fidelity.some((f: { item: string }) => /youth and family voice/.test(f.item)));
    assert.ok(plan.roles.some((r: { role: string }) => r.role === 'master-practitioner'));
    assert.ok(
      !JSON.stringify(plan).includes(YOUTH_LIVING),
      'the preparation’s words stay out of the exchange',
    );
    assert.equal((await downloadExport(h, fac, 'export json')).status, 200, 'the facilitator too');
  });

  it('the Word case file shows the youth and family voice, barrier answers, the family team meeting, every fidelity line and role names', async () => {
    await siblingRoundtable(h);
    const text = await docxText(await downloadExport(h, cw, 'export'));
    for (const expected of [
      'Youth and family voice',
      YOUTH_LIVING,
      'Systemic barriers',
      'Needs a policy or legal decision',
      'Family team meeting',
      'I want to stay at my school',
      'Master practitioner',
      'The youth and family voice was recorded',
      'Every systemic barrier got an answer',
      'The plan has a primary permanency goal',
      'Every child has a permanency rating',
    ]) {
      assert.ok(text.includes(expected), `the case file holds "${expected}"`);
    }
    assert.ok(!text.includes('(master-practitioner)'), 'roles read as words, not ids');
  });

  it('export json: a follow-up roundtable and then its closed plan pass the schema (carried steps, dated re-ratings)', async () => {
    const first = await siblingRoundtable(h);
    clock.set('2027-01-11T15:00:00Z');
    await h.say(fac, 'start followup R.S. sibs', SECOND_CHAT);
    const rt = (await forChat(h.app.domain, SECOND_CHAT))!;
    assert.equal(rt.followUpOf, first.id);
    await h.joinAs(cw, 'caseworker', { conversation: SECOND_CHAT });
    await h.say(fac, 'end confirm', SECOND_CHAT);
    const validate = schemaValidator();
    const followUp = JSON.parse(await (await downloadExport(h, fac, 'export json', SECOND_CHAT)).text());
    const valid: boolean = validate(followUp);
    assert.ok(valid, JSON.stringify(validate.errors));
    assert.equal(followUp.kind, 'follow-up');
    assert.equal(followUp.followUpOf, first.id);
    assert.equal(followUp.tenantId, TEST_TENANT_ID);
    const carried = followUp.steps.find((s: { carriedFrom?: { stepId: string } }) => s.carriedFrom);
    assert.equal(carried.carriedFrom.stepId, first.stepId, 'the open step was carried over');

    clock.set('2027-02-01T15:00:00Z');
    const closed = await h.app.followUp.saveReview(
      { id: cw.id, name: cw.name, aadObjectId: cw.aadObjectId },
      rt.id,
      { ratings: { 'R.S.': 'good' }, outcome: 'guardianship' },
    );
    assert.ok(closed.ok);
    const plan = JSON.parse(await (await downloadExport(h, fac, 'export json', SECOND_CHAT)).text());
    const validClosed: boolean = validate(plan);
    assert.ok(validClosed, JSON.stringify(validate.errors));
    assert.equal(plan.planStatus, 'closed');
    assert.equal(plan.closed.outcome, 'guardianship');
    const rs = plan.children.find((c: { alias: string }) => c.alias === 'R.S.');
    assert.ok(
      rs.ratings.some(
        (r: { at: string; rating: string }) => r.rating === 'good' && r.at.startsWith('2027-02-01'),
      ),
    );
    const earlier = JSON.parse(await (await downloadExport(h, fac, 'export json')).text());
    assert.equal(earlier.supersededBy, rt.id, 'the first plan says which roundtable took it over');
  });

  it('case number: a plan owner sets it in the 1:1 chat; it is in the export and on no chat card; typed in a group it is not saved', async () => {
    await siblingRoundtable(h);
    await h.say(cw, 'case number R.S. sibs 2026-118');
    assert.match(h.texts().at(-1)!, /case number is protected/);
    await sayPersonal(h, cw, 'case number R.S. sibs 2026-118');
    await sayPersonal(h, outsider, 'case number R.S. sibs 9999');
    const plan = JSON.parse(await (await downloadExport(h, fac, 'export json')).text());
    assert.equal(plan.caseNumber, '2026-118');
    assert.ok(!JSON.stringify(h.cards()).includes('2026-118'), 'no card in the roundtable chat shows it');
  });

  it('an export that does not pass the schema is refused with a clear message, logged by event name, and no file', async () => {
    const seeded = await siblingRoundtable(h);
    // A plan document the schema rejects (a case number with a space, written past the command's check).
    const store = new CosmosRoundtableStore(h.database.database);
    const plan = (await store.getPlan(seeded.id))!;
    await store.putPlan(seeded.id, { ...plan.value, caseNumber: 'not a number' }, plan.etag);
    const res = await downloadExport(h, cw, 'export json');
    assert.equal(res.status, 422);
    const text = await res.text();
    assert.match(text, /does not pass the exchange schema/);
    assert.ok(!text.includes('not a number') && !text.includes('R.S.'), 'the refusal shows no case content');
    const refused = logLines.filter((l) => l.includes('"export.invalid"'));
    assert.equal(refused.length, 1);
    assert.ok(!refused[0]!.includes('not a number'), 'the log names the path and rule, not the value');
  });

  it('plans export: a leader or records officer gets the period’s plans of their own tenant as NDJSON (each passing the schema) or CSV tables', async () => {
    const { leader, supervisor: sup } = people;
    const mine = await siblingRoundtable(h);
    // Another tenant's roundtable in the same period: never in this tenant's export.
    const other = '0b0b0b0b-0000-4000-8000-00000000abcd';
    const chat = '19:other-tenant-chat@thread.v2';
    const who = {
      person: { id: fac.id, name: fac.name, aadObjectId: fac.aadObjectId },
      conversationId: chat,
      tenantId: other,
    };
    const started = await startRoundtable(h.app.domain, who, 'Z.Z.', {
      conversationId: chat,
      serviceUrl: h.fake.url,
      tenantId: other,
      reference: { conversation: { id: chat, tenantId: other } },
    });
    assert.ok(started.ok);
    await sayPersonal(h, leader, 'plans export 2026-11-01 2026-11-30');
    const personal = (p: Person) => `a:1personal-${p.id.replace(/^29:/, '')}`;
    const ndjson = await (await openDownload(downloadLink(h.cards(personal(leader)).at(-1)!))).text();
    const lines = ndjson
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const validate = schemaValidator();
    for (const line of lines) {
      const valid: boolean = validate(line);
      assert.ok(valid, JSON.stringify(validate.errors));
    }
    assert.deepEqual(
      lines.map((l) => l.roundtableId),
      [mine.id],
      'one plan per line, this tenant’s only',
    );
    await sayPersonal(h, leader, 'plans export 2026-12-01 2026-12-31');
    const none = await (await openDownload(downloadLink(h.cards(personal(leader)).at(-1)!))).text();
    assert.equal(none, '', 'another period: no plans');
    // A records officer, CSV tables in a zip.
    await sayPersonal(h, sup, 'plans export 2026-11-01 2026-11-30 csv');
    const res = await openDownload(downloadLink(h.cards(personal(sup)).at(-1)!));
    assert.equal(res.headers.get('content-type'), 'application/zip');
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const steps = await zip.file('steps.csv')!.async('string');
    assert.match(steps, /^"roundtableId","stepId","text"/);
    assert.match(steps, /Talk with R\. about Aunt Rosa/);
    const children = await zip.file('children.csv')!.async('string');
    assert.match(children, /"R\.S\.","15","poor"/);
    assert.ok(!(await zip.file('plans.csv')!.async('string')).includes('Z.Z.'));
    await sayPersonal(h, outsider, 'plans export 2026-11-01 2026-11-30');
    assert.equal(h.cards(personal(outsider)).length, 0, 'no link for someone else');
  });
});

describe('plan export with display names allowed (EXPORT_DISPLAY_NAMES=true)', function () {
  this.timeout(60000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({
      teams: 'lenient',
      now: new TestClock().now,
      env: { EXPORT_DISPLAY_NAMES: 'true' },
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it('the agency allows names: roles and step owners carry display names beside the Entra object ids', async () => {
    await siblingRoundtable(h);
    const plan = JSON.parse(await (await downloadExport(h, people.caseworker, 'export json')).text());
    const validate = schemaValidator();
    const valid: boolean = validate(plan);
    assert.ok(valid, JSON.stringify(validate.errors));
    const cwRole = plan.roles.find((r: { role: string }) => r.role === 'caseworker');
    assert.deepEqual(cwRole, {
      entraObjectId: people.caseworker.aadObjectId,
      role: 'caseworker',
      facilitator: false,
      displayName: people.caseworker.name,
    });
    assert.equal(plan.steps[0].owner.displayName, people.caseworker.name);
  });
});
