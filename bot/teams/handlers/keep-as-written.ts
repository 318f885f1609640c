/**
 * The full-name warning (name-check.ts) as every card answers it: the warning beside the pressed button,
 * the typed text kept in its box (the caller prefills), and a "Keep as written" button right under the
 * warning that sends the same submission again with `keepNames: true`. A refusal gets no such button.
 */
import { type AdaptiveCard, cardSentence } from '../../../cards/kit.js';
import { type ActionAnchor, noticeBesideAction } from '../../../cards/notice-beside.js';
import { type Lang, REFERENCE_LANGUAGE, t } from '../../i18n/text.js';
import type { Failure } from '../../roundtable/outcome.js';

type Node = Record<string, unknown>;

/** The title of the button that saves the text as written (English; `keepAsWritten(lang)` in a language). */
export const KEEP_AS_WRITTEN = t(REFERENCE_LANGUAGE, 'chat:keepAsWritten');

/** The button's title in a language. */
export const keepAsWritten = (lang: Lang): string => t(lang, 'chat:keepAsWritten');

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The banners noticeBesideAction placed for `text` (not the card's own notice at its top, which bleeds), in card order. */
function banners(node: unknown, text: string, out: Node[] = []): Node[] {
  if (Array.isArray(node)) {
    for (const child of node) banners(child, text, out);
    return out;
  }
  if (!isNode(node)) return out;
  const first = Array.isArray(node.items) ? node.items[0] : undefined;
  const run = isNode(first) && Array.isArray(first.inlines) ? first.inlines[0] : undefined;
  if (node.type === 'Container' && node.bleed !== true && isNode(run) && run.text === text) out.push(node);
  for (const value of Object.values(node)) banners(value, text, out);
  return out;
}

/**
 * The answer to a refused or warned submission: the error beside the pressed button (`besideAlready`: the
 * caller placed it), and for the full-name warning a "Keep as written" button in that banner, in `lang` (the
 * clicker's: the card answers them alone).
 */
export function answerNameCheck(
  card: AdaptiveCard,
  failure: Failure,
  clicked: { verb: string; data: object; anchor: ActionAnchor },
  besideAlready = false,
  lang: Lang = REFERENCE_LANGUAGE,
): AdaptiveCard {
  const placed = besideAlready
    ? card
    : noticeBesideAction(card, { kind: 'error', text: failure.message }, clicked.anchor);
  if (failure.code !== 'looks-like-name') return placed;
  const copy = structuredClone(placed);
  const keep = {
    type: 'Action.Execute',
    title: keepAsWritten(lang),
    verb: clicked.verb,
    data: { ...clicked.data, keepNames: true },
  };
  const text = cardSentence(failure.message);
  const banner = banners(copy.body, text)[0];
  if (banner && Array.isArray(banner.items)) {
    banner.items.push({ type: 'ActionSet', actions: [keep] });
    // Said once, where the button is: not again at the top of the card nor at its end.
    copy.body = withoutRepeats(copy.body, text, banner);
  } else copy.actions = [...(Array.isArray(copy.actions) ? copy.actions : []), keep];
  return copy;
}

/** The body without the other containers that carry `text` (the top notice, a second banner). */
function withoutRepeats(node: unknown, text: string, keep: Node): unknown {
  if (Array.isArray(node))
    return node.filter((n) => n === keep || !carries(n, text)).map((n) => withoutRepeats(n, text, keep));
  if (!isNode(node) || node === keep) return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withoutRepeats(v, text, keep)]));
}

function carries(node: unknown, text: string): boolean {
  if (!isNode(node) || node.type !== 'Container' || !Array.isArray(node.items)) return false;
  const first = node.items[0];
  const run = isNode(first) && Array.isArray(first.inlines) ? first.inlines[0] : undefined;
  return isNode(run) && run.text === text;
}
