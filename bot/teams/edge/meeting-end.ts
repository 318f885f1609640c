import { type Lang, REFERENCE_LANGUAGE, t } from '../../i18n/text.js';
import type { DomainContext } from '../../roundtable/context.js';
import { currentPhase, PHASE_INFO } from '../../roundtable/phases.js';
import { forChat } from '../../roundtable/roundtables.js';
import type { Roundtable } from '../../roundtable/types.js';
import { phaseLabelIn } from '../handlers/reply-lang.js';

/**
 * What the facilitator is told when the Teams meeting ends while the roundtable is unfinished:
 * where it stopped, what is left, and how to continue, in `lang` (the agency's: the meeting chat reads it).
 * Undefined when there is nothing to say.
 */
export function unfinishedRoundtableMessage(
  rt: Roundtable | undefined,
  lang: Lang = REFERENCE_LANGUAGE,
): string | undefined {
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
    t(lang, 'chat:meetingEnd.stopped', { alias: rt.caseAlias, phase: phaseLabelIn(lang, rt, here.key) }),
  ];
  if (ahead.length) lines.push(t(lang, 'chat:meetingEnd.ahead', { phases: ahead.join(', ') }));
  if (skipped.length) lines.push(t(lang, 'chat:meetingEnd.skipped', { phases: skipped.join(', ') }));
  lines.push(
    t(lang, 'chat:meetingEnd.howToContinue', {
      facilitators: facilitators || t(lang, 'chat:meetingEnd.facilitator'),
    }),
  );
  return lines.join('\n\n');
}

/** The message for the chat's roundtable when its meeting ends (undefined: none, or nothing to say). */
export async function meetingEndMessage(
  domain: DomainContext,
  conversationId: string,
): Promise<string | undefined> {
  return unfinishedRoundtableMessage(
    await forChat(domain, conversationId),
    domain.settings.language ?? REFERENCE_LANGUAGE,
  );
}
