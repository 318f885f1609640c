/** The board payload the side panel and the stage show, shaped from a roundtable view for one person. */
import type { TabBoard } from '../../tab/src/board.js';
import { type Actor, isFacilitator } from '../roundtable/permissions.js';
import { currentPhase, PHASE_INFO } from '../roundtable/phases.js';
import type { RoundtableService, RoundtableView } from '../roundtable/service.js';
import type { Contribution, PhaseKey, Roundtable } from '../roundtable/types.js';

/**
 * Each phase of this roundtable's own sequence with whether it is reached (the current phase or an
 * earlier one). Computed here from `rt.phases` and the current phase until the domain offers a phase-state function.
 */
function boardPhases(rt: Roundtable): TabBoard<PhaseKey>['roundtable']['phases'] {
  const current = rt.phases.indexOf(currentPhase(rt));
  return rt.phases.map((p, i) => ({
    key: p.key,
    number: i + 1,
    title: PHASE_INFO[p.key].title,
    visited: p.visited,
    reached: i <= current,
  }));
}

/** The board for one person: authors hidden in anonymous mode, facilitator flag for the controls. */
export async function boardOf(
  view: RoundtableView,
  actor: Actor,
  service: RoundtableService,
): Promise<TabBoard<PhaseKey>> {
  const rt = view.roundtable;
  const live = view.contributions.filter((c) => !c.withdrawn);
  const of = <K extends Contribution['kind']>(kind: K) =>
    live.filter((c): c is Extract<Contribution, { kind: K }> => c.kind === kind);
  const phase = currentPhase(rt);
  const showAuthor = (name: string) => (rt.anonymous ? {} : { author: name });
  const answers = of('answer');
  return {
    roundtable: {
      id: rt.id,
      caseAlias: rt.caseAlias,
      status: rt.status,
      revision: rt.revision,
      phaseIndex: rt.phaseIndex,
      phase: phase.key,
      phaseTitle: PHASE_INFO[phase.key].title,
      plannedMinutes: phase.plannedMinutes,
      ...(phase.enteredAt ? { enteredAt: phase.enteredAt } : {}),
      ...(phase.timerEndsAt ? { timerEndsAt: phase.timerEndsAt } : {}),
      anonymous: rt.anonymous,
      phases: boardPhases(rt),
    },
    me: { name: actor.person.name, facilitator: await isFacilitator(rt, actor) },
    roster: rt.roster.map((r) => ({
      name: r.name,
      role: r.role,
      facilitator: rt.facilitatorIds.includes(r.id),
    })),
    counts: {
      facts: of('fact').length,
      questions: of('question').length,
      answers: answers.length,
      ideas: of('idea').length,
      steps: of('step').length,
      debrief: of('debrief').length,
    },
    facts: of('fact').map((c) => ({ id: c.id, text: c.text })),
    questions: of('question').map((q) => ({
      id: q.id,
      text: q.text,
      author: q.author.name,
      answers: answers.filter((a) => a.questionId === q.id).map((a) => a.text),
    })),
    brainstorm: service.settings.questions.map((q) => ({
      key: q.key,
      text: q.text,
      ideas: of('idea')
        .filter((i) => i.questionKey === q.key)
        .map((i) => ({
          id: i.id,
          text: i.text,
          ...showAuthor(i.author.name),
          ...(i.barrier ? { barrier: i.barrier } : {}),
        })),
    })),
    plan: {
      ...(view.plan.primaryGoal ? { primaryGoal: view.plan.primaryGoal } : {}),
      ...(view.plan.concurrentGoal ? { concurrentGoal: view.plan.concurrentGoal } : {}),
      draft: view.plan.draft,
      steps: of('step').map((s) => ({
        id: s.id,
        text: s.text,
        owner: s.owner.name,
        dueDate: s.dueDate,
        status: s.status,
      })),
    },
  };
}
