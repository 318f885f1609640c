/** The status card: where the roundtable stands (phase, time per phase, timer, counts, people). */
import { type Lang, REFERENCE_LANGUAGE, t } from '../bot/i18n/text.js';
import { currentPhase, isScheduled, spentMs, timeLeftMs } from '../bot/roundtable/phases.js';
import type { Contribution, PhaseKey } from '../bot/roundtable/types.js';
import {
  type Base,
  baseData,
  type CardView,
  cardTemplate,
  facilitatorNames,
  live,
  minutes,
  phaseName,
  phaseTitle,
  scheduledText,
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

/** The contributions counted, each with its label (meeting:status.kinds.<kind>). */
const KINDS: Contribution['kind'][] = ['fact', 'question', 'answer', 'idea', 'step', 'debrief'];

function timerLine(view: CardView, lang: Lang): { timerLine: string; timerColor: string } {
  if (view.roundtable.status === 'ended')
    return { timerLine: t(lang, 'meeting:status.ended'), timerColor: 'Default' };
  if (isScheduled(view.roundtable)) return { timerLine: scheduledText(view), timerColor: 'Default' };
  const left = timeLeftMs(view.roundtable, view.now);
  if (left === undefined) return { timerLine: t(lang, 'meeting:status.noTimer'), timerColor: 'Default' };
  if (left >= 0)
    return {
      timerLine: t(lang, 'meeting:status.timeLeft', { minutes: minutes(left) }),
      timerColor: 'Default',
    };
  return {
    timerLine: t(lang, 'meeting:status.timeOver', { minutes: minutes(-left) }),
    timerColor: 'Default',
  };
}

/** "Jump to phase" buttons in rows of three (hosts allow five actions per set). */
function goActionRows(view: CardView, current: PhaseKey, nonce: string): { actions: Data[] }[] {
  const rt = view.roundtable;
  const actions = rt.phases.map((p, i) => ({
    title: `${i + 1}. ${phaseName(view, p.key)}`,
    data: actionData(rt, current, nonce, String(i + 1)),
  }));
  return [{ actions: actions.slice(0, 3) }, { actions: actions.slice(3) }];
}

/** Where the roundtable stands: phase, time per phase, timer, counts, people. */
export function statusCard(view: CardView): AdaptiveCard {
  const rt = view.roundtable;
  const current = currentPhase(rt).key;
  const interactive = rt.status === 'active';
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const base: Base = { phase: current, interactive, title: t(lang, 'meeting:status.title') };
  const nonce = cardNonce();
  const ideas = live(view.contributions, 'idea');
  const build = (limits: Limits) =>
    expand(cardTemplate('status'), {
      ...baseData(view, base, nonce, limits),
      phaseLine: interactive
        ? t(lang, 'meeting:status.now', { phase: phaseTitle(view, current) })
        : t(lang, 'meeting:status.endedTitle'),
      ...timerLine(view, lang),
      phases: rt.phases.map((p, i) => ({
        label: `${i === rt.phaseIndex && interactive ? '▶ ' : ''}${i + 1}. ${phaseName(view, p.key)}`,
        value: p.visited
          ? t(lang, 'meeting:status.spent', {
              spent: minutes(spentMs(p, view.now)),
              planned: p.plannedMinutes,
            })
          : t(lang, 'meeting:status.notStarted', { planned: p.plannedMinutes }),
      })),
      counts: [
        ...KINDS.map((kind) => ({
          label: t(lang, `meeting:status.kinds.${kind}`),
          value: String(live(view.contributions, kind).length),
        })),
        { label: t(lang, 'meeting:status.barriers'), value: String(ideas.filter((i) => i.barrier).length) },
      ],
      facilitators: facilitatorNames(rt, limits, lang),
      rosterCount: rt.roster.length,
      goActionRows: goActionRows(view, current, nonce),
    });
  return fitToSize(build, () => tooLargeCard(view, base, nonce));
}
