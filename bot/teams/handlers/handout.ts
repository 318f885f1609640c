/**
 * "Family handout (PDF)" on the 1:1 review card (`my reviews`): one private, single-use PDF link per language in
 * the 1:1 chat, like `export`. The guard (`caseworker-or-supervisor`: the plan owners and facilitators, same
 * tenant) ran first; the link is redeemed at /api/export, which records the download before a byte is sent.
 */
import { HANDOUT_VERB, handoutLinkCard } from '../../../cards/handout-cards.js';
import { handoutLanguages, handoutStrings } from '../../handout/handout-locale.js';
import { t } from '../../i18n/text.js';
import type { FollowUpAction } from '../routing/route-types.js';
import type { Effect, HandlerResult } from '../routing/turn.js';

const message = (event: string, text: string): HandlerResult => ({
  event,
  effects: [],
  invoke: { statusCode: 200, message: text },
});

/** Sends the handout's PDF links (one per language) to the clicker's 1:1 chat. */
export async function sendHandoutLinks(a: FollowUpAction): Promise<HandlerResult> {
  const event = `card.${HANDOUT_VERB}`;
  const p = a.deps.programme;
  const reader = a.turn.lang ?? 'en';
  if (!p) return message(`${event}.unavailable`, t(reader, 'personal:handout.unavailable'));
  if (!a.turn.personal) return message(`${event}.not-personal`, t(reader, 'personal:handout.notPersonal'));
  const { rt } = a.grant;
  const effects: Effect[] = [];
  for (const lang of handoutLanguages()) {
    const link = await p.exports.createLink(
      'handout-pdf',
      a.turn.actor.person.id,
      rt.id,
      rt.chat.tenantId,
      undefined,
      lang,
    );
    const card = handoutLinkCard({
      alias: rt.caseAlias,
      language: handoutStrings(lang).language,
      url: p.downloadUrl(link.token),
      expiresAt: link.expiresAt,
      lang: reader,
    });
    effects.push({ kind: 'card', card });
  }
  return {
    event,
    effects,
    invoke: { statusCode: 200, message: t(reader, 'personal:handout.sent') },
  };
}
