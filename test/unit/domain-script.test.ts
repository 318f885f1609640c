/**
 * The roundtable domain as a script, without HTTP or Teams: each step is a call of a domain operation
 * and the outcome (value, notice or failure) it must give. Storage is the in-memory adapter
 * (bot/store/memory), which passes the same contract suites as the Cosmos stores (test/contract).
 */
import assert from 'node:assert/strict';
import { type DomainContext, domainContext } from '../../bot/roundtable/context.js';
import { contribute } from '../../bot/roundtable/contributions.js';
import { navigate, startRoundtable } from '../../bot/roundtable/lifecycle.js';
import { phaseState, phaseStates } from '../../bot/roundtable/navigation.js';
import type { Outcome } from '../../bot/roundtable/outcome.js';
import type { Actor } from '../../bot/roundtable/permissions.js';
import { parsePhase } from '../../bot/roundtable/phases.js';
import { answerRoleRequest, assignRole } from '../../bot/roundtable/roles.js';
import {
  endRoundtable,
  getRoundtable,
  joinRoundtable,
  roundtableView,
} from '../../bot/roundtable/roundtables.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import type { ChatAddress, Roundtable } from '../../bot/roundtable/types.js';
import { memoryStores } from '../../bot/store/memory/memory-stores.js';
import { uid } from '../contract/fixtures.js';

const T0 = Date.parse('2026-11-23T09:00:00Z');

/** The value of a successful outcome (and its notice); fails the test with the failure otherwise. */
function value<T>(outcome: Outcome<T>, notice?: string): T {
  if (!outcome.ok) assert.fail(`expected ok, got ${outcome.failure.code}: ${outcome.failure.message}`);
  assert.equal(outcome.notice, notice);
  return outcome.value;
}

/** Expects a failure with this code (and message, when given). */
function failure(outcome: Outcome<unknown>, code: string, message?: string): void {
  assert.equal(outcome.ok, false, 'expected a failure');
  if (outcome.ok) return;
  assert.equal(outcome.failure.code, code);
  if (message !== undefined) assert.equal(outcome.failure.message, message);
}

describe('domain script: a roundtable without HTTP', () => {
  let domain: DomainContext;
  let clock = T0;
  let chat: ChatAddress;
  const person = (id: string): Actor => ({ person: { id, name: id }, conversationId: chat.conversationId });

  before(() => {
    const stores = memoryStores();
    domain = domainContext({
      store: stores.roundtables,
      records: stores.records,
      programme: stores.programme,
      children: stores.children,
      settings: DEFAULT_SETTINGS,
      now: () => new Date(clock),
    });
  });
  beforeEach(() => {
    chat = { conversationId: uid('19:meeting'), serviceUrl: 'http://localhost', reference: {} };
    clock = T0;
  });

  it('start → join → next → contribute an idea', async () => {
    const fran = person('fran');
    const casey = person('casey');
    const max = person('max');

    const rt = value(await startRoundtable(domain, fran, 'J.T.', chat));
    assert.equal(rt.caseAlias, 'J.T.');
    assert.deepEqual(
      rt.roster.map((r) => [r.id, r.role]),
      [['fran', 'facilitator']],
    );
    failure(await startRoundtable(domain, fran, 'K.L.', chat), 'already-running');

    // Roles are given, not taken: asking for caseworker is a request until a facilitator confirms it.
    value(
      await joinRoundtable(domain, casey, rt.id, 'caseworker'),
      'You are on the roster as participant. You asked to be caseworker: a facilitator confirms it on the Welcome card.',
    );
    failure(await answerRoleRequest(domain, casey, rt.id, 'casey', true), 'forbidden');
    value(await answerRoleRequest(domain, fran, rt.id, 'casey', true), 'casey is now caseworker.');
    value(await joinRoundtable(domain, casey, rt.id, 'caseworker'), 'You are on the roster as caseworker.');
    value(await joinRoundtable(domain, max, rt.id, 'scribe'), 'Joined as scribe.');
    value(await assignRole(domain, fran, rt.id, max.person, 'consultant'), 'max is now consultant.');

    failure(
      await contribute(domain, max, rt.id, { kind: 'idea', questionKey: 'q1', text: 'Ask the aunt' }, 'k1'),
      'closed',
      'Brainstorm is not open now; the roundtable is in phase 1: Welcome and overview.',
    );
    failure(await navigate(domain, max, rt.id, 'next'), 'forbidden');
    failure(
      await navigate(domain, fran, rt.id, 'back'),
      'invalid',
      'The welcome is the first phase; there is nothing before it.',
    );
    failure(await navigate(domain, fran, rt.id, 'next', rt.revision), 'stale');

    const current = (await getRoundtable(domain, rt.id)) as Roundtable;
    const presenting = value(await navigate(domain, fran, rt.id, 'next', current.revision));
    assert.equal(presenting.phases[presenting.phaseIndex]?.key, 'present');
    value(await navigate(domain, fran, rt.id, 1), 'Already in phase 2: Present the case.');

    const brainstorm = parsePhase(
      'brainstorm',
      presenting.phases.map((p) => p.key),
    );
    assert.equal(brainstorm, 3);
    clock += 60_000;
    value(await navigate(domain, fran, rt.id, brainstorm as number));

    const idea = value(
      await contribute(domain, max, rt.id, { kind: 'idea', questionKey: 'q1', text: 'Ask the aunt' }, 'k1'),
    );
    assert.equal(idea.kind, 'idea');
    assert.equal(idea.author.id, 'max');
    const replay = value(
      await contribute(domain, max, rt.id, { kind: 'idea', questionKey: 'q1', text: 'Ask the aunt' }, 'k1'),
      'Already saved.',
    );
    assert.equal(replay.id, idea.id);

    const view = await roundtableView(domain, rt.id);
    assert.deepEqual(
      view?.contributions.map((c) => c.id),
      [idea.id],
    );
    const states = phaseStates(view?.roundtable as Roundtable);
    assert.deepEqual(
      states.map((s) => [s.key, s.visited, s.isCurrent]),
      [
        ['welcome', true, false],
        ['present', true, false],
        ['clarify', false, false],
        ['brainstorm', true, true],
        ['plan', false, false],
        ['debrief', false, false],
      ],
    );
    assert.deepEqual(
      states.filter((s) => s.reached).map((s) => s.key),
      ['welcome', 'present', 'clarify', 'brainstorm'],
      'reached = the current phase or one before it, skipped ones included',
    );
    assert.deepEqual(phaseState(view?.roundtable as Roundtable, 'brainstorm')?.accepts, ['idea']);
  });

  it("a follow-up roundtable's phases: brainstorm is reached by key, not by position", async () => {
    const fran = person('fran');
    const first = value(await startRoundtable(domain, fran, 'J.T.', chat));
    value(await endRoundtable(domain, fran, first.id, true));

    const rt = value(
      await startRoundtable(domain, fran, 'J.T.', chat, { sequence: 'followup', followUpOf: first.id }),
    );
    const keys = rt.phases.map((p) => p.key);
    assert.deepEqual(keys, ['welcome', 'review', 'brainstorm', 'plan', 'debrief']);
    const before = phaseState(rt, 'brainstorm');
    assert.deepEqual(
      { index: before?.index, number: before?.number, reached: before?.reached, accepts: before?.accepts },
      { index: 2, number: 3, reached: false, accepts: ['idea'] },
    );
    assert.equal(phaseState(rt, 'present'), undefined);
    assert.deepEqual(
      phaseStates(rt).map((s) => [s.key, s.canBack, s.canNext]),
      [
        ['welcome', false, true],
        ['review', true, true],
        ['brainstorm', true, true],
        ['plan', true, true],
        ['debrief', true, false],
      ],
    );

    const moved = value(await navigate(domain, fran, rt.id, parsePhase('brainstorm', keys) as number));
    const now = phaseState(moved, 'brainstorm');
    assert.equal(now?.isCurrent, true);
    assert.equal(now?.reached, true);
    assert.equal(now?.open, true);
    value(
      await contribute(domain, fran, rt.id, { kind: 'idea', questionKey: 'q2', text: 'Respite care' }, 'k'),
    );

    const last = value(await navigate(domain, fran, rt.id, keys.indexOf('debrief')));
    failure(
      await navigate(domain, fran, rt.id, 'next', last.revision),
      'invalid',
      'The debrief is the last phase. Use `end` to close the roundtable.',
    );
    const ended = value(await endRoundtable(domain, fran, rt.id, true));
    assert.deepEqual(
      phaseStates(ended).map((s) => [s.key, s.open, s.canBack, s.canNext]),
      [
        ['welcome', false, false, false],
        ['review', false, false, false],
        ['brainstorm', false, false, false],
        ['plan', false, false, false],
        ['debrief', false, false, false],
      ],
    );
  });
});
