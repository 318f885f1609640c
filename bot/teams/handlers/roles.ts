/** Roles are given, not taken: `join`, `role @person <role>`, and the Welcome card's join, assign and requests. */
import { INPUTS } from '../../../cards/contract.js';
import { labelsIn } from '../../../cards/labels-in.js';
import { type Lang, REFERENCE_LANGUAGE, t } from '../../i18n/text.js';
import {
  answerRoleRequest,
  assignRole,
  parseRole,
  pickedPerson,
  rememberChatMembers,
  roleWord,
} from '../../roundtable/roles.js';
import { getRoundtable, joinRoundtable } from '../../roundtable/roundtables.js';
import type { Person, Role, Roundtable } from '../../roundtable/types.js';
import { textFailure } from '../routing/answers.js';
import type { CardAction } from '../routing/card-action.js';
import type { ChatCommandCall } from '../routing/route-types.js';
import type { HandlerDeps, HandlerResult, TurnInput } from '../routing/turn.js';
import { clickerLang, replyLang } from './reply-lang.js';

/** The refusal of the role routes: only a facilitator gives roles and answers role requests. */
export const ROLE_GIVERS = {
  refusal: 'Only a facilitator gives roles. Ask them, or `join` and ask for the role on the Welcome card.',
};

/** A role in a sentence: in English as it reads today (`english`), else the language's short role label. */
const roleIn = (lang: Lang, role: Role | undefined, english: string): string =>
  lang === REFERENCE_LANGUAGE || !role ? english : labelsIn(lang).rolesShort[role];

/** Longest role words typed after the person ("master practitioner"). */
const ROLE_WORDS_MAX = 2;

/**
 * Stores the chat's members (names and ids) for the people picker, as the connector lists them.
 * Teams may refuse or be slow: the picker then falls back to the roster.
 */
export async function refreshChatMembers(
  deps: HandlerDeps,
  turn: TurnInput,
  roundtableId: string,
): Promise<void> {
  if (!turn.members) return;
  let members: Person[];
  try {
    members = await turn.members();
  } catch {
    return;
  }
  if (members.length > 0) await rememberChatMembers(deps.domain, roundtableId, members);
}

/** How long a join trusts this instance's last listing of a roundtable's chat members. */
const MEMBERS_FRESH_MS = 60_000;
/** Listings of chat members per roundtable on this instance: when asked, and the one in flight (shared). */
const memberListings = new Map<string, { at: number; running: Promise<void> }>();

/**
 * After a join: the chat's members are listed again only when the joiner is not on the stored list, and at
 * most once a minute per roundtable on this instance, the joins meanwhile sharing that one listing. Forty
 * people joining at once thus cost Teams one members request, not forty in the chat's own rate windows
 * (the picker also offers everyone on the roster). Only a saving: the stored list is the truth.
 */
async function refreshAfterJoin(
  deps: HandlerDeps,
  turn: TurnInput,
  rt: Pick<Roundtable, 'id' | 'chatMembers'>,
): Promise<void> {
  if (rt.chatMembers?.some((m) => m.id === turn.actor.person.id)) return;
  const now = Date.now();
  const last = memberListings.get(rt.id);
  if (last && now - last.at < MEMBERS_FRESH_MS) return last.running;
  const running = refreshChatMembers(deps, turn, rt.id).catch(() => undefined);
  if (memberListings.size > 1000) memberListings.clear();
  memberListings.set(rt.id, { at: now, running });
  return running;
}

/** The role named at the end of what was typed after `role @person` ("… barrier buster"). */
function trailingRole(text: string): string | undefined {
  const words = text.trim().split(' ');
  for (let n = ROLE_WORDS_MAX; n >= 1; n--) {
    if (words.length < n) continue;
    const tail = words.slice(words.length - n).join(' ');
    if (parseRole(tail)) return tail;
  }
  return undefined;
}

/** `join [role]` in the roundtable's chat: participant unless a role is named (rights roles become requests). */
export async function joinCommand({
  deps,
  input: cmd,
  turn,
  grant: { rt },
}: ChatCommandCall<{ role?: string }>): Promise<HandlerResult> {
  const event = 'command.join';
  const joined = await joinRoundtable(deps.domain, turn.actor, rt.id, cmd.role ?? 'other');
  if (!joined.ok) return textFailure(event, joined.failure);
  await refreshAfterJoin(deps, turn, joined.value);
  return {
    event,
    effects: [
      {
        kind: 'text',
        text: t(replyLang(deps, turn), 'chat:roles.nameSays', {
          name: turn.actor.person.name,
          text: joined.notice ?? t(replyLang(deps, turn), 'chat:roles.joined'),
        }),
      },
      { kind: 'refresh-phase', roundtableId: rt.id, phase: 'welcome' },
    ],
  };
}

/** `role @person <role>`: a facilitator gives the mentioned person a role. */
export async function roleCommand({
  deps,
  input: cmd,
  turn,
  grant: { rt },
}: ChatCommandCall<{ role: string }>): Promise<HandlerResult> {
  const event = 'command.role';
  const person = turn.mentions[0];
  const role = trailingRole(cmd.role);
  if (!person || !role) {
    return textFailure(event, {
      code: 'invalid',
      message: t(replyLang(deps, turn), 'chat:roles.mentionRole'),
    });
  }
  const given = await assignRole(deps.domain, turn.actor, rt.id, person, role);
  if (!given.ok) return textFailure(event, given.failure);
  return {
    event,
    effects: [
      {
        kind: 'text',
        text:
          given.notice ??
          t(replyLang(deps, turn), 'chat:roles.nowRole', {
            name: person.name,
            role: roleIn(replyLang(deps, turn), parseRole(role), role),
          }),
      },
      ...refreshCards(given.value),
    ],
  };
}

/** The Welcome card (roster) and the current phase's card, brought up to date. */
function refreshCards(rt: Roundtable): HandlerResult['effects'] {
  const current = rt.phases[rt.phaseIndex]?.key ?? 'welcome';
  return [
    { kind: 'refresh-phase', roundtableId: rt.id, phase: 'welcome' },
    ...(current === 'welcome'
      ? []
      : [{ kind: 'refresh-phase' as const, roundtableId: rt.id, phase: current }]),
  ];
}

/** "Join as" on the Welcome card, or Join on any phase card (participant). */
export async function joinCard(a: CardAction): Promise<HandlerResult> {
  const joined = await joinRoundtable(
    a.deps.domain,
    a.turn.actor,
    a.rt.id,
    a.text(INPUTS.role) || a.data.target || 'other',
  );
  if (!joined.ok) return a.failed(joined.failure);
  await refreshAfterJoin(a.deps, a.turn, joined.value);
  const result = a.saved(joined.notice ?? t(clickerLang(a.deps, a.turn), 'chat:saved'));
  return { ...result, effects: [...result.effects, ...refreshCards(joined.value)] };
}

/** "Assign a role" on the Welcome card: the person picked (a chat member's id or AAD object id) and the role. */
export async function assignRoleCard(a: CardAction): Promise<HandlerResult> {
  const picked = a.text(INPUTS.rolePerson) ?? '';
  const role = parseRole(a.text(INPUTS.roleAssigned));
  const fresh = (await getRoundtable(a.deps.domain, a.rt.id)) ?? a.rt;
  const person = picked.length > 0 && picked.length <= 200 ? pickedPerson(fresh, picked) : undefined;
  const lang = clickerLang(a.deps, a.turn);
  if (!person) return a.failed({ code: 'invalid', message: t(lang, 'chat:roles.pickSomeone') });
  if (!role) return a.failed({ code: 'invalid', message: t(lang, 'chat:roles.chooseRole') });
  const given = await assignRole(a.deps.domain, a.turn.actor, a.rt.id, person, role);
  if (!given.ok) return a.failed(given.failure);
  const result = a.saved(
    given.notice ??
      t(lang, 'chat:roles.nowRole', { name: person.name, role: roleIn(lang, role, roleWord(role)) }),
  );
  return { ...result, effects: [...result.effects, ...refreshCards(given.value)] };
}

/** Confirm (`yes`) or Decline beside a pending role request (target: the person's id). */
export const answerRoleRequestCard =
  (yes: boolean) =>
  async (a: CardAction): Promise<HandlerResult> => {
    const personId = a.data.target;
    const lang = clickerLang(a.deps, a.turn);
    if (!personId) return a.failed({ code: 'invalid', message: t(lang, 'chat:roles.whoseRequest') });
    const answered = await answerRoleRequest(a.deps.domain, a.turn.actor, a.rt.id, personId, yes);
    if (!answered.ok) return a.failed(answered.failure);
    const result = a.saved(answered.notice ?? t(lang, 'chat:saved'));
    return { ...result, effects: [...result.effects, ...refreshCards(answered.value)] };
  };
