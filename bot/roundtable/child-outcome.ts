/**
 * Outcomes per child at the close of a plan (#25, item 3): legal permanency dated by the court's finalisation,
 * an exit without permanency, or still in care. Pure validation, and the plan-wide `closed` derived from the
 * children (kept for the exports and the schema that read it).
 */
import {
  type ChildOutcome,
  EXITS_WITHOUT_PERMANENCY,
  type ExitKind,
  LEGAL_PERMANENCY_KINDS,
  type LegalPermanencyKind,
} from './child-types.js';
import { cleanText, isIsoDate } from './input.js';
import { fail, type Outcome, ok } from './outcome.js';
import type { ActionPlan, Person } from './types.js';

/** What the review card sends for one child: the choice (`permanency:<kind>`, `exit:<kind>`, `in-care`), date, reason. */
export interface ChildOutcomeInput {
  outcome?: unknown;
  date?: unknown;
  reason?: unknown;
}

/** The choices of the outcome input, in the order the card lists them. */
export const CHILD_OUTCOME_CHOICES: { value: string; title: string }[] = [
  { value: 'in-care', title: 'Still in care' },
  { value: 'permanency:reunification', title: 'Legal permanency: reunification' },
  { value: 'permanency:adoption', title: 'Legal permanency: adoption' },
  { value: 'permanency:guardianship', title: 'Legal permanency: guardianship' },
  { value: 'permanency:relative-placement', title: 'Legal permanency: permanent placement with a relative' },
  { value: 'exit:aged-out', title: 'Left care without permanency: aged out' },
  { value: 'exit:ran-away', title: 'Left care without permanency: ran away' },
  { value: 'exit:transferred', title: 'Left care without permanency: transferred' },
  { value: 'exit:other', title: 'Left care without permanency: other (say why)' },
];

/** Words for an outcome on cards and in the case file. */
export function outcomeLabel(o: ChildOutcome | undefined): string {
  if (!o) return 'outcome not recorded';
  if (o.kind === 'in-care') return 'still in care';
  const title =
    CHILD_OUTCOME_CHOICES.find((c) => c.value === `${o.kind}:${o.type}`)?.title ?? `${o.kind}: ${o.type}`;
  const lower = title.charAt(0).toLowerCase() + title.slice(1).replace(' (say why)', '');
  if (o.kind === 'permanency')
    return o.finalisedOn
      ? `${lower}, finalised ${o.finalisedOn}`
      : `${lower} (from the plan's close on ${o.recordedAt.slice(0, 10)}; court date not recorded)`;
  const reason = o.reason ? ` (${o.reason.slice(0, 120)})` : '';
  const when = o.exitedOn ? `, left care ${o.exitedOn}` : o.derived ? ', date not recorded' : '';
  return `${lower}${reason}${when}`;
}

/** The latest a court date may be: today in any time zone (UTC+14). */
function latestToday(now: Date): string {
  return new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * One child's outcome from the card; `undefined` when nothing was chosen (no change). Legal permanency needs the
 * date the court finalised it, not in the future; an exit may give the date the child left care; `other` needs
 * a reason (the caller name-checks it).
 */
export function parseChildOutcome(
  child: string,
  input: ChildOutcomeInput,
  by: Person,
  now: Date,
): Outcome<ChildOutcome | undefined> {
  const choice = input.outcome;
  if (choice === undefined || choice === '') return ok(undefined);
  const recordedAt = now.toISOString();
  if (choice === 'in-care') return ok({ kind: 'in-care', recordedAt, recordedBy: by });
  if (typeof choice !== 'string') return fail('invalid', `Choose ${child}'s outcome from the list.`);
  const [kind, type] = choice.split(':');
  const date = input.date === undefined || input.date === '' ? undefined : input.date;
  if (date !== undefined && !isIsoDate(date)) return fail('invalid', `Give ${child}'s date as YYYY-MM-DD.`);
  if (date !== undefined && date > latestToday(now))
    return fail('invalid', `${child}'s date is in the future: give the date it happened.`);
  if (kind === 'permanency') {
    const legal = LEGAL_PERMANENCY_KINDS.find((k) => k === type) as LegalPermanencyKind | undefined;
    if (!legal) return fail('invalid', `Choose ${child}'s outcome from the list.`);
    if (date === undefined)
      return fail(
        'invalid',
        `Give the date the court finalised ${child}'s ${legal.replace('-', ' ')} (legal permanency is dated by the court).`,
      );
    return ok({ kind: 'permanency', type: legal, finalisedOn: date, recordedAt, recordedBy: by });
  }
  if (kind === 'exit') {
    const exit = EXITS_WITHOUT_PERMANENCY.find((k) => k === type) as ExitKind | undefined;
    if (!exit) return fail('invalid', `Choose ${child}'s outcome from the list.`);
    let reason: string | undefined;
    if (exit === 'other') {
      const r = cleanText(input.reason, `The reason ${child} left care`, 500);
      if (!r.ok) return r;
      reason = r.value;
    }
    return ok({
      kind: 'exit',
      type: exit,
      ...(date ? { exitedOn: date } : {}),
      ...(reason ? { reason } : {}),
      recordedAt,
      recordedBy: by,
    });
  }
  return fail('invalid', `Choose ${child}'s outcome from the list.`);
}

/** A child's outcome ends follow-up for that child (legal permanency or an exit). */
export function isFinal(o: ChildOutcome | undefined): boolean {
  return o !== undefined && o.kind !== 'in-care';
}

/**
 * The plan-wide `closed` once no child is still in care (undefined while one is): the first child's legal
 * permanency kind, or `other` with the exits named (the exports and the schema read this field).
 */
export function closedFromChildren(
  children: string[],
  outcomes: Record<string, ChildOutcome>,
  by: Person,
  at: string,
): ActionPlan['closed'] {
  if (children.length === 0 || !children.every((c) => isFinal(outcomes[c]))) return undefined;
  const legal = children.map((c) => outcomes[c]).find((o) => o?.kind === 'permanency');
  if (legal?.kind === 'permanency') return { at, by, outcome: legal.type };
  const exits = children.map((c) => `${c}: ${outcomes[c]?.kind === 'exit' ? outcomes[c].type : ''}`);
  return { at, by, outcome: 'other', reason: `Left care without permanency (${exits.join(', ')}).` };
}
