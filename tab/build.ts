/**
 * Bundles the meeting tab (side panel, stage, configuration page) and the personal app with esbuild. A development tool:
 * `npm start` and `npm run build:tab` run it into tab/dist (only when the sources are newer, ~100 ms);
 * `npm run build` runs it into dist/tab for production, which serves those files and never runs esbuild
 * (a devDependency) or reads tab/src (App Service's run-from-package folder is read-only).
 *   tsx tab/build.ts [--out <dir>] [--force]
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** tab/ in the source tree (also when this file runs compiled from elsewhere). */
export const TAB_ROOT = existsSync(join(__dirname, 'src'))
  ? resolve(__dirname)
  : resolve(process.cwd(), 'tab');
export const TAB_SRC = join(TAB_ROOT, 'src');
export const TAB_DIST = join(TAB_ROOT, 'dist');
const ENTRIES = [
  'panel',
  'stage',
  'config',
  'personal',
  'programme',
  'access-log',
  'queue',
  'child',
  'handout',
];
const STATIC = /\.(html|css|svg)$/;
/** locales/ (the tab bundles its texts: `tab*.json` and `common.json` of every language, #29 item 4). */
const LOCALES = resolve(TAB_ROOT, '..', 'locales');

/** The tab's texts of every language, as the `locales:tab` module exports them: `{ en: { tab: {…}, common: {…} } }`. */
export function tabTexts(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const lang of readdirSync(LOCALES, { withFileTypes: true })) {
    if (!lang.isDirectory()) continue;
    for (const file of readdirSync(join(LOCALES, lang.name))) {
      if (!/^(tab[\w-]*|common)\.json$/.test(file)) continue;
      out[lang.name] ??= {};
      (out[lang.name] as Record<string, unknown>)[file.slice(0, -5)] = JSON.parse(
        readFileSync(join(LOCALES, lang.name, file), 'utf8'),
      );
    }
  }
  return out;
}

function newestLocale(): number {
  if (!existsSync(LOCALES)) return 0;
  return Math.max(
    0,
    ...readdirSync(LOCALES, { recursive: true }).map((f) => statSync(join(LOCALES, String(f))).mtimeMs),
  );
}

function newest(dir: string): number {
  return Math.max(0, ...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
}

/** True when `outdir` holds every page and is newer than every source file. */
export function tabIsBuilt(outdir = TAB_DIST): boolean {
  if (!existsSync(outdir)) return false;
  if (!ENTRIES.every((e) => existsSync(join(outdir, `${e}.js`)) && existsSync(join(outdir, `${e}.html`))))
    return false;
  return newest(outdir) >= Math.max(newest(TAB_SRC), newestLocale());
}

/** Builds the tab (minified, ES2020, one bundle per page) and copies the HTML and CSS. Returns ms taken. */
export async function buildTab(opts: { force?: boolean; outdir?: string } = {}): Promise<number> {
  const started = Date.now();
  const outdir = opts.outdir ?? TAB_DIST;
  if (!opts.force && tabIsBuilt(outdir)) return 0;
  const esbuild = await import('esbuild');
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({
    entryPoints: ENTRIES.map((e) => join(TAB_SRC, `${e}.ts`)),
    outdir,
    bundle: true,
    minify: true,
    sourcemap: false,
    format: 'iife',
    target: ['es2020'],
    platform: 'browser',
    logLevel: 'warning',
    legalComments: 'none',
    plugins: [
      {
        name: 'locales',
        setup(build) {
          build.onResolve({ filter: /^locales:tab$/ }, () => ({ path: 'tab', namespace: 'locales' }));
          build.onLoad({ filter: /.*/, namespace: 'locales' }, () => ({
            contents: JSON.stringify(tabTexts()),
            loader: 'json',
          }));
        },
      },
    ],
  });
  for (const f of readdirSync(TAB_SRC)) if (STATIC.test(f)) copyFileSync(join(TAB_SRC, f), join(outdir, f));
  return Date.now() - started;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const out = args.indexOf('--out');
  const outdir = out >= 0 && args[out + 1] ? resolve(args[out + 1] as string) : TAB_DIST;
  buildTab({ force: args.includes('--force'), outdir }).then(
    (ms) => console.log(ms > 0 ? `tab built into ${outdir} in ${ms} ms` : `tab up to date in ${outdir}`),
    (err: unknown) => {
      console.error('tab build failed:', err);
      process.exit(1);
    },
  );
}
