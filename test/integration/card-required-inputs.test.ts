/**
 * Required fields, derived from the server's own checks. On each form of a real roundtable's cards, every
 * input of the form is left empty in turn (the others filled with valid values) and the form's button is
 * pressed: where the server refuses, the card must mark the input `isRequired` with an `errorMessage` (so Teams
 * validates it before sending); where the server accepts, the card must not require it. Adaptive Cards
 * validates every input in a button's scope, hidden or not (checked here with the adaptivecards library
 * itself), so an input that another form's button also sees may not be required: it would hold that button
 * back. Those inputs stay server-checked only, and no button of any card is held back by an input its verb
 * does not need.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { FORM_REFRESH, VERBS } from '../../cards/contract.js';
import { people } from '../support/activities.js';
import { actions, type Card, Harness, type PostedCard } from '../support/harness.js';

// `require('adaptivecards')` fails on Node 20 (extensionless ESM imports in its lib build); the dist bundle works.
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');
type AcInput = InstanceType<typeof AC.Input>;
type AcAction = InstanceType<typeof AC.ExecuteAction>;
type Json = Record<string, unknown>;

const { facilitator: fac, caseworker: cw, supervisor: sup, leader } = people;
const inDays = (n: number) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

/** Every Action.Execute of a card (in the body, the card's actions and ShowCards), parsed by the adaptivecards library. */
function parse(card: Card): { executes: AcAction[] } {
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, new AC.SerializationContext(new AC.Version(1, 5)));
  const executes: AcAction[] = [];
  type ActionOwner = {
    getActionCount(): number;
    getActionAt(i: number): InstanceType<typeof AC.Action> | undefined;
  };
  const visitActions = (owner: ActionOwner) => {
    for (let i = 0; i < owner.getActionCount(); i++) {
      const a = owner.getActionAt(i);
      if (a instanceof AC.ExecuteAction) executes.push(a);
      else if (a instanceof AC.ShowCardAction) visitContainer(a.card);
    }
  };
  const visit = (el: InstanceType<typeof AC.CardElement>) => {
    if (el instanceof AC.ActionSet) visitActions(el as unknown as ActionOwner);
    if (el instanceof AC.CardElementContainer) visitContainer(el);
  };
  const visitContainer = (c: InstanceType<typeof AC.CardElementContainer>) => {
    for (let i = 0; i < c.getItemCount(); i++) visit(c.getItemAt(i));
    if (c instanceof AC.AdaptiveCard) visitActions(c as unknown as ActionOwner);
  };
  visitContainer(parsed);
  return { executes };
}

function target(a: AcAction): string | undefined {
  return ((a as unknown as { data?: Json }).data?.target as string | undefined) ?? undefined;
}

function scope(a: AcAction): AcInput[] {
  return Object.values(a.getReferencedInputs() ?? {});
}

/** A value the server accepts for this input. */
function validValue(input: AcInput): string {
  if (input instanceof AC.ChoiceSetInput) {
    const values = input.choices.map((c) => c.value).filter((v): v is string => !!v && v !== 'none');
    if (input.id === 'ideaBarrier') return 'policy';
    if (input.id === 'rolePerson') return values[0] ?? people.consultant.aadObjectId ?? people.consultant.id;
    return values[0] ?? '';
  }
  if (input instanceof AC.DateInput) return inDays(30);
  if (input instanceof AC.ToggleInput) return input.valueOn;
  if (input.id === 'caseChildren') return 'J.T., 9';
  // Unique per call: a phase's form message keeps its nonce (it is not redrawn), so the same words twice are a replay.
  return `some plain words to save (${++typed})`;
}

let typed = 0;

/** The card's own JSON for an input (to read isRequired and errorMessage as sent). */
function inputJson(card: Card, id: string): Json | undefined {
  let found: Json | undefined;
  const walk = (n: unknown) => {
    if (Array.isArray(n)) for (const c of n) walk(c);
    else if (n && typeof n === 'object') {
      const o = n as Json;
      if (o.id === id && typeof o.type === 'string' && o.type.startsWith('Input.')) found = o;
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(card);
  return found;
}

/** Whether an answered card carries an error notice (the server refused). */
function refused(answer: Card): boolean {
  return ((answer.body as Json[]) ?? []).some(
    (b) => b.type === 'Container' && b.bleed === true && b.style === 'attention',
  );
}

describe('required card inputs, derived from what the server refuses', function () {
  this.timeout(120_000);
  let h: Harness;
  /** Per verb: the inputs the server refused to do without. */
  const serverRequired = new Map<string, Set<string>>();
  /** Inputs the server requires but the card cannot mark (another form's button sees them). */
  const serverOnly: string[] = [];
  const seenCards: Card[] = [];

  before(async () => {
    // Lenient fake Teams: this test is about inputs, not pacing (the Teams-limits tests keep the strict one).
    h = await Harness.start({ teams: 'lenient' });
  });
  after(async () => {
    await h?.close();
  });

  function latestWith(verb: string, tgt?: string): PostedCard {
    const found = h
      .cards()
      .filter((c) =>
        actions(c.card).some(
          (a) => a.verb === verb && (tgt === undefined || (a.data as Json | undefined)?.target === tgt),
        ),
      )
      .at(-1);
    if (!found) throw new Error(`no card with ${verb}`);
    return found;
  }

  /** Leaves each input of the form empty in turn, then fills them all; checks the card against the answers. */
  async function probe(verb: string, who: typeof fac, tgt?: string, on?: PostedCard): Promise<void> {
    const at = () => on ?? latestWith(verb, tgt);
    const posted = at();
    seenCards.push(posted.card);
    const { executes } = parse(posted.card);
    const action = executes.find((a) => a.verb === verb && (tgt === undefined || target(a) === tgt));
    assert.ok(action, `${verb}: on the card`);
    const inputs = scope(action);
    const values = Object.fromEntries(inputs.map((i) => [i.id as string, validValue(i)]));
    const required = new Set<string>();
    for (const input of inputs) {
      const id = input.id as string;
      const without = { ...values };
      delete without[id];
      const res = await h.click(who, at(), verb, { target: tgt, inputs: without });
      assert.equal(res.body?.statusCode, 200, `${verb} without ${id}: answered ${JSON.stringify(res.body)}`);
      if (refused(res.body?.value as Card)) required.add(id);
    }
    // Fresh words: the same words again from the same form message would be a replay of a click above.
    const filled = Object.fromEntries(inputs.map((i) => [i.id as string, validValue(i)]));
    const full = await h.click(who, at(), verb, { target: tgt, inputs: filled });
    assert.ok(!refused(full.body?.value as Card), `${verb}: accepted with every input filled`);
    serverRequired.set(verb, new Set([...(serverRequired.get(verb) ?? []), ...required]));
    for (const input of inputs) {
      const id = input.id as string;
      const json = inputJson(posted.card, id);
      // Other buttons of the card that would validate this input too.
      const others = executes.filter((a) => a.verb !== verb && scope(a).some((i) => i.id === id));
      if (!required.has(id)) {
        assert.notEqual(json?.isRequired, true, `${verb}: ${id} is required on the card, not by the server`);
      } else if (others.length > 0) {
        assert.notEqual(
          json?.isRequired,
          true,
          `${verb}: ${id} would hold back ${others.map((a) => a.verb)}`,
        );
        serverOnly.push(`${verb}:${id}`);
      } else {
        assert.equal(json?.isRequired, true, `${verb}: ${id} is required by the server`);
        assert.ok(
          typeof json?.errorMessage === 'string' && json.errorMessage.length > 3,
          `${verb}: ${id} message`,
        );
        assert.equal(
          (action as unknown as { associatedInputs?: string }).associatedInputs,
          'auto',
          `${verb}`,
        );
      }
    }
  }

  /** The walk through every phase with a probe per form: once for the file, whichever test asks first. */
  let walked: Promise<void> | undefined;
  const probeEveryForm = () => {
    walked ??= walkAndProbe();
    return walked;
  };

  async function walkAndProbe(): Promise<void> {
    await h.say(fac, 'start J.T.');
    for (const [p, role] of [
      [cw, 'caseworker'],
      [sup, 'supervisor'],
      [leader, 'barrier-buster'],
    ] as const)
      await h.joinAs(p, role);
    await probe(VERBS.roleAssign, fac);

    await h.say(fac, 'next'); // present
    await probe(VERBS.caseSummary, cw);
    await probe(VERBS.fact, cw);

    await h.say(fac, 'next'); // clarify
    await probe(VERBS.question, sup);
    // The Clarify form learns of the question when its user presses "Show new questions".
    const form = latestWith(VERBS.answer);
    const again = await h.click(cw, form, VERBS.refresh, { target: FORM_REFRESH });
    await probe(VERBS.answer, cw, undefined, {
      activityId: form.activityId,
      card: again.body?.value as Card,
    });

    await h.say(fac, 'next'); // brainstorm
    await probe(VERBS.idea, sup);
    const barrier = actions(latestWith(VERBS.barrierSolved).card).find((a) => a.verb === VERBS.barrierSolved);
    const barrierId = (barrier?.data as Json | undefined)?.target as string;
    await probe(VERBS.barrierDecision, leader, barrierId);
    await probe(VERBS.barrierNone, leader, barrierId);
    await probe(VERBS.barrierSolved, leader, barrierId);
    // Once answered, replacing the answer needs "Replace the saved answer" ticked: probed again.
    await probe(VERBS.barrierDecision, leader, barrierId);

    await h.say(fac, 'next'); // plan
    await probe(VERBS.goals, cw);
    await probe(VERBS.step, cw);
    await probe(VERBS.stepChange, cw);

    await h.say(fac, 'next'); // debrief
    await probe(VERBS.debrief, cw);
  }

  it('every input the server requires is required on the card, where no other button sees it', async () => {
    await probeEveryForm();
    console.log(`      server-checked only (another button sees them): ${serverOnly.join(', ')}`);
    assert.ok(serverRequired.get(VERBS.step)?.has('stepOwner'), 'the probe found what the server requires');
  });

  it('no button of any card is held back by a required input its verb does not need', async () => {
    await probeEveryForm();
    const cards = [...seenCards, ...h.cards().map((c) => c.card)];
    assert.ok(cards.length > 10);
    for (const card of cards) {
      for (const a of parse(card).executes) {
        const needed = serverRequired.get(a.verb) ?? new Set<string>();
        for (const input of scope(a)) {
          if (!input.isRequired) continue;
          assert.ok(needed.has(input.id as string), `${a.verb} would be held back by ${input.id}`);
        }
      }
    }
  });
});
