/** The Debrief card: what went well, what to change, the fidelity check, ending the roundtable. */

import { translateMessage } from '../../bot/i18n/messages.js';
import { REFERENCE_LANGUAGE, t } from '../../bot/i18n/text.js';
import { fidelityOf } from '../../bot/roundtable/fidelity.js';
import { PHASE_INFO, skippedPhases } from '../../bot/roundtable/phases.js';
import type { Contribution } from '../../bot/roundtable/types.js';
import { type CardView, live, type PhaseData } from '../card-view.js';
import { cap, type Data, type Limits, trim } from '../kit.js';

/** The fidelity checklist (debrief and summary). */
export function fidelityRows(view: CardView, limits: Limits): Data {
  const items = fidelityOf(view, view.settings, view.now, view.roundtable.status === 'ended');
  // The domain writes the checklist in English (it is stored so with the record); the card reads it in its language.
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const read = (text: string) =>
    text
      .split('; ')
      .map((part) => translateMessage(lang, part))
      .join('; ');
  return {
    fidelityOk: items.filter((i) => i.ok).length,
    fidelityTotal: items.length,
    fidelity: items.map((i) => ({
      mark: i.ok ? '✓' : '✗',
      color: i.ok ? 'Default' : 'Attention', // a mark: green fails contrast in Teams light
      label: read(i.label),
      detail: cap(read(i.detail), Math.max(limits.text, 200)),
    })),
  };
}

/** The Debrief card's data. */
export const debriefData: PhaseData = (view, limits) => {
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const answers = live(view.contributions, 'debrief');
  const row = (a: Contribution) => ({ text: cap(a.text, limits.text), author: cap(a.author.name, 80) });
  const wentWell = trim(
    answers.filter((a) => a.prompt === 'went-well'),
    limits.items,
    lang,
  );
  const change = trim(
    answers.filter((a) => a.prompt === 'change'),
    limits.items,
    lang,
  );
  // Phase names are the agency's practice words (its own translation when it gave one).
  const skipped = skippedPhases(view.roundtable).map(
    (k) => view.settings.phaseNames?.[k] ?? PHASE_INFO[k].title,
  );
  return {
    lang,
    wentWellCount: answers.filter((a) => a.prompt === 'went-well').length,
    wentWell: wentWell.shown.map(row),
    wentWellMore: wentWell.more,
    changeCount: answers.filter((a) => a.prompt === 'change').length,
    learningCount: answers.filter((a) => a.prompt === 'learning').length,
    learningShown: answers.some((a) => a.prompt === 'learning'),
    change: change.shown.map(row),
    changeMore: change.more,
    ...fidelityRows(view, limits),
    endRequested: view.roundtable.endRequestedAt !== undefined,
    endWarning: skipped.length
      ? t(lang, 'plan:debrief.skipped', { phases: skipped.join(', ') })
      : t(lang, 'plan:debrief.endNow'),
  };
};
