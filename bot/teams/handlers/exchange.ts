/** The plan export for the state's system of record (docs/exchange.md): `export json`. */
import { downloadCard } from '../../../cards/programme-cards.js';
import { t } from '../../i18n/text.js';
import { textFailure, textReply } from '../routing/answers.js';
import { command, line, nothing } from '../routing/route-builders.js';
import type { ChatCommandCall, CommandCall } from '../routing/route-types.js';
import type { HandlerResult } from '../routing/turn.js';
import { privateDownload } from './programme.js';
import { clickerLang, replyLang } from './reply-lang.js';

/** `export json`: the plan as a JSON record (docs/schema), by a private single-use link in the 1:1 chat. */
export const exportJsonCommand = (c: ChatCommandCall<unknown>): Promise<HandlerResult> =>
  privateDownload(c, 'command.export-json', 'plan-json', {
    // The link goes to the asker's 1:1 chat: their language.
    what: t(clickerLang(c.deps, c.turn), 'chat:exchange.planJson'),
    linkTitle: t(clickerLang(c.deps, c.turn), 'chat:exchange.downloadPlanJson'),
  });

/** `case number <alias> <number>`: reads the alias (all but the last word) and the number (the last word). */
export const caseNumberArgs = (args: string): { alias: string; caseNumber: string } => {
  const words = args.split(' ').filter(Boolean);
  if (words.length < 2) return { alias: '', caseNumber: '' };
  return { alias: words.slice(0, -1).join(' '), caseNumber: words.at(-1) ?? '' };
};

/** `case number <alias> <number>` (1:1 only): a plan owner sets the protected case number of the plan. */
export async function caseNumberCommand({
  deps,
  input,
  turn,
}: CommandCall<{ alias: string; caseNumber: string }>): Promise<HandlerResult> {
  const event = 'command.case-number';
  const p = deps.programme;
  if (!p) throw new Error('programme features are not enabled');
  const saved = await p.exports.setCaseNumber(turn.actor, input.alias, input.caseNumber);
  if (!saved.ok) return textFailure(event, saved.failure);
  return textReply(event, saved.notice ?? t(replyLang(deps, turn), 'chat:exchange.caseNumberSaved'));
}

/** A case number typed in a group chat is not stored: it is protected, and the chat would show it. */
export const CASE_NUMBER_PRIVATELY =
  'A case number is protected: type `case number <case alias> <number>` in your 1:1 chat with the bot. Nothing was saved; you may delete your message from this chat.';

/** `plans export <from> <to> [csv]`: two ISO dates (from ≤ to), and the format. Anything else: the usage. */
export const periodArgs = (args: string): { from: string; to: string; csv: boolean } => {
  const m = /^(\d{4}-\d{2}-\d{2})\s+(\d{4}-\d{2}-\d{2})(?:\s+(csv|ndjson))?$/i.exec(args.trim());
  if (!m) return { from: '', to: '', csv: false };
  return { from: m[1] ?? '', to: m[2] ?? '', csv: (m[3] ?? '').toLowerCase() === 'csv' };
};

/** `plans export …` (leaders, records officers; 1:1): a private link to their own tenant's plans of the period. */
export async function plansExportCommand({
  deps,
  input,
  turn,
  grant,
}: CommandCall<{ from: string; to: string; csv: boolean }>): Promise<HandlerResult> {
  const event = 'command.plans-export';
  const p = deps.programme;
  if (!p) throw new Error('programme features are not enabled');
  const valid = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d));
  if (!valid(input.from) || !valid(input.to) || input.from > input.to)
    return textReply(`${event}.invalid`, t(replyLang(deps, turn), 'chat:exchange.plansUsage'));
  const tenantId = 'tenantId' in grant ? (grant.tenantId as string | undefined) : undefined;
  const link = await p.exports.createLink(
    input.csv ? 'plans-csv' : 'plans-ndjson',
    turn.actor.person.id,
    undefined,
    tenantId ?? turn.actor.tenantId,
    { from: input.from, to: input.to },
  );
  const lang = replyLang(deps, turn);
  const card = downloadCard({
    what: t(lang, 'chat:exchange.plansStarted', { from: input.from, to: input.to }),
    linkTitle: t(lang, input.csv ? 'chat:exchange.downloadCsv' : 'chat:exchange.downloadNdjson'),
    url: p.downloadUrl(link.token),
    expiresAt: link.expiresAt,
  });
  return { event, effects: [{ kind: 'card', card }] };
}

/** The exchange commands' rows (issue #26): the plan as JSON, a period's plans, the protected case number. */
export const EXCHANGE_COMMANDS = {
  'export-json': command({
    words: [['export', 'json']],
    read: nothing,
    help: line(
      'export json',
      'Facilitator or caseworker: the plan as JSON for the case system (docs/md).',
      'after',
    ),
    where: 'any',
    needs: 'programme',
    roundtable: 'any',
    none: 'There is no roundtable in this chat to export. Type `@Roundtable export json` in the roundtable’s chat.',
    guard: 'facilitator-or-caseworker',
    handle: exportJsonCommand,
  }),
  'plans-export': command({
    words: [['plans', 'export']],
    read: periodArgs,
    help: line(
      'plans export <from YYYY-MM-DD> <to YYYY-MM-DD> [csv]',
      'Leaders and records officers, in a 1:1 chat: every plan of a period for the case system (NDJSON, or CSV tables).',
      'after',
    ),
    where: 'personal',
    elsewhere: 'send-privately',
    needs: 'programme',
    guard: 'leader-or-records-officer',
    handle: plansExportCommand,
  }),
  'case-number': command({
    words: [['case', 'number']],
    read: caseNumberArgs,
    help: line(
      'case number <case alias> <number>',
      'Plan owners, in a 1:1 chat: the case number for the case system (protected).',
      'after',
    ),
    where: 'personal',
    elsewhere: { code: 'forbidden', message: CASE_NUMBER_PRIVATELY },
    needs: 'programme',
    guard: 'anyone',
    handle: caseNumberCommand,
  }),
};
