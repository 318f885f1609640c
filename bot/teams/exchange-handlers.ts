/** The plan export for the state's system of record (docs/exchange.md): `export json`. */
import { downloadCard } from '../../cards/programme-cards.js';
import { textReply } from './answers.js';
import type { ChatCommandCall } from './route-types.js';
import type { HandlerResult } from './turn.js';

/** `export json`: the plan as a JSON record (docs/schema), by a private single-use link in the 1:1 chat. */
export async function exportJsonCommand({
  deps,
  turn,
  grant: { rt },
}: ChatCommandCall<unknown>): Promise<HandlerResult> {
  const event = 'command.export-json';
  const p = deps.programme;
  if (!p) throw new Error('programme features are not enabled');
  const link = await p.exports.createLink('plan-json', turn.actor.person.id, rt.id);
  const card = downloadCard({
    what: 'Plan for the case system (JSON)',
    alias: rt.caseAlias,
    linkTitle: 'Download the plan (.json)',
    url: p.downloadUrl(link.token),
    expiresAt: link.expiresAt,
  });
  if (turn.personal) return { event, effects: [{ kind: 'card', card }] };
  const sent = await p.sendPrivately(turn.actor.person, card, rt);
  return textReply(
    sent === 'sent' ? event : `${event}.unreachable`,
    sent === 'sent'
      ? `${turn.actor.person.name}, I sent you a private download link in our 1:1 chat.`
      : 'I could not reach you in a 1:1 chat (the app may not be installed for you), so no link was sent.',
  );
}
