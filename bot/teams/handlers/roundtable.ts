import { helpCard } from '../../../cards/help-card.js';
import { type Lang, t } from '../../i18n/text.js';
import { roundtablesWithAlias } from '../../roundtable/follow-up-roundtable.js';
import {
  addFacilitator,
  openRoundtable,
  setTimer,
  startRoundtable,
  unfinishedElsewhere,
} from '../../roundtable/lifecycle.js';
import { currentPhase, PHASE_INFO } from '../../roundtable/phases.js';
import { splitOffice } from '../../roundtable/programme-office.js';
import { roundtableView } from '../../roundtable/roundtables.js';
import { NO_ROUNDTABLE, statusWithFollowUp, textFailure } from '../routing/answers.js';
import { suggestCommand } from '../routing/command-suggest.js';
import type { ChatCommandCall, CommandCall } from '../routing/route-types.js';
import type { HandlerResult } from '../routing/turn.js';
import { replyLang } from './reply-lang.js';
import { refreshChatMembers } from './roles.js';
import { youthCardEffect } from './youth-card.js';

/** `start <alias>` and (`practice`) `start practice`: the starter facilitates; the welcome card is posted. */
export const startCommand =
  /** `youthCentred`: `start youth <alias>` (#29): the youth agenda and questions, and the youth's card. */
    (practice: boolean, youthCentred = false) =>
    async ({ deps, input, turn }: CommandCall<{ alias?: string }>): Promise<HandlerResult> => {
      const split = splitOffice(practice ? '' : (input.alias ?? ''), deps.programme?.offices ?? []);
      if (!split.ok) return textFailure('command.start', split.failure);
      const { alias, office } = split.value;
      const started = !practice
        ? await startRoundtable(deps.domain, turn.actor, alias, turn.chat, {
            ...(office ? { office } : {}),
            ...(youthCentred ? { youthCentred } : {}),
          })
        : await startRoundtable(deps.domain, turn.actor, '', turn.chat, { practice: true });
      if (!started.ok) return textFailure('command.start', started.failure);
      // The chat's members, for the people picker on the Welcome card (names and ids only).
      await refreshChatMembers(deps, turn, started.value.id);
      const rt = started.value;
      const elsewhere =
        !practice && deps.programme
          ? unfinishedElsewhere(
              turn.actor,
              rt,
              await roundtablesWithAlias(deps.programme.domain, rt.caseAlias, rt.chat.tenantId),
            )
          : undefined;
      return {
        event: 'command.start',
        effects: [
          ...(elsewhere ? [{ kind: 'text' as const, text: elsewhere }] : []),
          { kind: 'post-phase', roundtableId: started.value.id, phase: 'welcome' },
          ...(youthCentred ? [youthCardEffect(deps, rt)] : []),
        ],
      };
    };

/** `status`: the status card, also after the roundtable ended. */
export async function statusCommand({
  deps,
  grant: { rt },
}: ChatCommandCall<unknown>): Promise<HandlerResult> {
  const view = await roundtableView(deps.domain, rt.id);
  if (!view) {
    return {
      event: rt.status === 'active' ? 'command.status' : 'command.status.none',
      effects: [{ kind: 'text', text: NO_ROUNDTABLE }],
    };
  }
  return { event: 'command.status', effects: [{ kind: 'card', card: await statusWithFollowUp(deps, view) }] };
}

/** `facilitator add @person`. */
export async function addFacilitatorCommand({
  deps,
  turn,
  grant: { rt },
}: ChatCommandCall<unknown>): Promise<HandlerResult> {
  const event = 'command.facilitator-add';
  const person = turn.mentions[0];
  if (!person) {
    return textFailure(event, {
      code: 'invalid',
      message: t(replyLang(deps, turn), 'chat:roundtable.mentionFacilitator'),
    });
  }
  const added = await addFacilitator(deps.domain, turn.actor, rt.id, person);
  if (!added.ok) return textFailure(event, added.failure);
  return {
    event,
    effects: [
      {
        kind: 'text',
        text:
          added.notice ?? t(replyLang(deps, turn), 'chat:roundtable.nowFacilitator', { name: person.name }),
      },
      { kind: 'refresh-phase', roundtableId: rt.id, phase: currentPhase(added.value).key },
    ],
  };
}

/** `open`: the clock of a roundtable scheduled ahead of its meeting starts; the Welcome card shows its time box. */
export async function openCommand({
  deps,
  turn,
  grant: { rt },
}: ChatCommandCall<unknown>): Promise<HandlerResult> {
  const event = 'command.open';
  const opened = await openRoundtable(deps.domain, turn.actor, rt.id);
  if (!opened.ok) return textFailure(event, opened.failure);
  return {
    event,
    effects: [
      { kind: 'text', text: opened.notice ?? t(replyLang(deps, turn), 'chat:roundtable.open') },
      { kind: 'refresh-phase', roundtableId: rt.id, phase: currentPhase(opened.value).key },
    ],
  };
}

/** `timer <minutes>` (`timer 0`, `off` or `clear` clears it). */
export async function timerCommand({
  deps,
  input: cmd,
  turn,
  grant: { rt },
}: ChatCommandCall<{ minutes: string }>): Promise<HandlerResult> {
  const event = 'command.timer';
  const word = cmd.minutes.trim().toLowerCase();
  const minutes = word === 'off' || word === 'clear' ? 0 : /^\d{1,4}$/.test(word) ? Number(word) : Number.NaN;
  const set = await setTimer(deps.domain, turn.actor, rt.id, minutes);
  if (!set.ok) return textFailure(event, set.failure);
  const phase = currentPhase(set.value);
  const lang = replyLang(deps, turn);
  const title = PHASE_INFO[phase.key].title;
  const text =
    minutes === 0
      ? t(lang, 'chat:roundtable.timerCleared', { phase: title })
      : t(lang, 'chat:roundtable.timerSet', { minutes: String(minutes), phase: title });
  return {
    event,
    effects: [
      { kind: 'text', text },
      { kind: 'refresh-phase', roundtableId: rt.id, phase: phase.key },
    ],
  };
}

/** `reminders retry`: this chat's failed or undeliverable reminders go out again. */
export async function retryRemindersCommand({
  deps,
  turn,
  grant: { rt },
}: ChatCommandCall<unknown>): Promise<HandlerResult> {
  const queued = (await deps.followUp?.followUp.retryFailed(rt.id)) ?? 0;
  return {
    event: 'command.reminders-retry',
    effects: [
      {
        kind: 'text',
        text:
          queued === 0
            ? t(replyLang(deps, turn), 'chat:roundtable.noFailedReminders', { alias: rt.caseAlias })
            : t(replyLang(deps, turn), 'chat:roundtable.remindersQueued', { n: queued, alias: rt.caseAlias }),
      },
    ],
  };
}

/** The bot's name as typed in a group chat, where it hears only @mentions. */
const AT = '@Roundtable';

/**
 * A word the bot does not know: "Did you mean …?" for a typo; the help card only in the 1:1 chat (a meeting
 * chat gets one line, not the whole list). The typed word is never echoed.
 */
export async function unknownCommand(
  { deps, input, turn }: CommandCall<{ word: string }>,
  known: { commands: readonly string[]; lines: (lang: Lang) => { usage: string; description: string }[] },
): Promise<HandlerResult> {
  const guess = suggestCommand(input.word, known.commands);
  const lang = replyLang(deps, turn);
  const say = (command: string) => (turn.personal ? `\`${command}\`` : `\`${AT} ${command}\``);
  if (guess) {
    return {
      event: 'command.unknown.suggested',
      effects: [
        {
          kind: 'text',
          text: t(lang, 'help:unknown.didYouMean', { guess: say(guess), help: say('help') }),
        },
      ],
    };
  }
  if (!turn.personal) {
    return {
      event: 'command.unknown',
      effects: [{ kind: 'text', text: t(lang, 'help:unknown.typeHelp', { help: say('help') }) }],
    };
  }
  return {
    event: 'command.unknown',
    effects: [
      { kind: 'text', text: t(lang, 'help:unknown.hereIsWhat') },
      { kind: 'card', card: helpCard(known.lines(lang), '', lang) },
    ],
  };
}
