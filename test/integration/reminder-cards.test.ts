/**
 * What the scheduled 1:1 reminder cards say, over HTTP under a fake clock: every one says when the plan's next
 * review is due (as `my steps` does); the supporter chosen on a step ("Supported by") is reminded too.
 */
import assert from 'node:assert/strict';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { PlanStep } from '../../bot/roundtable/types.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { MEETING_CHAT_ID, people } from '../support/activities.js';
import { TestClock } from '../support/clock.js';
import { endedWithSteps } from '../support/ended-roundtable.js';
import { cardText, Harness, invokeCard } from '../support/harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup } = people;

/** The input `id` of a card (in its body or its ShowCards). */
function findInput(card: Record<string, unknown>, id: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (n: unknown) => {
    if (Array.isArray(n)) for (const c of n) walk(c);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.id === id && typeof o.type === 'string' && o.type.startsWith('Input.')) found = o;
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(card);
  return found;
}

describe('reminder cards', function () {
  this.timeout(60_000);
  let h: Harness;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock();
    h = await Harness.start({ now: clock.now, storage: 'memory', teams: 'lenient' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('every scheduled 1:1 reminder card says when the next review is due', async () => {
    await endedWithSteps(h, [{ text: 'Ask the aunt about guardianship', owner: cw, due: '2026-12-03' }]);
    const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
    assert.ok(rt?.endedAt, 'the roundtable ended');
    const every = h.app.followUp.settings.reviewEveryDays;
    const due = new Date(Date.parse(rt.endedAt) + every * 86_400_000).toISOString().slice(0, 10);
    const line = new RegExp(`Next plan review due ${due}`);

    // The hand-over at `end`: the owner's steps and the whole plan to the supervisor.
    const handOver = [...h.personalCards().values()].flat();
    assert.ok(handOver.length >= 2, 'hand-over cards were sent');
    for (const c of handOver) assert.match(cardText(c.card), line);

    // The scheduled ones: coming up, due today, overdue.
    for (const [at, heading] of [
      ['2026-11-30T14:00:00Z', /Coming up/],
      ['2026-12-03T14:30:00Z', /Due today/],
      ['2026-12-04T14:00:00Z', /Overdue/],
    ] as const) {
      clock.set(at);
      assert.equal((await h.app.scheduler.tick()).sent, 1, `one reminder at ${at}`);
      const text = cardText(h.personalCards().get(cw.id)?.at(-1)?.card ?? {});
      assert.match(text, heading);
      assert.match(text, line, `${heading}: the next review`);
    }
  });
});

describe('"Supported by" chooses a roster person', function () {
  this.timeout(60_000);
  let h: Harness;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock();
    h = await Harness.start({ now: clock.now, storage: 'memory', teams: 'lenient' });
    await h.say(fac, 'start J.T.');
    await h.joinAs(cw, 'caseworker');
    await h.joinAs(sup, 'supervisor');
    await h.say(fac, 'go plan');
  });
  afterEach(async () => {
    await h.close();
  });

  const steps = async () =>
    (await roundtableView(
      h.app.domain,
      (await forChat(h.app.domain, MEETING_CHAT_ID))!.id,
    ))!.contributions.filter((c): c is PlanStep => c.kind === 'step');

  it('the supporter is picked from the roster, saved as a person without a name warning, and reminded by id', async () => {
    const form = h.lastCard();
    const picker = findInput(form.card, INPUTS.stepSupporter);
    assert.equal(picker?.type, 'Input.ChoiceSet', '"Supported by" is a list, not free text');
    const values = ((picker?.choices as Record<string, unknown>[]) ?? []).map((c) => c.value);
    assert.ok(values.includes(sup.id) && values.includes(cw.id), 'the roster is offered');

    // "Sana Supervisor" looks like a full name, but she is a roster person chosen from the list: no warning.
    const saved = invokeCard(
      await h.click(cw, form, VERBS.step, {
        inputs: {
          [INPUTS.stepText]: 'Visit the group home',
          [INPUTS.stepOwner]: cw.id,
          [INPUTS.stepDue]: '2026-12-03',
          [INPUTS.stepSupporter]: sup.id,
        },
      }),
    );
    assert.match(cardText(saved), /Saved: step added/);
    assert.doesNotMatch(cardText(saved), /full name|Keep as written/i);
    const visit = (await steps()).find((s) => s.text === 'Visit the group home');
    assert.ok(visit && typeof visit.supporter === 'object', 'stored as a person');
    assert.equal(visit.supporter.id, sup.id);
    assert.match(cardText(h.lastCard().card), /supported by Sana Supervisor/);

    // After the roundtable, the pre-due reminder reaches the supporter as well as the owner.
    await h.say(fac, 'end confirm');
    clock.set('2026-11-30T14:00:00Z');
    await h.app.scheduler.drain();
    const toSupporter = (h.personalCards().get(sup.id) ?? []).map((c) => cardText(c.card));
    assert.ok(
      toSupporter.some((t) => /Coming up/.test(t) && /Visit the group home/.test(t)),
      `the supporter is reminded: ${toSupporter.join('\n---\n')}`,
    );
  });

  it('a name that is not on the roster is refused clearly; an older free-text supporter still shows', async () => {
    const refused = invokeCard(
      await h.click(cw, h.lastCard(), VERBS.step, {
        inputs: {
          [INPUTS.stepText]: 'Call the school',
          [INPUTS.stepOwner]: cw.id,
          [INPUTS.stepDue]: '2026-12-03',
          [INPUTS.stepSupporter]: 'someone-not-here',
        },
      }),
    );
    assert.match(cardText(refused), /Choose who supports the step from the list/);
    assert.equal((await steps()).filter((s) => s.text === 'Call the school').length, 0, 'nothing stored');

    // A step saved before the picker holds free text: shown as it was typed, never a crash.
    const ftm = (await steps()).find((s) => s.suggested === 'family-team-meeting');
    assert.ok(ftm);
    const found = await h.stores.roundtables.getContribution(ftm.roundtableId, ftm.id);
    assert.ok(found);
    await h.stores.roundtables.replaceContribution({ ...ftm, supporter: 'the school nurse' }, found.etag);
    await h.say(fac, 'status');
    await h.say(fac, 'go debrief');
    await h.say(fac, 'go plan');
    assert.match(cardText(h.lastCard().card), /supported by the school nurse/);
  });
});
