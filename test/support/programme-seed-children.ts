/**
 * The child records of a seeded programme (issue #25), beside test/support/programme-seed.ts: per child, the
 * ratings, living situations, lifelong connections and outcome (court date for legal permanency, exits by type),
 * and the documents the child store writes for them. Plain specs, so the tests compute expected figures.
 */
import { caseKeyOf, childIdOf } from '../../bot/roundtable/child-types.js';

/** One child's record: absent on old-shape cases, whose figures are derived from their plans. */
export interface ChildSpec {
  alias: string;
  /** Rating at the first roundtable (unset: not recorded) and the latest rating (a 1:1 review). */
  ratingAt?: string;
  latest: string;
  /** Living situations, oldest first (keys of the default living scale). */
  living: string[];
  connections: { committed: boolean; removed: boolean }[];
  /** The court's date (`on`) for legal permanency; the date left care for an exit. */
  outcome?:
    | { kind: 'permanency'; type: string; on: string }
    | { kind: 'exit'; type: string; on: string }
    | { kind: 'in-care' };
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const RATINGS = ['poor', 'fair', 'good', 'very-good'];
const KINDS = ['reunification', 'adoption', 'guardianship', 'relative-placement'];
const EXITS = ['aged-out', 'ran-away', 'transferred', 'other'];
const LIVING = ['parents', 'relatives', 'foster-family', 'group-home', 'residential'];

/**
 * The records of a case's children (`first`: its first roundtable, ms). In a case that reached permanency the
 * first child did (when the court's date has come), a sibling may instead have left care or stayed in it.
 */
export function childSpecs(
  rnd: () => number,
  children: string[],
  first: number,
  now: number,
  permanency: boolean,
): ChildSpec[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  return children.map((alias, n): ChildSpec => {
    const roll = rnd();
    const finalised = permanency ? first + Math.floor(rnd() * 700 + 20) * DAY : 0;
    const outcome: ChildSpec['outcome'] =
      permanency && (n === 0 || roll < 0.6) && finalised <= now
        ? { kind: 'permanency', type: pick(KINDS), on: iso(finalised).slice(0, 10) }
        : roll < 0.3
          ? {
              kind: 'exit',
              type: pick(EXITS),
              on: iso(first + Math.floor(rnd() * 400 + 10) * DAY).slice(0, 10),
            }
          : roll < 0.6
            ? { kind: 'in-care' }
            : undefined;
    const moves = Math.floor(rnd() * 3);
    return {
      alias,
      ...(rnd() < 0.85 ? { ratingAt: pick(RATINGS) } : {}),
      latest: outcome?.kind === 'permanency' ? 'achieved' : pick(RATINGS),
      living: Array.from({ length: moves }, () => pick(LIVING)),
      connections: Array.from({ length: Math.floor(rnd() * 3) }, () => ({
        committed: rnd() < 0.6,
        removed: rnd() < 0.2,
      })),
      ...(outcome ? { outcome } : {}),
    };
  });
}

/** A child record as bot/store/cosmos-child-store.ts writes it: in the case's own partition. */
export function childDocument(
  c: { tenantId: string; alias: string; roundtables: { id: string; createdAt: string }[] },
  child: ChildSpec,
  someone: { id: string; name: string },
): Record<string, unknown> {
  const first = c.roundtables[0];
  const last = c.roundtables.at(-1);
  const endedAt = (r: { createdAt: string } | undefined) =>
    iso(Date.parse(r?.createdAt ?? '') + 2 * 3600_000);
  const caseKey = caseKeyOf(c.tenantId, c.alias);
  const at = (n: number) => iso(Date.parse(first?.createdAt ?? '') + n * DAY);
  const recorded = { recordedAt: at(800), recordedBy: someone };
  const o = child.outcome;
  return {
    id: childIdOf(child.alias),
    type: 'child',
    roundtableId: caseKey,
    caseKey,
    tenantId: c.tenantId,
    caseAlias: c.alias,
    childAlias: child.alias,
    ratings: [
      ...(child.ratingAt
        ? [
            {
              key: child.ratingAt,
              at: endedAt(first),
              by: someone,
              occasion: 'roundtable',
              roundtableId: first?.id,
            },
          ]
        : []),
      {
        key: child.latest,
        at: iso(Date.parse(endedAt(last)) + 10 * DAY),
        by: someone,
        occasion: 'review',
        roundtableId: last?.id,
      },
    ],
    living: child.living.map((key, n) => ({ key, at: at(n * 60), by: someone })),
    connections: child.connections.map((x, n) => ({
      id: `conn-${n}`,
      relationship: 'maternal aunt',
      committed: x.committed,
      contact: 'in-person',
      frequency: 'monthly',
      protected: { name: 'Protected Name' },
      addedAt: at(n),
      addedBy: someone,
      updatedAt: at(n),
      ...(x.removed ? { removedAt: at(n + 30) } : {}),
    })),
    ...(o
      ? {
          outcome:
            o.kind === 'permanency'
              ? { kind: o.kind, type: o.type, finalisedOn: o.on, ...recorded }
              : o.kind === 'exit'
                ? { kind: o.kind, type: o.type, exitedOn: o.on, ...recorded }
                : { kind: 'in-care', ...recorded },
        }
      : {}),
    roundtableIds: c.roundtables.map((r) => r.id),
    createdAt: first?.createdAt,
    updatedAt: at(800),
  };
}
