#!/usr/bin/env node
/**
 * `npm run build`: compiles bot/ and cards/ to dist/ with tsc (CommonJS, runs on plain node) and
 * copies the JSON files under cards/templates/ next to dist/cards/kit.js, where kit.ts looks for them.
 * It bundles the tab into dist/tab (the bot serves those files; it never builds the tab at run time).
 * Then `npm run start:prod` (node dist/bot/main.js) is what the Azure Web App runs.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error('build: tsc failed');
  process.exit(result.status ?? 1);
}

const from = join(root, 'cards', 'templates');
const to = join(dist, 'cards', 'templates');
// Templates may sit in sub-folders (cards/templates/follow-up/...): copy the tree, JSON files only.
cpSync(from, to, { recursive: true, filter: (src) => !/\.[^/\\]+$/.test(src) || src.endsWith('.json') });
// The language files (locales/<lang>/<area>.json, e.g. the family handout's) next to dist/bot: dist/locales.
cpSync(join(root, 'locales'), join(dist, 'locales'), {
  recursive: true,
  filter: (src) => !/\.[^/\\]+$/.test(src) || src.endsWith('.json'),
});
const count = readdirSync(to, { recursive: true }).filter((f) => String(f).endsWith('.json')).length;
const tab = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(root, 'tab', 'build.ts'), '--out', join(dist, 'tab'), '--force'],
  { cwd: root, stdio: 'inherit' },
);
if (tab.status !== 0) {
  console.error('build: the tab bundle failed');
  process.exit(tab.status ?? 1);
}
console.log(
  `build: dist/ written, ${count} card templates copied, tab in dist/tab; run it with npm run start:prod`,
);
