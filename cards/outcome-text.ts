/** A child's outcome in the card's language (the Word case file keeps the domain's English `outcomeLabel`). */
import { type Lang, REFERENCE_LANGUAGE, t } from '../bot/i18n/text.js';
import type { ChildOutcome } from '../bot/roundtable/child-types.js';

/** How an outcome reads on a card: its kind, the court's date or the day the child left care. */
export function outcomeText(o: ChildOutcome | undefined, lang: Lang = REFERENCE_LANGUAGE): string {
  if (!o) return t(lang, 'personal:outcome.notRecorded');
  if (o.kind === 'in-care') return t(lang, 'personal:outcome.inCare');
  const full = t(lang, `personal:review.outcomes.${o.kind}.${o.type}`);
  // "Legal permanency: adoption" reads in the middle of a line: lower case, without "(say why)".
  const title = (full.charAt(0).toLowerCase() + full.slice(1)).replace(/\s*\([^)]*\)$/, '');
  if (o.kind === 'permanency')
    return o.finalisedOn
      ? t(lang, 'personal:outcome.finalised', { title, date: o.finalisedOn })
      : t(lang, 'personal:outcome.fromClose', { title, date: o.recordedAt.slice(0, 10) });
  const reason = o.reason ? ` (${o.reason.slice(0, 120)})` : '';
  if (o.exitedOn) return t(lang, 'personal:outcome.leftCare', { title, reason, date: o.exitedOn });
  return t(lang, o.derived ? 'personal:outcome.dateNotRecorded' : 'personal:outcome.exit', { title, reason });
}
