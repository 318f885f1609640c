import { fail, type Outcome, ok } from './outcome.js';
import { currentPhase, PHASE_INFO } from './phases.js';
import type { ContributionKind, PhaseKey, Roundtable } from './types.js';

/**
 * The phase rules in one pure module: which phase takes which input, where `next`, `back` and
 * `go <n>` lead, and each phase's status. The domain operations, the handlers and the tab all call these,
 * so they never disagree.
 */

/** The phase each kind of contribution belongs to. */
export const KIND_PHASE: Record<ContributionKind, PhaseKey> = {
  fact: 'present',
  question: 'clarify',
  answer: 'clarify',
  idea: 'brainstorm',
  step: 'plan',
  debrief: 'debrief',
};

/** The kinds of contribution a phase takes. */
export function phaseAccepts(key: PhaseKey): ContributionKind[] {
  return (Object.keys(KIND_PHASE) as ContributionKind[]).filter((kind) => KIND_PHASE[kind] === key);
}

/** Is the roundtable taking contributions of this kind now (active, in the kind's phase)? */
export function acceptsNow(rt: Roundtable, kind: ContributionKind): boolean {
  return rt.status === 'active' && currentPhase(rt).key === KIND_PHASE[kind];
}

/** Where a move goes: the next or previous phase, or a phase by its index in this roundtable. */
export type PhaseMove = 'next' | 'back' | number;

/**
 * The phase index a move leads to, or why it cannot go there. Moving to the current phase is
 * allowed and carries a notice (nothing changes).
 */
export function navigationTarget(rt: Roundtable, to: PhaseMove): Outcome<number> {
  const last = rt.phases.length - 1;
  const target = to === 'next' ? rt.phaseIndex + 1 : to === 'back' ? rt.phaseIndex - 1 : to;
  if (target > last)
    return fail('invalid', 'The debrief is the last phase. Use `end` to close the roundtable.');
  if (target < 0) return fail('invalid', 'The welcome is the first phase; there is nothing before it.');
  if (target === rt.phaseIndex) {
    return ok(target, `Already in phase ${target + 1}: ${PHASE_INFO[currentPhase(rt).key].title}.`);
  }
  return ok(target);
}

/** One phase of a roundtable as the bot, the tab API and the tab UI show it. */
export interface PhaseStatus {
  key: PhaseKey;
  /** Place in this roundtable's own sequence (0-based); `number` is 1-based. */
  index: number;
  number: number;
  title: string;
  /** Entered at least once. */
  visited: boolean;
  /** The current phase or one before it in this roundtable's own sequence. */
  reached: boolean;
  isCurrent: boolean;
  /** The roundtable is active and there is a phase before this one. */
  canBack: boolean;
  /** The roundtable is active and there is a phase after this one. */
  canNext: boolean;
  /** The kinds of contribution this phase takes. */
  accepts: ContributionKind[];
  /** Taking contributions now: the current phase of an active roundtable. */
  open: boolean;
}

/** Every phase of the roundtable's own sequence, by key, with where navigation can go from it. */
export function phaseStates(rt: Roundtable): PhaseStatus[] {
  const active = rt.status === 'active';
  const last = rt.phases.length - 1;
  return rt.phases.map((p, index) => {
    const isCurrent = index === rt.phaseIndex;
    return {
      key: p.key,
      index,
      number: index + 1,
      title: PHASE_INFO[p.key].title,
      visited: p.visited,
      reached: index <= rt.phaseIndex,
      isCurrent,
      canBack: active && index > 0,
      canNext: active && index < last,
      accepts: phaseAccepts(p.key),
      open: active && isCurrent,
    };
  });
}

/** The status of one phase by key, or undefined when this roundtable's sequence has no such phase. */
export function phaseState(rt: Roundtable, key: PhaseKey): PhaseStatus | undefined {
  return phaseStates(rt).find((p) => p.key === key);
}
