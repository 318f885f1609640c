import { INPUTS, VERBS } from './contract.js';
import { type AdaptiveCard, cardSentence } from './kit.js';
import { noticeBesideAction } from './notice-beside.js';
import { FORM_VERBS, formBeside } from './phase-form.js';

type Node = Record<string, unknown>;

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  visit(node as Node);
  for (const value of Object.values(node as Node)) walk(value, visit);
}

/** The ids of a card's inputs. */
function inputIds(card: AdaptiveCard): Set<string> {
  const ids = new Set<string>();
  walk(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') ids.add(n.id);
  });
  return ids;
}

/**
 * Puts back what the user typed into the card's inputs, so a refused submission loses nothing. Typed into
 * a phase's form message, it is that form that comes back (with what they typed), not the list card.
 */
export function prefillInputs(card: AdaptiveCard, typed: Record<string, unknown>): AdaptiveCard {
  const form = formBeside(card);
  const source = form && [...inputIds(form)].some((id) => Object.hasOwn(typed, id)) ? form : card;
  const copy = structuredClone(source);
  walk(copy, (n) => {
    if (typeof n.type !== 'string' || !n.type.startsWith('Input.') || typeof n.id !== 'string') return;
    const value = Object.hasOwn(typed, n.id) ? typed[n.id] : undefined;
    if (typeof value === 'string' && value !== '') n.value = value;
  });
  return copy;
}

/** Appends an Action.Execute to the card's top-level actions. */
export function addAction(card: AdaptiveCard, title: string, verb: string, data: object): AdaptiveCard {
  const copy = structuredClone(card);
  const actions = Array.isArray(copy.actions) ? (copy.actions as unknown[]) : [];
  copy.actions = [...actions, { type: 'Action.Execute', title, verb, data }];
  return copy;
}

/** Appends a warning line (as a TextRun, so no Markdown is read into it) to the card's body. */
export function appendText(card: AdaptiveCard, text: string): AdaptiveCard {
  const copy = structuredClone(card);
  const body = Array.isArray(copy.body) ? (copy.body as unknown[]) : [];
  copy.body = [...body, { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text, color: 'Attention' }] }];
  return copy;
}

/** Puts a notice banner (as a TextRun) right under the card's header, the first body element. */
export function withNotice(card: AdaptiveCard, text: string, kind: 'info' | 'error' = 'info'): AdaptiveCard {
  const copy = structuredClone(card);
  const body = Array.isArray(copy.body) ? (copy.body as unknown[]) : [];
  const banner = {
    type: 'Container',
    style: kind === 'error' ? 'attention' : 'good',
    items: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: cardSentence(text) }] }],
  };
  copy.body = [...body.slice(0, 1), banner, ...body.slice(1)];
  return copy;
}

/** The pressed button's target, read from the data the card sent (undefined when it has none). */
function targetOf(data: unknown): string | undefined {
  const t = data && typeof data === 'object' ? (data as Record<string, unknown>).target : undefined;
  return typeof t === 'string' ? t : undefined;
}

/**
 * Inputs a form keeps after a submission, by verb: the question chosen for the next idea, and in the Clarify
 * form what was typed into the other box (a half-typed answer survives asking a question, and the reverse).
 * What was sent is cleared.
 */
const KEPT: Record<string, readonly string[]> = {
  [VERBS.idea]: [INPUTS.ideaQuestion],
  [VERBS.question]: [INPUTS.answerQuestion, INPUTS.answerText],
  [VERBS.answer]: [INPUTS.questionText],
};

/**
 * The notice at the top of the card and again right after the button pressed (`verb`, `data.target`). A
 * submission from a phase's form message is answered with the form (fresh, its chosen question kept).
 */
export function withNoticeAt(card: AdaptiveCard, text: string, verb: string, data: unknown): AdaptiveCard {
  const form = FORM_VERBS.has(verb) ? formBeside(card) : undefined;
  if (form) return formWithNoticeAt(form, text, verb, data);
  const target = targetOf(data);
  return noticeBesideAction(
    withNotice(card, text),
    { kind: 'info', text },
    { verb, ...(target ? { target } : {}) },
  );
}

/** A phase's form message as the answer to a submission from it: what KEPT keeps, the notice beside the button. */
export function formWithNoticeAt(
  form: AdaptiveCard,
  text: string,
  verb: string,
  data: unknown,
): AdaptiveCard {
  const target = targetOf(data);
  const sent = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const kept = Object.fromEntries(
    (KEPT[verb] ?? []).filter((id) => Object.hasOwn(sent, id)).map((id) => [id, sent[id]]),
  );
  // A form message is short: its notice is said once, beside the button pressed.
  return noticeBesideAction(
    prefillInputs(form, kept),
    { kind: 'info', text },
    { verb, ...(target ? { target } : {}) },
    false,
  );
}
