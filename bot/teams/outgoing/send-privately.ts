/** Sending a card to someone's 1:1 chat with the bot (personal answers asked for in a group chat, digests). */
import type { AdaptiveCard } from '../../../cards/kit.js';
import { pickLanguage } from '../../i18n/text.js';
import type { Person, PersonRecord, Roundtable } from '../../roundtable/types.js';
import type { TeamsReminderDelivery } from './proactive.js';
import { RecipientUnavailable } from './sender.js';

/** A card, or one drawn in the reader's language (their Teams locale, else the agency's). */
export type PrivateCard = AdaptiveCard | ((lang: string) => AdaptiveCard);

/** Sends to a person's 1:1 chat: 'sent', or 'unreachable' when Teams cannot reach them; other faults throw. */
export function privateSender(deps: {
  person: (id: string) => Promise<PersonRecord | undefined>;
  delivery: Pick<TeamsReminderDelivery, 'sendToPerson'>;
  /** The agency's language, for a person whose Teams language is not known. */
  language: string | undefined;
  now: () => Date;
}) {
  return async (person: Person, card: PrivateCard, rt?: Roundtable): Promise<'sent' | 'unreachable'> => {
    const record = (await deps.person(person.id)) ?? { ...person, updatedAt: deps.now().toISOString() };
    try {
      const lang = pickLanguage(record.locale, deps.language);
      await deps.delivery.sendToPerson(record, rt, typeof card === 'function' ? card(lang) : card);
      return 'sent';
    } catch (err) {
      if (err instanceof RecipientUnavailable) return 'unreachable';
      throw err;
    }
  };
}
