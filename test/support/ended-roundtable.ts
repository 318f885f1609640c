/** A roundtable run to its end with the plan's steps given: what the follow-up tests start from. */
import type { Person } from '../../bot/roundtable/types.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { people } from './activities.js';
import { type Harness, invokeCard } from './harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup } = people;

/**
 * `start J.T.`, the caseworker and the supervisor join, each step is added on the Plan card (by the caseworker, with
 * its supporter when it has one), and `end confirm`.
 */
export async function endedWithSteps(
  h: Harness,
  steps: { text: string; owner: Person; due: string; supporter?: string }[],
) {
  await h.say(fac, 'start J.T.');
  await h.joinAs(cw, 'caseworker');
  await h.joinAs(sup, 'supervisor');
  await h.say(fac, 'go plan');
  for (const step of steps)
    invokeCard(
      await h.click(cw, h.lastCard(), VERBS.step, {
        inputs: {
          [INPUTS.stepText]: step.text,
          [INPUTS.stepOwner]: step.owner.id,
          [INPUTS.stepDue]: step.due,
          // "Supported by": a roster person chosen from the list (its value is the person's id).
          ...(step.supporter ? { [INPUTS.stepSupporter]: step.supporter } : {}),
        },
      }),
    );
  await h.say(fac, 'end confirm');
}
