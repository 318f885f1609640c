/**
 * The action data each card family carries, as zod schemas: the pipeline (dispatch.ts) parses a click's data
 * with its route's schema before anything else reads it; nothing else parses raw card data. Inputs the card
 * sent stay beside the parsed data (`inputs`), read by key.
 */
import { z } from 'zod';
import { PHASE_KEYS } from '../../roundtable/types.js';

const id = z.string().max(100);
/** "Keep as written" after the full-name warning: only `true` counts. */
const keepNames = z.unknown().optional();
const keep = (v: unknown) => (v === true ? { keepNames: true as const } : {});

/** Every roundtable card: which roundtable, phase card and revision it was drawn from, and a nonce. */
export const RoundtableCardData = z
  .object({
    rt: id,
    phase: z.enum(PHASE_KEYS),
    rev: z.number().int(),
    nonce: z.string().min(1).max(100),
    /** A question id, idea id, step id, phase number, role. */
    target: z.string().max(200).optional(),
    keepNames,
  })
  .transform(({ rt, phase, rev, nonce, target, keepNames: k }) => ({
    rt,
    phase,
    rev,
    nonce,
    ...(target !== undefined ? { target } : {}),
    ...keep(k),
  }));

/** The 1:1 follow-up cards (reminders, `my steps`, `team steps`, reviews). */
export const FollowUpCardData = z
  .object({
    rt: id,
    step: id.optional(),
    list: z.enum(['mine', 'team', 'reminder', 'review']),
    nonce: id,
    keepNames,
  })
  .transform(({ rt, step, list, nonce, keepNames: k }) => ({
    rt,
    list,
    nonce,
    ...(step ? { step } : {}),
    ...keep(k),
  }));

const nonce = z.string().min(1).max(100);

/** The 1:1 preparation card: the case alias being prepared. */
export const PreparationCardData = z
  .object({ alias: id, nonce, keepNames })
  .transform(({ alias, nonce: n, keepNames: k }) => ({ alias, nonce: n, ...keep(k) }));

/** The 1:1 prompt to attach a preparation: the roundtable it goes to. */
export const AttachCardData = z.object({ rt: id, nonce }).transform(({ rt, nonce: n }) => ({ rt, nonce: n }));

/** A 1:1 invitation card: the roundtable and the invitation. */
export const InvitationCardData = z
  .object({ rt: id, inv: id, nonce })
  .transform(({ rt, inv, nonce: n }) => ({ rt, inv, nonce: n }));

/** The barrier register card (leaders, 1:1): `rt` is always "register"; `target` an entry id. */
export const RegisterCardData = z
  .object({
    rt: z.literal('register'),
    target: z.string().max(200).optional(),
    nonce: z.string().max(100).optional(),
    keepNames,
  })
  .transform(({ target, nonce: n, keepNames: k }) => ({
    rt: 'register' as const,
    nonce: n ?? '',
    ...(target !== undefined ? { target } : {}),
    ...keep(k),
  }));

export type RoundtableCardInput = z.output<typeof RoundtableCardData>;
export type FollowUpCardInput = z.output<typeof FollowUpCardData>;
export type PreparationCardInput = z.output<typeof PreparationCardData>;
export type AttachCardInput = z.output<typeof AttachCardData>;
export type InvitationCardInput = z.output<typeof InvitationCardData>;
export type RegisterCardInput = z.output<typeof RegisterCardData>;

/** The one answer to card data that is not what its route's schema says (any family). */
export const MALFORMED_CARD =
  'This card is not one of mine, or it is from an older version. Type `@Roundtable status` (in the meeting chat) or `help` (in our 1:1 chat) for a current one.';
