import assert from 'node:assert/strict';
import { retryOnConflict, withEtagRetry } from '../../bot/roundtable/etag-retry.js';
import { isIsoDate } from '../../bot/roundtable/input.js';
import { acceptsNow, navigationTarget, phaseAccepts } from '../../bot/roundtable/navigation.js';
import { fail, ok } from '../../bot/roundtable/outcome.js';
import { initialPhases } from '../../bot/roundtable/phases.js';
import { EtagConflict } from '../../bot/roundtable/ports.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import type { Roundtable } from '../../bot/roundtable/types.js';

function roundtable(sequence: 'standard' | 'followup', phaseIndex: number): Roundtable {
  return {
    id: 'rt-1',
    caseAlias: 'J.T.',
    status: 'active',
    phaseIndex,
    revision: 1,
    phases: initialPhases(DEFAULT_SETTINGS, sequence),
    startedBy: { id: 'fac', name: 'F' },
    facilitatorIds: ['fac'],
    roster: [],
    anonymous: false,
    chat: { conversationId: 'chat-1', serviceUrl: 'http://x', reference: {} },
    cardIds: {},
    createdAt: '2026-01-01T09:00:00.000Z',
  };
}

describe('phase rules (navigation.ts)', () => {
  it('each contribution kind belongs to one phase', () => {
    assert.deepEqual(phaseAccepts('clarify'), ['question', 'answer']);
    assert.deepEqual(phaseAccepts('welcome'), []);
    assert.deepEqual(phaseAccepts('review'), []);
    assert.equal(acceptsNow(roundtable('followup', 2), 'idea'), true);
    assert.equal(acceptsNow(roundtable('standard', 2), 'idea'), false);
    assert.equal(acceptsNow({ ...roundtable('followup', 2), status: 'ended' }, 'idea'), false);
  });

  it('navigation stays within the roundtable’s own sequence', () => {
    assert.deepEqual(navigationTarget(roundtable('followup', 3), 'next'), ok(4));
    assert.equal(navigationTarget(roundtable('followup', 4), 'next').ok, false);
    assert.equal(navigationTarget(roundtable('standard', 0), 'back').ok, false);
    assert.deepEqual(navigationTarget(roundtable('standard', 5), 5), ok(5, 'Already in phase 6: Debrief.'));
    assert.equal(navigationTarget(roundtable('followup', 0), 5).ok, false);
  });
});

describe('one etag loop (etag-retry.ts)', () => {
  it('retries only on EtagConflict, as many times as asked, then gives up its own way', async () => {
    let calls = 0;
    const given = await retryOnConflict(
      async () => {
        calls++;
        throw new EtagConflict('doc');
      },
      { attempts: 3, backoff: false, exhausted: () => 'gave up' },
    );
    assert.equal(given, 'gave up');
    assert.equal(calls, 3);
    await assert.rejects(
      retryOnConflict(
        async () => {
          throw new Error('outage');
        },
        { attempts: 3, exhausted: () => 'never' },
      ),
      /outage/,
    );
  });

  it('withEtagRetry returns the attempt that wins, or busy after 8 lost races', async () => {
    let calls = 0;
    const won = await withEtagRetry(async () => {
      calls++;
      if (calls < 3) throw new EtagConflict('doc');
      return ok(calls);
    });
    assert.deepEqual(won, ok(3));
    calls = 0;
    const lost = await withEtagRetry(async () => {
      calls++;
      throw new EtagConflict('doc');
    });
    assert.equal(calls, 8);
    assert.deepEqual(lost, fail('busy', 'Many changes arrived at once; please try again.'));
  });
});

describe('input checks (input.ts)', () => {
  it('one ISO date check', () => {
    assert.equal(isIsoDate('2026-02-28'), true);
    assert.equal(isIsoDate('2026-02-30x'), false);
    assert.equal(isIsoDate('2026-13-01'), false);
    assert.equal(isIsoDate(20260101), false);
  });
});
