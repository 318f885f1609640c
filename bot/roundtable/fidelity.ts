import { PHASE_INFO, spentMs } from './phases.js';
import type { AgencySettings, BrainstormIdea, Contribution, PlanStep, Roundtable } from './types.js';

/** One line of the fidelity check shown at the debrief. */
export interface FidelityItem {
  label: string;
  ok: boolean;
  detail: string;
}

function live<K extends Contribution['kind']>(
  all: Contribution[],
  kind: K,
): Extract<Contribution, { kind: K }>[] {
  return all.filter((c): c is Extract<Contribution, { kind: K }> => c.kind === kind && !c.withdrawn);
}

/** Did the roundtable stay true to the model? Computed, never typed in. */
export function fidelityCheck(
  rt: Roundtable,
  contributions: Contribution[],
  settings: AgencySettings,
  now: Date,
): FidelityItem[] {
  const ideas: BrainstormIdea[] = live(contributions, 'idea');
  const steps: PlanStep[] = live(contributions, 'step');
  const items: FidelityItem[] = [];

  const unanswered = settings.questions.filter((q) => !ideas.some((i) => i.questionKey === q.key));
  items.push({
    label: 'Every brainstorm question got ideas',
    ok: unanswered.length === 0,
    detail:
      unanswered.length === 0
        ? `${settings.questions.length} of ${settings.questions.length} questions`
        : `no ideas yet for: ${unanswered.map((q) => q.text).join(' / ')}`,
  });

  const unowned = steps.filter((s) => !s.owner?.id || !s.dueDate);
  items.push({
    label: 'Every plan step has an owner and a due date',
    ok: steps.length > 0 && unowned.length === 0,
    detail:
      steps.length === 0
        ? 'the plan has no steps'
        : `${steps.length - unowned.length} of ${steps.length} steps`,
  });

  const youthKeys = new Set(settings.questions.filter((q) => q.youth).map((q) => q.key));
  const youthIdeaIds = new Set(ideas.filter((i) => youthKeys.has(i.questionKey)).map((i) => i.id));
  const youthSteps = steps.filter((s) => s.ideaId && youthIdeaIds.has(s.ideaId));
  items.push({
    label: 'The youth question produced at least one step',
    ok: youthSteps.length > 0,
    detail:
      youthSteps.length > 0 ? `${youthSteps.length} step(s)` : 'no step comes from a youth-engagement idea',
  });

  for (const p of rt.phases) {
    const spent = Math.round(spentMs(p, now) / 60000);
    items.push({
      label: `Time: ${PHASE_INFO[p.key].title}`,
      ok: p.visited && spent <= p.plannedMinutes * 1.25,
      detail: p.visited ? `${spent} of ${p.plannedMinutes} min planned` : 'skipped',
    });
  }
  return items;
}
