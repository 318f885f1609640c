import { randomUUID } from 'node:crypto';
import type { ChatPointer, PlanStep, Roundtable } from '../../bot/roundtable/types.js';

/** Ids unique to this run, so the suites can also run against a shared real Cosmos database. */
export function uid(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** A plain roundtable document (no undefined fields: stored JSON drops them). */
export function roundtable(over: Partial<Roundtable> = {}): Roundtable {
  const id = over.id ?? uid('rt');
  return {
    id,
    caseAlias: 'J.T.',
    status: 'active',
    phaseIndex: 0,
    revision: 1,
    phases: [{ key: 'welcome', plannedMinutes: 10, spentMs: 0, visited: true }],
    startedBy: { id: 'fac', name: 'F' },
    facilitatorIds: ['fac'],
    roster: [{ id: 'fac', name: 'F', role: 'facilitator', joinedAt: '2026-01-01T09:00:00.000Z' }],
    anonymous: false,
    chat: { conversationId: uid('chat'), serviceUrl: 'http://localhost', reference: {} },
    cardIds: {},
    createdAt: '2026-01-01T09:00:00.000Z',
    ...over,
  };
}

export function chatPointer(roundtableId: string): ChatPointer {
  return { conversationId: uid('19:meeting'), roundtableId, history: [roundtableId] };
}

/** A plan step owned by `ownerId`. */
export function step(roundtableId: string, ownerId: string, over: Partial<PlanStep> = {}): PlanStep {
  return {
    id: uid('c'),
    roundtableId,
    kind: 'step',
    author: { id: ownerId, name: 'Owner' },
    text: 'Ask the aunt about guardianship',
    owner: { id: ownerId, name: 'Owner' },
    dueDate: '2026-02-01',
    status: 'not-started',
    createdAt: '2026-01-01T09:00:00.000Z',
    updatedAt: '2026-01-01T09:00:00.000Z',
    ...over,
  };
}
