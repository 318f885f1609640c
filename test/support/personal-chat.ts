/** Someone's 1:1 chat with the bot, as the integration tests write in it. */
import type { Person } from '../../bot/roundtable/types.js';
import { message, postActivity } from './activities.js';
import type { Harness } from './harness.js';

/** The id of a person's 1:1 chat with the bot. */
export const personalChat = (p: Person) => `a:personal-${p.id.slice(3)}`;

/** Someone types in their 1:1 chat with the bot, from a Teams client in `locale` when given (not waited for). */
export async function postPersonally(h: Harness, from: Person, text: string, locale?: string): Promise<void> {
  await postActivity(
    h.app.url,
    message({
      text,
      from,
      conversation: { id: personalChat(from), conversationType: 'personal' },
      serviceUrl: h.fake.url,
      ...(locale ? { locale } : {}),
    }),
  );
}
