/**
 * Lifelong connections and living situation of each child of a case (#25, item 4): add, edit and remove (dated,
 * kept) a connection with its PROTECTED name and contact details, and record the living situation on the agency's
 * scale (dated, appended). Only the plan's caseworker and supervisor and the roundtable's facilitators (`ownsPlan`),
 * in the roundtable's tenant, on a case that is not practice. Writes under etag with `withEtagRetry`.
 */

import { type ChildView, childView } from './child-record.js';
import {
  type ChildRecord,
  CONTACT_FREQUENCIES,
  CONTACT_KINDS,
  type ContactFrequency,
  type ContactKind,
  caseKeyOf,
  childIdOf,
  type DatedLivingSituation,
  type LifelongConnection,
} from './child-types.js';
import { audit, type DomainContext } from './context.js';
import { withEtagRetry } from './etag-retry.js';
import { cleanText, contributionId, isIsoDate, isKnownIdShape, optionalText } from './input.js';
import { checkNames } from './name-check.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, sameTenant } from './permissions.js';
import { ownsPlan } from './plan-ownership.js';
import type { Versioned } from './ports.js';
import type { Roundtable } from './types.js';

/** Longest relationship ("maternal great-aunt, former foster parent"). */
const RELATIONSHIP_MAX = 200;
/** Longest protected name and contact details. */
const NAME_MAX = 120;
const DETAILS_MAX = 500;
/** Connections kept per child (removed ones included): bounds the record's size. */
const MAX_CONNECTIONS = 40;
/** Living situations kept per child. */
const MAX_LIVING = 100;

export const NO_SUCH_ROUNDTABLE = 'That roundtable does not exist.';
export const NOT_YOURS =
  'A child’s record is for the plan’s caseworker and supervisor and the roundtable’s facilitators.';
export const NO_SUCH_CHILD = 'No child of this case has that alias.';

/** What the connection form sends (every field; an edit sends them all again). */
export interface ConnectionInput {
  relationship: unknown;
  /** Committed to a lifelong relationship: true/false or 'yes'/'no'. */
  committed: unknown;
  contact: unknown;
  frequency: unknown;
  /** PROTECTED (not name-checked): the person's name. */
  name?: unknown;
  /** PROTECTED (not name-checked): how to reach them. */
  details?: unknown;
  /** "Keep as written" after the full-name warning on the relationship. */
  keepNames?: boolean;
  /** The form's own key: the same submission twice adds one connection. */
  submissionKey?: unknown;
}

/** What the living-situation form sends. */
export interface LivingInput {
  /** Key on the agency's livingScale. */
  key: unknown;
  /** YYYY-MM-DD the child has lived there since (default: today; never in the future). */
  since?: unknown;
}

type ConnectionFields = Pick<
  LifelongConnection,
  'relationship' | 'committed' | 'contact' | 'frequency' | 'protected'
>;

/** VALIDATION of a connection form: pure. The relationship is name-checked; the protected fields are not. */
export function connectionFields(ctx: DomainContext, input: ConnectionInput): Outcome<ConnectionFields> {
  const relationship = cleanText(
    input.relationship,
    'The relationship',
    Math.min(RELATIONSHIP_MAX, ctx.settings.maxTextLength),
  );
  if (!relationship.ok) return relationship;
  const committed =
    input.committed === true || input.committed === 'yes'
      ? true
      : input.committed === false || input.committed === 'no'
        ? false
        : undefined;
  if (committed === undefined)
    return fail('invalid', 'Say whether the adult has committed to a lifelong relationship (yes or no).');
  if (!CONTACT_KINDS.includes(input.contact as ContactKind))
    return fail('invalid', 'Choose the kind of contact from the list.');
  if (!CONTACT_FREQUENCIES.includes(input.frequency as ContactFrequency))
    return fail('invalid', 'Choose how often from the list.');
  const name = optionalText(input.name, 'The name', Math.min(NAME_MAX, ctx.settings.maxTextLength));
  if (!name.ok) return name;
  const details = optionalText(
    input.details,
    'The contact details',
    Math.min(DETAILS_MAX, ctx.settings.maxTextLength),
  );
  if (!details.ok) return details;
  // Names belong in the protected fields: only the relationship (shown more widely) is checked.
  const named = checkNames([relationship.value], ctx.settings.nameCheck, input.keepNames === true);
  if (!named.ok) return named;
  return ok({
    relationship: relationship.value,
    committed,
    contact: input.contact as ContactKind,
    frequency: input.frequency as ContactFrequency,
    protected: {
      ...(name.value ? { name: name.value } : {}),
      ...(details.value ? { details: details.value } : {}),
    },
  });
}

/** AUTH: the roundtable exists in the actor's tenant, is real case work, and the actor owns its plan or facilitates it. */
export async function ownedCase(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
): Promise<Outcome<Roundtable>> {
  const rt = isKnownIdShape(roundtableId) ? (await ctx.store.getRoundtable(roundtableId))?.value : undefined;
  if (!rt || !sameTenant(rt, actor)) return fail('not-found', NO_SUCH_ROUNDTABLE);
  if (rt.practice) return fail('not-found', 'A practice roundtable keeps no child records.');
  if (!ownsPlan(rt, actor.person.id)) return fail('forbidden', NOT_YOURS);
  return ok(rt);
}

/** A child of the case: its alias as first written, the roundtables that concern it, and what is known of it. */
export interface CaseChild {
  alias: string;
  roundtableIds: string[];
  /** The child's record completed by the case's older plans (child-record.ts childView). */
  view: ChildView;
}

/**
 * The children of the roundtable's case (same alias, same tenant, not practice), as childView finds them: every
 * child a case summary or plan of one of its roundtables names, and every child that already has a record.
 */
export async function childrenOfCase(ctx: DomainContext, rt: Roundtable): Promise<CaseChild[]> {
  const views = await childView(ctx, rt.chat.tenantId, rt.caseAlias);
  return views.map((view) => ({ alias: view.childAlias, roundtableIds: view.roundtableIds, view }));
}

/** The child of the case named `childAlias` (any case), or not found. */
export async function caseChild(
  ctx: DomainContext,
  rt: Roundtable,
  childAlias: unknown,
): Promise<Outcome<CaseChild>> {
  if (typeof childAlias !== 'string' || childAlias.length > 40) return fail('not-found', NO_SUCH_CHILD);
  const key = childAlias.trim().toLowerCase();
  const child = (await childrenOfCase(ctx, rt)).find((c) => c.alias.toLowerCase() === key);
  return child ? ok(child) : fail('not-found', NO_SUCH_CHILD);
}

/** A record for a child who has none yet (nothing rated, nothing recorded). */
export function emptyChildRecord(rt: Roundtable, child: CaseChild, now: Date): ChildRecord {
  const iso = now.toISOString();
  return {
    id: childIdOf(child.alias),
    caseKey: caseKeyOf(rt.chat.tenantId, rt.caseAlias),
    ...(rt.chat.tenantId ? { tenantId: rt.chat.tenantId } : {}),
    caseAlias: rt.caseAlias,
    childAlias: child.alias,
    ratings: [],
    living: [],
    connections: [],
    roundtableIds: child.roundtableIds.length ? child.roundtableIds : [rt.id],
    createdAt: iso,
    updatedAt: iso,
  };
}

/** The child's stored record, if any (a point read in the case's partition). */
export async function storedChild(
  ctx: DomainContext,
  rt: Roundtable,
  childAlias: string,
): Promise<Versioned<ChildRecord> | undefined> {
  return ctx.children.getChild(caseKeyOf(rt.chat.tenantId, rt.caseAlias), childAlias);
}

/**
 * One read-change-write of a child's record under etag: AUTH on the fresh roundtable, the child of the case, the
 * record (created when it has none), `change`, then the write and an audit entry (ids only, never text).
 */
function changeChild<T>(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  childAlias: unknown,
  event: string,
  change: (record: ChildRecord) => Outcome<T>,
): Promise<Outcome<T>> {
  return withEtagRetry(async () => {
    const owned = await ownedCase(ctx, actor, roundtableId);
    if (!owned.ok) return owned;
    const rt = owned.value;
    const child = await caseChild(ctx, rt, childAlias);
    if (!child.ok) return child;
    const current = await storedChild(ctx, rt, child.value.alias);
    const record = current ? structuredClone(current.value) : emptyChildRecord(rt, child.value, ctx.now());
    const changed = change(record);
    if (!changed.ok) return changed;
    record.updatedAt = ctx.now().toISOString();
    await ctx.children.putChild(record, current?.etag);
    await audit(ctx, rt.id, actor, event, record.id);
    return changed;
  });
}

/** Adds a lifelong connection to the child's record (the same submission twice adds it once). */
export async function addConnection(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  childAlias: unknown,
  input: ConnectionInput,
): Promise<Outcome<LifelongConnection>> {
  // VALIDATION
  const fields = connectionFields(ctx, input);
  if (!fields.ok) return fields;
  const key =
    typeof input.submissionKey === 'string' && input.submissionKey.length <= 100
      ? input.submissionKey
      : undefined;
  const id = key
    ? contributionId(['connection', roundtableId, String(childAlias), actor.person.id, key]).replace(
        /^c-/,
        'conn-',
      )
    : `conn-${ctx.newId()}`;
  return changeChild(ctx, actor, roundtableId, childAlias, 'child.connection.add', (record) => {
    const replay = record.connections.find((c) => c.id === id);
    if (replay) return ok(replay, 'Connection added.');
    if (record.connections.length >= MAX_CONNECTIONS)
      return fail('too-many', `A child's record keeps at most ${MAX_CONNECTIONS} connections.`);
    const at = ctx.now().toISOString();
    const connection: LifelongConnection = {
      id,
      ...fields.value,
      addedAt: at,
      addedBy: { id: actor.person.id, name: actor.person.name },
      updatedAt: at,
    };
    record.connections.push(connection);
    return ok(connection, 'Connection added.');
  });
}

/** Changes a connection (every field sent again); a removed connection stays as it was. */
export async function editConnection(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  childAlias: unknown,
  connectionId: unknown,
  input: ConnectionInput,
): Promise<Outcome<LifelongConnection>> {
  const fields = connectionFields(ctx, input);
  if (!fields.ok) return fields;
  return changeChild(ctx, actor, roundtableId, childAlias, 'child.connection.edit', (record) => {
    const c = record.connections.find((x) => x.id === connectionId);
    if (!c) return fail('not-found', 'That connection is not in the record.');
    if (c.removedAt) return fail('closed', 'That connection was removed; add it again if it is back.');
    Object.assign(c, fields.value, { updatedAt: ctx.now().toISOString() });
    return ok(c, 'Connection saved.');
  });
}

/** Removes a connection: dated and kept, so counts over time stay true (removing twice is no change). */
export async function removeConnection(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  childAlias: unknown,
  connectionId: unknown,
): Promise<Outcome<LifelongConnection>> {
  return changeChild(ctx, actor, roundtableId, childAlias, 'child.connection.remove', (record) => {
    const c = record.connections.find((x) => x.id === connectionId);
    if (!c) return fail('not-found', 'That connection is not in the record.');
    if (!c.removedAt) {
      c.removedAt = ctx.now().toISOString();
      c.updatedAt = c.removedAt;
    }
    return ok(c, 'Connection removed (kept in the record as removed).');
  });
}

/** Records where the child lives now, on the agency's scale (appended, in date order). */
export async function recordLivingSituation(
  ctx: DomainContext,
  actor: Actor,
  roundtableId: string,
  childAlias: unknown,
  input: LivingInput,
): Promise<Outcome<DatedLivingSituation>> {
  // VALIDATION
  const scale = ctx.settings.livingScale;
  const step = scale.find((s) => s.key === input.key);
  if (!step) return fail('invalid', 'Choose the living situation from the list.');
  const today = ctx.now().toISOString().slice(0, 10);
  const blank = input.since === undefined || input.since === null || input.since === '';
  if (!blank && !isIsoDate(input.since)) return fail('invalid', 'Give the date as YYYY-MM-DD.');
  const since = blank ? today : (input.since as string);
  if (since > today) return fail('invalid', 'The date cannot be in the future.');
  return changeChild(ctx, actor, roundtableId, childAlias, 'child.living.record', (record) => {
    const same = record.living.find((l) => l.key === step.key && l.at === since);
    if (same) return ok(same, 'Already recorded.');
    if (record.living.length >= MAX_LIVING)
      return fail('too-many', `A child's record keeps at most ${MAX_LIVING} living situations.`);
    const entry: DatedLivingSituation = {
      key: step.key,
      // The date the child has lived there since (a date, not an instant).
      at: since,
      by: { id: actor.person.id, name: actor.person.name },
      roundtableId,
    };
    // Oldest first: a later entry for an earlier date goes in its place.
    const at = record.living.findIndex((l) => l.at.slice(0, 10) > since);
    if (at < 0) record.living.push(entry);
    else record.living.splice(at, 0, entry);
    return ok(entry, `Living situation recorded: ${step.label}.`);
  });
}
