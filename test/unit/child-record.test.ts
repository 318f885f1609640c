/**
 * The child record's rules without HTTP (#25): outcomes validated per child (the court's date, never in the
 * future), the plan-wide `closed` derived from the children, the child view over stored records and older plans
 * (migration), replayed writes that add nothing, and a deleted roundtable leaving the children's records.
 * In-memory stores (they pass the same contract suite as the Cosmos ones).
 */
import assert from 'node:assert/strict';
import { deriveChildViews } from '../../bot/roundtable/child-derived.js';
import { closedFromChildren, parseChildOutcome } from '../../bot/roundtable/child-outcome.js';
import {
  appendChildRatings,
  type ChildDeps,
  ensureChildRecords,
  forgetRoundtableInChildren,
  readChild,
  recordChildOutcomes,
} from '../../bot/roundtable/child-record.js';
import type { ChildOutcome } from '../../bot/roundtable/child-types.js';
import type { ActionPlan, Person, PlanStep, Roundtable } from '../../bot/roundtable/types.js';
import { memoryStores } from '../../bot/store/memory/memory-stores.js';

const NOW = new Date('2026-12-06T10:00:00.000Z');
const by: Person = { id: 'cw', name: 'Carlos Caseworker' };

function roundtable(id: string, extra: Partial<Roundtable> = {}): Roundtable {
  return {
    id,
    caseAlias: 'K.B.',
    status: 'ended',
    createdAt: '2026-06-01T10:00:00.000Z',
    endedAt: '2026-06-01T12:00:00.000Z',
    startedBy: by,
    chat: { conversationId: 'c', serviceUrl: 'https://x', tenantId: 'T1', reference: {} },
    ...extra,
  } as Roundtable;
}

describe('child record (#25): outcomes, the child view and its migration, idempotent writes', () => {
  it('an outcome of legal permanency needs the court’s date, not in the future; an “other” exit a reason', () => {
    const parse = (outcome: string, date?: string, reason?: string) =>
      parseChildOutcome('A.B.', { outcome, date, reason }, by, NOW);
    const missing = parse('permanency:adoption');
    assert.ok(!missing.ok && /date the court finalised A\.B\.'s adoption/.test(missing.failure.message));
    const future = parse('permanency:adoption', '2026-12-09');
    assert.ok(!future.ok && /in the future/.test(future.failure.message));
    const garbled = parse('permanency:adoption', '6 Dec 2026');
    assert.ok(!garbled.ok && /YYYY-MM-DD/.test(garbled.failure.message));
    const adopted = parse('permanency:adoption', '2026-12-06');
    assert.ok(adopted.ok);
    assert.deepEqual(adopted.value, {
      kind: 'permanency',
      type: 'adoption',
      finalisedOn: '2026-12-06',
      recordedAt: NOW.toISOString(),
      recordedBy: by,
    });
    assert.ok(!parse('exit:other').ok, 'an other exit says why');
    const ran = parse('exit:ran-away');
    assert.ok(ran.ok && ran.value?.kind === 'exit' && ran.value.exitedOn === undefined);
    assert.ok(!parse('exit:vanished').ok);
    assert.ok(!parse('adoption').ok);
    const none = parse('');
    assert.ok(none.ok && none.value === undefined);
  });

  it('the plan closes only when no child is still in care; its `closed` comes from the children', () => {
    const at = NOW.toISOString();
    const adoption: ChildOutcome = {
      kind: 'permanency',
      type: 'adoption',
      finalisedOn: '2026-10-02',
      recordedAt: at,
      recordedBy: by,
    };
    const agedOut: ChildOutcome = { kind: 'exit', type: 'aged-out', recordedAt: at, recordedBy: by };
    const inCare: ChildOutcome = { kind: 'in-care', recordedAt: at, recordedBy: by };
    assert.equal(closedFromChildren(['A', 'B'], { A: adoption }, by, at), undefined);
    assert.equal(closedFromChildren(['A', 'B'], { A: adoption, B: inCare }, by, at), undefined);
    assert.equal(closedFromChildren(['A', 'B'], { A: agedOut, B: adoption }, by, at)?.outcome, 'adoption');
    const exits = closedFromChildren(['A', 'B'], { A: agedOut, B: agedOut }, by, at);
    assert.equal(exits?.outcome, 'other');
    assert.match(exits?.reason ?? '', /A: aged-out, B: aged-out/);
  });

  it('old plans: ratings and a closed outcome derived (no court date), APPLA still in care, unknowns “not recorded”', () => {
    const first = roundtable('rt-1');
    const second = roundtable('rt-2', { followUpOf: 'rt-1', createdAt: '2026-09-01T10:00:00.000Z' });
    const old: ActionPlan = { ratings: { 'A.B.': 'fair', 'C.B.': 'poor' }, draft: false };
    const reviewed: ActionPlan = {
      ratings: { 'A.B.': 'good' },
      draft: false,
      ratingHistory: [{ at: '2026-10-01T09:00:00.000Z', by, ratings: { 'A.B.': 'good' } }],
      closed: { at: '2026-11-01T09:00:00.000Z', by, outcome: 'guardianship' },
    };
    const views = deriveChildViews(
      [],
      [
        { roundtable: second, plan: reviewed },
        { roundtable: first, plan: old },
      ],
    );
    assert.deepEqual(
      views.map((v) => [v.childAlias, v.recorded, v.ratings.map((r) => [r.key, r.occasion, r.roundtableId])]),
      [
        [
          'A.B.',
          false,
          [
            ['fair', 'roundtable', 'rt-1'],
            ['good', 'review', 'rt-2'],
          ],
        ],
        ['C.B.', false, [['poor', 'roundtable', 'rt-1']]],
      ],
    );
    const a = views[0]!.outcome;
    assert.ok(a?.kind === 'permanency' && a.derived === true && a.finalisedOn === undefined);
    // The closed plan names only A.B. (its ratings; no case summary): C.B.'s outcome cannot be derived.
    assert.equal(views[1]!.outcome, undefined);
    const appla = deriveChildViews(
      [],
      [{ roundtable: first, plan: { ...old, closed: { at: NOW.toISOString(), by, outcome: 'appla' } } }],
    );
    // APPLA is a planned living arrangement in care, not legal permanency: still in care.
    assert.ok(appla.every((v) => v.outcome?.kind === 'in-care'));
  });

  it('writes: a replayed rating adds nothing, the stored record wins over the plan, deletion forgets', async () => {
    const stores = memoryStores();
    const deps: ChildDeps = { children: stores.children, now: () => NOW };
    const first = roundtable('rt-1');
    const second = roundtable('rt-2', { followUpOf: 'rt-1' });
    await ensureChildRecords(deps, first, ['A.B.', 'C.B.']);
    const when = { at: first.endedAt!, by, occasion: 'roundtable' as const };
    await appendChildRatings(deps, first, { 'A.B.': 'fair' }, when);
    await appendChildRatings(deps, first, { 'A.B.': 'fair' }, when); // the job again
    await appendChildRatings(deps, second, { 'A.B.': 'good' }, { ...when, at: '2026-09-01T12:00:00.000Z' });
    let ab = await readChild(deps, 'T1', 'k.b.', 'a.b.');
    assert.deepEqual(
      ab?.ratings.map((r) => [r.key, r.roundtableId]),
      [
        ['fair', 'rt-1'],
        ['good', 'rt-2'],
      ],
    );
    assert.deepEqual(ab?.roundtableIds, ['rt-1', 'rt-2']);
    const outcome: ChildOutcome = { kind: 'in-care', recordedAt: NOW.toISOString(), recordedBy: by };
    await recordChildOutcomes(deps, second, { 'A.B.': outcome });
    const etag = (await stores.children.getChild('case-t1-k.b.', 'A.B.'))?.etag;
    await recordChildOutcomes(deps, second, { 'A.B.': { ...outcome, recordedAt: 'later' } });
    assert.equal(
      (await stores.children.getChild('case-t1-k.b.', 'A.B.'))?.etag,
      etag,
      'the same outcome: no write',
    );
    // The view: the stored ratings are not doubled by the plan's own copy of them.
    const views = deriveChildViews(await stores.children.childrenOfCase('case-t1-k.b.'), [
      { roundtable: first, plan: { ratings: { 'A.B.': 'fair' }, draft: false } },
    ]);
    assert.equal(views.find((v) => v.childAlias === 'A.B.')?.ratings.length, 2);
    // The follow-up deleted: its rating leaves; the first deleted too: the case's records go.
    await forgetRoundtableInChildren(deps, second);
    ab = await readChild(deps, 'T1', 'K.B.', 'A.B.');
    assert.deepEqual(
      ab?.ratings.map((r) => r.roundtableId),
      ['rt-1'],
    );
    assert.deepEqual(ab?.roundtableIds, ['rt-1']);
    await forgetRoundtableInChildren(deps, first);
    assert.deepEqual(await stores.children.childrenOfCase('case-t1-k.b.'), []);
  });
});

describe('child record (#25): the review card with a large sibling group', () => {
  it('twelve children with long aliases, every step: the card stays under the size budget', async () => {
    const { reviewCard } = await import('../../cards/follow-up-cards.js');
    const { cardBytes, MAX_CARD_BYTES } = await import('../../cards/kit.js');
    const { realisticView } = await import('../support/realistic-view.js');
    const view = realisticView('plan');
    const children = Array.from({ length: 12 }, (_, i) => `Child-${i}-${'x'.repeat(40)}`);
    const card = reviewCard({
      roundtable: { ...view.roundtable, status: 'ended' },
      plan: { ...view.plan, ratings: Object.fromEntries(children.map((c) => [c, 'fair'])) },
      steps: view.contributions.filter((c): c is PlanStep => c.kind === 'step'),
      children,
      settings: view.settings,
    });
    assert.ok(cardBytes(card) < MAX_CARD_BYTES, `${cardBytes(card)} bytes`);
    const text = JSON.stringify(card);
    for (const c of children) assert.ok(text.includes(`Outcome for ${c}`), c);
  });
});
