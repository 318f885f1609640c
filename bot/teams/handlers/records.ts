/**
 * Roster changes that take rights away and the records officer's commands: `facilitator remove @x`,
 * `handover caseworker|supervisor @x` (after `end`), `legal hold` / `legal hold release`, and Teams' word that
 * people left the roundtable's chat.
 */

import { t } from '../../i18n/text.js';
import type { Logger } from '../../log.js';
import type { PlannedReminder } from '../../reminders/schedule.js';
import { stepReminders } from '../../reminders/schedule.js';
import { setLegalHold } from '../../roundtable/deletion.js';
import { StoreUnavailable } from '../../roundtable/ports.js';
import {
  HANDOVER_ROLES,
  type HandoverRole,
  handOverPlan,
  removeFacilitator,
  removeFromChat,
} from '../../roundtable/roster-changes.js';
import { forChat } from '../../roundtable/roundtables.js';
import type { PlanStep } from '../../roundtable/types.js';
import { textFailure } from '../routing/answers.js';
import { command, line } from '../routing/route-builders.js';
import type { ChatCommandCall } from '../routing/route-types.js';
import type { HandlerDeps, HandlerResult } from '../routing/turn.js';
import { replyLang } from './reply-lang.js';

const DAY = 86_400_000;

/** `facilitator remove @person`: a facilitator takes co-facilitator rights away (never the last one's). */
export async function facilitatorRemoveCommand({
  deps,
  turn,
  grant: { rt },
}: ChatCommandCall<unknown>): Promise<HandlerResult> {
  const event = 'command.facilitator-remove';
  const person = turn.mentions[0];
  if (!person) {
    return textFailure(event, {
      code: 'invalid',
      message: t(replyLang(deps, turn), 'chat:records.mentionRemove'),
    });
  }
  const removed = await removeFacilitator(deps.domain, turn.actor, rt.id, person);
  if (!removed.ok) return textFailure(event, removed.failure);
  return {
    event,
    effects: [
      {
        kind: 'text',
        text:
          removed.notice ??
          t(replyLang(deps, turn), 'chat:records.noLongerFacilitator', { name: person.name }),
      },
      ...(removed.value.status === 'active'
        ? [{ kind: 'refresh-phase' as const, roundtableId: rt.id, phase: 'welcome' as const }]
        : []),
    ],
  };
}

/**
 * `handover caseworker|supervisor @person` in the roundtable's chat after `end`: the new person holds the role
 * and the open steps; the previous holder's reminders for them stop and the new owner's are planned.
 */
export async function handoverCommand({
  deps,
  input,
  turn,
  grant: { rt },
}: ChatCommandCall<{ role: string }>): Promise<HandlerResult> {
  const event = 'command.handover';
  const person = turn.mentions[0];
  const role = HANDOVER_ROLES.find((r) => input.role.toLowerCase().split(' ').includes(r));
  if (!person || !role) {
    return textFailure(event, {
      code: 'invalid',
      message: t(replyLang(deps, turn), 'chat:records.handoverUsage'),
    });
  }
  const handed = await handOverPlan(deps.domain, turn.actor, rt.id, role, person);
  if (!handed.ok) return textFailure(event, handed.failure);
  await moveReminders(
    deps,
    handed.value.roundtable.id,
    role,
    handed.value.previous.map((p) => p.id),
    person.id,
    handed.value.movedSteps,
  );
  return {
    event,
    effects: [{ kind: 'text', text: handed.notice ?? t(replyLang(deps, turn), 'chat:records.handedOver') }],
  };
}

/** The previous holders' pending reminders for the moved steps (and their reviews) stop; the new owner's start. */
async function moveReminders(
  deps: HandlerDeps,
  roundtableId: string,
  role: HandoverRole,
  previous: string[],
  to: string,
  movedSteps: string[],
): Promise<void> {
  const followUp = deps.followUp?.followUp;
  const store = deps.followUp?.roundtables;
  if (!followUp || !store) return;
  const moved = new Set(movedSteps);
  const gone = new Set(previous);
  await followUp.cancel(
    roundtableId,
    (r) =>
      gone.has(r.ownerId) &&
      (r.stepId ? moved.has(r.stepId) : r.kind === 'review' || (role === 'supervisor' && r.kind === 'plan')),
  );
  const rt = (await store.getRoundtable(roundtableId))?.value;
  if (!rt) return;
  const now = deps.now();
  const steps = (await store.listContributions(roundtableId)).filter(
    (c): c is PlanStep => c.kind === 'step' && moved.has(c.id),
  );
  const planned: PlannedReminder[] = [
    ...(steps.length > 0 ? [{ kind: 'assigned' as const, recipientId: to, notBefore: now }] : []),
    ...steps.flatMap((s) => stepReminders(s, now, followUp.settings)),
    {
      kind: 'review',
      recipientId: to,
      notBefore: new Date(now.getTime() + followUp.settings.reviewEveryDays * DAY),
    },
    ...(role === 'supervisor' ? [{ kind: 'plan' as const, recipientId: to, notBefore: now }] : []),
  ];
  await followUp.plan(rt, planned);
}

/** Teams says people left a chat: if a roundtable runs (or ran) there, their roles and rights end. */
export async function membersLeft(
  deps: HandlerDeps,
  log: Logger,
  conversationId: string,
  personIds: string[],
): Promise<void> {
  if (personIds.length === 0) return;
  try {
    const rt = await forChat(deps.domain, conversationId);
    const removed = rt ? await removeFromChat(deps.domain, rt.id, personIds) : undefined;
    log.info(
      { event: removed?.ok ? 'roster.left-chat' : 'members.removed', count: personIds.length },
      'members left',
    );
  } catch (err) {
    if (!(err instanceof StoreUnavailable)) throw err;
    log.warn({ event: 'roster.left-chat.unavailable', status: err.statusCode }, 'storage unavailable');
  }
}

/** `legal hold` / `legal hold release` in the roundtable's chat: a records officer holds or releases it. */
export async function legalHoldCommand({
  deps,
  input,
  turn,
  grant: { rt },
}: ChatCommandCall<{ release: boolean }>): Promise<HandlerResult> {
  const event = input.release ? 'command.legal-hold.release' : 'command.legal-hold';
  if (!deps.programme)
    return textFailure(event, {
      code: 'invalid',
      message: t(replyLang(deps, turn), 'chat:records.notEnabled'),
    });
  const held = await setLegalHold(deps.domain, turn.actor, rt, !input.release);
  if (!held.ok) return textFailure(event, held.failure);
  return { event, effects: [{ kind: 'text', text: held.notice ?? t(replyLang(deps, turn), 'chat:saved') }] };
}

/** The records commands' rows (issue #23): roster changes that take rights away, the records officer's legal hold. */
export const RECORDS_COMMANDS = {
  'facilitator-remove': command({
    words: [
      ['facilitator', 'remove'],
      ['facilitators', 'remove'],
    ],
    help: line('facilitator remove @person', 'Facilitator: take co-facilitator rights away.', 'any'),
    where: 'any',
    roundtable: 'any',
    guard: 'facilitator',
    handle: facilitatorRemoveCommand,
  }),
  handover: command({
    words: [['handover']],
    read: (args) => ({ role: args }),
    help: line(
      'handover caseworker|supervisor @person',
      'After `end`: hand the plan to a new owner.',
      'after',
    ),
    where: 'any',
    roundtable: 'any',
    guard: 'plan-owner',
    handle: handoverCommand,
  }),
  'legal-hold': command({
    words: [['legal', 'hold']],
    read: (args) => {
      const a = args.trim().toLowerCase();
      return a === '' ? { release: false } : a === 'release' || a === 'off' ? { release: true } : undefined;
    },
    help: line('legal hold [release]', 'Records officers: hold this roundtable (no deletion).', 'any'),
    where: 'any',
    needs: 'programme',
    roundtable: 'any',
    guard: 'records-officer',
    handle: legalHoldCommand,
  }),
};
