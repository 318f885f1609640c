/**
 * A free-text form's failure shown beside the button that sent it, as the cards show it: the server's words in
 * an alert (announced), the typed text left in its box, and for the full-name warning (409 `looks-like-name`,
 * agency setting nameCheck `warn`) a "Keep as written" button that sends the form again with `keepNames: true`.
 * The `refuse` setting answers 400 `invalid` with its own words: those are shown, with no button.
 */
import { ApiError, h } from './common';
import { tr } from './i18n';

/** The failure code of the full-name warning (bot/roundtable/outcome.ts). */
const LOOKS_LIKE_NAME = 'looks-like-name';

/** One form that sends typed text: where its failure goes and how it is sent. */
export interface TextForm {
  /** The element the failure is shown right after (the form's button, or the row holding it). */
  anchor: HTMLElement;
  /** Disabled while the form is on its way. */
  button: HTMLButtonElement;
  /** Said when the failure is not the server's (the network, a crash). */
  fallback: string;
  /** POSTs the form (`keepNames`: after "Keep as written") and handles the success; throws an ApiError. */
  send: (keepNames: boolean) => Promise<void>;
}

/** Removes the failure shown after `anchor`, if any. */
export function clearFailure(anchor: HTMLElement): void {
  const next = anchor.nextElementSibling;
  if (next?.classList.contains('beside')) next.remove();
}

/** Sends the form; a failure appears after its anchor (the full-name warning with "Keep as written"). */
export async function sendTextForm(form: TextForm, keepNames = false, button = form.button): Promise<void> {
  // A resend removes the pressed button with its warning: its keyboard focus goes back to the form's button.
  const refocus = document.activeElement === button && button !== form.button;
  button.disabled = true;
  form.button.disabled = true;
  try {
    await form.send(keepNames);
    clearFailure(form.anchor);
  } catch (err) {
    showFailure(form, err);
  } finally {
    button.disabled = false;
    form.button.disabled = false;
    if (refocus && !button.isConnected && form.button.isConnected) form.button.focus();
  }
}

function showFailure(form: TextForm, err: unknown): void {
  clearFailure(form.anchor);
  const warned = err instanceof ApiError && err.code === LOOKS_LIKE_NAME;
  const box = h(
    'div',
    { class: warned ? 'beside warning' : 'beside error', role: 'alert' },
    h('p', {}, err instanceof ApiError ? err.message : form.fallback),
  );
  if (warned) {
    const keep = h(
      'button',
      { type: 'button', class: 'keep' },
      tr('tab:common.keepAsWritten'),
    ) as HTMLButtonElement;
    keep.addEventListener('click', () => void sendTextForm(form, true, keep));
    box.append(keep);
  }
  form.anchor.after(box);
}
