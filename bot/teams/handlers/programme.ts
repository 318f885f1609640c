import { prefillInputs } from '../../../cards/card-tools.js';
import type { AdaptiveCard } from '../../../cards/kit.js';
import { barriersCard, downloadCard, registerInputs } from '../../../cards/programme-cards.js';
import { type Lang, t } from '../../i18n/text.js';
import {
  actOnBarrier,
  type BarrierAction,
  barrierReport,
  leadersOf,
} from '../../roundtable/barrier-register.js';
import { requestDeletion } from '../../roundtable/deletion.js';
import { startFollowUp } from '../../roundtable/follow-up-roundtable.js';
import type { Actor } from '../../roundtable/permissions.js';
import { field, textFailure, textReply } from '../routing/answers.js';
import type { ChatCommandCall, CommandCall, RegisterAction } from '../routing/route-types.js';
import type { HandlerDeps, HandlerResult, ProgrammeDeps } from '../routing/turn.js';
import { answerNameCheck } from './keep-as-written.js';

/** The programme features of the deps (the route table only sends commands here when they are enabled). */
function programme(deps: HandlerDeps): ProgrammeDeps {
  if (!deps.programme) throw new Error('programme features are not enabled');
  return deps.programme;
}

/** `start followup <alias>`: a follow-up roundtable of the case's previous plan. */
export async function startFollowUpCommand({
  deps,
  input: cmd,
  turn,
}: CommandCall<{ alias: string }>): Promise<HandlerResult> {
  const event = 'command.start-followup';
  const started = await startFollowUp(programme(deps).domain, turn.actor, cmd.alias, turn.chat);
  if (!started.ok) return textFailure(event, started.failure);
  return { event, effects: [{ kind: 'post-phase', roundtableId: started.value.id, phase: 'welcome' }] };
}

/** `delete roundtable <alias>`: deletes the chat's roundtable and clears its cards. */
export async function deleteRoundtableCommand({
  deps,
  input: cmd,
  turn,
  grant: { rt },
}: ChatCommandCall<{ confirmation: string }>): Promise<HandlerResult> {
  const event = 'command.delete-roundtable';
  const p = programme(deps);
  // The answer is posted to the meeting chat, which everyone reads: the agency's language.
  const lang = p.domain.settings.language ?? 'en';
  const deleted = await requestDeletion(p.domain, turn.actor, rt, cmd.confirmation);
  if (!deleted.ok) return textFailure(event, deleted.failure);
  // A deleted follow-up gives the previous plan its reminders back.
  if (rt.followUpOf) await p.followUp?.restorePlan(rt.followUpOf);
  const posted = Object.values(rt.cardIds).filter((id): id is string => typeof id === 'string');
  return {
    event,
    effects: [
      {
        kind: 'retract-cards',
        activityIds: posted,
        text: t(lang, 'personal:programme.deletedBy'),
      },
      {
        kind: 'text',
        text: t(lang, 'personal:programme.deleted', {
          notice: deleted.notice ?? t(lang, 'personal:programme.deletedShort'),
        }),
      },
    ],
  };
}

/** A private single-use download link to a roundtable's record, sent to the asker's 1:1 chat (`export`, `export json`). */
export async function privateDownload(
  { deps, turn, grant: { rt } }: ChatCommandCall<unknown>,
  event: string,
  kind: Parameters<ProgrammeDeps['exports']['createLink']>[0],
  /** The card's texts, or a function of the asker's language giving them. */
  text: { what: string; linkTitle: string } | ((lang: Lang) => { what: string; linkTitle: string }),
): Promise<HandlerResult> {
  const p = programme(deps);
  // The link is the asker's alone (their language); the answer in the meeting chat is everyone's (the agency's).
  const own = turn.lang ?? 'en';
  const chatLang = p.domain.settings.language ?? 'en';
  const link = await p.exports.createLink(kind, turn.actor.person.id, rt.id);
  const card = downloadCard({
    ...(typeof text === 'function' ? text(own) : text),
    alias: rt.caseAlias,
    url: p.downloadUrl(link.token),
    expiresAt: link.expiresAt,
    lang: own,
  });
  if (turn.personal) return { event, effects: [{ kind: 'card', card }] };
  const sent = await p.sendPrivately(turn.actor.person, card, rt);
  return textReply(
    sent === 'sent' ? event : `${event}.unreachable`,
    sent === 'sent'
      ? t(chatLang, 'personal:programme.linkSent', { name: turn.actor.person.name })
      : t(chatLang, 'personal:programme.unreachable'),
  );
}

/** `export`: the case file as a Word document, by a private link in the 1:1 chat. */
export const exportCommand = (c: ChatCommandCall<unknown>): Promise<HandlerResult> =>
  privateDownload(c, 'command.export', 'case-file', (lang) => ({
    what: t(lang, 'personal:programme.caseFile'),
    linkTitle: t(lang, 'personal:programme.caseFileLink'),
  }));

/** `barriers [csv]`: the systemic barriers register (leaders, 1:1). */
export async function barriersCommand({
  deps,
  input: cmd,
  turn,
}: CommandCall<{ csv: boolean }>): Promise<HandlerResult> {
  const event = 'command.barriers';
  const p = programme(deps);
  const lang = turn.lang ?? 'en';
  if (cmd.csv) return { event, effects: [{ kind: 'card', card: await csvLinkCard(p, turn.actor, lang) }] };
  return {
    event,
    effects: [{ kind: 'card', card: await registerCard(p, turn.actor.tenantId, undefined, lang) }],
  };
}

/** The register card of the leader's own tenant. */
async function registerCard(
  deps: ProgrammeDeps,
  tenantId: string | undefined,
  notice: { kind: 'info' | 'error'; text: string } | undefined,
  lang: Lang,
) {
  const [report, leaders] = await Promise.all([
    barrierReport(deps.domain, tenantId),
    leadersOf(deps.domain, tenantId),
  ]);
  return barriersCard({ report, leaders, ...(notice ? { notice } : {}), lang });
}

/** A private link to the leader's own tenant's register as CSV. */
async function csvLinkCard(deps: ProgrammeDeps, actor: Actor, lang: Lang): Promise<AdaptiveCard> {
  const link = await deps.exports.createLink('barriers-csv', actor.person.id, undefined, actor.tenantId);
  return downloadCard({
    what: t(lang, 'personal:barriers.heading'),
    linkTitle: t(lang, 'personal:programme.csvLink'),
    url: deps.downloadUrl(link.token),
    expiresAt: link.expiresAt,
    lang,
  });
}

/** The register card again (`show`) or its CSV link (`csv`), of the leader's own tenant (the grant). */
export const showRegister =
  (what: 'show' | 'csv') =>
  async (a: RegisterAction): Promise<HandlerResult> => {
    const lang = a.turn.lang ?? 'en';
    const card =
      what === 'csv'
        ? await csvLinkCard(a.deps, a.turn.actor, lang)
        : await registerCard(a.deps, a.grant.tenantId, undefined, lang);
    return { event: `card.${a.verb}`, effects: [], invoke: { statusCode: 200, card } };
  };

/** What each register verb does to an entry, with the note (and owner) typed beside it. */
const REGISTER_ACTIONS = {
  escalate: (_raw, _id, note) => ({ kind: 'escalate', note }),
  progress: (_raw, _id, note) => ({ kind: 'progress', note }),
  resolve: (_raw, _id, note) => ({ kind: 'resolve', note }),
  assign: (raw, id, note) => ({ kind: 'assign', ownerId: field(raw, registerInputs.owner(id)), note }),
  note: (_raw, _id, note) => ({ kind: 'note', note }),
} satisfies Record<string, (raw: Record<string, unknown>, id: string, note: unknown) => BarrierAction>;

/** Escalate, progress, resolve, assign or note an entry of the register (target: entry id). */
export const actOnRegister =
  (kind: keyof typeof REGISTER_ACTIONS) =>
  async (a: RegisterAction): Promise<HandlerResult> => {
    const { deps, inputs: raw, verb } = a;
    const lang = a.turn.lang ?? 'en';
    const event = `card.${verb}`;
    const id = a.input.target ?? '';
    const action = REGISTER_ACTIONS[kind](raw, id, field(raw, registerInputs.note(id)));
    const keepNames = a.input.keepNames === true;
    const done = await actOnBarrier(deps.domain, a.turn.actor, id, { ...action, keepNames });
    const notice = done.ok
      ? { kind: 'info' as const, text: done.notice ?? t(lang, 'personal:saved') }
      : { kind: 'error' as const, text: done.failure.message };
    let card = await registerCard(deps, a.grant.tenantId, notice, lang);
    if (!done.ok) {
      const data = {
        rt: 'register',
        phase: 'register',
        rev: 0,
        nonce: a.input.nonce,
        target: id,
      };
      card = answerNameCheck(prefillInputs(card, raw), done.failure, {
        verb,
        data,
        anchor: { verb, target: id },
      });
    }
    return {
      event: done.ok ? event : `${event}.${done.failure.code}`,
      effects: [],
      invoke: { statusCode: 200, card },
    };
  };
