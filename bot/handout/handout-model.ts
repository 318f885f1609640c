/**
 * The family handout of a plan, as words in one language: what the family team meeting reads (goals, who does
 * what by when, who to call). Built from a narrow projection of the roundtable's record (`familyView`) that
 * carries nothing else: no barrier, rating, fidelity, fact, question, idea, debrief, case summary or case number
 * ever reaches the renderers (HTML and PDF render this model only). Pure: no I/O.
 */
import type { RoundtableRecord } from '../roundtable/roundtable-record.js';
import type { PermanencyGoal, PlanStep, Role } from '../roundtable/types.js';
import { fill, type HandoutStrings } from './handout-locale.js';

/** What of a roundtable the family may read: the only input of the handout. */
export interface FamilyView {
  caseAlias: string;
  draft: boolean;
  /** The date the family team meeting reviewed the plan, once it did. */
  reviewedOn?: string;
  primaryGoal?: PermanencyGoal;
  concurrentGoal?: PermanencyGoal;
  /** Accepted steps, not dropped, by due date: the text as the team wrote it, owner first name and role. */
  steps: {
    id: string;
    text: string;
    /** The caseworker's wording for the family, by language. */
    familyText?: Record<string, string>;
    familyMeeting: boolean;
    owner: { firstName: string; role?: Role };
    supporter?: string;
    dueDate: string;
    done: boolean;
  }[];
  /** The plan owners to call: first name and role. */
  contacts: { firstName: string; role: 'caseworker' | 'supervisor' }[];
  practice: boolean;
}

/** A person's first name (what the family calls them; the full name stays in the agency's record). */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

/** The family's part of a roundtable's record (the one place that decides what a handout may hold). */
export function familyView(record: RoundtableRecord): FamilyView {
  const roleOf = (id: string, aad?: string) =>
    record.roles.find((r) => r.id === id || (aad !== undefined && r.aadObjectId === aad))?.role;
  const steps = record.steps
    .map((s) => s.step)
    .filter((s) => s.status !== 'dropped')
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
    .map((s) => {
      const role = roleOf(s.owner.id, s.owner.aadObjectId);
      return {
        id: s.id,
        text: s.text,
        ...(s.familyText ? { familyText: s.familyText } : {}),
        familyMeeting: s.suggested === 'family-team-meeting',
        owner: { firstName: firstName(s.owner.name), ...(role ? { role } : {}) },
        ...supporterOf(s.supporter),
        dueDate: s.dueDate,
        done: s.status === 'done',
      };
    });
  // A supporter chosen from the roster is named by first name, as owners are; older free text as written.
  function supporterOf(who: PlanStep['supporter']): { supporter?: string } {
    if (typeof who === 'string') return who.trim() ? { supporter: who.trim() } : {};
    return who ? { supporter: firstName(who.name) } : {};
  }
  const contacts = (['caseworker', 'supervisor'] as const).flatMap((role) =>
    record.roles.filter((r) => r.role === role).map((r) => ({ firstName: firstName(r.name), role })),
  );
  const { plan } = record;
  return {
    caseAlias: record.roundtable.caseAlias,
    draft: plan.draft,
    ...(plan.familyReview ? { reviewedOn: plan.familyReview.date } : {}),
    ...(plan.primaryGoal ? { primaryGoal: plan.primaryGoal } : {}),
    ...(plan.concurrentGoal ? { concurrentGoal: plan.concurrentGoal } : {}),
    steps,
    contacts,
    practice: record.roundtable.practice === true,
  };
}

/** The handout in one language, ready to render. */
export interface HandoutModel {
  lang: string;
  title: string;
  subtitle: string;
  /** A practice roundtable (the built-in fictional case): said at the top. */
  practice?: string;
  /** While the plan is a draft: the banner and what it means. */
  draft?: { label: string; note: string };
  reviewed?: string;
  goalsHeading: string;
  goals: { label: string; text: string }[];
  goalBackupNote?: string;
  stepsHeading: string;
  stepsNote?: string;
  stepsNone?: string;
  labels: { who: string; when: string; done: string };
  steps: { text: string; who: string; when: string; helper?: string; done: boolean }[];
  callHeading: string;
  callNote: string;
  contacts: string[];
  printed: string;
  /** "Page {n}" in this language (the PDF's footer). */
  page: string;
}

/** A date (YYYY-MM-DD) as the family's language writes it: "December 6, 2026", "6 de diciembre de 2026". */
export function familyDate(iso: string, lang: string): string {
  const d = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

/** The handout of a family view in a language (`contactLine`: the agency's line, FAMILY_HANDOUT_CONTACT). */
export function handoutModel(
  view: FamilyView,
  s: HandoutStrings,
  lang: string,
  opts: { contactLine?: string; today: string },
): HandoutModel {
  const person = (p: { firstName: string; role?: Role }) =>
    `${p.firstName} (${s.roles[p.role ?? 'other']})`.trim();
  const goal = (g: PermanencyGoal | undefined) => (g ? s.goals[g] : s.goalNotSet);
  const own = (st: FamilyView['steps'][number]) => st.familyText?.[lang]?.trim() || undefined;
  const teamWords = view.steps.some((st) => !st.familyMeeting && !own(st));
  return {
    lang,
    title: s.title,
    subtitle: fill(s.forChild, { alias: view.caseAlias }),
    ...(view.practice ? { practice: s.practice } : {}),
    ...(view.draft ? { draft: { label: s.draft, note: s.draftNote } } : {}),
    ...(view.reviewedOn ? { reviewed: fill(s.reviewed, { date: familyDate(view.reviewedOn, lang) }) } : {}),
    goalsHeading: s.goalsHeading,
    goals: [
      { label: s.goalMain, text: goal(view.primaryGoal) },
      ...(view.concurrentGoal ? [{ label: s.goalBackup, text: goal(view.concurrentGoal) }] : []),
    ],
    ...(view.concurrentGoal ? { goalBackupNote: s.goalBackupNote } : {}),
    stepsHeading: s.stepsHeading,
    ...(teamWords ? { stepsNote: s.stepsNote } : {}),
    ...(view.steps.length === 0 ? { stepsNone: s.stepsNone } : {}),
    labels: { who: s.stepWho, when: s.stepWhen, done: s.stepDone },
    steps: view.steps.map((st) => ({
      text: own(st) ?? (st.familyMeeting ? s.familyMeetingStep : st.text),
      who: person(st.owner),
      when: familyDate(st.dueDate, lang),
      ...(st.supporter ? { helper: fill(s.stepWith, { name: st.supporter }) } : {}),
      done: st.done,
    })),
    callHeading: s.callHeading,
    callNote: s.callNote,
    contacts: [
      ...view.contacts.map(person),
      ...(opts.contactLine ? [`${s.agency}: ${opts.contactLine}`] : []),
    ],
    printed: fill(s.printed, { date: familyDate(opts.today, lang) }),
    page: s.page,
  };
}

/** The PDF's file name: the alias kept to safe characters, and the language. */
export function handoutFileName(alias: string, lang: string, ext: 'pdf'): string {
  const safe = alias.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'plan';
  return `family-plan-${safe}-${lang}.${ext}`;
}
