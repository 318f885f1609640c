import { type Lang, REFERENCE_LANGUAGE, t } from '../../i18n/text.js';

/**
 * What the bot says when it is added to a chat: in the 1:1 chat, what can be done there (in the person's
 * language); elsewhere, how to start (in the agency's language: everyone reads it).
 */
export function greeting(personal: boolean, lang: Lang = REFERENCE_LANGUAGE): string {
  return t(lang, personal ? 'chat:greeting.personal' : 'chat:greeting.group');
}
