/**
 * The youth-centred roundtable's rules (#29) on plain data: its questions replace the standard ones only for a
 * youth-centred roundtable, the agency overrides them in AGENCY_SETTINGS_FILE, and its two fidelity lines say how
 * the youth took part and who recorded the choice of support person.
 */
import assert from 'node:assert/strict';
import { ConfigError, loadSettings } from '../../bot/config.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import type { Roundtable, YouthGoal } from '../../bot/roundtable/types.js';
import { DEFAULT_YOUTH_SETTINGS } from '../../bot/roundtable/youth-agenda.js';
import { questionsOf, settingsFor, youthFidelity } from '../../bot/roundtable/youth-rules.js';

const fac = { id: '29:fac', name: 'Fiona Facilitator' };
const youth = { id: '29:youth', name: 'Yara Youth' };
const helper = { id: '29:helper', name: 'Hal Helper' };
const at = '2026-12-06T10:00:00.000Z';

/** What youthFidelity reads of a roundtable. */
function rt(parts: Partial<Roundtable>): Roundtable {
  return {
    id: 'rt-1',
    caseAlias: 'Y.T.',
    status: 'active',
    phaseIndex: 0,
    revision: 1,
    phases: [],
    startedBy: fac,
    facilitatorIds: [fac.id],
    roster: [{ ...fac, role: 'facilitator', joinedAt: at }],
    anonymous: false,
    chat: { conversationId: 'c', serviceUrl: 'https://x', reference: {} },
    cardIds: {},
    createdAt: at,
    youthCentred: true,
    ...parts,
  };
}
const goal = (source: YouthGoal['source']): YouthGoal => ({
  id: `goal-${source}`,
  text: 'Stay at my school',
  source,
  by: source === 'facilitator' ? fac : youth,
  at,
});

describe('youth-centred rules: questions, settings, fidelity', () => {
  it('a youth-centred roundtable asks the youth-centred questions; any other the standard ones', () => {
    assert.deepEqual(questionsOf({ youthCentred: true }, DEFAULT_SETTINGS), DEFAULT_YOUTH_SETTINGS.questions);
    assert.deepEqual(questionsOf({}, DEFAULT_SETTINGS), DEFAULT_SETTINGS.questions);
    assert.equal(settingsFor({}, DEFAULT_SETTINGS), DEFAULT_SETTINGS);
    assert.equal(settingsFor({ youthCentred: true }, DEFAULT_SETTINGS).questions[1]?.key, 'y2');
    assert.equal(DEFAULT_YOUTH_SETTINGS.questions.filter((q) => q.youth).length, 1, 'one youth question');
  });

  it('AGENCY_SETTINGS_JSON `youth` overrides the parts it names; a wrong key stops the bot', () => {
    const s = loadSettings(
      undefined,
      JSON.stringify({
        youth: { questions: [{ key: 'a1', text: 'What will it take?', plain: 'What will it take?' }] },
      }),
    );
    assert.deepEqual(
      s.youth?.questions.map((q) => q.key),
      ['a1'],
    );
    assert.equal(s.youth?.welcomeTitle, DEFAULT_YOUTH_SETTINGS.welcomeTitle, 'the rest keeps the defaults');
    assert.equal(loadSettings(undefined, '{}').youth, undefined);
    assert.throws(() => loadSettings(undefined, JSON.stringify({ youth: { agenda: [] } })), ConfigError);
    assert.throws(() => loadSettings(undefined, JSON.stringify({ youth: { title: 'x' } })), ConfigError);
  });

  it('fidelity: the youth took part (on the roster, or their words), the youth chose the support person', () => {
    assert.deepEqual(youthFidelity(rt({ youthCentred: false })), []);
    const none = youthFidelity(rt({}));
    assert.deepEqual(
      none.map((i) => [i.label, i.ok]),
      [
        ['The youth took part', false],
        ['The youth chose the support person', false],
      ],
    );
    const written = youthFidelity(rt({ youthGoals: [goal('facilitator')] }));
    assert.equal(written[0]?.ok, true);
    assert.match(written[0]?.detail ?? '', /written down by a facilitator/);
    assert.match(
      youthFidelity(rt({ youthGoals: [goal('guest')] }))[0]?.detail ?? '',
      /without an agency account/,
    );
    const full = youthFidelity(
      rt({
        roster: [
          { ...fac, role: 'facilitator', joinedAt: at },
          { ...youth, role: 'youth', joinedAt: at },
          { ...helper, role: 'support-person', joinedAt: at },
        ],
        supportChosen: { personId: helper.id, how: 'facilitator', by: fac, at },
      }),
    );
    assert.deepEqual(
      full.map((i) => [i.ok, i.detail]),
      [
        [true, 'the youth is on the roster'],
        [true, 'a facilitator confirmed the youth chose them'],
      ],
    );
    // The support person removed from the chat (or given another role): the line no longer passes.
    const gone = youthFidelity(
      rt({
        roster: [{ ...helper, role: 'support-person', joinedAt: at }],
        removedIds: [helper.id],
        supportChosen: { personId: helper.id, how: 'youth', by: youth, at },
      }),
    );
    assert.equal(gone[1]?.ok, false);
  });
});
