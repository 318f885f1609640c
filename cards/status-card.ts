/** The status card: where the roundtable stands (phase, time per phase, timer, counts, people). */
import {
  currentPhase,
  isScheduled,
  PHASE_INFO,
  scheduledLine,
  spentMs,
  timeLeftMs,
} from '../bot/roundtable/phases.js';
import type { Contribution, PhaseKey, Roundtable } from '../bot/roundtable/types.js';
import {
  type Base,
  baseData,
  type CardView,
  cardTemplate,
  facilitatorNames,
  live,
  minutes,
  phaseTitle,
  tooLargeCard,
} from './card-view.js';
import {
  type AdaptiveCard,
  actionData,
  cardNonce,
  type Data,
  expand,
  fitToSize,
  type Limits,
} from './kit.js';

const KIND_LABELS: [Contribution['kind'], string][] = [
  ['fact', 'Case facts'],
  ['question', 'Clarifying questions'],
  ['answer', 'Answers'],
  ['idea', 'Brainstorm ideas'],
  ['step', 'Plan steps'],
  ['debrief', 'Debrief answers'],
];

function timerLine(view: CardView): { timerLine: string; timerColor: string } {
  if (view.roundtable.status === 'ended')
    return { timerLine: 'The roundtable has ended.', timerColor: 'Default' };
  if (isScheduled(view.roundtable))
    return {
      timerLine: scheduledLine(view.roundtable, view.settings.followUp.defaultTimeZone),
      timerColor: 'Default',
    };
  const left = timeLeftMs(view.roundtable, view.now);
  if (left === undefined) return { timerLine: 'No timer is running.', timerColor: 'Default' };
  if (left >= 0) return { timerLine: `Timer: ${minutes(left)} min left`, timerColor: 'Default' };
  return { timerLine: `Timer: over by ${minutes(-left)} min`, timerColor: 'Default' };
}

/** "Jump to phase" buttons in rows of three (hosts allow five actions per set). */
function goActionRows(rt: Roundtable, current: PhaseKey, nonce: string): { actions: Data[] }[] {
  const actions = rt.phases.map((p, i) => ({
    title: `${i + 1}. ${PHASE_INFO[p.key].title}`,
    data: actionData(rt, current, nonce, String(i + 1)),
  }));
  return [{ actions: actions.slice(0, 3) }, { actions: actions.slice(3) }];
}

/** Where the roundtable stands: phase, time per phase, timer, counts, people. */
export function statusCard(view: CardView): AdaptiveCard {
  const rt = view.roundtable;
  const current = currentPhase(rt).key;
  const interactive = rt.status === 'active';
  const base: Base = { phase: current, interactive, title: 'Status' };
  const nonce = cardNonce();
  const ideas = live(view.contributions, 'idea');
  const build = (limits: Limits) =>
    expand(cardTemplate('status'), {
      ...baseData(view, base, nonce, limits),
      phaseLine: interactive ? `Now: ${phaseTitle(rt, current)}` : 'The roundtable has ended',
      ...timerLine(view),
      phases: rt.phases.map((p, i) => ({
        label: `${i === rt.phaseIndex && interactive ? '▶ ' : ''}${i + 1}. ${PHASE_INFO[p.key].title}`,
        value: p.visited
          ? `${minutes(spentMs(p, view.now))} of ${p.plannedMinutes} min`
          : `not started (${p.plannedMinutes} min planned)`,
      })),
      counts: [
        ...KIND_LABELS.map(([kind, label]) => ({
          label,
          value: String(live(view.contributions, kind).length),
        })),
        { label: 'Systemic barriers', value: String(ideas.filter((i) => i.barrier).length) },
      ],
      facilitators: facilitatorNames(rt, limits),
      rosterCount: rt.roster.length,
      goActionRows: goActionRows(rt, current, nonce),
    });
  return fitToSize(build, () => tooLargeCard(view, base, nonce));
}
