/**
 * The AUTHORIZATION MATRIX's route cases (test/integration/authz-matrix*.test.ts): every command and card verb of
 * the route table, tried by each actor from each place, over real HTTP with Bot Framework tokens ON. The routes are
 * split in two parts that run in two files (each with its own world), so that the matrix is not one long file.
 */
import assert from 'node:assert/strict';
import { preparationPartition } from '../../bot/roundtable/preparation.js';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { CARD_VERBS, COMMANDS } from '../../bot/teams/routing/routes.js';
import { VERBS } from '../../cards/contract.js';
import { MEETING_CHAT_ID } from './activities.js';
import { accessIds, accessSince, matrixAccessProblem } from './authz-access.js';
import { type MatrixRoute, routeCases, runCase, TYPED } from './authz-cases.js';
import {
  ACTORS,
  CARD_EXPECTATIONS,
  COMMAND_EXPECTATIONS,
  type Expectation,
  PLACES,
} from './authz-expectations.js';
import {
  ACTOR_PEOPLE,
  ALIAS,
  ensureCurrentRoundtable,
  FOLLOWUP_CHAT,
  MARK,
  tenantOf,
  type World,
} from './authz-world.js';
import { type Dump, dumpDatabase } from './db-dump.js';

const commandRoutes: MatrixRoute[] = Object.keys(COMMANDS).map((name) => ({
  kind: 'command',
  name,
  exp: (COMMAND_EXPECTATIONS as Record<string, Expectation>)[name]!,
}));
const cardRoutes: MatrixRoute[] = Object.keys(CARD_VERBS).map((name) => ({
  kind: 'card',
  name,
  exp: (CARD_EXPECTATIONS as Record<string, Expectation>)[name]!,
}));

/**
 * Who can call the tab API: Teams gives no SSO token to an anonymous meeting participant (getAuthToken fails for
 * them: docs/security.md), so the tab's own refusal of a request without a token covers them.
 */
export const TAB_ACTORS = ACTORS.filter((a) => a !== 'anonymous');

/** The order the phase groups run in: the welcome card (joins) and the end come last. */
const GROUPS = ['present', 'clarify', 'brainstorm', 'plan', 'debrief', 'review', 'welcome', 'last'] as const;
const groupOf = (r: MatrixRoute) => r.exp.phase ?? 'plan';
const ordered = [...commandRoutes, ...cardRoutes].sort(
  (a, b) =>
    GROUPS.indexOf(groupOf(a)) - GROUPS.indexOf(groupOf(b)) ||
    Number(Boolean(a.exp.once)) - Number(Boolean(b.exp.once)) ||
    Number(a.name === 'roundtable.endConfirm') - Number(b.name === 'roundtable.endConfirm'),
);

/** What the files count and report (cases run, failures for AUTHZ_REPORT). */
export interface MatrixTally {
  caseCount: number;
  failures: string[];
}

/**
 * One `it` per route of part `part` (0 or 1) of the route table, in phase order (every other route, so both parts
 * walk the phases). Each test sets the phase it needs, so a route's test also passes alone (--grep).
 */
export function routeMatrixTests(world: () => World, part: 0 | 1, tally: MatrixTally): void {
  for (const route of ordered.filter((_, i) => i % 2 === part)) {
    const label = `${route.kind === 'command' ? 'command' : 'card'} ${route.name}: ${describeExpectation(route.exp)}`;
    it(label, async () => {
      const w = world();
      const problems: string[] = [];
      const chat = route.exp.phase === 'review' ? FOLLOWUP_CHAT : MEETING_CHAT_ID;
      await ensurePhase(w, chat, groupOf(route));
      if (route.name === 'prepare-attach') await onlyCaseworkerPrepared(w);
      const cases = routeCases(route);
      const deniedCount = cases.filter((c) => c.expected === 'denied').length;
      let dumpBefore = await dumpDatabase(w.h.database.database);
      for (const [i, c] of cases.entries()) {
        tally.caseCount++;
        const mark = w.db.writes.length;
        const logged = await accessIds(w.h.database.database);
        const rtId = (await forChat(w.h.app.domain, chat))?.id;
        const answer = await runCase(w, route, c, chat);
        const wrote = w.db.writes.slice(mark).filter((x) => !IGNORED_WRITES.test(x));
        const at = `${c.actor} @ ${c.place}`;
        // The access log: this case's entry (allowed or refused, by whom, which roundtable), nothing typed.
        const onCard =
          c.place === 'roundtable-chat' && (Object.values(VERBS) as string[]).includes(route.name);
        const access = matrixAccessProblem(
          `${route.kind}.${route.name}`.toLowerCase(),
          // The log names a person by their Entra object id; a guest without one by their Teams id.
          ACTOR_PEOPLE[c.actor].aadObjectId || ACTOR_PEOPLE[c.actor].id,
          c.expected,
          await accessSince(w.h.database.database, logged),
          { ...(onCard && rtId ? { roundtableId: rtId } : {}), typed: [TYPED, MARK] },
        );
        if (access) problems.push(`${at}: ${access}`);
        // Teams documents 200, and 400 or 500 for errors, as a card action's answer: refusals are none of the others.
        if (answer.statusCode !== undefined && ![200, 400, 500].includes(answer.statusCode))
          problems.push(`${at}: answered statusCode ${answer.statusCode}, which Teams does not document`);
        if (c.expected === 'denied') {
          if (wrote.length) problems.push(`${at}: denied, but it wrote ${wrote.map(shortWrite).join(', ')}`);
          if (answer.text.includes(MARK)) problems.push(`${at}: denied, but the answer shows case content`);
        } else {
          if (answer.refused) problems.push(`${at}: allowed, but refused (${answer.refused})`);
          if (route.exp.noContent?.includes(c.actor) && answer.text.includes(MARK))
            problems.push(`${at}: allowed, but shows case content that is not theirs`);
          if (route.name === 'start-followup' && route.exp.noContent?.includes(c.actor)) {
            const started =
              c.place === 'roundtable-chat' ? undefined : await forChat(w.h.app.domain, answer.chat);
            if (started?.followUpOf) problems.push(`${at}: linked to the previous roundtable of the case`);
          }
          await ensurePhase(w, chat, groupOf(route));
        }
        if (i === deniedCount - 1) {
          // Cross-check of the write log: the denied cases together left the database as it was.
          const dumpAfter = await dumpDatabase(w.h.database.database);
          if (!problems.some((p) => p.includes('wrote')) && !sameIgnoringPeople(dumpBefore, dumpAfter))
            problems.push('the denied cases changed the database (dump) without a write in the log');
          dumpBefore = dumpAfter;
        }
      }
      tally.failures.push(...problems.map((p) => `${route.name}: ${p}`));
      assert.deepEqual(problems, [], `${route.kind} ${route.name}`);
    });
  }
}

/**
 * Writes a denied case may make: the `people` container, where the bot records on every activity the person's
 * name, ids and the reference of their 1:1 chat (for reminders), and the access log, which records the refusal;
 * neither holds case data.
 */
export const IGNORED_WRITES = /\/colls\/(people|access-log)\//;

export const shortWrite = (w: string) => w.replace(/^(\w+) \/dbs\/[^/]+\/colls\//, '$1 ');

function sameIgnoringPeople(a: Dump, b: Dump): boolean {
  const strip = (d: Dump) => JSON.stringify({ ...d, people: [], 'access-log': [] });
  return strip(a) === strip(b);
}

/** Moves every download link's expiry into the past (as time would). */
export async function expireDownloads(w: World): Promise<void> {
  const programme = w.h.database.database.container('programme');
  const { resources } = await programme.items
    .query<Record<string, unknown> & { id: string }>('SELECT * FROM c WHERE STARTSWITH(c.id, "dl-")')
    .fetchAll();
  for (const d of resources) {
    if (!d.usedAt)
      await programme.items.upsert({ ...d, expiresAt: new Date(Date.now() - 60_000).toISOString() });
  }
}

/**
 * As seeded, only the caseworker prepared the case: drafts others saved in other tests (prep.save lets
 * anyone save one) are removed, so that `prepare attach` finds none of theirs.
 */
async function onlyCaseworkerPrepared(w: World): Promise<void> {
  for (const actor of ACTORS.filter((a) => a !== 'caseworker')) {
    const partition = preparationPartition(tenantOf(actor), ALIAS, ACTOR_PEOPLE[actor].id);
    if (await w.h.app.domain.records.getPreparation(partition))
      await w.h.app.domain.records.deletePreparation(partition);
  }
}

/** The phase the route's cases need (the debrief card carries the end buttons). */
export async function ensurePhase(w: World, chat: string, group: (typeof GROUPS)[number]) {
  const phase = group === 'last' ? 'debrief' : group;
  // Every group but the end's needs the seeded roundtable, whatever an earlier test did to it.
  if (chat === MEETING_CHAT_ID && group !== 'last') await ensureCurrentRoundtable(w);
  let rt = await forChat(w.h.app.domain, chat);
  if (rt?.status !== 'active') {
    // Only the end verbs end it; after an allowed end the next end verb needs a running roundtable again.
    if (group !== 'last') return;
    await w.say('facilitator', `start ${ALIAS}`, chat);
    rt = await forChat(w.h.app.domain, chat);
  }
  const current = rt?.phases[rt.phaseIndex]?.key;
  if (current !== phase) await w.say('facilitator', `go ${phase}`, chat);
}

export function describeExpectation(e: Expectation): string {
  const who =
    e.actors.length === ACTORS.length
      ? 'anyone'
      : e.actors.length === TAB_ACTORS.length && !e.actors.includes('anonymous')
        ? 'anyone with an agency account'
        : e.actors.join(', ');
  const where = e.places.length === PLACES.length ? 'anywhere' : e.places.join(', ');
  return `${who} in ${where}`;
}
