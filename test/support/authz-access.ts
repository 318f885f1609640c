/**
 * The access log in the authorization matrix (test/integration/authz-matrix.test.ts): each case of a command or
 * card verb leaves its entry — allowed or refused, by the actor's object id, naming the roundtable where the
 * grant did — and no entry holds what the tester typed (docs/security.md, "Access log").
 */
import type { Database } from '@azure/cosmos';

/** An access log entry as stored (the fields the matrix asserts). */
export interface MatrixAccess {
  id: string;
  route: string;
  actorId: string;
  roundtableId?: string;
  outcome: 'allowed' | 'refused';
  kind?: string;
  code?: string;
}

/** The access log's ids so far (to tell a case's own entries). */
export async function accessIds(database: Database): Promise<Set<string>> {
  const { resources } = await database
    .container('access-log')
    .items.query<{ id: string }>('SELECT c.id FROM c')
    .fetchAll();
  return new Set(resources.map((e) => e.id));
}

/** The entries written since `seen`. */
export async function accessSince(database: Database, seen: Set<string>): Promise<MatrixAccess[]> {
  const { resources } = await database
    .container('access-log')
    .items.query<MatrixAccess>('SELECT * FROM c')
    .fetchAll();
  return resources.filter((e) => !seen.has(e.id));
}

/**
 * What a case must have left: for a denied case a refused entry of its route by its actor, for an allowed one an
 * allowed entry (naming `roundtableId` when given); nothing typed (`typed`) in any entry. A problem, or undefined.
 */
export function matrixAccessProblem(
  route: string,
  actorId: string,
  expected: 'allowed' | 'denied',
  added: MatrixAccess[],
  opts: { roundtableId?: string; typed: readonly string[] },
): string | undefined {
  const outcome = expected === 'allowed' ? 'allowed' : 'refused';
  const entry = added.find((e) => e.route === route && e.actorId === actorId && e.outcome === outcome);
  if (!entry)
    return `no ${outcome} access entry for ${route} by ${actorId} (${JSON.stringify(added.map(({ route: r, actorId: a, outcome: o, code }) => ({ r, a, o, code })))})`;
  if (outcome === 'refused' && !entry.code) return `the refused entry has no code`;
  if (opts.roundtableId && outcome === 'allowed' && entry.roundtableId !== opts.roundtableId)
    return `the access entry names ${entry.roundtableId}, not ${opts.roundtableId}`;
  const text = JSON.stringify(added);
  const leaked = opts.typed.find((t) => text.includes(t));
  return leaked ? `an access entry holds typed text (${leaked})` : undefined;
}
