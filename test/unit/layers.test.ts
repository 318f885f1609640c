import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The layers of DESIGN.md, checked on the real source files: who may import whom, and no cycles. */

const root = resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .filter((f) => !f.includes('node_modules') && !f.startsWith('tab/dist'));
}

/** Every module a file imports or re-exports: a repo-relative path for relative imports, else the package name. */
function importsOf(file: string): string[] {
  const src = readFileSync(join(root, file), 'utf8');
  const specs = [...src.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]/g)].map(
    (m) => m[1] as string,
  );
  for (const m of src.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1] as string);
  return specs.map((s) =>
    s.startsWith('.') ? relative(root, resolve(root, dirname(file), s)).replace(/\.js$/, '.ts') : s,
  );
}

function offenders(files: string[], allowed: (target: string) => boolean): string[] {
  return files.flatMap((f) =>
    importsOf(f)
      .filter((t) => !allowed(t))
      .map((t) => `${f} → ${t}`),
  );
}

const SDKS = /^(botbuilder|botframework-|restify|@azure\/)/;

describe('Layers (DESIGN.md)', () => {
  it('the domain (bot/roundtable) imports only itself and node built-ins', () => {
    const bad = offenders(
      sourceFiles('bot/roundtable'),
      (t) => t.startsWith('node:') || t.startsWith('bot/roundtable/'),
    );
    assert.deepEqual(bad, []);
  });

  it('cards import no store, edge, HTTP, scheduler or SDK', () => {
    const bad = offenders(
      sourceFiles('cards'),
      (t) => !SDKS.test(t) && !/^bot\/(store|teams|http|reminders)\//.test(t),
    );
    assert.deepEqual(bad, []);
  });

  it('the store knows the domain, not the edge or the cards', () => {
    const bad = offenders(sourceFiles('bot/store'), (t) => !/^(bot\/(teams|http)\/|cards\/)/.test(t));
    assert.deepEqual(bad, []);
  });

  it('the scheduler (bot/reminders) renders no card and knows no edge or SDK', () => {
    const bad = offenders(
      sourceFiles('bot/reminders'),
      (t) => !SDKS.test(t) && !/^(bot\/(teams|http|store)\/|cards\/)/.test(t),
    );
    assert.deepEqual(bad, []);
  });

  it('botbuilder stays at the edge (bot/teams, bot/http), Cosmos in bot/store', () => {
    const all = ['bot', 'cards', 'tab', 'manifest'].flatMap(sourceFiles);
    const bad = all.flatMap((f) =>
      importsOf(f)
        .filter(
          (t) =>
            (/^(botbuilder|botframework-)/.test(t) && !/^bot\/(teams|http)\//.test(f)) ||
            (t.startsWith('@azure/') && !f.startsWith('bot/store/')) ||
            (t === 'restify' && !f.startsWith('bot/http/')),
        )
        .map((t) => `${f} → ${t}`),
    );
    assert.deepEqual(bad, []);
  });

  it('the tab imports no server module, and the HTTP layer does not build the tab', () => {
    const tab = offenders(
      sourceFiles('tab/src'),
      (t) =>
        t.startsWith('tab/src/') ||
        t.startsWith('@microsoft/teams-js') ||
        t === 'chart.js' ||
        t === 'papaparse' ||
        // The texts of locales/ (bundled) and their pure lookup, shared with the bot (no file system, no Node).
        t === 'locales:tab' ||
        t === 'bot/i18n/lookup.ts',
    );
    assert.deepEqual(tab, []);
    const http = offenders(sourceFiles('bot/http'), (t) => !t.startsWith('tab/') || t.startsWith('tab/src/'));
    assert.deepEqual(http, []);
  });

  it('has no import cycle, type-only imports included (Biome noImportCycles)', function () {
    this.timeout(60_000);
    const biome = join(dirname(require.resolve('@biomejs/biome/package.json')), 'bin', 'biome');
    const run = spawnSync(
      process.execPath,
      [
        biome,
        'lint',
        '--only=suspicious/noImportCycles',
        '--max-diagnostics=50',
        'bot',
        'cards',
        'tab',
        'manifest',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(run.status, 0, `import cycles:\n${run.stdout}${run.stderr}`);
  });

  it('reads imports the way the checks need (so an empty parse cannot pass them)', () => {
    assert.ok(importsOf('bot/roundtable/phases.ts').includes('bot/roundtable/types.ts'));
    assert.ok(importsOf('bot/http/server.ts').includes('restify'));
    assert.ok(sourceFiles('bot/roundtable').length > 5);
  });
});
