/**
 * The forms of the child's record page (child.ts): a lifelong connection (to add or change; the protected name and
 * contact details set apart) and the living situation on the agency's scale; plus the small builders they share.
 */
import type { ChildRecordPage, Choice, ConnectionLine } from './child-types';
import { h, post, type Session } from './common';
import { isoDay } from './dates';
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
    existing ? 'Save connection' : 'Add connection',
  );
  const form = h(
    'form',
    { class: 'box', 'aria-label': existing ? `Change: ${existing.relationship}` : 'Add a connection' },
    field('Relationship to the child', relationship, '(a role, not a name: “maternal aunt”)'),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Committed to a lifelong relationship?'),
      h('div', { class: 'radios' }, h('label', {}, yes, 'Yes'), h('label', {}, no, 'No')),
    ),
    h('div', { class: 'row2' }, field('Kind of contact', contact), field('How often', frequency)),
    h(
      'fieldset',
      { class: 'protected-fields' },
      h('legend', {}, 'Protected — never shown in a chat'),
      field('Name', name),
      field('Contact details', details, '(phone, email, address)'),
    ),
    button,
  );
  if (existing) {
    const cancel = h('button', { type: 'button' }, 'Cancel');
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
      fallback: 'The connection could not be saved. What you typed is still here.',
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
        await ctx.saved(notice ?? 'Saved.');
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
  const button = h('button', { type: 'submit', class: 'primary' }, 'Record living situation');
  const form = h(
    'form',
    { class: 'box', 'aria-label': 'Record the living situation' },
    h('div', { class: 'row2' }, field('Lives now', where), field('Since', since, '(blank: today)')),
    button,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void sendTextForm({
      anchor: button as HTMLElement,
      button: button as HTMLButtonElement,
      fallback: 'The living situation could not be saved.',
      send: async () => {
        const notice = await post(ctx.session, `${ctx.childBase}/living`, {
          key: where.value,
          since: since.value,
        });
        await ctx.saved(notice ?? 'Saved.');
      },
    });
  });
  return form;
}
