/**
 * Card data for what happens around the roundtable (issue #9): the youth and family voice from the
 * preparation, barrier busters' answers, proposed steps, invitations, the PRACTICE marker.
 * Plain data for the templates; user text is only ever data.
 */
import { barrierBusters, type SystemicBarrier } from '../bot/roundtable/barrier-busting.js';
import type { Invitation } from '../bot/roundtable/invitations.js';
import type { Preparation } from '../bot/roundtable/preparation.js';
import type { BrainstormIdea, PhaseKey, PlanStep, Roundtable } from '../bot/roundtable/types.js';
import { INPUTS } from './contract.js';
import { actionData, type CardView, cap, type Limits, trim } from './render.js';

type Data = Record<string, unknown>;

/** The line every card of a practice roundtable carries under its header. */
export const PRACTICE_BANNER =
  'PRACTICE roundtable on a fictional case, for training. Not a real child; kept out of reports and deleted after a while.';

export const VOICE_LABELS: [
  keyof Preparation & ('youthLiving' | 'youthMatters' | 'family' | 'stakeholders'),
  string,
][] = [
  ['youthLiving', 'Where and with whom the youth wants to live'],
  ['youthMatters', 'Who matters to the youth'],
  ['family', 'What the family said'],
  ['stakeholders', 'What other stakeholders said'],
];

/** The "youth and family voice" section (Present and Brainstorm). */
export function voiceData(prep: Preparation | undefined, limits: Limits, max = 600): Data {
  const rows = prep
    ? VOICE_LABELS.filter(([k]) => prep[k] !== '').map(([k, label]) => ({
        label,
        value: cap(prep[k], Math.min(limits.text, max)),
      }))
    : [];
  return {
    show: rows.length > 0,
    by: prep ? `From the preparation before the roundtable (${prep.updatedAt.slice(0, 10)})` : '',
    rows,
  };
}

/** The Present form is pre-filled from the preparation until the caseworker saves (confirms) it. */
export function preparedSummaryNote(view: CardView): Data {
  const show = !view.caseSummary && view.preparation?.summary !== undefined;
  return {
    show,
    text: show
      ? 'Pre-filled from the preparation: the caseworker checks it and presses "Save case summary" to confirm it.'
      : '',
  };
}

const ANSWER_TITLES: Record<SystemicBarrier['answer']['kind'], string> = {
  'solved-now': 'Can be solved now',
  'needs-decision': 'Needs a policy/legal decision',
  'not-a-barrier': 'Not a barrier',
};

/** The answer's kind in a few words, for the idea's own line. */
export function answerTitle(b: SystemicBarrier | undefined): string {
  return b ? ANSWER_TITLES[b.answer.kind] : '';
}

/** One line saying how a barrier was answered (empty when not yet). */
export function answerLine(b: SystemicBarrier | undefined, limits: Limits): string {
  if (!b) return '';
  const a = b.answer;
  const by = cap(a.by.name, 80);
  if (a.kind === 'solved-now')
    return `${ANSWER_TITLES[a.kind]}: ${cap(a.decision ?? '', Math.min(limits.text, 200))} (${by})`;
  if (a.kind === 'needs-decision') {
    return `${ANSWER_TITLES[a.kind]}: ${cap(a.owner?.name ?? '', 80)} by ${a.dueDate ?? ''}, in the barrier register (${by})`;
  }
  return `${ANSWER_TITLES[a.kind]} (${by})`;
}

/** Barrier-flagged ideas with their answers, and answer forms for barrier busters while the card is live. */
export function barrierSection(
  view: CardView,
  phase: PhaseKey,
  ideas: BrainstormIdea[],
  limits: Limits,
  nonce: string,
): Data {
  const rt = view.roundtable;
  const byIdea = new Map((view.barriers ?? []).map((b) => [b.ideaId, b]));
  // Unanswered first: they are the ones that need the buttons.
  const flagged = ideas
    .filter((i) => i.barrier)
    .sort((a, b) => Number(byIdea.has(a.id)) - Number(byIdea.has(b.id)));
  // The idea itself is listed above; here it is repeated short, with the answer and the buttons.
  const shown = trim(flagged, Math.min(limits.items, limits.boxes, 4));
  const busters = barrierBusters(rt);
  return {
    barrierCount: flagged.length,
    hasBarriers: flagged.length > 0,
    busterLine: busters.length
      ? `Barrier busters on the roster: ${busters.map((b) => cap(b.name, 60)).join(', ')}`
      : 'No barrier buster has joined yet: join as barrier buster to answer.',
    hasBusters: busters.length > 0,
    busterChoices: busters.map((b) => ({ title: cap(b.name, 60), value: b.id })),
    today: view.now.toISOString().slice(0, 10),
    barriers: shown.shown.map((idea, i) => {
      const answer = answerLine(byIdea.get(idea.id), limits);
      const target = idea.id;
      return {
        text: cap(idea.text, Math.min(limits.text, 200)),
        answered: answer !== '',
        answer,
        hasForm: i < Math.min(limits.boxes, 2),
        decisionId: `${INPUTS.barrierDecisionPrefix}${target}`,
        ownerId: `${INPUTS.barrierOwnerPrefix}${target}`,
        dueId: `${INPUTS.barrierDuePrefix}${target}`,
        data: actionData(rt, phase, nonce, target),
      };
    }),
    barriersMore: {
      show: shown.more.show,
      text: `${shown.more.text} barriers: they appear here as these are answered`,
    },
  };
}

/** What the plan card and summary say about a step's ownership. */
export function stepOwnership(step: PlanStep): Data {
  return {
    proposed: step.proposed === true,
    proposalLine: step.proposed
      ? `PROPOSAL by ${cap(step.author.name, 80)}: not in the plan until the caseworker or supervisor accepts it`
      : '',
    suggested: step.suggested !== undefined,
  };
}

/** The invitations on the Welcome card. */
export function invitationData(invitations: Invitation[] | undefined, rt: Roundtable, limits: Limits): Data {
  const list = invitations ?? [];
  const shown = trim(list, limits.items);
  const label: Record<Invitation['status'], string> = {
    invited: 'no answer yet',
    confirmed: 'confirmed',
    declined: 'cannot come',
    unreachable: 'could not be reached (app not installed)',
  };
  return {
    hasInvitations: list.length > 0,
    invitationsLine: `Invited: ${list.length} · confirmed: ${list.filter((i) => i.status === 'confirmed').length}${rt.scheduledFor ? ` · meeting ${rt.scheduledFor}` : ''}`,
    invitations: shown.shown.map((i) => ({ name: cap(i.person.name, 80), status: label[i.status] })),
    invitationsMore: shown.more,
  };
}
