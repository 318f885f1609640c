/**
 * The who-may-do-what table of docs/security.md, generated from the route table (bot/teams/routing/routes.ts:
 * COMMANDS, CARD_VERBS; who passes each guard from bot/teams/routing/guards.ts). `npm run docs:security` rewrites
 * the table between the markers; test/integration/authz-matrix.test.ts fails when the doc differs. The tab
 * API's routes (bot/http/tab-routes.ts: TAB_ROUTES, TAB_GUARDS) follow the bot's.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TAB_GUARDS, TAB_ROUTES } from '../bot/http/tab-routes.js';
import { RETENTION_TABLE } from '../bot/roundtable/retention-rules.js';
import { GUARDS } from '../bot/teams/routing/guards.js';
import type { CardRoute, GuardName, Where } from '../bot/teams/routing/route-types.js';
import { CARD_VERBS, COMMANDS } from '../bot/teams/routing/routes.js';

export const START = '<!-- routes:start -->';
export const END = '<!-- routes:end -->';

const WHERE: Record<Where, string> = {
  any: 'any chat',
  group: 'group or meeting chat',
  personal: '1:1 chat with the bot',
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

function whereOf(where: Where, elsewhere: unknown, roundtable?: string): string {
  const parts = [WHERE[where]];
  if (elsewhere === 'send-privately') parts.push('typed in a group: answered in the 1:1 chat');
  else if (elsewhere) parts.push('refused elsewhere');
  if (roundtable === 'active') parts.push("the chat's running roundtable");
  if (roundtable === 'any') parts.push("the chat's roundtable (also ended)");
  return parts.join('; ');
}

const whoOf = (guard: GuardName) => `\`${guard}\`: ${GUARDS[guard].who}`;

/** What a card family's data names. */
const FAMILY: Record<CardRoute['family'], string> = {
  roundtable: 'roundtable card',
  'follow-up': '1:1 follow-up card',
  preparation: '1:1 preparation or invitation card',
  register: 'barrier register card (1:1)',
};

/** The markdown table (header and one row per command and card verb), in the route table's order. */
export function securityTable(): string {
  const rows = ['| Route | Kind | Where | Who may use it |', '| --- | --- | --- | --- |'];
  for (const [name, r] of Object.entries(COMMANDS)) {
    const route = r as {
      help: { usage: string } | null;
      where: Where;
      elsewhere?: unknown;
      roundtable?: string;
      guard: GuardName;
      needs?: string;
    };
    const usage = route.help ? route.help.usage : '(anything else)';
    rows.push(
      `| \`${cell(usage)}\` | command (${name}) | ${cell(whereOf(route.where, route.elsewhere, route.roundtable))} | ${cell(whoOf(route.guard))} |`,
    );
  }
  for (const [verb, r] of Object.entries(CARD_VERBS)) {
    const route = r as CardRoute;
    const phase =
      route.family === 'roundtable'
        ? `; from the ${route.phase === 'current' ? 'current phase’s card' : route.phase === 'any' ? 'card of any phase' : 'card, even after the end'}`
        : '';
    rows.push(
      `| \`${verb}\` | ${FAMILY[route.family]} | ${cell(whereOf(route.where, route.elsewhere) + phase)} | ${cell(whoOf(route.guard))} |`,
    );
  }
  for (const route of TAB_ROUTES) {
    const who = [
      `\`${route.guard}\`: ${TAB_GUARDS[route.guard].who}`,
      route.rule ? `then ${route.rule}` : '',
    ];
    rows.push(
      `| \`${route.method.toUpperCase()} ${route.path}\` | tab API | ${cell(TAB_WHERE[route.where])} | ${cell(who.filter(Boolean).join('; '))} |`,
    );
  }
  return rows.join('\n');
}

/** Where a tab route works, in words. */
const TAB_WHERE = {
  'sign-in': 'local development sign-in',
  meeting: "meeting tab (side panel, stage): the chat's roundtable",
  personal: 'personal app "My roundtables": the signed-in user\'s own data',
} as const;

/** The document with the table between the markers replaced. */
export function replaceTable(doc: string, table: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`the document has no ${START} … ${END} markers`);
  return `${doc.slice(0, start + START.length)}\n${table}\n${doc.slice(end)}`;
}

/** The table between the markers of a document. */
export function tableIn(doc: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`the document has no ${START} … ${END} markers`);
  return doc.slice(start + START.length, end);
}

/** A table's rows as trimmed cells, so the formatter's column padding does not count. */
export function tableRows(table: string): string[][] {
  return table
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/^:?-+:?$/, '---')),
    );
}

export const RETENTION_START = '<!-- retention:start -->';
export const RETENTION_END = '<!-- retention:end -->';

/** The retention table (bot/roundtable/retention-rules.ts RETENTION_TABLE): one row per kind of document. */
export function retentionTable(): string {
  const rows = [
    '| What | Where | Whose | Kept | Setting | Who reads it |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of RETENTION_TABLE) {
    const setting =
      r.setting.kind === 'env'
        ? `\`${r.setting.name}\` (days; default ${r.setting.default}, 0: kept)`
        : r.setting.text;
    rows.push(
      `| ${cell(r.what)} | ${cell(r.container)} | ${cell(r.whose)} | ${cell(r.kept)} | ${cell(setting)} | ${cell(r.readBy)} |`,
    );
  }
  return rows.join('\n');
}

/** The document with the part between two markers replaced. */
export function replaceBetween(doc: string, start: string, end: string, text: string): string {
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`the document has no ${start} … ${end} markers`);
  return `${doc.slice(0, a + start.length)}\n${text}\n${doc.slice(b)}`;
}

/** The part between two markers of a document. */
export function between(doc: string, start: string, end: string): string {
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`the document has no ${start} … ${end} markers`);
  return doc.slice(a + start.length, b);
}

/** docs/security.md of this repository. */
export const SECURITY_DOC = join(__dirname, '..', 'docs', 'security.md');

if (require.main === module) {
  const doc = readFileSync(SECURITY_DOC, 'utf8');
  const next = replaceBetween(
    replaceTable(doc, securityTable()),
    RETENTION_START,
    RETENTION_END,
    retentionTable(),
  );
  const same =
    JSON.stringify(tableRows(tableIn(doc))) === JSON.stringify(tableRows(securityTable())) &&
    JSON.stringify(tableRows(between(doc, RETENTION_START, RETENTION_END))) ===
      JSON.stringify(tableRows(retentionTable()));
  if (!same) {
    writeFileSync(SECURITY_DOC, next);
    // The repository's formatter pads markdown tables; the test compares cells, not padding.
    spawnSync('npx', ['biome', 'format', '--write', SECURITY_DOC], { stdio: 'ignore' });
  }
  console.log(same ? 'docs/security.md is up to date' : 'docs/security.md: table rewritten');
}
