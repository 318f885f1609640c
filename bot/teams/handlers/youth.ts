/**
 * The youth-centred roundtable's commands (#29): `start youth <alias>`, `youth` (the youth's card), `my goal
 * <text>` and `support @person`. Rows here, spread into the route table (routes.ts), as records.ts does.
 */

import { t } from '../../i18n/text.js';
import { forChat } from '../../roundtable/roundtables.js';
import { addYouthGoal, chooseSupportPerson } from '../../roundtable/youth.js';
import { textFailure } from '../routing/answers.js';
import { alias, command, line, nothing } from '../routing/route-builders.js';
import type { ChatCommandCall, CommandCall } from '../routing/route-types.js';
import type { HandlerResult } from '../routing/turn.js';
import { promptToAttach, START_IN_MEETING } from './preparation.js';
import { replyLang } from './reply-lang.js';
import { startCommand } from './roundtable.js';
import { youthCardEffect } from './youth-card.js';

/** `start youth <alias>`: a youth-centred roundtable; the preparer is asked to attach the preparation. */
async function startYouthCommand(c: CommandCall<{ alias: string }>): Promise<HandlerResult> {
  if (c.turn.personal) {
    return { event: 'command.start-youth.personal', effects: [{ kind: 'text', text: START_IN_MEETING }] };
  }
  const result = await startCommand(false, true)(c);
  if (result.event !== 'command.start') return result;
  const rt = await forChat(c.deps.domain, c.turn.actor.conversationId);
  if (rt) await promptToAttach(c.deps, rt, c.turn.actor);
  return { ...result, event: 'command.start-youth' };
}

/** `youth`: the youth's card (plain words, the questions, the goals; nothing of the case but its alias). */
async function youthCardCommand({ deps, grant: { rt } }: ChatCommandCall<unknown>): Promise<HandlerResult> {
  return { event: 'command.youth', effects: [youthCardEffect(deps, rt)] };
}

/** `my goal <text>`: the youth's goal in their own words, first on the plan. */
async function goalCommand({
  deps,
  input,
  turn,
  grant: { rt },
}: ChatCommandCall<{ text: string }>): Promise<HandlerResult> {
  const event = 'command.youth-goal';
  const added = await addYouthGoal(deps.domain, turn.actor, rt.id, input.text);
  if (!added.ok) return textFailure(event, added.failure);
  return {
    event,
    effects: [
      { kind: 'text', text: added.notice ?? t(replyLang(deps, turn), 'chat:youth.goalOnPlan') },
      youthCardEffect(deps, added.value),
    ],
  };
}

/** `support @person`: the youth's support person, chosen by the youth (or the choice recorded by a facilitator). */
async function supportCommand({
  deps,
  turn,
  grant: { rt },
}: ChatCommandCall<unknown>): Promise<HandlerResult> {
  const event = 'command.support';
  const person = turn.mentions[0];
  if (!person) {
    return textFailure(event, {
      code: 'invalid',
      message: t(replyLang(deps, turn), 'chat:youth.mentionSupport'),
    });
  }
  const chosen = await chooseSupportPerson(deps.domain, turn.actor, rt.id, person);
  if (!chosen.ok) return textFailure(event, chosen.failure);
  return {
    event,
    effects: [
      {
        kind: 'text',
        text: chosen.notice ?? t(replyLang(deps, turn), 'chat:youth.isSupport', { name: person.name }),
      },
      { kind: 'refresh-phase', roundtableId: rt.id, phase: 'welcome' },
    ],
  };
}

/** The rows of the youth-centred roundtable's commands. */
export const YOUTH_COMMANDS = {
  'start-youth': command({
    words: [['start', 'youth']],
    read: alias,
    help: line(
      'start youth <case alias>',
      'Start a youth-centred roundtable: the youth at the head of the table, the youth-centred questions.',
      'before',
    ),
    where: 'any',
    guard: 'anyone',
    handle: startYouthCommand,
  }),
  youth: command({
    words: [['youth']],
    read: nothing,
    help: line(
      'youth',
      'The youth’s card: what happens, the rules and the questions in plain words.',
      'during',
    ),
    where: 'any',
    roundtable: 'active',
    guard: 'chat-member',
    handle: youthCardCommand,
  }),
  'youth-goal': command({
    words: [
      ['my', 'goal'],
      ['youth', 'goal'],
    ],
    read: (args) => ({ text: args }),
    help: line(
      'my goal <your goal>',
      'The youth: add your goal in your own words (a facilitator can write the youth’s words down).',
      'during',
    ),
    where: 'any',
    roundtable: 'active',
    guard: 'youth-or-facilitator',
    handle: goalCommand,
  }),
  support: command({
    words: [['support'], ['support', 'person']],
    help: line(
      'support @person',
      'The youth: choose your support person (or a facilitator records the choice).',
      'during',
    ),
    where: 'any',
    roundtable: 'active',
    guard: 'youth-or-facilitator',
    handle: supportCommand,
  }),
};
