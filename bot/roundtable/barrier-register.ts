import { createHash } from 'node:crypto';
import type { DomainContext } from './context.js';
import { BUSY, retryOnConflict } from './etag-retry.js';
import { isPractice } from './follow-up-roundtable.js';
import { cleanText, isKnownIdShape } from './input.js';
import { checkNames } from './name-check.js';
import { fail, type Outcome, ok } from './outcome.js';
import {
  BARRIER_STATUSES,
  type BarrierNote,
  type BarrierRegisterEntry,
  type BarrierStatus,
} from './records.js';
import {
  BARRIER_CATEGORIES,
  type BarrierCategory,
  type BrainstormIdea,
  type Person,
  type Roundtable,
} from './types.js';

/** A register entry's id from the roundtable and the idea (or key) that raised it: registering twice creates it once. */
export function registerEntryId(roundtableId: string, key: string): string {
  return `bar-${createHash('sha256').update(`${roundtableId}\u0000${key}`).digest('hex').slice(0, 32)}`;
}

/** A barrier buster's answer in the room (barrier-answers.ts's BarrierAnswer, read structurally). */
export interface InRoomAnswer {
  ideaId: string;
  answer: {
    kind: 'solved-now' | 'needs-decision' | 'not-a-barrier';
    decision?: string;
    owner?: Person;
    dueDate?: string;
    by: Person;
    at: string;
  };
}

/** A leader's action on a register entry; `keepNames`: "Keep as written" after the full-name warning on the note. */
export type BarrierAction = (
  | { kind: 'escalate'; note?: unknown }
  | { kind: 'progress'; note?: unknown }
  | { kind: 'resolve'; note?: unknown }
  | { kind: 'assign'; ownerId: unknown; note?: unknown }
  | { kind: 'note'; note: unknown }
) & { keepNames?: boolean };

/** Counts of barriers raised per category in each period, for the `barriers` report. */
export interface BarrierReport {
  periods: { key: string; label: string; since?: string }[];
  /** category → period key → count */
  counts: Record<BarrierCategory, Record<string, number>>;
  totals: Record<string, number>;
  byStatus: Record<BarrierStatus, number>;
  /** Unresolved barriers, oldest first. */
  oldestOpen: BarrierRegisterEntry[];
  openCount: number;
}

const DAY = 86_400_000;
const MAX_RETRIES = 6;
const NOTE_MAX = 1000;

// The systemic barriers register: every rule about raising, reporting and acting on barriers.

/**
 * Registers a barrier (idempotent by roundtable and idea/key). Practice roundtables never enter
 * the register. In-room answers call this with an owner, a due date and `escalated`.
 */
export async function raiseBarrier(
  ctx: DomainContext,
  input: {
    roundtable: Roundtable;
    key: string;
    ideaId?: string;
    category: BarrierCategory;
    text: string;
    raisedBy: string;
    source: BarrierRegisterEntry['source'];
    status?: BarrierStatus;
    owner?: Person;
    dueDate?: string;
    notes?: BarrierNote[];
  },
): Promise<boolean> {
  if (isPractice(input.roundtable)) return false;
  const at = ctx.now().toISOString();
  const barrier: BarrierRegisterEntry = {
    id: registerEntryId(input.roundtable.id, input.key),
    roundtableId: input.roundtable.id,
    caseAlias: input.roundtable.caseAlias,
    ...(input.ideaId ? { ideaId: input.ideaId } : {}),
    category: input.category,
    text: input.text,
    raisedAt: at,
    raisedBy: input.raisedBy,
    status: input.status ?? 'open',
    ...(input.owner ? { owner: input.owner } : {}),
    ...(input.dueDate ? { dueDate: input.dueDate } : {}),
    notes: input.notes ?? [],
    source: input.source,
    ...(input.roundtable.chat.tenantId ? { tenantId: input.roundtable.chat.tenantId } : {}),
    updatedAt: at,
  };
  return ctx.programme.createBarrier(barrier);
}

/**
 * At the end of a roundtable: every live barrier-flagged idea joins the register (once). A barrier
 * buster's answer in the room shapes the entry: "needs a decision" is escalated to the
 * leader named with its due date, "solved now" is registered resolved with the decision as a note
 * (the learning lab still counts it), "not a barrier" stays out.
 */
export async function registerBarriersOf(
  ctx: DomainContext,
  roundtableId: string,
  answers: InRoomAnswer[] = [],
): Promise<number> {
  const rt = (await ctx.store.getRoundtable(roundtableId))?.value;
  if (!rt || isPractice(rt)) return 0;
  const ideas = (await ctx.store.listContributions(rt.id)).filter(
    (c): c is BrainstormIdea & { barrier: BarrierCategory } =>
      c.kind === 'idea' && !c.withdrawn && !!c.barrier,
  );
  let created = 0;
  for (const idea of ideas) {
    const answer = answers.find((a) => a.ideaId === idea.id)?.answer;
    if (answer?.kind === 'not-a-barrier') continue;
    const made = await raiseBarrier(ctx, {
      roundtable: rt,
      key: idea.id,
      ideaId: idea.id,
      category: idea.barrier,
      text: idea.text,
      raisedBy: idea.author.id,
      source: answer ? 'barrier-buster' : 'brainstorm',
      ...(answer?.kind === 'needs-decision'
        ? {
            status: 'escalated' as const,
            ...(answer.owner ? { owner: answer.owner } : {}),
            ...(answer.dueDate ? { dueDate: answer.dueDate } : {}),
          }
        : {}),
      ...(answer?.kind === 'solved-now'
        ? {
            status: 'resolved' as const,
            notes: answer.decision
              ? [{ at: answer.at, by: answer.by, status: 'resolved' as const, note: answer.decision }]
              : [],
          }
        : {}),
    });
    if (made) created++;
  }
  return created;
}

/** Leaders come only from configuration: LEADER_IDS (Entra object ids). Nobody is a leader by a roster role. */
export function isLeader(ctx: DomainContext, person: Person): boolean {
  return !!person.aadObjectId && ctx.leaderIds.includes(person.aadObjectId.toLowerCase());
}

/** The configured leaders the bot has seen, each with their tenant (the monthly digest's recipients). */
export async function allLeaders(ctx: DomainContext): Promise<(Person & { tenantId?: string })[]> {
  const out = new Map<string, Person & { tenantId?: string }>();
  for (const p of await ctx.programme.peopleByAadIds(ctx.leaderIds)) {
    if (!p.aadObjectId || !ctx.leaderIds.includes(p.aadObjectId.toLowerCase())) continue;
    out.set(p.id, {
      id: p.id,
      name: p.name,
      aadObjectId: p.aadObjectId,
      ...(p.tenantId ? { tenantId: p.tenantId } : {}),
    });
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The configured leaders of one tenant the bot has seen (the register's owners to assign). */
export async function leadersOf(ctx: DomainContext, tenantId: string | undefined): Promise<Person[]> {
  return (await allLeaders(ctx))
    .filter((l) => (l.tenantId ?? '') === (tenantId ?? ''))
    .map(({ tenantId: _t, ...person }) => person);
}

/** Counts by category over the last 30 days, 90 days, 12 months and all time; the oldest unresolved. */
export async function barrierReport(
  ctx: DomainContext,
  tenantId: string | undefined,
  oldest = 8,
): Promise<BarrierReport> {
  const all = await ctx.programme.listBarriers(tenantId);
  const now = ctx.now().getTime();
  const periods = [
    { key: 'd30', label: '30 days', since: new Date(now - 30 * DAY).toISOString() },
    { key: 'd90', label: '90 days', since: new Date(now - 90 * DAY).toISOString() },
    { key: 'y1', label: '12 months', since: new Date(now - 365 * DAY).toISOString() },
    { key: 'all', label: 'All time' },
  ];
  const counts = Object.fromEntries(
    BARRIER_CATEGORIES.map((c) => [c, Object.fromEntries(periods.map((p) => [p.key, 0]))]),
  ) as BarrierReport['counts'];
  const totals: Record<string, number> = Object.fromEntries(periods.map((p) => [p.key, 0]));
  const byStatus = Object.fromEntries(BARRIER_STATUSES.map((s) => [s, 0])) as Record<BarrierStatus, number>;
  for (const b of all) {
    byStatus[b.status]++;
    for (const p of periods) {
      if (p.since && b.raisedAt < p.since) continue;
      counts[b.category][p.key] = (counts[b.category][p.key] ?? 0) + 1;
      totals[p.key] = (totals[p.key] ?? 0) + 1;
    }
  }
  const open = all.filter((b) => b.status !== 'resolved');
  return { periods, counts, totals, byStatus, oldestOpen: open.slice(0, oldest), openCount: open.length };
}

/** Escalate, mark in progress, resolve, assign to a leader, or add a note: leaders only. */
export async function actOnBarrier(
  ctx: DomainContext,
  leader: { person: Person; tenantId?: string },
  barrierId: unknown,
  action: BarrierAction,
): Promise<Outcome<BarrierRegisterEntry>> {
  const { person, tenantId } = leader;
  // AUTH
  if (!isLeader(ctx, person)) {
    return fail('forbidden', 'Only agency leaders (configured by the admin) work the barrier register.');
  }
  // VALIDATION
  if (!isKnownIdShape(barrierId)) return fail('not-found', 'That barrier is no longer in the register.');
  let note: string | undefined;
  const rawNote = action.note;
  if (action.kind === 'note' || (typeof rawNote === 'string' && rawNote.trim() !== '')) {
    const cleaned = cleanText(rawNote, 'The note', NOTE_MAX);
    if (!cleaned.ok) return cleaned;
    // Notes go into the register and its CSV export: the full-name check applies.
    const names = checkNames([cleaned.value], ctx.settings.nameCheck ?? 'warn', action.keepNames === true);
    if (!names.ok) return names;
    note = cleaned.value;
  }
  let owner: Person | undefined;
  if (action.kind === 'assign') {
    owner = (await leadersOf(ctx, tenantId)).find((l) => l.id === action.ownerId);
    if (!owner) return fail('invalid', 'Choose the owner from the agency leaders.');
  }
  const status: BarrierStatus | undefined =
    action.kind === 'escalate'
      ? 'escalated'
      : action.kind === 'progress'
        ? 'in-progress'
        : action.kind === 'resolve'
          ? 'resolved'
          : undefined;
  // RESOLUTION
  const at = ctx.now().toISOString();
  return retryOnConflict(
    async (): Promise<Outcome<BarrierRegisterEntry>> => {
      const current = await ctx.programme.getBarrier(barrierId);
      // Another tenant's entry is not found: the register is the leader's own tenant's.
      if (!current || (current.value.tenantId ?? '') !== (tenantId ?? ''))
        return fail('not-found', 'That barrier is no longer in the register.');
      const b = current.value;
      const entry: BarrierNote = {
        at,
        by: { id: person.id, name: person.name },
        ...(status ? { status } : {}),
        ...(owner ? { owner } : {}),
        ...(note ? { note } : {}),
      };
      const next: BarrierRegisterEntry = {
        ...b,
        ...(status ? { status } : {}),
        ...(owner ? { owner, status: b.status === 'open' ? 'in-progress' : b.status } : {}),
        notes: [...b.notes, entry],
        updatedAt: at,
      };
      await ctx.programme.replaceBarrier(next, current.etag);
      return ok(next, ACTION_NOTICES[action.kind]);
    },
    { attempts: MAX_RETRIES, backoff: false, exhausted: () => fail('busy', BUSY) },
  );
}

/** A tenant's register as CSV (RFC 4180; cells that a spreadsheet would run as formulas are neutralised). */
export async function barrierCsv(ctx: DomainContext, tenantId: string | undefined): Promise<string> {
  const rows = (await ctx.programme.listBarriers(tenantId)).map((b) => [
    b.id,
    b.raisedAt.slice(0, 10),
    b.caseAlias,
    b.category,
    b.status,
    b.owner?.name ?? '',
    b.dueDate ?? '',
    b.source,
    b.text,
    b.notes
      .filter((n) => n.note)
      .map((n) => `${n.at.slice(0, 10)} ${n.by.name}: ${n.note}`)
      .join(' | '),
    b.updatedAt.slice(0, 10),
  ]);
  const header = [
    'id',
    'raised',
    'roundtable',
    'category',
    'status',
    'owner',
    'due',
    'source',
    'barrier',
    'notes',
    'updated',
  ];
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

const ACTION_NOTICES: Record<BarrierAction['kind'], string> = {
  escalate: 'Escalated.',
  progress: 'Marked in progress.',
  resolve: 'Resolved.',
  assign: 'Owner assigned.',
  note: 'Note added.',
};

/** One CSV cell: quoted, quotes doubled, and a leading = + - @ (a formula in a spreadsheet) made text. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}
