import type { DomainContext } from '../../roundtable/context.js';
import { currentPhase, PHASE_INFO, phaseLabel } from '../../roundtable/phases.js';
import { forChat } from '../../roundtable/roundtables.js';
import type { Roundtable } from '../../roundtable/types.js';

/**
 * What the facilitator is told when the Teams meeting ends while the roundtable is unfinished:
 * where it stopped, what is left, and how to continue. Undefined when there is nothing to say.
 */
export function unfinishedRoundtableMessage(rt: Roundtable | undefined): string | undefined {
  if (rt?.status !== 'active') return undefined;
  const here = currentPhase(rt);
  const ahead = rt.phases.slice(rt.phaseIndex + 1).map((p) => PHASE_INFO[p.key].title);
  const skipped = rt.phases
    .slice(0, rt.phaseIndex)
    .filter((p) => !p.visited)
    .map((p) => PHASE_INFO[p.key].title);
  const facilitators = rt.roster
    .filter((r) => rt.facilitatorIds.includes(r.id))
    .map((r) => r.name)
    .join(', ');
  const lines = [
    `The meeting has ended, but the roundtable for ${rt.caseAlias} is not finished: it stopped in ${phaseLabel(rt, here.key)}.`,
  ];
  if (ahead.length) lines.push(`Still to do: ${ahead.join(', ')}.`);
  if (skipped.length) lines.push(`Skipped so far: ${skipped.join(', ')}.`);
  lines.push(
    `${facilitators || 'Facilitator'}: everything entered so far is saved. To continue, type \`@Roundtable status\` in this chat ` +
      '(or open the Roundtable side panel at the next meeting) and carry on with `@Roundtable next`; ' +
      'to close it now, post the plan summary and send the step owners and the supervisor their 1:1 hand-over, ' +
      'type `@Roundtable end`.',
  );
  return lines.join('\n\n');
}

/** The message for the chat's roundtable when its meeting ends (undefined: none, or nothing to say). */
export async function meetingEndMessage(
  domain: DomainContext,
  conversationId: string,
): Promise<string | undefined> {
  return unfinishedRoundtableMessage(await forChat(domain, conversationId));
}
