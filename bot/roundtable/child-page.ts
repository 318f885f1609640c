/**
 * What the personal app shows of one child (#25): ratings with their meaning and dates, living situations,
 * lifelong connections WITH their protected fields, and the outcome. For plan owners and facilitators only (the
 * caller decides: ownedCase in child-connections.ts). `childFacts` is the one line of NON-protected facts a chat
 * card may carry. Pure: no I/O.
 */
import type { ViewedRating } from './child-derived.js';
import { CHILD_OUTCOME_CHOICES } from './child-outcome.js';
import type { ChildOutcome, ChildRecord, ContactFrequency, ContactKind } from './child-types.js';
import type { AgencySettings, RatingOccasion } from './types.js';

export const CONTACT_LABELS: Record<ContactKind, string> = {
  'in-person': 'In person',
  'phone-video': 'Phone or video',
  'letters-messages': 'Letters or messages',
  'none-yet': 'No contact yet',
};

export const FREQUENCY_LABELS: Record<ContactFrequency, string> = {
  weekly: 'Weekly',
  monthly: 'Monthly',
  'few-times-a-year': 'A few times a year',
  rarely: 'Rarely',
};

const OCCASION_LABELS: Record<RatingOccasion, string> = {
  roundtable: 'At the roundtable',
  'followup-roundtable': 'At a follow-up roundtable',
  review: 'At a follow-up review',
};

/** An outcome's words, as the review card offers them (child-outcome.ts). */
const outcomeTitle = (o: Exclude<ChildOutcome, { kind: 'in-care' }>) =>
  (CHILD_OUTCOME_CHOICES.find((c) => c.value === `${o.kind}:${o.type}`)?.title ?? o.type).replace(
    ' (say why)',
    '',
  );

type Choice = { key: string; label: string };

/** The child's record page (tab/src/child-types.ts ChildRecordPage, structurally). */
export interface ChildPageView {
  roundtableId: string;
  caseAlias: string;
  childAlias: string;
  recorded: boolean;
  ratings: { key: string; label: string; definition?: string; at: string; occasion: string }[];
  living: { key: string; label: string; rank: number; since: string; by: string }[];
  connections: {
    id: string;
    relationship: string;
    committed: boolean;
    contact: string;
    contactLabel: string;
    frequency: string;
    frequencyLabel: string;
    name?: string;
    details?: string;
    addedAt: string;
    updatedAt: string;
    removedAt?: string;
  }[];
  outcome?: { text: string; on?: string };
  facts: string;
  siblings: string[];
  livingScale: Choice[];
  contactKinds: Choice[];
  frequencies: Choice[];
}

type Scales = Pick<AgencySettings, 'ratingScale' | 'livingScale'>;

/** The outcome in words, with the court's (or the exit's) date when there is one; undefined: not recorded. */
export function outcomeLine(outcome: ChildOutcome | undefined): { text: string; on?: string } | undefined {
  if (!outcome) return undefined;
  if (outcome.kind === 'in-care') return { text: 'Still in care', on: outcome.recordedAt.slice(0, 10) };
  const text = outcomeTitle(outcome);
  const on = outcome.kind === 'permanency' ? outcome.finalisedOn : outcome.exitedOn;
  if (on) return { text, on };
  return outcome.derived ? { text: `${text} (court date not recorded)` } : { text };
}

/**
 * The NON-protected facts of a child in one line, for places others see (a chat card, a list):
 * "2 lifelong connections, 1 committed; living: Foster family". Never a name, never contact details.
 */
export function childFacts(
  record: Pick<ChildRecord, 'connections' | 'living'> | undefined,
  settings: Scales,
): string {
  const current = (record?.connections ?? []).filter((c) => !c.removedAt);
  const committed = current.filter((c) => c.committed).length;
  const connections =
    current.length === 0
      ? 'no lifelong connection recorded'
      : `${current.length} lifelong connection${current.length === 1 ? '' : 's'}, ${committed} committed`;
  const living = record?.living.at(-1);
  const where = living
    ? (settings.livingScale.find((s) => s.key === living.key)?.label ?? living.key)
    : 'not recorded';
  return `${connections}; living: ${where}`;
}

/**
 * What the page is drawn from: a child's stored record, or its view (child-record.ts childView), which completes it
 * with what the case's older plans hold (ratings marked `derived`, a closed plan's outcome).
 */
export type ChildPageSource = Pick<ChildRecord, 'childAlias' | 'living' | 'connections' | 'outcome'> & {
  ratings: ViewedRating[];
  /** False when nothing is stored for the child (all of it derived); a ChildRecord is stored. */
  recorded?: boolean;
};

/**
 * The child's record page, with the PROTECTED fields: only for plan owners and facilitators in the personal app
 * (and the case file). `record` undefined: nothing recorded yet (everything shows as not recorded).
 */
export function childPage(
  at: { roundtableId: string; caseAlias: string; childAlias: string; siblings: string[] },
  record: ChildPageSource | undefined,
  settings: Scales,
): ChildPageView {
  const rating = (key: string) => settings.ratingScale.find((s) => s.key === key);
  const outcome = outcomeLine(record?.outcome);
  const connections = [...(record?.connections ?? [])].sort(
    (a, b) => Number(Boolean(a.removedAt)) - Number(Boolean(b.removedAt)),
  );
  return {
    roundtableId: at.roundtableId,
    caseAlias: at.caseAlias,
    childAlias: record?.childAlias ?? at.childAlias,
    recorded: record !== undefined && record.recorded !== false,
    ratings: (record?.ratings ?? []).map((r) => {
      const step = rating(r.key);
      return {
        key: r.key,
        label: step?.label ?? r.key,
        ...(step?.definition ? { definition: step.definition } : {}),
        at: r.at,
        occasion: `${OCCASION_LABELS[r.occasion] ?? r.occasion}${r.derived ? ' (from the plan)' : ''}`,
      };
    }),
    living: (record?.living ?? []).map((l) => {
      const rank = settings.livingScale.findIndex((s) => s.key === l.key);
      return {
        key: l.key,
        label: settings.livingScale[rank]?.label ?? l.key,
        rank: rank + 1,
        since: l.at.slice(0, 10),
        by: l.by.name,
      };
    }),
    connections: connections.map((c) => ({
      id: c.id,
      relationship: c.relationship,
      committed: c.committed,
      contact: c.contact,
      contactLabel: CONTACT_LABELS[c.contact] ?? c.contact,
      frequency: c.frequency,
      frequencyLabel: FREQUENCY_LABELS[c.frequency] ?? c.frequency,
      ...(c.protected.name ? { name: c.protected.name } : {}),
      ...(c.protected.details ? { details: c.protected.details } : {}),
      addedAt: c.addedAt,
      updatedAt: c.updatedAt,
      ...(c.removedAt ? { removedAt: c.removedAt } : {}),
    })),
    ...(outcome ? { outcome } : {}),
    facts: childFacts(record, settings),
    siblings: at.siblings,
    livingScale: settings.livingScale.map((s) => ({ key: s.key, label: s.label })),
    contactKinds: Object.entries(CONTACT_LABELS).map(([key, label]) => ({ key, label })),
    frequencies: Object.entries(FREQUENCY_LABELS).map(([key, label]) => ({ key, label })),
  };
}
