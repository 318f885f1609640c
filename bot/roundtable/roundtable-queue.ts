/**
 * The coordinator's queue, "Roundtables due": which children of the agency's extract are due a first roundtable
 * by the agency's rules (time in care, goal, age), which are due a follow-up roundtable (the plan's cadence),
 * oldest first, by office; and this week's capacity. Pure: the extract and the roundtables come in, no I/O.
 */

import { leftOpenSince } from './left-open.js';
import { teamsMeetingLink } from './meeting-link.js';
import { fail, type Outcome, ok } from './outcome.js';
import type { ActionPlan, PermanencyGoal, Roundtable } from './types.js';

/** The agency's selection rules for a first roundtable (any one makes a child due). */
export interface QueueRules {
  /** Months in care after which a child is due (default 12: "more than a year out of home"). */
  monthsInCare: number;
  /** Permanency goals that make a child due (default APPLA). */
  goals: PermanencyGoal[];
  /** Age from which a child is due (default 12; 0 = off). */
  minAge: number;
  /** Days after a roundtable ended that its follow-up roundtable is due: the agency's follow-up cadence
   * (settings `followUpRoundtableDays`, 90 by default: PRT.md "every 30 days … every 90 days"). */
  followUpDays: number;
}

/** The documented columns of the extract (docs/exchange.md), as the page sends each row. */
export const EXTRACT_COLUMNS = [
  'case_number',
  'alias',
  'date_entered_care',
  'date_of_birth',
  'age_band',
  'permanency_goal',
  'office',
] as const;

/** Most rows one extract may hold. */
export const MAX_EXTRACT_ROWS = 2000;

/** One child in care as the agency's extract lists them. */
export interface ExtractChild {
  caseNumber: string;
  alias: string;
  /** ISO date the child entered care. */
  enteredCare: string;
  dateOfBirth?: string;
  /** "12-14", "15+" … when the date of birth is not given. */
  ageBand?: string;
  goal?: PermanencyGoal;
  office: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: string) => ISO_DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
const GOAL_WORDS: [RegExp, PermanencyGoal][] = [
  [/^(appla|another planned permanent living arrangement)$/i, 'appla'],
  [/^reunification$/i, 'reunification'],
  [/^adoption$/i, 'adoption'],
  [/^guardianship$/i, 'guardianship'],
  [/^(relative[- ]placement|permanent placement with a relative)$/i, 'relative-placement'],
];

/** Reads the uploaded rows: every problem names the row and the column, never the value (it may be case data). */
export function readExtract(raw: unknown): Outcome<ExtractChild[]> {
  if (!Array.isArray(raw) || raw.length === 0)
    return fail('invalid', `The extract has no rows. Its columns: ${EXTRACT_COLUMNS.join(', ')}.`);
  if (raw.length > MAX_EXTRACT_ROWS)
    return fail('invalid', `The extract has more than ${MAX_EXTRACT_ROWS} rows; split it by office.`);
  const out: ExtractChild[] = [];
  for (const [i, row] of raw.entries()) {
    const at = `Row ${i + 2}`; // row 1 is the header
    if (!row || typeof row !== 'object') return fail('invalid', `${at} is not a row of the extract.`);
    const r = row as Record<string, unknown>;
    const text = (k: (typeof EXTRACT_COLUMNS)[number]) =>
      typeof r[k] === 'string' ? (r[k] as string).trim() : '';
    const caseNumber = text('case_number');
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/.test(caseNumber))
      return fail('invalid', `${at}: case_number is missing or not a case number.`);
    const alias = text('alias');
    if (!alias || alias.length > 40)
      return fail('invalid', `${at}: alias is missing or longer than 40 characters.`);
    const enteredCare = text('date_entered_care');
    if (!isDate(enteredCare)) return fail('invalid', `${at}: date_entered_care must be a date (YYYY-MM-DD).`);
    const dob = text('date_of_birth');
    if (dob && !isDate(dob)) return fail('invalid', `${at}: date_of_birth must be a date (YYYY-MM-DD).`);
    const band = text('age_band');
    if (band && !/^\d{1,2}(-\d{1,2}|\+)?$/.test(band))
      return fail('invalid', `${at}: age_band must read like 12-14 or 18+.`);
    const goalText = text('permanency_goal');
    const goal = GOAL_WORDS.find(([re]) => re.test(goalText))?.[1];
    if (goalText && !goal) return fail('invalid', `${at}: permanency_goal is not one of the known goals.`);
    const office = text('office');
    if (!office || office.length > 100) return fail('invalid', `${at}: office is missing.`);
    out.push({
      caseNumber,
      alias,
      enteredCare,
      ...(dob ? { dateOfBirth: dob } : {}),
      ...(band ? { ageBand: band } : {}),
      ...(goal ? { goal } : {}),
      office,
    });
  }
  return ok(out);
}

const DAY = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);
const addMonths = (iso: string, months: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return day(d);
};

/** The child's age now (from the date of birth, else the age band's lower bound). */
export function ageOf(child: ExtractChild, now: Date): number | undefined {
  if (child.dateOfBirth) {
    const birth = new Date(`${child.dateOfBirth}T00:00:00Z`);
    let age = now.getUTCFullYear() - birth.getUTCFullYear();
    if (day(now).slice(5) < child.dateOfBirth.slice(5)) age -= 1;
    return age;
  }
  const band = /^(\d{1,2})/.exec(child.ageBand ?? '');
  return band ? Number(band[1]) : undefined;
}

/** A roundtable of the tenant with its plan, as the queue reads it. */
export interface QueueRoundtable {
  roundtable: Roundtable;
  plan?: ActionPlan;
}

/** A child due a roundtable: which kind, since when, and why. */
export interface DueChild {
  caseNumber: string;
  alias: string;
  office: string;
  kind: 'first' | 'follow-up';
  /** ISO date since when the child is due (the list is oldest first). */
  dueSince: string;
  reasons: string[];
  /** The same reasons as codes, for the page to word in the reader's language (#29 item 4). */
  why: DueReason[];
}

/** Why a child is due, as a code and its number. */
export type DueReason =
  | { code: 'months'; months: number }
  | { code: 'goal'; goal: string }
  | { code: 'age'; age: number }
  | { code: 'follow-up'; days: number }
  /** The child's latest roundtable was started on `date` and never ended (left-open.ts). */
  | { code: 'left-open'; date: string };

/** The queue by office (offices by name), each oldest first. */
export interface RoundtableQueue {
  offices: { office: string; children: DueChild[] }[];
}

/** The child's roundtables: by case number on the plan, else by alias (case-insensitive). */
function roundtablesOf(child: ExtractChild, all: QueueRoundtable[]): QueueRoundtable[] {
  return all.filter(
    (r) =>
      !r.roundtable.practice &&
      (r.plan?.caseNumber === child.caseNumber ||
        r.roundtable.caseAlias.toLowerCase() === child.alias.toLowerCase()),
  );
}

/** Why a child with no roundtable yet is due (each reason with the date it began), by the agency's rules. */
function firstDue(
  child: ExtractChild,
  rules: QueueRules,
  now: Date,
): { since: string; reason: string; why: DueReason }[] {
  const out: { since: string; reason: string; why: DueReason }[] = [];
  const long = addMonths(child.enteredCare, rules.monthsInCare);
  if (long < day(now))
    out.push({
      since: long,
      reason: `more than ${rules.monthsInCare} months in care`,
      why: { code: 'months', months: rules.monthsInCare },
    });
  if (child.goal && rules.goals.includes(child.goal))
    out.push({
      since: child.enteredCare,
      reason: `goal ${child.goal.toUpperCase()}`,
      why: { code: 'goal', goal: child.goal },
    });
  const age = ageOf(child, now);
  if (rules.minAge > 0 && age !== undefined && age >= rules.minAge) {
    const turned = child.dateOfBirth ? addMonths(child.dateOfBirth, rules.minAge * 12) : child.enteredCare;
    out.push({
      since: [turned, child.enteredCare].sort()[1] ?? turned,
      reason: `age ${rules.minAge} or over`,
      why: { code: 'age', age: rules.minAge },
    });
  }
  return out;
}

/** Which children are due a roundtable now, by office, oldest first. */
export function roundtablesDue(
  children: ExtractChild[],
  roundtables: QueueRoundtable[],
  rules: QueueRules,
  now: Date,
): RoundtableQueue {
  const due: DueChild[] = [];
  for (const child of children) {
    const base = { caseNumber: child.caseNumber, alias: child.alias, office: child.office };
    const mine = roundtablesOf(child, roundtables).sort((a, b) =>
      a.roundtable.createdAt.localeCompare(b.roundtable.createdAt),
    );
    const last = mine.at(-1);
    if (!last) {
      const reasons = firstDue(child, rules, now);
      if (reasons.length)
        due.push({
          ...base,
          kind: 'first',
          dueSince: reasons.map((r) => r.since).sort()[0] ?? child.enteredCare,
          reasons: reasons.map((r) => r.reason),
          why: reasons.map((r) => r.why),
        });
      continue;
    }
    // Left open (started, never ended): due again, and the page says which roundtable to end or delete.
    const open = leftOpenSince(last.roundtable, now);
    if (open) {
      const started = day(new Date(open));
      due.push({
        ...base,
        kind: last.roundtable.followUpOf ? 'follow-up' : 'first',
        dueSince: started,
        reasons: [`a roundtable started on ${started} was never ended`],
        why: [{ code: 'left-open', date: started }],
      });
      continue;
    }
    // Running or scheduled: nothing to schedule. A closed plan: follow-up ended.
    if (last.roundtable.status !== 'ended' || last.plan?.closed) continue;
    const ended = last.roundtable.endedAt ?? last.roundtable.createdAt;
    const next = day(new Date(Date.parse(ended) + rules.followUpDays * DAY));
    if (next <= day(now))
      due.push({
        ...base,
        kind: 'follow-up',
        dueSince: next,
        reasons: [`${rules.followUpDays} days since the last roundtable`],
        why: [{ code: 'follow-up', days: rules.followUpDays }],
      });
  }
  const offices = [...new Set(due.map((d) => d.office))].sort((a, b) => a.localeCompare(b));
  return {
    offices: offices.map((office) => ({
      office,
      children: due
        .filter((d) => d.office === office)
        .sort((a, b) => a.dueSince.localeCompare(b.dueSince) || a.alias.localeCompare(b.alias)),
    })),
  };
}

/** How many roundtables are scheduled this week (Monday to Sunday, UTC): per day and per facilitator. */
export function weekCapacity(
  roundtables: Roundtable[],
  now: Date,
): { days: { date: string; count: number }[]; facilitators: { id: string; name: string; count: number }[] } {
  const monday = new Date(Date.parse(day(now)) - ((now.getUTCDay() + 6) % 7) * DAY);
  const days = Array.from({ length: 7 }, (_, i) => day(new Date(monday.getTime() + i * DAY)));
  const inWeek = roundtables.filter(
    (rt) => !rt.practice && rt.scheduledFor && days.includes(rt.scheduledFor.slice(0, 10)),
  );
  const people = new Map<string, { id: string; name: string; count: number }>();
  for (const rt of inWeek) {
    const name = (id: string) =>
      rt.roster.find((r) => r.id === id)?.name ?? (rt.startedBy.id === id ? rt.startedBy.name : id);
    for (const id of rt.facilitatorIds) {
      const p = people.get(id) ?? { id, name: name(id), count: 0 };
      p.count += 1;
      people.set(id, p);
    }
  }
  return {
    days: days.map((date) => ({
      date,
      count: inWeek.filter((rt) => rt.scheduledFor?.startsWith(date)).length,
    })),
    facilitators: [...people.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
  };
}

/** Teams' meeting-scheduling deep link (no calendar permission): subject = the case alias (meeting-link.ts builds it). */
export function meetingLink(opts: {
  subject: string;
  attendees: string[];
  startTime: string;
  endTime: string;
}): string {
  return teamsMeetingLink({
    subject: opts.subject,
    attendees: opts.attendees,
    start: new Date(opts.startTime),
    end: new Date(opts.endTime),
  });
}

/** A tenant's uploaded extract: one per tenant, replaced at each upload, deleted after its retention. */
export interface StoredExtract {
  tenantId: string;
  children: ExtractChild[];
  /** The coordinator's Entra object id. */
  uploadedBy: string;
  uploadedAt: string;
  /** When it is deleted (EXTRACT_RETENTION_DAYS after the upload; unset with 0 days: kept until replaced). */
  deleteAfter?: string;
}

/** Where extracts are kept (container `programme`, one document per tenant). */
export interface ExtractStore {
  putExtract(extract: StoredExtract): Promise<void>;
  getExtract(tenantId: string): Promise<StoredExtract | undefined>;
  deleteExtract(tenantId: string): Promise<void>;
}
