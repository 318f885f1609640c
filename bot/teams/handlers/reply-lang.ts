/**
 * The language of what a handler writes (#29 item 4): a group or meeting chat is read by everyone, so it is the
 * agency's (`settings.language`); what one person alone reads (the 1:1 chat, the answer to their click) is in
 * their Teams language (`turn.lang`).
 */
import { type Lang, REFERENCE_LANGUAGE, t } from '../../i18n/text.js';
import type { DomainContext } from '../../roundtable/context.js';
import { PHASE_INFO, phaseNumber } from '../../roundtable/phases.js';
import type { PhaseKey, Roundtable } from '../../roundtable/types.js';
import type { TurnInput } from '../routing/turn.js';

/** The agency's language: what is posted to a group or meeting chat. */
export const chatLang = (deps: { domain: Pick<DomainContext, 'settings'> }): Lang =>
  deps.domain?.settings?.language ?? REFERENCE_LANGUAGE;

/** The language of a reply in the chat the turn came from: the asker's in the 1:1 chat, else the agency's. */
export const replyLang = (
  deps: { domain: Pick<DomainContext, 'settings'> },
  turn: Pick<TurnInput, 'personal' | 'lang'>,
): Lang => (turn.personal ? (turn.lang ?? chatLang(deps)) : chatLang(deps));

/** The language of what only the clicker sees (an invoke answer): theirs. */
export const clickerLang = (
  deps: { domain: Pick<DomainContext, 'settings'> },
  turn: Pick<TurnInput, 'lang'>,
): Lang => turn.lang ?? chatLang(deps);

/** "phase 4: Brainstorm" in a language (the phase's name is the agency's word: PHASE_INFO's). */
export const phaseLabelIn = (lang: Lang, rt: Roundtable, key: PhaseKey): string =>
  t(lang, 'chat:phaseLabel', { number: String(phaseNumber(rt, key)), title: PHASE_INFO[key].title });
