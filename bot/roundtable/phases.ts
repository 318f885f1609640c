import type { AgencySettings, PhaseKey, PhaseState, Roundtable } from './types.js';

/**
 * Display facts about each phase. `number` is the phase's place in the standard roundtable; a
 * roundtable's own numbering is its place in `Roundtable.phases` (use `phaseNumber`).
 */
export const PHASE_INFO: Record<PhaseKey, { number: number; title: string; aliases: string[] }> = {
  welcome: { number: 1, title: 'Welcome and overview', aliases: ['welcome', 'overview', 'intro'] },
  present: { number: 2, title: 'Present the case', aliases: ['present', 'presentation', 'case'] },
  clarify: { number: 3, title: 'Clarify and explore', aliases: ['clarify', 'explore', 'questions'] },
  review: { number: 2, title: 'Review the previous plan', aliases: ['review', 'previous', 'progress'] },
  brainstorm: { number: 4, title: 'Brainstorm', aliases: ['brainstorm', 'ideas'] },
  plan: { number: 5, title: 'Permanency Action Plan', aliases: ['plan', 'action', 'actionplan'] },
  debrief: { number: 6, title: 'Debrief', aliases: ['debrief'] },
};

/** The kinds of roundtable and their phases, in order (PRT.md). Navigation works on whichever a roundtable has. */
export const PHASE_SEQUENCES = {
  /** The six phases of a first roundtable. */
  standard: ['welcome', 'present', 'clarify', 'brainstorm', 'plan', 'debrief'],
  /** A follow-up roundtable reviews the previous plan instead of presenting the case again. */
  followup: ['welcome', 'review', 'brainstorm', 'plan', 'debrief'],
} as const satisfies Record<string, readonly PhaseKey[]>;
export type PhaseSequence = keyof typeof PHASE_SEQUENCES;

/** The phase states a new roundtable starts with. */
export function initialPhases(settings: AgencySettings, sequence: PhaseSequence = 'standard'): PhaseState[] {
  return PHASE_SEQUENCES[sequence].map((key) => ({
    key,
    plannedMinutes: settings.phaseMinutes[key],
    spentMs: 0,
    visited: false,
  }));
}

/**
 * Parses "3", "brainstorm", "Action plan" into an index into `phases` (a roundtable's own
 * sequence; the standard one by default), or undefined.
 */
export function parsePhase(
  input: string,
  phases: readonly PhaseKey[] = PHASE_SEQUENCES.standard,
): number | undefined {
  const s = input
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '');
  if (/^\d{1,2}$/.test(s)) {
    const n = Number(s);
    return n >= 1 && n <= phases.length ? n - 1 : undefined;
  }
  const i = phases.findIndex((k) => PHASE_INFO[k].aliases.includes(s) || k === s);
  return i >= 0 ? i : undefined;
}

/** A phase's number in this roundtable (1-based place in its own sequence). */
export function phaseNumber(rt: Roundtable, key: PhaseKey = currentPhase(rt).key): number {
  const i = rt.phases.findIndex((p) => p.key === key);
  return i >= 0 ? i + 1 : PHASE_INFO[key].number;
}

/** "phase 2: Review the previous plan", numbered within this roundtable. */
export function phaseLabel(rt: Roundtable, key: PhaseKey = currentPhase(rt).key): string {
  return `phase ${phaseNumber(rt, key)}: ${PHASE_INFO[key].title}`;
}

/** The phase the roundtable is in now. */
export function currentPhase(rt: Roundtable): PhaseState {
  const p = rt.phases[rt.phaseIndex];
  if (!p) throw new Error(`roundtable ${rt.id} has no phase ${rt.phaseIndex}`);
  return p;
}

/** Time spent in a phase up to `now`, including the running visit. */
export function spentMs(phase: PhaseState, now: Date): number {
  const running = phase.enteredAt ? Math.max(0, now.getTime() - Date.parse(phase.enteredAt)) : 0;
  return phase.spentMs + running;
}

/** Milliseconds left on the current phase's time box (negative when over), or undefined without a timer. */
export function timeLeftMs(rt: Roundtable, now: Date): number | undefined {
  const p = currentPhase(rt);
  return p.timerEndsAt ? Date.parse(p.timerEndsAt) - now.getTime() : undefined;
}

/** The running phase whose time box has run out and not been announced yet (undefined otherwise). */
export function timeUpDue(rt: Roundtable, now: Date): PhaseState | undefined {
  if (rt.status !== 'active' || isScheduled(rt)) return undefined;
  const p = currentPhase(rt);
  if (!p.timerEndsAt || Date.parse(p.timerEndsAt) > now.getTime()) return undefined;
  return p.timeUpPosted === p.timerEndsAt ? undefined : p;
}

/** The one line the chat gets when a phase's time box runs out. */
export function timeUpLine(rt: Roundtable, p: PhaseState): string {
  return `Time is up for ${phaseLabel(rt, p.key)} (its time box has run out). The facilitator moves on with \`@Roundtable next\`, or gives it more time with \`@Roundtable timer <minutes>\`.`;
}

/** When a phase's time box ends if it opens at `now`: its planned minutes less the time already spent in it. */
export function timeBoxEnd(phase: PhaseState, now: Date): string {
  const left = Math.max(0, phase.plannedMinutes * 60000 - phase.spentMs);
  return new Date(now.getTime() + left).toISOString();
}

/** Returns a copy of the roundtable moved to phase `target`, closing the timing of the current one; the target's time box starts. */
export function moveTo(rt: Roundtable, target: number, now: Date): Roundtable {
  const iso = now.toISOString();
  const phases = rt.phases.map((p, i) => {
    if (i === rt.phaseIndex && i !== target) {
      return { ...p, spentMs: spentMs(p, now), enteredAt: undefined, timerEndsAt: undefined };
    }
    if (i === target && i !== rt.phaseIndex) {
      return { ...p, enteredAt: iso, visited: true, timerEndsAt: timeBoxEnd(p, now) };
    }
    return p;
  });
  return { ...rt, phases, phaseIndex: target, revision: rt.revision + 1, endRequestedAt: undefined };
}

/** A roundtable started ahead of its meeting and not opened yet: no clock runs. */
export function isScheduled(rt: Roundtable): boolean {
  return rt.status === 'active' && !rt.openedAt && !!rt.scheduledFor;
}

/** Back to scheduled (invitations for a later meeting, nothing moved yet): the Welcome clock stops and resets. */
export function toScheduled(rt: Roundtable): Roundtable {
  const { openedAt: _opened, ...rest } = rt;
  const phases = rt.phases.map((p, i) =>
    i === 0 ? { ...p, spentMs: 0, enteredAt: undefined, timerEndsAt: undefined } : p,
  );
  return { ...rest, phases };
}

/**
 * `invite … on <date>` for a later day, before anything moved: the roundtable waits for its meeting (scheduled);
 * otherwise it is unchanged.
 */
export function scheduleAhead(rt: Roundtable, when: string, now: Date): Roundtable {
  const later = when.slice(0, 10) > now.toISOString().slice(0, 10);
  const untouched = rt.phaseIndex === 0 && rt.phases.every((p, i) => i === 0 || !p.visited);
  return later && untouched && rt.openedAt ? toScheduled(rt) : rt;
}

/** The facilitator opens the meeting: the clock and the current phase's time box start now. */
export function openClock(rt: Roundtable, now: Date): Roundtable {
  const iso = now.toISOString();
  const phases = rt.phases.map((p, i) =>
    i === rt.phaseIndex ? { ...p, visited: true, enteredAt: iso, timerEndsAt: timeBoxEnd(p, now) } : p,
  );
  return { ...rt, phases, openedAt: iso, revision: rt.revision + 1 };
}

/** Phases never visited, by key (the fidelity check and `end` confirmation use it). */
export function skippedPhases(rt: Roundtable): PhaseKey[] {
  return rt.phases.filter((p) => !p.visited).map((p) => p.key);
}

/** Stops the clock on the current phase (used at `end`). */
export function closeTiming(rt: Roundtable, now: Date): PhaseState[] {
  return rt.phases.map((p, i) =>
    i === rt.phaseIndex ? { ...p, spentMs: spentMs(p, now), enteredAt: undefined } : p,
  );
}

/** "12 min", rounded to whole minutes. */
export function formatMinutes(ms: number): string {
  const m = Math.round(ms / 60000);
  return `${m} min`;
}
