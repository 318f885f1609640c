/**
 * The form of a phase that people type into (case facts, clarifying questions, ideas, debrief answers): a
 * message of its own, posted under the phase's list card and not edited while the phase runs, so that no
 * shared redraw wipes what someone is typing (Teams drops unsent inputs when a card is edited:
 * msteams-docs#4863). The clicker's own form comes back fresh with each of their submissions.
 */
import { REFERENCE_LANGUAGE, t } from '../bot/i18n/text.js';
import type { PhaseKey } from '../bot/roundtable/types.js';
import { baseData, type CardView, phaseTitle, SHARED } from './card-view.js';
import { VERBS } from './contract.js';
import { type AdaptiveCard, cardNonce, type Data, expand, fitToSize, loadTemplate } from './kit.js';
import { brainstormForm } from './phases/brainstorm.js';
import { clarifyForm } from './phases/clarify.js';
import { presentForm } from './phases/present.js';

/** The phases whose typing boxes live in a form message of their own. */
export const FORM_PHASES = ['present', 'clarify', 'brainstorm', 'debrief'] as const;
export type FormPhase = (typeof FORM_PHASES)[number];

/** Verbs sent from a form message: their answer is the form again, never the list. */
export const FORM_VERBS: ReadonlySet<string> = new Set([
  VERBS.caseSummary,
  VERBS.fact,
  VERBS.question,
  VERBS.answer,
  VERBS.idea,
  VERBS.debrief,
]);

/** Whether a phase's typing boxes are in a form message of their own. */
export function hasForm(phase: PhaseKey): phase is FormPhase {
  return (FORM_PHASES as readonly string[]).includes(phase);
}

/** What each form's template reads beyond the shared data (not the lists: only the phase's list card shows them). */
const FORM_DATA = {
  present: presentForm,
  clarify: clarifyForm,
  brainstorm: brainstormForm,
  debrief: () => ({}),
} as const;

const FORM_TEMPLATES = new Map<FormPhase, Data>(
  FORM_PHASES.map((phase) => {
    const body = loadTemplate(`forms/${phase}`) as unknown as unknown[];
    return [
      phase,
      {
        type: 'AdaptiveCard',
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        version: '1.5',
        body: [...SHARED.header, ...body],
      },
    ];
  }),
);

/** The form message of a phase; read-only (the phase moved on, or the roundtable ended) it is one closed line. */
export function phaseFormCard(view: CardView, phase: FormPhase, opts?: { readOnly?: boolean }): AdaptiveCard {
  const ended = view.roundtable.status === 'ended';
  const readOnly = ended || opts?.readOnly === true;
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const base = {
    phase,
    interactive: !readOnly,
    // The form's lead: "Your question, your answer." (meeting:form.lead.<phase>).
    title: `${phaseTitle(view, phase)} · ${t(lang, `meeting:form.lead.${phase}`)}`,
    closedText: readOnly ? t(lang, 'meeting:form.closed') : undefined,
  };
  const nonce = cardNonce();
  const template = FORM_TEMPLATES.get(phase) as Data;
  return fitToSize(
    (limits) => {
      const data: Data = {
        ...baseData(view, base, nonce, limits),
        ...FORM_DATA[phase](view, limits, nonce),
        formLine: t(lang, 'meeting:form.keepLine'),
      };
      // The time box is on the list card, which is kept current; this form is not.
      (data.header as Data).timer = { show: false, text: '', color: 'Default' };
      return expand(template, data);
    },
    () =>
      expand(template, { ...baseData(view, base, nonce, { items: 1, boxes: 1, text: 60, prefill: false }) }),
    `${view.roundtable.id}|${phase}|form|${readOnly}`,
  );
}

/**
 * The form message drawn beside a phase card from the same view: the answer to a click on a form (a fact, a
 * question, an idea, a debrief answer) is that form, not the list card (see `formBeside`).
 */
const FORMS = new WeakMap<AdaptiveCard, () => AdaptiveCard>();

/** Remembers how to draw the form beside a phase card (the renderer does, from the view it drew the card from). */
export function rememberFormBeside(card: AdaptiveCard, draw: () => AdaptiveCard): void {
  FORMS.set(card, draw);
}

/** The form message of the phase card `card` was drawn as (undefined for a phase without one). */
export function formBeside(card: AdaptiveCard): AdaptiveCard | undefined {
  return FORMS.get(card)?.();
}
