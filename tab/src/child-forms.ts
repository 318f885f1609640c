/**
 * The forms of the child's record page (child.ts): a lifelong connection (to add or change; the protected name and
 * contact details set apart) and the living situation on the agency's scale; plus the small builders they share.
 */
import type { ChildRecordPage, Choice, ConnectionLine } from './child-types';
import { h, post, type Session } from './common';
import { isoDay } from './dates';
import { tr } from './i18n';
import { sendTextForm } from './name-warning';

/** What a form needs from the page: the session, the child's API path, and the reload after a change. */
export interface FormContext {
  session: Session;
  childBase: string;
  /** Loads the child's record again and says the notice. */
  saved: (notice: string | undefined) => Promise<void>;
}

export function select(id: string, choices: Choice[], value?: string): HTMLSelectElement {
  const s = h('select', { id }) as HTMLSelectElement;
  for (const c of choices) s.append(h('option', { value: c.key, selected: c.key === value }, c.label));
  return s;
}

export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label, hint ? h('span', { class: 'hint' }, ` ${hint}`) : undefined),
    control,
  );
}

export function table(head: string[], rows: string[][]): HTMLElement {
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          {},
          ...r.map((c, i) =>
            h(
              'td',
              { 'data-label': head[i] ?? '', class: /^\d{4}-\d{2}-\d{2}$/.test(c) ? 'day' : undefined },
              c,
            ),
          ),
        ),
      ),
    ),
  );
}

/** Counts each form so that a double tap sends the same submission (the server adds it once). */
let formCount = 0;

/** The connection form: empty to add one, filled to change one. */
export function connectionForm(
  ctx: FormContext,
  page: ChildRecordPage,
  existing: ConnectionLine | undefined,
  done: () => void,
): HTMLElement {
  const n = ++formCount;
  const key = `${Date.now().toString(36)}-${n}`;
  const id = (s: string) => `${s}-${n}`;
  const relationship = h('input', {
    id: id('relationship'),
    type: 'text',
    maxlength: '200',
    autocomplete: 'off',
    value: existing?.relationship,
  }) as HTMLInputElement;
  const yes = h('input', {
    type: 'radio',
    name: id('committed'),
    value: 'yes',
    checked: existing?.committed === true,
  });
  const no = h('input', {
    type: 'radio',
    name: id('committed'),
    value: 'no',
    checked: existing?.committed === false,
  });
  const contact = select(id('contact'), page.contactKinds, existing?.contact);
  const frequency = select(id('frequency'), page.frequencies, existing?.frequency);
  const name = h('input', {
    id: id('name'),
    type: 'text',
    maxlength: '120',
    autocomplete: 'off',
    value: existing?.name,
  }) as HTMLInputElement;
  const details = h('textarea', { id: id('details'), rows: '2', maxlength: '500' }) as HTMLTextAreaElement;
  details.value = existing?.details ?? '';
  const button = h(
    'button',
    { type: 'submit', class: 'primary' },
    tr(existing ? 'tab:childForm.saveConnection' : 'tab:childForm.addConnection'),
  );
  const form = h(
    'form',
    {
      class: 'box',
      'aria-label': existing
        ? tr('tab:child.changeOf', { relationship: existing.relationship })
        : tr('tab:child.addConnection'),
    },
    field(tr('tab:childForm.relationship'), relationship, tr('tab:childForm.relationshipHint')),
    h(
      'fieldset',
      {},
      h('legend', {}, tr('tab:childForm.committedAsk')),
      h(
        'div',
        { class: 'radios' },
        h('label', {}, yes, tr('tab:common.yes')),
        h('label', {}, no, tr('tab:common.no')),
      ),
    ),
    h(
      'div',
      { class: 'row2' },
      field(tr('tab:childForm.contactKind'), contact),
      field(tr('tab:childForm.howOften'), frequency),
    ),
    h(
      'fieldset',
      { class: 'protected-fields' },
      h('legend', {}, tr('tab:childForm.protectedLegend')),
      field(tr('tab:child.name'), name),
      field(tr('tab:childForm.details'), details, tr('tab:childForm.detailsHint')),
    ),
    button,
  );
  if (existing) {
    const cancel = h('button', { type: 'button' }, tr('tab:common.cancel'));
    cancel.addEventListener('click', done);
    form.append(cancel);
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const committed = (yes as HTMLInputElement).checked
      ? 'yes'
      : (no as HTMLInputElement).checked
        ? 'no'
        : '';
    void sendTextForm({
      anchor: button as HTMLElement,
      button: button as HTMLButtonElement,
      fallback: tr('tab:childForm.notSaved'),
      send: async (keepNames) => {
        const path = existing
          ? `${ctx.childBase}/connections/${encodeURIComponent(existing.id)}`
          : `${ctx.childBase}/connections`;
        const notice = await post(ctx.session, path, {
          relationship: relationship.value,
          committed,
          contact: contact.value,
          frequency: frequency.value,
          name: name.value,
          details: details.value,
          keepNames,
          ...(existing ? {} : { submissionKey: key }),
        });
        await ctx.saved(notice ?? tr('tab:common.saved'));
      },
    });
  });
  return form;
}

export function livingForm(ctx: FormContext, page: ChildRecordPage): HTMLElement {
  const current = page.living.at(-1)?.key;
  const scale = page.livingScale.map((s, i) => ({ key: s.key, label: `${i + 1}. ${s.label}` }));
  const where = select('living-key', scale, current);
  const since = h('input', {
    id: 'living-since',
    type: 'date',
    max: isoDay(new Date().toISOString()),
  }) as HTMLInputElement;
  const button = h('button', { type: 'submit', class: 'primary' }, tr('tab:childForm.recordLiving'));
  const form = h(
    'form',
    { class: 'box', 'aria-label': tr('tab:childForm.recordLivingLabel') },
    h(
      'div',
      { class: 'row2' },
      field(tr('tab:childForm.livesNow'), where),
      field(tr('tab:childForm.since'), since, tr('tab:childForm.sinceHint')),
    ),
    button,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void sendTextForm({
      anchor: button as HTMLElement,
      button: button as HTMLButtonElement,
      fallback: tr('tab:childForm.livingNotSaved'),
      send: async () => {
        const notice = await post(ctx.session, `${ctx.childBase}/living`, {
          key: where.value,
          since: since.value,
        });
        await ctx.saved(notice ?? tr('tab:common.saved'));
      },
    });
  });
  return form;
}
