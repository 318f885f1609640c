/** Which sections the meeting stage shows, decided by phase key in this roundtable's own sequence. */
import type { TabBoard } from './board';

/** The sections of the stage board. */
export interface StageSections {
  questions: boolean;
  brainstorm: boolean;
  plan: boolean;
}

/** True when this roundtable has the phase and its current phase is that one or a later one. */
export function reached(board: TabBoard, key: string): boolean {
  return board.roundtable.phases.some((p) => p.key === key && p.reached);
}

/**
 * Clarifying questions while clarifying (and, if any were asked, until the brainstorm is reached);
 * the brainstorm once it is reached; the plan once it is reached or has steps.
 */
export function stageSections(board: TabBoard): StageSections {
  const brainstorm = reached(board, 'brainstorm');
  return {
    questions: board.roundtable.phase === 'clarify' || (board.questions.length > 0 && !brainstorm),
    brainstorm,
    plan: reached(board, 'plan') || board.plan.steps.length > 0,
  };
}
