import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inTenantOf } from '../../bot/http/tab-me.js';
import { type AccessEntry, inTenant, sameTenant } from '../../bot/roundtable/permissions.js';
import { initialPhases } from '../../bot/roundtable/phases.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import type { Roundtable } from '../../bot/roundtable/types.js';
import { RoundtableCardData } from '../../bot/teams/routing/card-input.js';
import { menuCommands, parseCommand } from '../../bot/teams/routing/commands.js';
import { dispatchCardAction, dispatchCommand } from '../../bot/teams/routing/dispatch.js';
import { GUARDS } from '../../bot/teams/routing/guards.js';
import type { CardRoute } from '../../bot/teams/routing/route-types.js';
import { CARD_VERBS, COMMAND_HELP, COMMANDS, cardRoute } from '../../bot/teams/routing/routes.js';
import type { HandlerDeps, TurnInput } from '../../bot/teams/routing/turn.js';
import { PREPARATION_VERBS, VERBS } from '../../cards/contract.js';
import { FOLLOW_UP_VERBS } from '../../cards/follow-up-cards.js';
import { PROGRAMME_VERBS } from '../../cards/programme-cards.js';
import { commandLists, MENU_MAX } from '../../manifest/package.js';

const ROOT = resolve(__dirname, '../..');
const VERB_OBJECTS: Record<string, Record<string, string>> = {
  VERBS,
  PREPARATION_VERBS,
  FOLLOW_UP_VERBS,
  PROGRAMME_VERBS,
};

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, ext);
    return path.endsWith(ext) ? [path] : [];
  });
}

/** Every `"verb"` value in a JSON document. */
function verbsIn(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const child of node) verbsIn(child, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'verb' && typeof value === 'string') out.add(value);
      else verbsIn(value, out);
    }
  }
  return out;
}

const allRoutes = () => [
  ...Object.entries(COMMANDS).map(([name, r]) => [`command ${name}`, r] as const),
  ...Object.entries(CARD_VERBS).map(([verb, r]) => [`verb ${verb}`, r] as const),
];

describe('route table (bot/teams/routing/routes.ts)', () => {
  it('routes every Action.Execute verb of the card templates', () => {
    const verbs = new Set<string>();
    for (const file of filesUnder(join(ROOT, 'cards/templates'), '.json'))
      verbsIn(JSON.parse(readFileSync(file, 'utf8')), verbs);
    assert.ok(verbs.size >= 40, `found only ${verbs.size} verbs in the templates`);
    for (const verb of verbs) assert.ok(cardRoute(verb), `no route for the template verb ${verb}`);
  });

  it('routes every verb constant the card builders and the edge use, and every value of the verb objects', () => {
    const used = new Set<string>();
    const sources = [
      ...filesUnder(join(ROOT, 'cards'), '.ts'),
      ...filesUnder(join(ROOT, 'bot/teams'), '.ts'),
    ];
    for (const file of sources) {
      for (const m of readFileSync(file, 'utf8').matchAll(
        /\b(VERBS|PREPARATION_VERBS|FOLLOW_UP_VERBS|PROGRAMME_VERBS)\.(\w+)/g,
      )) {
        const value = VERB_OBJECTS[m[1] as string]?.[m[2] as string];
        assert.ok(value, `${file}: ${m[0]} is not a verb constant`);
        used.add(value);
      }
    }
    assert.ok(used.size >= 40, `found only ${used.size} verb constants in use`);
    for (const verb of used) assert.ok(cardRoute(verb), `no route for ${verb}`);
    for (const [name, obj] of Object.entries(VERB_OBJECTS))
      for (const verb of Object.values(obj)) assert.ok(cardRoute(verb), `no route for ${name} value ${verb}`);
    assert.equal(cardRoute('toString'), undefined, 'no inherited property is a route');
    assert.equal(cardRoute('nonsense.verb'), undefined);
  });

  it('gives every route a where, a known guard and a handler', () => {
    const routes = allRoutes();
    assert.equal(routes.length, Object.keys(COMMANDS).length + Object.keys(CARD_VERBS).length);
    for (const [label, route] of routes) {
      assert.ok(['group', 'personal', 'any'].includes(route.where), `${label}: where`);
      assert.ok(Object.hasOwn(GUARDS, route.guard), `${label}: guard ${String(route.guard)}`);
      assert.equal(typeof route.handle, 'function', `${label}: handle`);
      if ('family' in route) assert.equal(typeof route.data?.safeParse, 'function', `${label}: data schema`);
      if (route.where !== 'any') {
        const elsewhere = route.elsewhere;
        assert.ok(
          elsewhere === 'send-privately'
            ? route.where === 'personal'
            : typeof elsewhere === 'object' && elsewhere.message,
          `${label}: refused or sent privately elsewhere`,
        );
      }
    }
    for (const [name, guard] of Object.entries(GUARDS)) assert.ok(guard.who, `guard ${name} says who passes`);
  });

  it('lists every command but `unknown` in help, and parseCommand reads each back to its own entry', () => {
    for (const [name, route] of Object.entries(COMMANDS)) {
      if (name === 'unknown') {
        assert.equal(route.help, null);
        continue;
      }
      assert.ok(route.help, `command ${name} has no help line`);
      assert.ok(route.help.usage && route.help.description, `command ${name}: usage and description`);
      assert.ok(['before', 'during', 'after', 'any'].includes(route.help.when), `command ${name}: when`);
      const words = route.words[0]?.join(' ') ?? '';
      assert.ok(route.help.usage.startsWith(words), `command ${name}: its usage starts with its words`);
    }
  });

  it("every row's words parse back to it (the parser is derived from the rows), in any case", () => {
    let phrasings = 0;
    for (const [name, route] of Object.entries(COMMANDS)) {
      for (const words of route.words) {
        phrasings++;
        assert.equal(parseCommand(words.join(' ')).name, name, words.join(' '));
        assert.equal(
          parseCommand(words.join(' ').toUpperCase()).name,
          name,
          `${words.join(' ')} in capitals`,
        );
      }
    }
    assert.ok(phrasings > Object.keys(COMMANDS).length, "synonyms are rows' words too");
    assert.equal(parseCommand('').name, 'help');
    assert.deepEqual(parseCommand('start practice J.T.'), { name: 'start', alias: 'practice J.T.' });
    assert.deepEqual(parseCommand('my steps please'), { name: 'unknown', word: 'my steps please' });
    assert.deepEqual(parseCommand('previous'), { name: 'back' });
    assert.deepEqual(parseCommand('start follow-up J.T.'), { name: 'start-followup', alias: 'J.T.' });
  });

  it('parseCommand only returns names that are keys of the table', () => {
    const typed = [
      'start J.T. 2024',
      'start practice',
      'start followup J.T.',
      'delete roundtable J.T.',
      'delete everything',
      'export',
      'export json',
      'case number J.T. 2026-118',
      'plans export 2026-01-01 2026-03-31 csv',
      'barriers csv',
      'prepare J.T.',
      'prepare attach',
      'invite caseworker on 2026-06-01 14:00',
      'open',
      'next',
      'previous',
      'go 3',
      'status',
      'facilitator add',
      'facilitators list',
      'join',
      'role Sana Supervisor supervisor',
      'timer 10',
      'anonymous on',
      'end confirm',
      'my steps',
      'my reviews',
      'my cat',
      'team steps',
      'reminders retry',
      'help',
      '?',
      '',
      'what is this',
      'x'.repeat(300),
      // Records (issue #23)
      'facilitator remove',
      'handover caseworker',
      'legal hold release',
      // Youth-centred roundtables (#29)
      'start youth Y.T.',
      'youth',
      'my goal stay at my school',
      'support',
    ];
    const names = new Set(typed.map((t) => parseCommand(t).name));
    for (const name of names) assert.ok(Object.hasOwn(COMMANDS, name), `parseCommand gave ${name}`);
    assert.deepEqual([...names].sort(), Object.keys(COMMANDS).sort(), 'the samples reach every command');
  });

  it('help groups commands by their guard, not by their wording', async () => {
    const turn = {
      actor: { person: { id: 'u', name: 'U' }, conversationId: 'c' },
      personal: false,
    } as TurnInput;
    const result = await dispatchCommand({} as HandlerDeps, { name: 'help' }, turn);
    const effect = result.effects[0];
    assert.ok(effect?.kind === 'card');
    const text = JSON.stringify(effect.card);
    const section = (title: string, required = true) => {
      const at = text.indexOf(`"${title}"`);
      if (at < 0 && !required) return '';
      assert.ok(at >= 0, `no section ${title}`);
      const next = text.slice(at + title.length + 2).search(/"text":"(Before|During|After|Any time)/);
      return text.slice(at, next < 0 ? undefined : at + title.length + 2 + next);
    };
    // `export` says "Facilitator or caseworker:"; its guard lets the caseworker in too: not a facilitator command.
    assert.match(section('After the roundtable — facilitator or caseworker'), /@Roundtable export/);
    assert.doesNotMatch(section('After the roundtable — facilitator'), /@Roundtable export/);
    assert.match(section('After the roundtable — facilitator'), /@Roundtable delete roundtable/);
    // Every command in a facilitator section has the facilitator guard.
    for (const [name, route] of Object.entries(COMMANDS)) {
      if (!route.help || route.where === 'personal') continue;
      const usage = JSON.stringify(`@Roundtable ${route.help.usage}`);
      const title = {
        before: 'Before the roundtable',
        during: 'During the roundtable',
        after: 'After the roundtable',
        any: 'Any time',
      }[route.help.when];
      const inFacilitator = section(`${title} — facilitator`, false).includes(usage);
      assert.equal(
        inFacilitator,
        GUARDS[route.guard].audience === 'facilitator',
        `${name}: facilitator section iff its guard is for facilitators`,
      );
    }
  });

  it('generates the help text from the table, in table order', async () => {
    const order = Object.values(COMMANDS).flatMap((r) => (r.help ? [r.help.usage] : []));
    assert.deepEqual(
      COMMAND_HELP.map((c) => c.usage),
      order,
    );
    assert.deepEqual(order, [
      'start <case alias>',
      'start practice',
      'invite [role] @person … on <YYYY-MM-DD> [HH:MM]',
      'start followup <case alias>',
      'open',
      'next',
      'back',
      'go <1-6 or phase name>',
      'status',
      'facilitator add @person',
      'join',
      'role @person <role>',
      'timer <minutes>',
      'anonymous on|off',
      'end',
      'prepare <case alias>',
      'prepare attach',
      'export',
      'export json',
      'plans export <from YYYY-MM-DD> <to YYYY-MM-DD> [csv]',
      'case number <case alias> <number>',
      'delete roundtable',
      'barriers [csv]',
      'reminders retry',
      'my steps',
      'my reviews',
      'team steps',
      'help',
      'facilitator remove @person',
      'handover caseworker|supervisor @person',
      'legal hold [release]',
      'start youth <case alias>',
      'youth',
      'my goal <your goal>',
      'support @person',
    ]);
    // The help cards the bot sends: the meeting chat's (typed as `@Roundtable …`) and the 1:1 chat's, grouped by
    // before / during / after and by role; together they hold every command.
    const helpText = async (personal: boolean) => {
      const turn = { actor: { person: { id: 'u', name: 'U' }, conversationId: 'c' }, personal } as TurnInput;
      const result = await dispatchCommand({} as HandlerDeps, { name: 'help' }, turn);
      const effect = result.effects[0];
      assert.ok(effect?.kind === 'card');
      return JSON.stringify(effect.card);
    };
    const meeting = await helpText(false);
    const personal = await helpText(true);
    for (const usage of order) {
      assert.ok(
        meeting.includes(JSON.stringify(`@Roundtable ${usage}`)) || personal.includes(JSON.stringify(usage)),
        `${usage} on a help card`,
      );
    }
    assert.ok(
      meeting.includes('"@Roundtable next"') && !personal.includes('"next"'),
      'next: meeting chat only',
    );
    assert.ok(
      personal.includes('"my steps"') && !meeting.includes('"@Roundtable my steps"'),
      'my steps: 1:1',
    );
    const sections = (text: string) =>
      [...text.matchAll(/"text":"((?:Before|During|After)[^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(sections(meeting).slice(0, 4), [
      'Before the roundtable — facilitator',
      'Before the roundtable — everyone',
      'During the roundtable — facilitator',
      'During the roundtable — everyone',
    ]);
    assert.match(
      meeting,
      /In your 1:1 chat with me: prepare, plans export, case number, barriers, my steps, my reviews, team steps/,
    );
    assert.match(personal, /In the meeting chat, type `@Roundtable help`/);
  });

  it('fills the manifest command lists from the table, by rank', () => {
    const [group, personal] = commandLists();
    const titles = (menu: 'group' | 'personal') =>
      Object.values(COMMANDS)
        .flatMap((r) =>
          r.help && r.help.rank[menu] !== undefined
            ? [{ rank: r.help.rank[menu], title: r.words[0]?.join(' ') }]
            : [],
        )
        .sort((a, b) => a.rank - b.rank)
        .map((c) => c.title);
    assert.deepEqual(
      group?.commands.map((c) => c.title),
      titles('group').slice(0, MENU_MAX),
    );
    assert.deepEqual(
      menuCommands('group').map((c) => c.title),
      titles('group'),
    );
    assert.deepEqual(
      personal?.commands.map((c) => c.title),
      titles('personal'),
    );
    const ranks = Object.values(COMMANDS).flatMap((r) =>
      r.help?.rank.group !== undefined ? [r.help.rank.group] : [],
    );
    assert.equal(new Set(ranks).size, ranks.length, 'no two commands share a group rank');
    assert.deepEqual(
      personal?.commands.map((c) => c.title),
      ['prepare', 'my steps', 'my reviews', 'team steps', 'help'],
    );
    for (const list of [group, personal])
      for (const c of list?.commands ?? []) {
        const name = parseCommand(c.title).name;
        assert.ok(Object.hasOwn(COMMANDS, name) && name !== 'unknown', c.title);
        assert.equal(c.title, COMMANDS[name].words[0]?.join(' '), "the title is the row's words");
        const help = COMMANDS[name].help;
        assert.equal(c.description, help?.description.slice(0, 128), c.title);
      }
  });
});

describe('handlers take their verb from the row, never re-test it', () => {
  it('no handler file compares the verb or the command name (verbs that share a handler give it a parameter)', () => {
    // One file per feature in bot/teams/handlers: its commands and card verbs together.
    const handlers = readdirSync(join(ROOT, 'bot/teams/handlers')).filter((f) => f.endsWith('.ts'));
    assert.ok(handlers.length >= 8, `found ${handlers.length} handler files`);
    const retest =
      /\bverb\s*[!=]==|[!=]==\s*(VERBS|PREPARATION_VERBS|FOLLOW_UP_VERBS|PROGRAMME_VERBS)\.|case\s+(VERBS|PREPARATION_VERBS|FOLLOW_UP_VERBS|PROGRAMME_VERBS)\.|switch\s*\(\s*verb\b|\bcmd\.name\b/;
    for (const file of handlers) {
      const source = readFileSync(join(ROOT, 'bot/teams/handlers', file), 'utf8');
      assert.doesNotMatch(source, retest, `${file} re-tests its verb`);
    }
  });
});

describe('one tenant rule (bot/roundtable/permissions.ts inTenant) for the bot and the tab API', () => {
  it('compares tenant ids without case; an unknown one (local mode) matches only an unknown one; a crafted one never', () => {
    assert.equal(inTenant('ABC-1', 'abc-1'), true);
    assert.equal(inTenant('abc-1', 'abc-2'), false);
    assert.equal(inTenant(undefined, undefined), true);
    assert.equal(inTenant(undefined, 'abc-1'), false);
    assert.equal(inTenant('abc-1', undefined), false);
    assert.equal(inTenant('abc-1', { $ne: 'x' } as unknown as string), false);
    // The tab's personal app and the bot's guards answer the same for the same ids.
    const rt = { chat: { tenantId: 'ABC-1' } } as Roundtable;
    const me = (tid: string | undefined, dev = false) => ({
      who: { oid: 'o', tid, name: 'N', dev },
      ids: ['o'],
    });
    for (const tid of ['abc-1', 'ABC-1', 'abc-2', undefined]) {
      assert.equal(
        inTenantOf(me(tid), rt),
        sameTenant(rt, { ...(tid ? { tenantId: tid } : {}) }),
        String(tid),
      );
    }
    assert.equal(inTenantOf(me('abc-2', true), rt), true, 'the development sign-in names no tenant');
  });
});

describe('route rows: a row without its input schema or guard does not compile', () => {
  it('the CardRoute type demands data and guard (checked by tsc --noEmit)', () => {
    const handle = async () => ({ event: 'x', effects: [] });
    const row = { family: 'roundtable', where: 'any', phase: 'current', handle } as const;
    // @ts-expect-error a roundtable verb row without its data schema
    const noSchema: CardRoute = { ...row, guard: 'facilitator' };
    // @ts-expect-error a roundtable verb row without its guard
    const noGuard: CardRoute = { ...row, data: RoundtableCardData };
    const whole: CardRoute = { ...row, data: RoundtableCardData, guard: 'facilitator' };
    assert.ok(noSchema && noGuard && whole);
  });
});

describe('dispatcher: where and guard before the handler', () => {
  const facilitator = { id: 'f', name: 'Fay' };
  const rt = {
    id: 'rt-1',
    caseAlias: 'J.D.',
    status: 'active',
    phaseIndex: 0,
    revision: 3,
    phases: initialPhases(DEFAULT_SETTINGS),
    startedBy: facilitator,
    facilitatorIds: [facilitator.id],
    roster: [],
    anonymous: false,
    chat: { conversationId: 'conv-1', serviceUrl: 'https://smba.example', reference: {}, tenantId: 't-1' },
    cardIds: {},
    createdAt: '2025-03-10T15:00:00.000Z',
  } as Roundtable;
  const touched: string[] = [];
  /** A service that finds the roundtable and records any handler-side call (which the guard must prevent). */
  const handlerSide = (name: string) => async () => {
    touched.push(name);
    throw new Error(`${name} must not run for a refused turn`);
  };
  /** The reads the guards make (the chat's pointer, the roundtable); a handler's domain call would read again. */
  const reads: string[] = [];
  const guardReads: Record<string, (...args: unknown[]) => Promise<unknown>> = {
    getChat: async () => ({
      value: { conversationId: 'conv-1', roundtableId: rt.id, history: [rt.id] },
      etag: 'c',
    }),
    getRoundtable: async () => ({ value: rt, etag: 'r' }),
  };
  /** A store that answers the guards' reads and records any other call (which the guard must prevent). */
  const store = new Proxy(
    {},
    {
      get: (_target, name: string) => {
        const read = guardReads[name];
        if (!read) return handlerSide(name);
        return (...args: unknown[]) => {
          reads.push(name);
          return read(...args);
        };
      },
    },
  );
  const deps = {
    now: () => new Date('2025-03-10T15:00:00.000Z'),
    domain: {
      store,
      records: store,
      programme: store,
      settings: DEFAULT_SETTINGS,
      now: () => new Date('2025-03-10T15:00:00.000Z'),
      newId: handlerSide('newId'),
      // A view finds nothing behind this fake (as a card's redraw would).
      scopes: { fresh: async () => undefined, within: async () => undefined },
      /** The leader guard's question (isLeader reads the configured leaders). */
      get leaderIds() {
        touched.push('isLeader');
        throw new Error('isLeader must not run for a refused turn');
      },
    },
    programme: {},
  } as unknown as HandlerDeps;
  const someone: TurnInput = {
    actor: {
      person: { id: 'p', name: 'Pat', aadObjectId: 'aad-p' },
      conversationId: 'conv-1',
      tenantId: 't-1',
    },
    chat: rt.chat,
    mentions: [],
    activityId: 'a',
  };

  beforeEach(() => {
    touched.length = 0;
    reads.length = 0;
  });

  it('refuses a facilitator command to someone else before its handler runs', async () => {
    const result = await dispatchCommand(deps, { name: 'timer', minutes: '5' }, someone);
    assert.equal(result.event, 'command.timer.forbidden');
    assert.match(JSON.stringify(result.effects), /Only a facilitator can do that/);
    assert.deepEqual(touched, []);
    assert.deepEqual(reads, ['getChat', 'getRoundtable'], 'only the guard read: the handler did not run');
  });

  it('refuses a personal-only command in a group chat before its guard asks anything', async () => {
    const result = await dispatchCommand(deps, { name: 'barriers', csv: false }, someone);
    assert.equal(result.event, 'command.barriers.not-personal');
    assert.deepEqual(touched, []);
    assert.deepEqual(reads, []);
  });

  it('refuses a facilitator card verb to someone else before its handler runs', async () => {
    const data = { rt: rt.id, phase: 'welcome', rev: 3, nonce: 'n' };
    const result = await dispatchCardAction(deps, VERBS.next, data, someone);
    assert.equal(result.event, `card.${VERBS.next}.forbidden`);
    assert.deepEqual(touched, []);
    assert.deepEqual(reads, ['getRoundtable'], 'only the guard read: the handler did not run');
  });

  it('passes every allowed request and every refusal through the access hook, right after the guard', async () => {
    const entries: AccessEntry[] = [];
    const logged = { ...deps, recordAccess: (e: AccessEntry) => void entries.push(e) } as HandlerDeps;
    const inTenant = { ...someone, actor: { ...someone.actor, tenantId: 't-1' } };
    await dispatchCommand(logged, { name: 'timer', minutes: '5' }, inTenant);
    await dispatchCommand(logged, { name: 'status' }, inTenant);
    await dispatchCommand(logged, { name: 'barriers', csv: false }, inTenant);
    await dispatchCardAction(
      logged,
      VERBS.next,
      { rt: rt.id, phase: 'welcome', rev: 3, nonce: 'n' },
      inTenant,
    );
    await dispatchCardAction(logged, VERBS.next, { rt: rt.id, phase: 'nowhere' }, inTenant);
    const who = { actorId: 'p', aadObjectId: 'aad-p', tenantId: 't-1' };
    const about = { roundtableId: rt.id, caseAlias: rt.caseAlias };
    assert.deepEqual(entries, [
      { ...who, route: 'command.timer', ...about, allowed: false, reason: 'forbidden' },
      { ...who, route: 'command.status', ...about, allowed: true },
      { ...who, route: 'command.barriers', allowed: false, reason: 'elsewhere' },
      { ...who, route: `card.${VERBS.next}`, ...about, allowed: false, reason: 'forbidden' },
      { ...who, route: `card.${VERBS.next}`, allowed: false, reason: 'invalid' },
    ]);
    assert.deepEqual(touched, []);
    assert.ok(!JSON.stringify(entries).includes('5'), 'no typed text');
  });
});
