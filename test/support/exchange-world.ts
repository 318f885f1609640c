/**
 * Realistic roundtables for the plan export (issue #26), run through the domain as the cards would: a sibling
 * group with a preparation (the youth's voice), a barrier answered in the room, goals and a rating per child, a
 * step from an idea, the family team meeting; then a follow-up roundtable and a closed plan.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { recordBarrierAnswer } from '../../bot/roundtable/barrier-answers.js';
import { saveCaseSummary, saveGoals } from '../../bot/roundtable/case-summary.js';
import { contribute } from '../../bot/roundtable/contributions.js';
import { navigate, startRoundtable } from '../../bot/roundtable/lifecycle.js';
import { saveFamilyReview } from '../../bot/roundtable/plan-ownership.js';
import { attachPreparation, savePreparationDraft } from '../../bot/roundtable/preparation.js';
import { assignRole } from '../../bot/roundtable/roles.js';
import { endRoundtable, getRoundtable } from '../../bot/roundtable/roundtables.js';
import { MEETING_CHAT_ID, member, type Person, people, TEST_TENANT_ID } from './activities.js';
import { openDownload } from './download.js';
import type { Harness } from './harness.js';
import { cardsInCreatedChats, downloadLink } from './personal-world.js';

const roster = (p: Person) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId });
export const actorIn = (p: Person, chat: string) => ({
  person: roster(p),
  conversationId: chat,
  tenantId: TEST_TENANT_ID,
});

const must = <T>(o: { ok: true; value: T } | { ok: false; failure: { message: string } }): T => {
  if (!o.ok) throw new Error(o.failure.message);
  return o.value;
};

/** A validator built by the test itself from the schema file in the repository (not the bot's). */
export function schemaValidator() {
  const schema = JSON.parse(
    readFileSync(join(process.cwd(), 'docs/schema/roundtable-plan.v1.schema.json'), 'utf8'),
  );
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** The youth's words in the preparation (the export leaves them out; the case file prints them). */
export const YOUTH_LIVING = 'With my aunt Rosa, near my school';

/** The Voice of a preparation draft, as the caseworker saved it before the meeting. */
export interface SeedVoice {
  youthLiving: string;
  youthMatters: string;
  family: string;
}

/**
 * A roundtable as realistic flows start it: the chat's members, the caseworker's preparation (`voice`), `start`, the
 * four roles given, the preparation attached. Returns the domain, an actor maker and `go` (to a phase by key).
 */
export async function seededRoundtable(h: Harness, chat: string, alias: string, voice: SeedVoice) {
  const { facilitator: fac, caseworker: cw, supervisor: sup, leader } = people;
  h.fake.setMembers(
    chat,
    Object.values(people)
      .filter((p) => p.role !== 'outsider')
      .map((p) => member(p)),
  );
  const svc = h.app.domain;
  must(
    await savePreparationDraft(svc, actorIn(cw, 'a:personal-cw'), alias, TEST_TENANT_ID, true, {
      ...voice,
      stakeholders: '',
    }),
  );
  const reference = {
    activityId: 'seed',
    channelId: 'msteams',
    serviceUrl: h.fake.url,
    user: roster(fac),
    conversation: { id: chat, isGroup: true, conversationType: 'groupChat', tenantId: TEST_TENANT_ID },
  };
  const rt = must(
    await startRoundtable(svc, actorIn(fac, chat), alias, {
      conversationId: chat,
      serviceUrl: h.fake.url,
      tenantId: TEST_TENANT_ID,
      reference,
    }),
  );
  const id = rt.id;
  const a = (p: Person) => actorIn(p, chat);
  must(await assignRole(svc, a(fac), id, roster(cw), 'caseworker'));
  must(await assignRole(svc, a(fac), id, roster(sup), 'supervisor'));
  must(await assignRole(svc, a(fac), id, roster(leader), 'barrier-buster'));
  must(await assignRole(svc, a(fac), id, roster(people.consultant), 'master-practitioner'));
  must(await attachPreparation(svc, a(cw), (await getRoundtable(svc, id))!));
  const go = async (key: string) => {
    const i = (await getRoundtable(svc, id))!.phases.findIndex((p) => p.key === key);
    must(await navigate(svc, a(fac), id, i));
  };
  return { svc, id, a, go };
}

/**
 * The R. siblings (two children), run to the end in `chat` and reviewed with the family: ids and the step from
 * the youth question's idea.
 */
export async function siblingRoundtable(h: Harness, chat = MEETING_CHAT_ID, alias = 'R.S. sibs') {
  const { facilitator: fac, caseworker: cw, supervisor: sup, leader } = people;
  const { svc, id, a, go } = await seededRoundtable(h, chat, alias, {
    youthLiving: YOUTH_LIVING,
    youthMatters: 'My sister and my coach',
    family: 'Aunt Rosa wants to be considered',
  });
  await go('present');
  must(
    await saveCaseSummary(svc, a(cw), id, {
      children: 'R.S., 15\nM.S., 9',
      timeInCare: '3 years',
      placement: 'Group home',
      legalStatus: 'TPR pending',
      currentGoal: 'APPLA',
    }),
  );
  await go('brainstorm');
  const youthKey = svc.settings.questions.find((q) => q.youth)?.key ?? 'q1';
  const idea = must(
    await contribute(
      svc,
      a(cw),
      id,
      { kind: 'idea', questionKey: youthKey, text: 'Ask R. who she trusts' },
      `${id}-i1`,
    ),
  );
  const barrier = must(
    await contribute(
      svc,
      a(sup),
      id,
      { kind: 'idea', questionKey: 'q1', text: 'Kinship licensing takes 9 months', barrier: 'policy' },
      `${id}-i2`,
    ),
  );
  await go('plan');
  must(
    await recordBarrierAnswer(svc, a(leader), id, barrier.id, {
      kind: 'needs-decision',
      ownerId: leader.id,
      dueDate: '2027-01-15',
    }),
  );
  must(
    await saveGoals(svc, a(cw), id, {
      primaryGoal: 'guardianship',
      concurrentGoal: 'adoption',
      ratings: { 'R.S.': 'poor', 'M.S.': 'fair' },
    }),
  );
  const step = must(
    await contribute(
      svc,
      a(cw),
      id,
      {
        kind: 'step',
        text: 'Talk with R. about Aunt Rosa',
        ownerId: cw.id,
        dueDate: '2026-12-10',
        ideaId: idea.id,
      },
      `${id}-s1`,
    ),
  );
  must(await endRoundtable(svc, a(fac), id, true));
  await h.app.idle();
  must(
    await saveFamilyReview(svc, roster(cw), id, {
      date: '2026-11-23',
      participants: 'R., aunt Rosa, caseworker',
      changes: 'none',
      youthTookPart: 'yes',
      youthSaid: 'I want to stay at my school',
    }),
  );
  return { id, ideaId: idea.id, stepId: step.id };
}

/** Asks for an export in `chat` as `who` (`export` or `export json`) and opens the link sent to their 1:1 chat. */
export async function downloadExport(h: Harness, who: Person, command: string, chat = MEETING_CHAT_ID) {
  await h.say(who, command, chat);
  const card = cardsInCreatedChats(h, who.id).at(-1);
  if (!card) throw new Error(`no link card: ${h.texts(chat).at(-1)}`);
  return openDownload(downloadLink(card));
}

/** The text of a .docx answer (document.xml without its tags). */
export async function docxText(res: Response): Promise<string> {
  const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml.replace(/<[^>]+>/g, ' ');
}
