/**
 * The notice of an action shown next to the button that was pressed (as well as at the top of the
 * card): a long card's top is out of sight when its bottom button is clicked. The banner goes right
 * after the ActionSet holding the button; a success notice goes after a form that was folded away
 * again, an error unfolds the form so the typed text and the message are seen together.
 */
import { type AdaptiveCard, cardSentence } from './kit.js';
import { noticeLines } from './notice-lines.js';

type Node = Record<string, unknown>;

/** Which button was pressed: its verb and, where it has one, its target (or, on the 1:1 step cards, its step). */
export interface ActionAnchor {
  verb: string;
  target?: string;
  step?: string;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function matches(action: unknown, anchor: ActionAnchor): boolean {
  if (!isNode(action)) return false;
  if (action.type === 'Action.Execute' && action.verb === anchor.verb) {
    const data = isNode(action.data) ? action.data : {};
    return (
      (anchor.target === undefined || data.target === anchor.target) &&
      (anchor.step === undefined || data.step === anchor.step)
    );
  }
  if (action.type === 'Action.ShowCard' && isNode(action.card)) {
    return holds(action.card.body, anchor) || actionsHold(action.card.actions, anchor);
  }
  return false;
}

function actionsHold(actions: unknown, anchor: ActionAnchor): boolean {
  return Array.isArray(actions) && actions.some((a) => matches(a, anchor));
}

/** The child element lists of a container-like element. */
function childLists(el: Node): unknown[][] {
  const lists: unknown[][] = [];
  if (Array.isArray(el.items)) lists.push(el.items);
  if (Array.isArray(el.columns)) {
    for (const c of el.columns) if (isNode(c) && Array.isArray(c.items)) lists.push(c.items);
  }
  return lists;
}

function holds(elements: unknown, anchor: ActionAnchor): boolean {
  if (!Array.isArray(elements)) return false;
  return elements.some(
    (el) =>
      isNode(el) &&
      ((el.type === 'ActionSet' && actionsHold(el.actions, anchor)) ||
        childLists(el).some((list) => holds(list, anchor))),
  );
}

function banner(text: string, kind: 'info' | 'error'): Node {
  return {
    type: 'Container',
    style: kind === 'error' ? 'attention' : 'good',
    spacing: 'Small',
    items: noticeLines(cardSentence(text)).map((line) => ({
      type: 'RichTextBlock',
      inlines: [{ type: 'TextRun', text: line, weight: 'Bolder' }],
    })),
  };
}

/**
 * Inserts the banner in `elements` next to the anchor's ActionSet. `hidden` is the outermost folded
 * container on the way down: an info banner goes after it, an error unfolds every folded container.
 */
function place(elements: unknown[], anchor: ActionAnchor, note: Node, kind: 'info' | 'error'): boolean {
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i];
    if (!isNode(el)) continue;
    if (el.type === 'ActionSet' && actionsHold(el.actions, anchor)) {
      elements.splice(i + 1, 0, note);
      return true;
    }
    const lists = childLists(el);
    if (!lists.some((list) => holds(list, anchor))) continue;
    if (el.isVisible === false && kind === 'info') {
      elements.splice(i + 1, 0, note);
      return true;
    }
    if (el.isVisible === false) el.isVisible = true;
    for (const list of lists) if (place(list, anchor, note, kind)) return true;
  }
  return false;
}

/**
 * The card with the notice also next to the pressed button and at the end of the body (above the
 * card's own bottom buttons). The card is copied, never changed in place.
 */
export function noticeBesideAction(
  card: AdaptiveCard,
  notice: { kind: 'info' | 'error'; text: string },
  anchor: ActionAnchor,
  /** Also at the end of the body (a long card); a short form says it once, beside its button. */
  alsoAtEnd = true,
): AdaptiveCard {
  const copy = structuredClone(card);
  const body = Array.isArray(copy.body) ? (copy.body as unknown[]) : [];
  const note = banner(notice.text, notice.kind);
  const placed = place(body, anchor, note, notice.kind);
  // Chats scroll to the bottom of an updated card (the Agents Playground does): the notice is also
  // the last thing above the card's own buttons (also when the pressed button is gone, e.g. a removed
  // step), unless the banner beside the button already is.
  if (!placed || (alsoAtEnd && body.at(-1) !== note)) body.push(banner(notice.text, notice.kind));
  copy.body = body;
  return copy;
}
