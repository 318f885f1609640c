import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { parseCommand } from '../../bot/teams/routing/commands.js';
import {
  buildPackage,
  fillManifest,
  localizationErrors,
  type Manifest,
  packageFiles,
  SCHEMA_VERSION,
  validateManifest,
} from '../../manifest/package.js';

const APP_ID = '8c0e6a55-1b2a-4f0e-9d8e-0b07c0ffee01';
const SSO_APP_ID = APP_ID; // one app registration: the bot and the tab's sign-in app (docs/tab-and-manifest.md)
const env = {
  BOT_ID: APP_ID,
  TAB_DOMAIN: 'roundtable.agency.example',
  BOT_DOMAIN: 'bot.agency.example',
};
const clone = (m: Manifest): Manifest => JSON.parse(JSON.stringify(m));

describe('Teams app manifest and package (offline)', () => {
  it('fills from the environment and passes the schema and Teams rules', () => {
    const m = fillManifest(env);
    assert.ok(Number(SCHEMA_VERSION) >= 1.19);
    assert.equal(m.manifestVersion, SCHEMA_VERSION);
    assert.deepEqual(validateManifest(m), []);
    assert.equal(m.bots[0]?.botId, APP_ID);
    assert.equal(m.webApplicationInfo.id, SSO_APP_ID, 'the bot’s own app registration (RSC reaches the bot)');
    assert.equal(m.webApplicationInfo.resource, `api://roundtable.agency.example/${SSO_APP_ID}`);
    assert.deepEqual(m.validDomains, ['roundtable.agency.example', 'bot.agency.example']);
    assert.deepEqual(m.configurableTabs[0]?.context, [
      'meetingDetailsTab',
      'meetingChatTab',
      'meetingSidePanel',
      'meetingStage',
    ]);
    assert.deepEqual(m.bots[0]?.scopes, ['personal', 'groupChat', 'team']);
    assert.doesNotMatch(JSON.stringify(m), /\$\{\{/, 'no placeholder left');
  });

  it('lists only commands the bot answers (parseCommand), for every scope', () => {
    const m = fillManifest(env);
    const lists = m.bots[0]?.commandLists ?? [];
    assert.deepEqual(lists.flatMap((l) => l.scopes).sort(), ['groupChat', 'personal', 'team']);
    const titles = lists.flatMap((l) => l.commands.map((c) => c.title));
    assert.ok(titles.includes('start') && titles.includes('next') && titles.includes('facilitator add'));
    for (const t of titles) assert.notEqual(parseCommand(t).name, 'unknown', t);
  });

  it("the meeting and group chats' command menu offers next, status, end and help (ranked in the route rows)", () => {
    const m = fillManifest(env);
    const group = m.bots[0]?.commandLists.find((l) => l.scopes.includes('groupChat'));
    const titles = group?.commands.map((c) => c.title) ?? [];
    for (const t of ['next', 'status', 'end', 'help'])
      assert.ok(titles.includes(t), `${t} in ${titles.join(', ')}`);
    assert.deepEqual(titles.slice(0, 4), ['next', 'status', 'end', 'help'], 'first, by rank');
    assert.ok(titles.length <= 12, 'Teams shows at most 12');
    const personal = m.bots[0]?.commandLists.find((l) => l.scopes.includes('personal'));
    assert.ok(
      personal?.commands.some((c) => c.title === 'help'),
      'help in the 1:1 menu too',
    );
  });

  it('names the missing variables', () => {
    assert.throws(() => fillManifest({}), /BOT_ID[\s\S]*TAB_SSO_APP_ID[\s\S]*TAB_DOMAIN/);
    assert.match(
      validateManifest(fillManifest({ ...env, TAB_SSO_APP_ID: '5d0a1b2c-3e4f-4a5b-8c6d-7e8f90a1b2c3' })).join(
        '\n',
      ),
      /webApplicationInfo\.id must be the bot's id/,
    );
    const { BOT_ID, ...viaAlias } = env;
    assert.equal(fillManifest({ ...viaAlias, MicrosoftAppId: BOT_ID }).bots[0]?.botId, APP_ID);
    assert.throws(() => fillManifest({ ...env, TAB_DOMAIN: 'https://x.example/tab' }), /TAB_DOMAIN/);
  });

  it('catches what Teams would refuse: icons, ids, domains, commands, schema', () => {
    const m = fillManifest(env);
    const files = packageFiles(m);
    const opaque = new PNG({ width: 32, height: 32 });
    opaque.data.fill(255);
    const big = new PNG({ width: 96, height: 96 });
    const bad = (mutate: (x: Manifest) => void, f = files) => {
      const copy = clone(m);
      mutate(copy);
      return validateManifest(copy, f).join('\n');
    };
    assert.match(
      bad(() => {}, { ...files, 'outline.png': PNG.sync.write(opaque) }),
      /transparent/,
    );
    assert.match(
      bad(() => {}, { ...files, 'color.png': PNG.sync.write(big) }),
      /96×96, must be 192×192/,
    );
    assert.match(
      bad((x) => {
        x.webApplicationInfo.resource = `api://roundtable.agency.example/5d0a1b2c-3e4f-4a5b-8c6d-7e8f90a1b2c3`;
      }),
      /resource must be api:\/\/<tab domain>\/<webApplicationInfo.id>/,
    );
    assert.match(
      bad((x) => x.validDomains.push('https://x.example:443/path')),
      /not a host name/,
    );
    assert.match(
      bad((x) => {
        x.validDomains = ['bot.agency.example'];
      }),
      /not in validDomains/,
    );
    assert.match(
      bad((x) => x.bots[0]!.commandLists[1]!.commands.push({ title: 'dance', description: 'x' })),
      /"dance" is not a command the bot answers/,
    );
    assert.match(
      bad((x) => {
        (x as Record<string, unknown>).accentColor = 'blue';
      }),
      /schema: \/accentColor/,
    );
  });

  it("carries its Spanish localization file: Teams' localization schema, English command words, Spanish texts", () => {
    const m = fillManifest(env);
    assert.deepEqual(m.localizationInfo, {
      defaultLanguageTag: 'en-us',
      additionalLanguages: [{ languageTag: 'es', file: 'es.json' }],
    });
    const files = packageFiles(m);
    assert.deepEqual(localizationErrors(m, files), []);
    const es = JSON.parse(files['es.json']!.toString('utf8')) as Record<string, string>;
    assert.match(es['name.full'] ?? '', /mesas redondas de permanencia/);
    assert.equal(es['staticTabs[1].name'], 'Mis mesas redondas');
    const lists = m.bots[0]?.commandLists ?? [];
    for (const [l, list] of lists.entries())
      for (const [i, c] of list.commands.entries()) {
        const at = `bots[0].commandLists[${l}].commands[${i}]`;
        assert.equal(es[`${at}.title`], c.title, 'the word typed stays English');
        assert.notEqual(es[`${at}.description`], c.description, `${c.title}: described in Spanish`);
      }
    // What Teams would refuse in a localization file, or a command list that moved under it.
    const bad: Record<string, string> = { ...es, 'name.short': 'x'.repeat(31), unknownKey: 'x' };
    bad['bots[0].commandLists[0].commands[0].title'] = 'siguiente';
    delete bad['bots[0].commandLists[1].commands[0].description'];
    const problems = localizationErrors(m, { ...files, 'es.json': Buffer.from(JSON.stringify(bad)) });
    assert.ok(
      problems.some((p) => /name\.short/.test(p)),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => /unknownKey/.test(p)),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => /commands\[0\]\.title is "siguiente"/.test(p)),
      problems.join('\n'),
    );
    assert.ok(problems.some((p) => /commandLists\[1\]\.commands\[0\]\.description \(prepare\)/.test(p)));
    const { 'es.json': _gone, ...without } = files;
    assert.match(localizationErrors(m, without).join(), /es\.json is not in the package/);
  });

  it('`npm run package` writes dist/appPackage.zip with the manifest, both icons and es.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apppkg-'));
    try {
      const started = Date.now();
      const out = await buildPackage(env, dir);
      const zip = await JSZip.loadAsync(await import('node:fs').then((fs) => fs.readFileSync(out)));
      assert.deepEqual(Object.keys(zip.files).sort(), [
        'color.png',
        'es.json',
        'manifest.json',
        'outline.png',
      ]);
      const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Manifest;
      assert.equal(manifest.id, APP_ID);
      const outline = PNG.sync.read(await zip.file('outline.png')!.async('nodebuffer'));
      assert.equal(outline.width, 32);
      assert.ok(Date.now() - started < 5000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
