import { createHash } from 'node:crypto';
import type { DomainContext } from './context.js';
import { withEtagRetry } from './etag-retry.js';
import { cleanText, parseChildren, validateAlias } from './input.js';
import { checkNames } from './name-check.js';
import { fail, type Outcome, ok } from './outcome.js';
import type { Actor } from './permissions.js';
import type { CaseSummaryDraft, Preparation } from './records.js';
import type { Roundtable } from './types.js';

/** What the preparation card sends; an input left off the card (too long to show) is undefined: kept. */
export interface PreparationInput {
  youthLiving?: unknown;
  youthMatters?: unknown;
  family?: unknown;
  stakeholders?: unknown;
  children?: unknown;
  timeInCare?: unknown;
  placement?: unknown;
  legalStatus?: unknown;
  currentGoal?: unknown;
  connections?: unknown;
  strengths?: unknown;
  needs?: unknown;
  tried?: unknown;
  /** The writer pressed "Keep as written" after the full-name warning (name-check.ts). */
  keepNames?: boolean;
}

export const VOICE_FIELDS = ['youthLiving', 'youthMatters', 'family', 'stakeholders'] as const;
export const SUMMARY_TEXT_FIELDS = [
  'timeInCare',
  'placement',
  'legalStatus',
  'currentGoal',
  'connections',
  'strengths',
  'needs',
  'tried',
] as const;

/** Every case-summary text field, empty: the start of a summary or a draft that is then filled field by field. */
export function emptySummaryText(): Record<(typeof SUMMARY_TEXT_FIELDS)[number], string> {
  return Object.fromEntries(SUMMARY_TEXT_FIELDS.map((f) => [f, ''])) as Record<
    (typeof SUMMARY_TEXT_FIELDS)[number],
    string
  >;
}

/** Longest text per preparation field (the whole card must stay under Teams' 28 KB). */
export const PREPARATION_FIELD_MAX = 1000;

/**
 * The draft partition of one preparer's case alias in a tenant: a draft is its preparer's alone, and two
 * preparers with the same alias never meet (each finds their own with one point read).
 */
export function preparationPartition(
  tenantId: string | undefined,
  alias: string,
  preparerId: string,
): string {
  const key = `${tenantId ?? ''}\u0000${alias.toLowerCase()}\u0000${preparerId}`;
  return `prep-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

/** The answer when a save cleared every field. */
export const DRAFT_DELETED = 'Your draft was deleted: every field was empty, and nothing of it is kept.';

/**
 * The draft partitions a roundtable's people may have for its alias (each preparer has their own): deleting the
 * roundtable, or its practice clean-up, deletes these drafts too.
 */
export function draftPartitionsOf(rt: Roundtable): string[] {
  const ids = new Set([rt.startedBy.id, ...rt.facilitatorIds, ...rt.roster.map((r) => r.id)]);
  return [...ids].map((id) => preparationPartition(rt.chat.tenantId, rt.caseAlias, id));
}

/** The youth and family voice is shown in a roundtable only once the person who prepared it is on its roster. */
export function preparationVisible(rt: Roundtable, prep: Preparation | undefined): prep is Preparation {
  if (!prep) return false;
  return rt.practice === true || rt.roster.some((r) => r.id === prep.preparedBy.id);
}

/** Does the preparation hold anything of the youth's and family's voice? */
export function hasVoice(prep: Preparation): boolean {
  return VOICE_FIELDS.some((f) => prep[f] !== '');
}

function field(raw: unknown, label: string, keep: string): Outcome<string> {
  if (raw === undefined) return ok(keep);
  if (raw === null || (typeof raw === 'string' && raw.trim() === '')) return ok('');
  return cleanText(raw, label, PREPARATION_FIELD_MAX);
}

const LABELS: Record<(typeof VOICE_FIELDS)[number] | (typeof SUMMARY_TEXT_FIELDS)[number], string> = {
  youthLiving: 'Where and with whom the youth wants to live',
  youthMatters: 'Who matters to the youth',
  family: 'What the family said',
  stakeholders: 'What other stakeholders said',
  timeInCare: 'Time in care',
  placement: 'Current placement',
  legalStatus: 'Legal status',
  currentGoal: 'Current permanency goal',
  connections: 'Family and important connections',
  strengths: 'Strengths',
  needs: 'Needs',
  tried: 'What has been tried',
};

/** The voice and summary texts of `next` that differ from the saved draft (text kept as written stays kept). */
function changedTexts(before: Preparation | undefined, next: Preparation): string[] {
  const voice = VOICE_FIELDS.filter((f) => next[f] !== (before?.[f] ?? '')).map((f) => next[f]);
  const summary = SUMMARY_TEXT_FIELDS.filter(
    (f) => (next.summary?.[f] ?? '') !== (before?.summary?.[f] ?? ''),
  ).map((f) => next.summary?.[f] ?? '');
  return [...voice, ...summary];
}

// Preparation before the roundtable: drafts in 1:1 chats, attached to the roundtable by their preparer.

/** `prepare <alias>`: only in a 1:1 chat; a draft is its preparer's alone. */
export async function openPreparation(
  ctx: DomainContext,
  actor: Actor,
  rawAlias: string,
  tenantId: string | undefined,
  personalChat: boolean,
): Promise<Outcome<{ alias: string; draft?: Preparation }>> {
  // AUTH
  if (!personalChat) {
    return fail(
      'forbidden',
      'Prepare in your 1:1 chat with the bot: what the youth and family said is confidential and is not shown in a group chat.',
    );
  }
  // VALIDATION
  const alias = validateAlias(rawAlias);
  if (!alias.ok) {
    return fail(
      'invalid',
      alias.failure.message.replace(
        '`start <case alias>`, for example `start J.T. 2024`',
        '`prepare <case alias>`, for example `prepare J.T. 2024`',
      ),
    );
  }
  // Only the person's own draft is read: nothing says whether anyone else uses the alias.
  const partition = preparationPartition(tenantId, alias.value, actor.person.id);
  const draft = (await ctx.records.getPreparation(partition))?.value;
  return ok({ alias: alias.value, ...(draft ? { draft } : {}) });
}

/** Saves the draft (all fields optional; an absent field keeps what is saved, an empty one clears it). */
export async function savePreparationDraft(
  ctx: DomainContext,
  actor: Actor,
  rawAlias: string,
  tenantId: string | undefined,
  personalChat: boolean,
  input: PreparationInput,
): Promise<Outcome<Preparation>> {
  const opened = await openPreparation(ctx, actor, rawAlias, tenantId, personalChat);
  if (!opened.ok) return opened;
  const partition = preparationPartition(tenantId, opened.value.alias, actor.person.id);
  return withEtagRetry(async () => {
    const current = await ctx.records.getPreparation(partition);
    const before = current?.value;
    const now = ctx.now().toISOString();
    const next: Preparation = {
      caseAlias: opened.value.alias,
      preparedBy: actor.person,
      youthLiving: '',
      youthMatters: '',
      family: '',
      stakeholders: '',
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
    for (const f of VOICE_FIELDS) {
      const v = field(input[f], LABELS[f], before?.[f] ?? '');
      if (!v.ok) return v;
      next[f] = v.value;
    }
    const summary = summaryDraft(input, before?.summary);
    if (!summary.ok) return summary;
    if (summary.value) next.summary = summary.value;
    if (!hasVoice(next) && !next.summary) {
      // Everything cleared: the draft (the youth's and family's words) is deleted, not kept empty.
      if (current) {
        await ctx.records.deletePreparation(partition);
        return ok(next, DRAFT_DELETED);
      }
      return fail('invalid', 'Write down at least what the youth said, or the case facts.');
    }
    // Shown to everyone in the roundtable once attached: the full-name check applies to what changed.
    const names = checkNames(changedTexts(before, next), ctx.settings.nameCheck, input.keepNames === true);
    if (!names.ok) return names;
    await ctx.records.putPreparation(partition, next, current?.etag);
    return ok(
      next,
      'Preparation saved as a draft; only you see it. When the roundtable starts, attach it: I ask you here, or type `@Roundtable prepare attach` in the roundtable’s chat.',
    );
  });
}

function summaryDraft(
  input: PreparationInput,
  before: CaseSummaryDraft | undefined,
): Outcome<CaseSummaryDraft | undefined> {
  const draft: CaseSummaryDraft = { children: before?.children ?? [], ...emptySummaryText() };
  if (input.children !== undefined) {
    if (typeof input.children === 'string' && input.children.trim() === '') draft.children = [];
    else {
      const children = parseChildren(input.children);
      if (!children.ok) return children;
      draft.children = children.value;
    }
  }
  for (const f of SUMMARY_TEXT_FIELDS) {
    const v = field(input[f], LABELS[f], before?.[f] ?? '');
    if (!v.ok) return v;
    draft[f] = v.value;
  }
  const empty = draft.children.length === 0 && SUMMARY_TEXT_FIELDS.every((f) => draft[f] === '');
  return ok(empty ? undefined : draft);
}

/** Does this person have a draft for the roundtable's case alias (in its tenant)? Their own partition only. */
export async function hasPreparationDraft(
  ctx: DomainContext,
  rt: Roundtable,
  personId: string,
): Promise<boolean> {
  if (rt.practice === true || rt.status !== 'active') return false;
  const draft = await ctx.records.getPreparation(
    preparationPartition(rt.chat.tenantId, rt.caseAlias, personId),
  );
  return !!draft && !(await ctx.records.getPreparation(rt.id));
}

/**
 * The preparer attaches their draft to a roundtable of that alias where they are on the roster (or
 * facilitate): it moves into the roundtable's partition (deleted with it). Nobody else can attach it.
 */
export async function attachPreparation(
  ctx: DomainContext,
  actor: Actor,
  rt: Roundtable,
): Promise<Outcome<Preparation>> {
  // AUTH
  const me = actor.person.id;
  if ((rt.chat.tenantId ?? '') !== (actor.tenantId ?? rt.chat.tenantId ?? ''))
    return fail('not-found', 'That roundtable was not found.');
  if (!rt.roster.some((r) => r.id === me) && !rt.facilitatorIds.includes(me))
    return fail('forbidden', 'Join the roundtable first, then attach your preparation.');
  if (rt.status !== 'active') return fail('closed', `The roundtable for ${rt.caseAlias} has ended.`);
  if (rt.practice === true) return fail('invalid', 'A practice roundtable has its own preparation.');
  // RESOLUTION
  const partition = preparationPartition(rt.chat.tenantId, rt.caseAlias, me);
  const draft = await ctx.records.getPreparation(partition);
  if (!draft) return fail('not-found', `You have no preparation for ${rt.caseAlias} to attach.`);
  const existing = await ctx.records.getPreparation(rt.id);
  if (existing) return fail('invalid', 'This roundtable already has a preparation attached.');
  const copy: Preparation = { ...draft.value, roundtableId: rt.id, updatedAt: ctx.now().toISOString() };
  await ctx.records.putPreparation(rt.id, copy);
  await ctx.records.deletePreparation(partition);
  return ok(copy, `Your preparation for ${rt.caseAlias} is attached to the roundtable.`);
}

/** Stores a preparation directly in a roundtable's partition (the practice case). */
export async function placePreparation(ctx: DomainContext, rt: Roundtable, prep: Preparation): Promise<void> {
  const existing = await ctx.records.getPreparation(rt.id);
  await ctx.records.putPreparation(rt.id, { ...prep, roundtableId: rt.id }, existing?.etag);
}

/** The preparation stored in a roundtable's partition, whoever may see it (callers apply `preparationVisible`). */
export async function storedPreparation(
  ctx: DomainContext,
  roundtableId: string,
): Promise<Preparation | undefined> {
  return (await ctx.records.getPreparation(roundtableId))?.value;
}

/** The preparation a roundtable shows, if its preparer is on the roster (or it is practice). */
export async function preparationFor(ctx: DomainContext, rt: Roundtable): Promise<Preparation | undefined> {
  const prep = (await ctx.records.getPreparation(rt.id))?.value;
  return preparationVisible(rt, prep) ? prep : undefined;
}

/** Longest text a preparation field takes (for the card's maxLength). */
export function preparationFieldMax(ctx: DomainContext): number {
  return Math.min(PREPARATION_FIELD_MAX, ctx.settings.maxTextLength);
}
