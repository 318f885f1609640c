import { appendText } from '../../../cards/card-tools.js';
import type { AdaptiveCard } from '../../../cards/kit.js';
import { statusCard } from '../../../cards/status-card.js';
import { translateMessage } from '../../i18n/messages.js';
import { t } from '../../i18n/text.js';
import type { Failure, Outcome } from '../../roundtable/outcome.js';
import { currentPhase } from '../../roundtable/phases.js';
import type { RoundtableView } from '../../roundtable/roundtables.js';
import type { Roundtable } from '../../roundtable/types.js';
import { CardRenderer } from '../outgoing/card-renderer.js';
import type { Effect, HandlerDeps, HandlerResult, InvokeAnswer } from './turn.js';

/** The answer to a command about the chat's roundtable when there is none. */
export const NO_ROUNDTABLE = 'No roundtable is running in this chat. Start one with `start <case alias>`.';

/** A failure as a text reply. */
export function textFailure(event: string, failure: Failure): HandlerResult {
  return { event: `${event}.${failure.code}`, effects: [{ kind: 'text', text: failure.message }] };
}

/** A plain text reply. */
export function textReply(event: string, text: string): HandlerResult {
  return { event, effects: [{ kind: 'text', text }] };
}

/** A real error of a card action: a malformed request (400) or a bug (500). Never for an expected refusal. */
export function errorAnswer(statusCode: 400 | 500, code: string, message: string): InvokeAnswer {
  return { statusCode, error: { code, message } };
}

/** The texts of effects (chat replies, a retracted card's notice) in a language (bot/i18n/messages.ts). */
export function localTexts(effects: Effect[], lang: string): Effect[] {
  return effects.map((e) =>
    e.kind === 'text' || e.kind === 'retract-cards' ? { ...e, text: translateMessage(lang, e.text) } : e,
  );
}

/** A message Teams shows the clicker; their card (and what they typed) stays. Refusals, "not saved". */
export function messageAnswer(text: string): InvokeAnswer {
  return { statusCode: 200, message: text };
}

/** The phase moved: close the old phase's card and post the new one. */
export function moveEffects(before: Roundtable, moved: Outcome<Roundtable> & { ok: true }): Effect[] {
  const from = currentPhase(before).key;
  const to = currentPhase(moved.value).key;
  if (from === to) {
    const text: Effect = { kind: 'text', text: moved.notice ?? 'Nothing to change.' };
    // Opening a scheduled roundtable stays in Welcome but starts its time box: the card shows it.
    return moved.value.revision === before.revision
      ? [text]
      : [text, { kind: 'refresh-phase', roundtableId: before.id, phase: to }];
  }
  return [
    { kind: 'close-phase', roundtableId: before.id, phase: from },
    { kind: 'post-phase', roundtableId: before.id, phase: to },
  ];
}

/** The roundtable ended: close the current phase's card and post the plan summary. */
export function endEffects(before: Roundtable): Effect[] {
  return [
    { kind: 'close-phase', roundtableId: before.id, phase: currentPhase(before).key },
    { kind: 'post-summary', roundtableId: before.id },
  ];
}

/**
 * The status card, with the people follow-up reminders cannot reach (never a silent drop); in `lang` (the
 * clicker's, for an answer only they see), else the agency's.
 */
export async function statusWithFollowUp(
  deps: HandlerDeps,
  view: RoundtableView,
  lang?: string,
): Promise<AdaptiveCard> {
  const renderer = new CardRenderer(deps, lang);
  const card = statusCard(renderer.cardView(view));
  // Reminders are planned when a roundtable ends: a running one has none to ask the database about.
  const health =
    view.roundtable.status === 'active'
      ? undefined
      : await deps.followUp?.followUp.reminderHealth(view.roundtable.id);
  const { unreachable, failed } = health ?? { unreachable: [], failed: 0 };
  let out = card;
  if (unreachable.length > 0) {
    out = appendText(
      out,
      t(renderer.language, 'meeting:status.remindersUnreachable', {
        names: unreachable.map((p) => p.name).join(', '),
      }),
    );
  }
  if (failed > 0) {
    out = appendText(out, t(renderer.language, 'meeting:status.remindersFailed', { n: failed }));
  }
  return out;
}

/** A value the card sent under `key`, if present (never an inherited property). */
export function field(data: unknown, key: string): unknown {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  return Object.hasOwn(d, key) ? d[key] : undefined;
}
