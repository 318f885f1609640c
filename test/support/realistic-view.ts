/**
 * A realistic roundtable as the cards see it (12 people, 40 ideas, 8 steps, 3 barriers, a case summary,
 * facts, questions and answers, a debrief): deterministic, for card snapshots and theme screenshots.
 */

import { createHash } from 'node:crypto';
import { initialPhases } from '../../bot/roundtable/phases.js';
import type { Invitation, SystemicBarrier } from '../../bot/roundtable/records.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import type {
  Contribution,
  Person,
  PhaseKey,
  Role,
  RosterEntry,
  Roundtable,
} from '../../bot/roundtable/types.js';
import type { CardView } from '../../cards/card-view.js';

const NOW = new Date('2026-03-10T15:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() - (600 - minutes) * 60000).toISOString();

const PEOPLE: [string, Role][] = [
  ['Fran Facilitator', 'facilitator'],
  ['Casey Caseworker', 'caseworker'],
  ['Sam Supervisor', 'supervisor'],
  ['Morgan Consultant', 'master-practitioner'],
  ['Lee Leader', 'barrier-buster'],
  ['Olive Observer', 'other'],
  ['Robin Regional', 'barrier-buster'],
  ['Alex Legal', 'barrier-buster'],
  ['Jamie Scribe', 'scribe'],
  ['Pat Placement', 'other'],
  ['Chris Clinician', 'other'],
  ['Dana Educator', 'other'],
];

/** The realistic roundtable's ideas (distinct; 40 ideas use them in turn, none twice under one question). */
export const IDEAS = [
  'Search again for paternal relatives through the kinship navigator',
  'Ask the youth who she would call at 2 a.m.',
  'Revisit the former foster family who still sends birthday cards',
  'Mine the case file for adults named in school records',
  'Offer the aunt a licensing waiver for the second bedroom',
  'Set up a standing weekly call with the older brother',
  'Use a family-finding specialist for three months',
  'Check whether the grandmother’s housing voucher can move states',
  'Invite the art teacher she trusts to the next family meeting',
  'Ask the court for unsupervised weekend visits with the aunt',
  'Pay for the bus pass so she can keep her after-school job',
  'Connect her with a youth advocate who was in care herself',
  'Hold the family team meeting at the aunt’s home, not the office',
  'Ask the older brother to be her emergency contact',
  'Look for a therapist who can see her near the new school',
  'Find out whether the father’s side has a relative in state',
];

/** Case facts the caseworker and others note at Present. */
export const FACTS = [
  'Placed in a group home since March 2023 after two foster placements ended',
  'Visits with the aunt in Ohio every other weekend have gone well since June',
  'She is in 10th grade, on track to graduate, and plays on the school soccer team',
  'Father’s rights were terminated in 2024; mother’s case is still open',
  'The older brother, 19, lives nearby and calls her most weeks',
  'She has said she does not want to be adopted by strangers',
];

/** Clarifying questions asked in the room. */
export const QUESTIONS = [
  'Has the aunt been assessed as a kinship carer, and when?',
  'Who does she talk to when things go wrong at the group home?',
  'Has anyone asked the older brother whether he could be a permanent connection?',
  'What would the court need to allow overnight visits with the aunt?',
  'Does she know what guardianship would mean for her school and friends?',
  'Is there anyone on the father’s side she remembers?',
];

/** Plan steps, owned and dated. */
export const STEPS = [
  'Hold a family team meeting to review this plan with the youth and family',
  'Request the home study for the aunt in Ohio through ICPC',
  'Ask the court for overnight weekend visits with the aunt',
  'Call the older brother about being her permanent connection',
  'Search the father’s side with the kinship navigator',
  'Introduce her to the youth advocate before the next court date',
  'Fund the bus pass for her after-school job for six months',
  'Find a therapist near the aunt’s home for after the move',
];

/** The realistic case summary's text fields (children aside), as the caseworker would type them. */
export const CASE_FACTS = {
  timeInCare: '6 years',
  placement: 'Group home since March; two moves this year',
  legalStatus: 'Parental rights terminated for the father; mother’s case open',
  currentGoal: 'Another planned permanent living arrangement',
  connections: 'Older brother (19), paternal aunt, former foster mother',
  strengths: 'Funny, loves drawing, doing well in art class',
  needs: 'Trauma therapy; a stable adult she trusts',
  tried: 'Two relative searches (2021, 2023); adoption recruitment',
};

/** Contribution ids as long as the real ones (`c-` and 32 hex digits), derived from kind and number. */
function idOf(kind: Contribution['kind'], i: number): string {
  return `c-${createHash('sha256').update(`${kind}-${i}`).digest('hex').slice(0, 32)}`;
}

function person(i: number): Person {
  const [name] = PEOPLE[i % PEOPLE.length] as [string, Role];
  return { id: `29:user-${i}`, name, aadObjectId: `aad-${i}` };
}

/** The realistic roundtable, open at `phase` (or ended). */
export function realisticView(phase: PhaseKey = 'plan', opts: { ended?: boolean } = {}): CardView {
  const rtId = 'rt-5f0c2d8e-3b7a-4c1e-9a4f-6d2b8e1c7a90'; // as long as a real one
  const roster: RosterEntry[] = PEOPLE.map(([, role], i) => ({ ...person(i), role, joinedAt: at(i) }));
  const phases = initialPhases(DEFAULT_SETTINGS);
  const phaseIndex = Math.max(
    0,
    phases.findIndex((p) => p.key === phase),
  );
  let seq = 0;
  const base = (kind: Contribution['kind'], i: number, author: number, text: string) => ({
    id: idOf(kind, i),
    roundtableId: rtId,
    author: person(author),
    text,
    createdAt: at(20 + seq++),
    updatedAt: at(20 + seq),
  });
  const contributions: Contribution[] = [];
  for (let i = 0; i < 6; i++) contributions.push({ ...base('fact', i, 1, FACTS[i] ?? ''), kind: 'fact' });
  for (let i = 0; i < 6; i++) {
    contributions.push({
      ...base('question', i, i + 2, QUESTIONS[i] ?? ''),
      kind: 'question',
    });
    if (i < 4)
      contributions.push({
        ...base('answer', i, 1, 'Yes, in 2023; nobody followed up.'),
        kind: 'answer',
        questionId: idOf('question', i),
      });
  }
  const questions = DEFAULT_SETTINGS.questions;
  for (let i = 0; i < 40; i++) {
    const barrier = i === 3 ? 'policy' : i === 17 ? 'funding' : i === 29 ? 'legal' : undefined;
    contributions.push({
      ...base('idea', i, i % PEOPLE.length, IDEAS[i % IDEAS.length] ?? ''),
      kind: 'idea',
      questionKey: questions[i % questions.length]!.key,
      ...(barrier ? { barrier } : {}),
    });
  }
  for (let i = 0; i < 8; i++) {
    contributions.push({
      ...base('step', i, 1, STEPS[i] ?? ''),
      kind: 'step',
      owner: person(i % 2 === 0 ? 1 : 2),
      dueDate: `2026-0${Math.min((i % 8) + 4, 9)}-15`,
      supporter: i % 3 === 0 ? 'Sam Supervisor' : undefined,
      ideaId: idOf('idea', i),
      status: 'not-started',
      proposed: i === 6 ? true : undefined,
      suggested: i === 0 ? 'family-team-meeting' : undefined,
    } as Contribution);
  }
  contributions.push({
    ...base('debrief', 0, 1, 'Everyone stayed future-focused.'),
    kind: 'debrief',
    prompt: 'went-well',
  });
  const roundtable: Roundtable = {
    id: rtId,
    caseAlias: 'J.T.',
    status: opts.ended ? 'ended' : 'active',
    phaseIndex,
    revision: 42,
    phases: phases.map((p, i) => ({
      ...p,
      visited: i <= phaseIndex,
      spentMs: i < phaseIndex ? p.plannedMinutes * 60000 : 0,
      enteredAt: i === phaseIndex ? at(590) : undefined,
      timerEndsAt: i === phaseIndex ? at(590 + p.plannedMinutes) : undefined,
    })),
    startedBy: person(0),
    facilitatorIds: [person(0).id],
    roster,
    anonymous: false,
    chat: { conversationId: 'conv-realistic', serviceUrl: 'https://smba.example', reference: {} },
    cardIds: {},
    createdAt: at(0),
    openedAt: at(1),
    endedAt: opts.ended ? at(599) : undefined,
  };
  const flagged = contributions.filter((c) => c.kind === 'idea' && c.barrier);
  const barriers: SystemicBarrier[] = flagged.slice(0, 2).map((idea, i) => ({
    id: `barrier-${idea.id}`,
    roundtableId: rtId,
    ideaId: idea.id,
    caseAlias: 'J.T.',
    category: 'policy',
    text: idea.text,
    raisedBy: idea.author,
    answer:
      i === 0
        ? {
            kind: 'solved-now',
            decision: 'Waiver granted by the regional office',
            by: person(4),
            at: at(100),
          }
        : { kind: 'needs-decision', owner: person(6), dueDate: '2026-04-01', by: person(4), at: at(101) },
    inRegister: i === 1,
    registerStatus: 'open',
    practice: false,
    createdAt: at(100),
    updatedAt: at(101),
  }));
  return {
    roundtable,
    contributions,
    caseSummary: {
      children: [{ alias: 'J.T.', age: 15 }],
      ...CASE_FACTS,
      updatedBy: person(1),
      updatedAt: at(10),
    },
    plan: {
      primaryGoal: 'adoption',
      concurrentGoal: 'guardianship',
      ratings: { 'J.T.': 'fair' },
      draft: true,
    },
    settings: DEFAULT_SETTINGS,
    now: NOW,
    barriers,
  };
}

/** A card's JSON with the per-rendering nonce replaced, so two renderings compare equal. */
export function withoutNonce(card: unknown): string {
  return JSON.stringify(card).replace(/"nonce":"[A-Za-z0-9_-]{16}"/g, '"nonce":"N"');
}

/** An invitation to the view's roundtable for its second roster person, as the invitation card is shown. */
export function realisticInvitation(view: CardView): Invitation {
  return {
    id: 'inv-1',
    roundtableId: view.roundtable.id,
    caseAlias: 'J.T.',
    person: view.roundtable.roster[1]!,
    invitedBy: view.roundtable.startedBy,
    invitedAt: view.now.toISOString(),
    meetingAt: '2026-03-20 14:00',
    status: 'invited',
  };
}
