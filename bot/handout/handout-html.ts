/**
 * The family handout as an HTML fragment for the personal app's print page (tab/src/handout.*: its print CSS sets
 * the page size and type). Every text is escaped; the fragment holds only elements and class names.
 */
import type { HandoutModel } from './handout-model.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text as HTML text (nothing typed can become markup). */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c] ?? c);

const p = (cls: string, text: string | undefined) => (text ? `<p class="${cls}">${esc(text)}</p>` : '');

/** The handout as one <article>, in reading order. */
export function handoutHtml(m: HandoutModel): string {
  const draft = m.draft
    ? `<div class="draft" role="note"><p class="draft-label">${esc(m.draft.label)}</p>${p('draft-note', m.draft.note)}</div>`
    : '';
  const goals = m.goals
    .map((g) => `<div class="goal"><dt>${esc(g.label)}</dt><dd>${esc(g.text)}</dd></div>`)
    .join('');
  const steps = m.steps
    .map(
      (s) =>
        `<li class="step${s.done ? ' done' : ''}"><p class="what">${esc(s.text)}${s.done ? ` <span class="done-mark">(${esc(m.labels.done)})</span>` : ''}</p>` +
        `<p class="meta"><span class="who"><b>${esc(m.labels.who)}:</b> ${esc(s.who)}</span>` +
        `<span class="when"><b>${esc(m.labels.when)}:</b> ${esc(s.when)}</span></p>` +
        `${p('helper', s.helper)}</li>`,
    )
    .join('');
  const contacts = m.contacts.map((c) => `<li>${esc(c)}</li>`).join('');
  return [
    `<article class="handout" lang="${esc(m.lang)}">`,
    `<header>${p('practice', m.practice)}${draft}<h1>${esc(m.title)}</h1>${p('subtitle', m.subtitle)}${p('reviewed', m.reviewed)}</header>`,
    `<section class="ho-goals"><h2>${esc(m.goalsHeading)}</h2><dl>${goals}</dl>${p('note', m.goalBackupNote)}</section>`,
    `<section class="ho-steps"><h2>${esc(m.stepsHeading)}</h2>${p('note', m.stepsNote)}${p('note', m.stepsNone)}`,
    steps ? `<ol class="step-list">${steps}</ol>` : '',
    '</section>',
    `<section class="ho-call"><h2>${esc(m.callHeading)}</h2>${p('note', m.callNote)}<ul class="contacts">${contacts}</ul></section>`,
    `<footer>${p('printed', m.printed)}</footer>`,
    '</article>',
  ].join('');
}
