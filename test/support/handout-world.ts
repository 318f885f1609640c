/**
 * A realistic roundtable for the family handout (issue #29 item 3), run through the domain as the cards would and
 * left a DRAFT (no family team meeting yet): every kind of agency-internal content is seeded with a distinctive
 * word (INTERNAL), so a test can assert that none of it reaches the handout, and the plan's goals and steps
 * (PLAN) so that it can assert they do.
 */
import { recordBarrierAnswer } from '../../bot/roundtable/barrier-answers.js';
import { setCaseNumber } from '../../bot/roundtable/case-number.js';
import { saveCaseSummary, saveGoals } from '../../bot/roundtable/case-summary.js';
import { caseKeyOf, childIdOf } from '../../bot/roundtable/child-types.js';
import { contribute } from '../../bot/roundtable/contributions.js';
import { endRoundtable } from '../../bot/roundtable/roundtables.js';
import { type Person, people, TEST_TENANT_ID } from './activities.js';
import { seededRoundtable } from './exchange-world.js';
import type { Harness } from './harness.js';

/** The chat of the handout's roundtable. */
export const HANDOUT_CHAT_ID = '19:handout-roundtable@thread.v2';
export const HANDOUT_ALIAS = 'K.W.';

/** What the room said and the agency keeps: none of it may appear on the handout. */
export const INTERNAL = {
  youthVoice: 'zqvoice wants the big yard',
  familyVoice: 'zqfamily said mom works nights',
  placement: 'zqplacement group home north',
  legalStatus: 'zqlegal tpr pending',
  connections: 'zqconnections uncle in ohio',
  tried: 'zqtried two kinship homes',
  fact: 'zqfact missed three visits in may',
  question: 'zqquestion is the uncle licensed',
  answer: 'zqanswer not yet licensed',
  idea: 'zqidea ask the coach to mentor',
  barrier: 'zqbarrier licensing backlog of nine months',
  decision: 'zqdecision waiver granted by deputy',
  proposal: 'zqproposal move to a new school',
  debrief: 'zqdebrief we ran out of time',
  caseNumber: 'ZQ-2026-778899',
  protectedName: 'Zqconnie Protectedname',
  protectedDetails: 'zqphone 555 0199',
} as const;

/** The plan as agreed: goals (reunification, guardianship) and three accepted steps (plus the family meeting). */
export const PLAN = {
  steps: [
    {
      text: 'Ask the school about a bus pass so K. can stay at her school',
      owner: 'caseworker',
      due: '2027-01-20',
    },
    { text: 'Set up weekly visits with mom at the family center', owner: 'supervisor', due: '2027-02-03' },
    { text: 'Find a tutor for math', owner: 'facilitator', due: '2027-02-17', supporter: 'consultant' },
  ],
} as const;

const roster = (p: Person) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId });
const actorIn = (p: Person, chat: string) => ({
  person: roster(p),
  conversationId: chat,
  tenantId: TEST_TENANT_ID,
});
const must = <T>(o: { ok: true; value: T } | { ok: false; failure: { message: string } }): T => {
  if (!o.ok) throw new Error(o.failure.message);
  return o.value;
};

/** Runs the roundtable to its end (the plan stays a draft) and returns its id. */
export async function handoutRoundtable(h: Harness, chat = HANDOUT_CHAT_ID): Promise<string> {
  const { facilitator: fac, caseworker: cw, supervisor: sup, leader, consultant: mp } = people;
  const { svc, id, a, go } = await seededRoundtable(h, chat, HANDOUT_ALIAS, {
    youthLiving: INTERNAL.youthVoice,
    youthMatters: 'my sister',
    family: INTERNAL.familyVoice,
  });
  await go('present');
  must(
    await saveCaseSummary(svc, a(cw), id, {
      children: 'K.W., 12',
      timeInCare: '2 years',
      placement: INTERNAL.placement,
      legalStatus: INTERNAL.legalStatus,
      currentGoal: 'reunification',
      connections: INTERNAL.connections,
      tried: INTERNAL.tried,
      keepNames: true,
    }),
  );
  must(await contribute(svc, a(mp), id, { kind: 'fact', text: INTERNAL.fact }, `${id}-f1`));
  await go('clarify');
  const q = must(await contribute(svc, a(mp), id, { kind: 'question', text: INTERNAL.question }, `${id}-q1`));
  must(
    await contribute(svc, a(cw), id, { kind: 'answer', questionId: q.id, text: INTERNAL.answer }, `${id}-a1`),
  );
  await go('brainstorm');
  const idea = must(
    await contribute(svc, a(mp), id, { kind: 'idea', questionKey: 'q1', text: INTERNAL.idea }, `${id}-i1`),
  );
  const barrier = must(
    await contribute(
      svc,
      a(sup),
      id,
      { kind: 'idea', questionKey: 'q1', text: INTERNAL.barrier, barrier: 'policy' },
      `${id}-i2`,
    ),
  );
  await go('plan');
  must(
    await recordBarrierAnswer(svc, a(leader), id, barrier.id, {
      kind: 'solved-now',
      decision: INTERNAL.decision,
      keepNames: true,
    }),
  );
  must(
    await saveGoals(svc, a(cw), id, {
      primaryGoal: 'reunification',
      concurrentGoal: 'guardianship',
      ratings: { 'K.W.': 'fair' },
    }),
  );
  const owners: Record<string, Person> = {
    caseworker: cw,
    supervisor: sup,
    facilitator: fac,
    consultant: mp,
  };
  for (const [i, s] of PLAN.steps.entries()) {
    must(
      await contribute(
        svc,
        a(cw),
        id,
        {
          kind: 'step',
          text: s.text,
          ownerId: owners[s.owner]!.id,
          dueDate: s.due,
          // Chosen from the roster (the people picker sends the person's id).
          ...('supporter' in s ? { supporter: owners[s.supporter]!.id } : {}),
          ...(i === 0 ? { ideaId: idea.id } : {}),
        },
        `${id}-s${i}`,
      ),
    );
  }
  // A proposal nobody accepted: not part of the plan.
  must(
    await contribute(
      svc,
      a(mp),
      id,
      { kind: 'step', text: INTERNAL.proposal, ownerId: mp.id, dueDate: '2027-01-30' },
      `${id}-p1`,
    ),
  );
  await go('debrief');
  must(
    await contribute(
      svc,
      a(mp),
      id,
      { kind: 'debrief', prompt: 'change', text: INTERNAL.debrief },
      `${id}-d1`,
    ),
  );
  must(await endRoundtable(svc, a(fac), id, true));
  await h.app.idle();
  must(
    await setCaseNumber(
      { roundtables: svc.store, programme: svc.programme },
      actorIn(cw, 'a:personal-cw'),
      HANDOUT_ALIAS,
      INTERNAL.caseNumber,
      svc.now,
    ),
  );
  await seedConnection(h);
  return id;
}

/** A lifelong connection in the child's record, with its protected name and details. */
async function seedConnection(h: Harness): Promise<void> {
  const at = new Date().toISOString();
  await h.app.domain.children.putChild({
    id: childIdOf('K.W.'),
    caseKey: caseKeyOf(TEST_TENANT_ID, HANDOUT_ALIAS),
    tenantId: TEST_TENANT_ID,
    caseAlias: HANDOUT_ALIAS,
    childAlias: 'K.W.',
    ratings: [],
    living: [],
    connections: [
      {
        id: 'conn-1',
        relationship: 'maternal aunt',
        committed: true,
        contact: 'phone-video',
        frequency: 'weekly',
        protected: { name: INTERNAL.protectedName, details: INTERNAL.protectedDetails },
        addedAt: at,
        addedBy: roster(people.caseworker),
        updatedAt: at,
      },
    ],
    roundtableIds: [],
    createdAt: at,
    updatedAt: at,
  });
}
