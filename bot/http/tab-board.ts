/** The board payload the side panel and the stage show, shaped from a roundtable view for one person. */

import type { TabBoard } from '../../tab/src/board.js';
import type { DomainContext } from '../roundtable/context.js';
import { meetingTimeText } from '../roundtable/meeting-time.js';
import { phaseStates } from '../roundtable/navigation.js';
import { type Actor, isFacilitator } from '../roundtable/permissions.js';
import { currentPhase, isScheduled, PHASE_INFO } from '../roundtable/phases.js';
import type { RoundtableView } from '../roundtable/roundtables.js';
import type { Contribution, PhaseKey, Roundtable } from '../roundtable/types.js';
import { questionsOf } from '../roundtable/youth-rules.js';

/** Each phase of this roundtable's own sequence, by key, as the domain's navigation states it. */
function boardPhases(rt: Roundtable): TabBoard<PhaseKey>['roundtable']['phases'] {
  return phaseStates(rt).map(({ key, number, title, visited, reached }) => ({
    key,
    number,
    title,
    visited,
    reached,
  }));
}

/** The board for one person: authors hidden in anonymous mode, facilitator flag for the controls. */
export async function boardOf(
  view: RoundtableView,
  actor: Actor,
  domain: DomainContext,
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
      scheduled: isScheduled(rt),
      ...(rt.scheduledFor
        ? {
            scheduledFor: rt.scheduledFor,
            scheduledText: meetingTimeText(rt.scheduledFor, domain.settings.followUp.defaultTimeZone),
          }
        : {}),
      revision: rt.revision,
      phaseIndex: rt.phaseIndex,
      phase: phase.key,
      phaseTitle: PHASE_INFO[phase.key].title,
      plannedMinutes: phase.plannedMinutes,
      ...(phase.enteredAt ? { enteredAt: phase.enteredAt } : {}),
      // No countdown while scheduled: the clock starts when the facilitator opens the roundtable.
      ...(phase.timerEndsAt && !isScheduled(rt) ? { timerEndsAt: phase.timerEndsAt } : {}),
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
    brainstorm: questionsOf(rt, domain.settings).map((q) => ({
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
