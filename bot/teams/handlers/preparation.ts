import { prefillInputs } from '../../../cards/card-tools.js';
import { INPUTS, PREPARATION_INPUTS } from '../../../cards/contract.js';
import { noticeCard } from '../../../cards/notice-card.js';
import { attachPromptCard, invitationCard, preparationCard } from '../../../cards/preparation-cards.js';
import { type Lang, t } from '../../i18n/text.js';
import { getInvitation, invite, respondToInvitation } from '../../roundtable/invitations.js';
import type { Outcome } from '../../roundtable/outcome.js';
import type { Actor } from '../../roundtable/permissions.js';
import type { PreparationInput } from '../../roundtable/preparation.js';
import {
  attachPreparation,
  hasPreparationDraft,
  openPreparation,
  preparationFieldMax,
  savePreparationDraft,
} from '../../roundtable/preparation.js';
import { forChat, getRoundtable, roundtableView } from '../../roundtable/roundtables.js';
import type { Roundtable } from '../../roundtable/types.js';
import { field, textFailure } from '../routing/answers.js';
import type { CardAction } from '../routing/card-action.js';
import type { AttachCardInput, InvitationCardInput, PreparationCardInput } from '../routing/card-input.js';
import type { ChatCommandCall, CommandCall, PreparationAction } from '../routing/route-types.js';
import type { HandlerDeps, HandlerResult } from '../routing/turn.js';
import { answerNameCheck } from './keep-as-written.js';
import { joinCard } from './roles.js';
import { startCommand } from './roundtable.js';

/** `prepare <alias>` in a 1:1 chat: the preparation card, with the saved draft. */
export async function prepareCommand({
  deps,
  input: cmd,
  turn,
}: CommandCall<{ alias: string }>): Promise<HandlerResult> {
  const opened = await openPreparation(
    deps.domain,
    turn.actor,
    cmd.alias,
    turn.chat.tenantId,
    turn.personal === true,
  );
  if (!opened.ok) return textFailure('command.prepare', opened.failure);
  const card = preparationCard({
    alias: opened.value.alias,
    ...(opened.value.draft ? { draft: opened.value.draft } : {}),
    maxLength: preparationFieldMax(deps.domain),
    lang: turn.lang ?? 'en',
  });
  return { event: 'command.prepare', effects: [{ kind: 'card', card }] };
}

/** `invite [role] @people on <date> [time]`: stores the invitations, then sends each a 1:1 card. */
export async function inviteCommand({
  deps,
  input: cmd,
  turn,
  grant: { rt },
}: ChatCommandCall<{ role?: string; when?: string }>): Promise<HandlerResult> {
  const invited = await invite(deps.domain, turn.actor, rt.id, turn.mentions, cmd.role, cmd.when);
  if (!invited.ok) return textFailure('command.invite', invited.failure);
  return {
    event: 'command.invite',
    effects: [
      { kind: 'send-invitations', roundtableId: rt.id, invitationIds: invited.value.map((i) => i.id) },
      { kind: 'refresh-phase', roundtableId: rt.id, phase: 'welcome' },
    ],
  };
}

/** Saves a preparation draft from the 1:1 preparation card. */
export async function savePreparation(a: PreparationAction<PreparationCardInput>): Promise<HandlerResult> {
  const { deps, inputs: raw, input: card, turn } = a;
  const input: PreparationInput = {
    youthLiving: field(raw, PREPARATION_INPUTS.youthLiving),
    youthMatters: field(raw, PREPARATION_INPUTS.youthMatters),
    family: field(raw, PREPARATION_INPUTS.family),
    stakeholders: field(raw, PREPARATION_INPUTS.stakeholders),
    children: field(raw, INPUTS.caseChildren),
    timeInCare: field(raw, INPUTS.caseTimeInCare),
    placement: field(raw, INPUTS.casePlacement),
    legalStatus: field(raw, INPUTS.caseLegalStatus),
    currentGoal: field(raw, INPUTS.caseCurrentGoal),
    connections: field(raw, INPUTS.caseConnections),
    strengths: field(raw, INPUTS.caseStrengths),
    needs: field(raw, INPUTS.caseNeeds),
    tried: field(raw, INPUTS.caseTried),
    keepNames: card.keepNames === true,
  };
  const saved = await savePreparationDraft(
    deps.domain,
    turn.actor,
    card.alias,
    turn.chat.tenantId,
    turn.personal === true,
    input,
  );
  return answerPreparation(a, saved);
}

/** The preparation card after a save (or a refusal): the draft as stored, the outcome as its notice. */
async function answerPreparation(
  a: PreparationAction<PreparationCardInput>,
  saved: Outcome<unknown>,
): Promise<HandlerResult> {
  const { deps, inputs: raw, turn } = a;
  const event = `card.${a.verb}`;
  const alias = a.input.alias;
  const current = await openPreparation(
    deps.domain,
    turn.actor,
    alias,
    turn.chat.tenantId,
    turn.personal === true,
  );
  const lang = turn.lang ?? 'en';
  const notice = saved.ok
    ? { kind: 'info' as const, text: saved.notice ?? t(lang, 'personal:saved') }
    : { kind: 'error' as const, text: saved.failure.message };
  let card = preparationCard({
    alias: current.ok ? current.value.alias : alias.slice(0, 40),
    ...(current.ok && current.value.draft ? { draft: current.value.draft } : {}),
    maxLength: preparationFieldMax(deps.domain),
    notice,
    lang,
  });
  if (!saved.ok) {
    const data = { alias, nonce: a.input.nonce };
    card = answerNameCheck(prefillInputs(card, raw), saved.failure, {
      verb: a.verb,
      data,
      anchor: { verb: a.verb },
    });
  }
  return {
    event: saved.ok ? event : `${event}.${saved.failure.code}`,
    effects: [],
    invoke: { statusCode: 200, card },
  };
}

/** Confirms (`yes`) or declines an invitation from its 1:1 card (the guard read the invitation: it is theirs). */
export const answerInvitation =
  (yes: boolean) =>
  async (a: PreparationAction<InvitationCardInput, 'invitee'>): Promise<HandlerResult> => {
    const { deps, turn } = a;
    const lang = turn.lang ?? 'en';
    const event = `card.${a.verb}`;
    const rtId = a.input.rt;
    const invId = a.input.inv;
    const answered = await respondToInvitation(deps.domain, turn.actor.person, rtId, invId, yes);
    const inv = await getInvitation(deps.domain, rtId, invId);
    const rt = inv ? await roundtableView(deps.domain, rtId) : undefined;
    if (!inv || !rt) {
      return {
        event: `${event}.not-found`,
        effects: [],
        invoke: { statusCode: 200, card: noticeCard(t(lang, 'personal:invitation.gone'), 'error') },
      };
    }
    const notice = answered.ok
      ? { kind: 'info' as const, text: answered.notice ?? t(lang, 'personal:saved') }
      : { kind: 'error' as const, text: answered.failure.message };
    // Someone else's invitation is not shown to them.
    if (!answered.ok && answered.failure.code === 'forbidden') {
      return {
        event: `${event}.forbidden`,
        effects: [],
        invoke: { statusCode: 200, card: noticeCard(answered.failure.message, 'error') },
      };
    }
    return {
      event: answered.ok ? event : `${event}.${answered.failure.code}`,
      effects: answered.ok ? [{ kind: 'refresh-phase', roundtableId: rtId, phase: 'welcome' }] : [],
      invoke: {
        statusCode: 200,
        card: invitationCard(
          inv,
          rt.roundtable,
          notice,
          {
            // The meeting time in the agency's zone, shown in the invitee's own when known.
            meeting: deps.domain.settings.followUp.defaultTimeZone,
            viewer: (await deps.followUp?.followUp.person(turn.actor.person.id))?.timeZone,
          },
          lang,
        ),
      },
    };
  };

/**
 * After `start <alias>` (or a join): a person on the roster who has a draft for the alias gets a 1:1 prompt
 * to attach it. Nobody else learns that a draft exists.
 */
export async function promptToAttach(
  deps: HandlerDeps,
  rt: Roundtable,
  actor: Actor,
  /** The actor's language (their turn's): the prompt is theirs alone. */
  lang: Lang = 'en',
): Promise<void> {
  if (!deps.sendPrivately) return;
  if (!(await hasPreparationDraft(deps.domain, rt, actor.person.id))) return;
  await deps.sendPrivately(actor.person, attachPromptCard(rt, lang), rt);
}

/** `prepare attach` typed in the roundtable's chat: the person's own draft for its alias is attached. */
export async function attachCommand({
  deps,
  turn,
  grant: { rt },
}: ChatCommandCall<unknown>): Promise<HandlerResult> {
  const event = 'command.prepare-attach';
  const attached = await attachPreparation(deps.domain, turn.actor, rt);
  if (!attached.ok) return textFailure(event, attached.failure);
  return {
    event,
    effects: [
      { kind: 'text', text: attached.notice ?? t(turn.lang ?? 'en', 'personal:prep.attached') },
      { kind: 'refresh-phase', roundtableId: rt.id, phase: 'present' },
    ],
  };
}

/** "Attach my preparation" on the 1:1 prompt (the guard read the roundtable: the preparer is on its roster). */
export async function attachFromCard(
  a: PreparationAction<AttachCardInput, 'preparer'>,
): Promise<HandlerResult> {
  const { deps, turn } = a;
  const lang = turn.lang ?? 'en';
  const event = `card.${a.verb}`;
  const rt = a.grant.rt;
  const attached = rt
    ? await attachPreparation(deps.domain, turn.actor, rt)
    : ({
        ok: false,
        failure: { code: 'not-found', message: t(lang, 'personal:prep.roundtableNotFound') },
      } as const);
  const card = attached.ok
    ? noticeCard(attached.notice ?? t(lang, 'personal:prep.attached'))
    : noticeCard(attached.failure.message, 'error');
  return {
    event: attached.ok ? event : `${event}.${attached.failure.code}`,
    effects: attached.ok && rt ? [{ kind: 'refresh-phase', roundtableId: rt.id, phase: 'present' }] : [],
    invoke: { statusCode: 200, card },
  };
}

/** `start <alias>`: the roundtable starts; a starter who prepared the case is asked in 1:1 to attach it. */
export async function startAndPrompt(c: CommandCall<{ alias: string }>): Promise<HandlerResult> {
  // A roundtable is held in the meeting chat (or a group chat) with the people around the table, never here.
  if (c.turn.personal)
    return {
      event: 'command.start.personal',
      effects: [{ kind: 'text', text: startInMeeting(c.turn.lang) }],
    };
  const result = await startCommand(false)(c);
  if (result.event !== 'command.start') return result;
  const rt = await forChat(c.deps.domain, c.turn.actor.conversationId);
  if (rt) await promptToAttach(c.deps, rt, c.turn.actor, c.turn.lang);
  return result;
}

/** `start` in the 1:1 chat: where a roundtable is started instead, in the asker's language. */
export function startInMeeting(lang: Lang = 'en'): string {
  return t(lang, 'personal:prep.startInMeeting');
}

/** `start` in the 1:1 chat, in English. */
export const START_IN_MEETING = startInMeeting();

/** Join from the Welcome card; a person who prepared the case is then asked in 1:1 to attach it. */
export async function joinAndPrompt(a: CardAction): Promise<HandlerResult> {
  const result = await joinCard(a);
  const rt = await getRoundtable(a.deps.domain, a.rt.id);
  if (rt?.roster.some((r) => r.id === a.turn.actor.person.id))
    await promptToAttach(a.deps, rt, a.turn.actor, a.turn.lang);
  return result;
}
